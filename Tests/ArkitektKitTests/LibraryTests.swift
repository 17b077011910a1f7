import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// Libraries (`spec.libraries`, `.arkitekt.lock`, `arkitekt library list|update`), through the
/// binary, on a municipality's repository and a shared catalog's built side by side in a temp
/// folder: no network.
@Suite struct LibraryTests {
    /// `repo` (the municipality, the fixture's root) and `felles` beside it (the catalog), with
    /// tag v1 on the catalog's first commit.
    final class Setup {
        let fixture: RepoFixture
        let library: String

        init(libraryConfig: String = "    - {name: felles, git: ../felles, rev: v1}\n") throws {
            fixture = try RepoFixture(prefix: "arkitekt-library", initialise: true)
            library = fixture.temp.url("felles")
            try fixture.cli.initRepo(at: library)
            try writeLibrary("svarut.yaml", Self.system("svarut", "SvarUt", owner: "ks"))
            try writeLibrary("ks.yaml", Self.group("ks", "KS"))
            try writeLibrary("unntak.yaml", """
                apiVersion: arkitekt/v1
                kind: Exemption
                metadata:
                  name: alt-er-lov
                  title: Alt er lov
                spec:
                  rule: ref-resolves
                  targets: [system:sak]
                  reason: Katalogen skal ikke gi unntak for kommunene.
                  approvedBy: ks
                  expires: 2099-01-01

                """)
            try fixture.cli.commitAll("catalog", in: library)
            try fixture.cli.run("tag", "v1", in: library)
            try fixture.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n" + libraryConfig)
            try fixture.write("architecture/kommunen.yaml", Self.group("kommunen", "Kommunen"))
            try fixture.write("architecture/sak.yaml", Self.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut"]))
            try fixture.commitAll("landscape")
        }

        func writeLibrary(_ name: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: library + "/architecture", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: library + "/architecture/" + name))
        }

        static func system(_ name: String, _ title: String, owner: String, uses: [String] = []) -> String {
            """
            apiVersion: arkitekt/v1
            kind: System
            metadata:
              name: \(name)
              title: \(title)
            spec:
              owner: \(owner)
            \(uses.isEmpty ? "" : "  uses: [\(uses.joined(separator: ", "))]\n")
            """
        }

        static func group(_ name: String, _ title: String) -> String {
            "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: \(name)\n  title: \(title)\nspec:\n  type: municipality\n"
        }

        func arkitekt(_ args: [String]) throws -> ProcessResult {
            try Executable().run(args, in: fixture.root)
        }

        /// The rules and elements of `check --format json`'s findings.
        func findings(_ args: [String] = []) throws -> (status: Int32, found: [String], report: [String: Any]) {
            let run = try arkitekt(["check", "--format", "json", "--fail-on", "never"] + args)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let findings = try #require(report["findings"] as? [[String: Any]])
            return (run.status, findings.map { "\($0["rule"] as? String ?? "") \($0["element"] as? String ?? "")" }.sorted(), report)
        }
    }

    @Test func updatePinsAndACheckReadsTheLibraryAtItsPin() throws {
        let setup = try Setup()
        // Before the pin: the check refuses, and says what to do.
        let unpinned = try setup.arkitekt(["check", "--lang", "en"])
        #expect(unpinned.status == 2)
        #expect(unpinned.stderr.contains(".arkitekt.lock does not exist. Run 'arkitekt library update'"), "\(unpinned.stderr)")
        #expect(try setup.arkitekt(["library", "list", "--lang", "en"]).stdout == "felles  ../felles  v1  not locked: run 'arkitekt library update'\n")

        let v1 = try setup.fixture.cli.run(arguments: ["rev-parse", "v1^{commit}"], in: setup.library).trimmingCharacters(in: .whitespacesAndNewlines)
        let update = try setup.arkitekt(["library", "update"])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stdout == "felles: låst til \(v1.prefix(12)) (v1)\n")
        let lock = try String(contentsOfFile: setup.fixture.root + "/.arkitekt.lock", encoding: .utf8)
        #expect(lock.contains("commit: \"\(v1)\""), "\(lock)")
        // The lock reads back as written, and a second update changes nothing.
        #expect(try Lock.parse(Array(lock.utf8)).entries == [Lock.Entry(name: "felles", git: "../felles", rev: "v1", commit: v1)])
        #expect(try setup.arkitekt(["library", "update", "--lang", "en"]).stdout == "felles: unchanged, \(v1.prefix(12)) (v1)\n")
        #expect(try String(contentsOfFile: setup.fixture.root + "/.arkitekt.lock", encoding: .utf8) == lock)
        let listed = try setup.arkitekt(["library", "list", "--format", "json"])
        #expect(listed.stdout == "{\"libraries\":[{\"cached\":true,\"commit\":\"\(v1)\",\"git\":\"../felles\",\"name\":\"felles\",\"rev\":\"v1\",\"stale\":false}]}\n")

        // svarut resolves into the library; the library's own findings (svarut has no security
        // classification either) and its exemption are not the landscape's; the counts are the
        // landscape's own.
        let (status, found, report) = try setup.findings()
        #expect(status == 0)
        #expect(!found.contains { $0.hasPrefix("ref-resolves") }, "\(found)")
        #expect(found.allSatisfy { $0.hasSuffix("system:sak") || $0.hasSuffix("group:kommunen") }, "\(found)")
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["elements"] as? Int == 2 && summary["files"] as? Int == 2, "\(summary)")
        // Without the library the reference dangles: the library is what resolves it.
        try setup.fixture.write("architecture/sak.yaml", Setup.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut", "fiks-arkiv"]))
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == ["ref-resolves system:sak"])
    }

    @Test func aMovedTagChangesNothingUntilUpdateSaysSo() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        // The catalog adds fiks-arkiv and moves v1 to it.
        try setup.writeLibrary("fiks-arkiv.yaml", Setup.system("fiks-arkiv", "Fiks arkiv", owner: "ks"))
        let moved = try setup.fixture.cli.commitAll("fiks arkiv", in: setup.library)
        try setup.fixture.cli.run("tag", "-f", "v1", in: setup.library)
        try setup.fixture.write("architecture/sak.yaml", Setup.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut", "fiks-arkiv"]))
        // The lock wins: fiks-arkiv is not in the pinned commit.
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == ["ref-resolves system:sak"])
        let update = try setup.arkitekt(["library", "update", "felles", "--lang", "en"])
        #expect(update.stdout.hasPrefix("felles: 'v1' has moved from "), "\(update.stdout)")
        // What changed in the library, element by element, as diff says it.
        #expect(update.stdout.hasSuffix(" to \(moved.prefix(12))\n  + system:fiks-arkiv\n  1 added, 0 removed, 0 changed\n"), "\(update.stdout)")
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == [])
    }

    @Test func diffTellsWhatMovedInALibrary() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        let first = try setup.fixture.commitAll("pinned")
        // The catalog adds fiks-arkiv and retires nothing; v1 moves to it, and the pin follows.
        try setup.writeLibrary("fiks-arkiv.yaml", Setup.system("fiks-arkiv", "Fiks arkiv", owner: "ks"))
        let moved = try setup.fixture.cli.commitAll("fiks arkiv", in: setup.library)
        try setup.fixture.cli.run("tag", "-f", "v1", in: setup.library)
        _ = try setup.arkitekt(["library", "update"])
        let second = try setup.fixture.commitAll("moved")
        let text = try setup.arkitekt(["diff", "HEAD~1", "HEAD", "--lang", "en"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("The library felles moved from v1 ("), "\(text.stdout)")
        #expect(text.stdout.contains(") to v1 (\(moved.prefix(12))):\n  + system:fiks-arkiv\n"), "\(text.stdout)")
        // The landscape itself did not change: the library's element is not one of its own.
        #expect(text.stdout.hasSuffix("0 added, 0 removed, 0 changed; 0 findings introduced, 0 resolved.\n"), "\(text.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try setup.arkitekt(["diff", first, second, "--format", "json"]).stdout.utf8)) as? [String: Any])
        #expect((json["added"] as? [String]) == [])
        let libraries = try #require(json["libraries"] as? [[String: Any]])
        #expect(libraries.count == 1 && libraries[0]["name"] as? String == "felles" && libraries[0]["added"] as? [String] == ["system:fiks-arkiv"])
        #expect((libraries[0]["to"] as? [String: Any])?["commit"] as? String == moved)
        // Where no pin moved, there is no "libraries" key (as in a landscape without libraries).
        let plain = try setup.arkitekt(["diff", first, first, "--format", "json"])
        #expect(!plain.stdout.contains("libraries"), "\(plain.stdout)")
    }

    @Test func aPinnedLibraryIsReadWithoutItsSource() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        let before = try setup.findings().found
        // The catalog's folder goes away: the copy under .git holds the pinned commit.
        try FileManager.default.moveItem(atPath: setup.library, toPath: setup.library + "-away")
        #expect(try setup.findings().found == before)
        // Without the copy either, the check cannot read what it was told to: exit 2, one line.
        try FileManager.default.removeItem(atPath: setup.fixture.root + "/.git/arkitekt/libraries")
        for (language, text) in [("nb", "Biblioteket «felles» er ikke hentet, og det kan ikke hentes fra ../felles"),
                                 ("en", "The library 'felles' is not fetched, and it cannot be fetched from ../felles")] {
            let run = try setup.arkitekt(["check", "--lang", language])
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(text), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        let update = try setup.arkitekt(["library", "update", "--lang", "en"])
        #expect(update.status == 2)
        #expect(update.stderr.contains("should be at \(setup.library), but that folder does not exist"), "\(update.stderr)")
    }

    @Test func aLockThatDoesNotFitStopsTheRun() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        let lockPath = setup.fixture.root + "/.arkitekt.lock"
        let lock = try String(contentsOfFile: lockPath, encoding: .utf8)
        // A name update does not know.
        let unknown = try setup.arkitekt(["library", "update", "felle", "--lang", "en"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(".arkitekt.yaml has no library named 'felle'. Did you mean 'felles'?"), "\(unknown.stderr)")
        // Another rev asked for than the one pinned.
        try setup.fixture.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: main}\n")
        let other = try setup.arkitekt(["check", "--lang", "en"])
        #expect(other.status == 2)
        #expect(other.stderr.contains(".arkitekt.yaml:5:43: .arkitekt.lock pins 'felles' for ../felles v1, but .arkitekt.yaml asks for ../felles main. Run 'arkitekt library update felles'."),
                "\(other.stderr)")
        #expect(try setup.arkitekt(["library", "list", "--lang", "en"]).stdout.contains("(the lock is for another git/rev: run 'arkitekt library update felles')"))
        // A commit the library never had.
        try setup.fixture.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v1}\n")
        let v1 = try setup.fixture.cli.run(arguments: ["rev-parse", "v1^{commit}"], in: setup.library).trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = String(repeating: "0", count: 40)
        try Data(lock.replacingOccurrences(of: v1, with: forged).utf8).write(to: URL(fileURLWithPath: lockPath))
        let missing = try setup.arkitekt(["check", "--lang", "en"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("../felles does not have the commit \(forged) that .arkitekt.lock pins 'felles' to."), "\(missing.stderr)")
        // A lock that is not one: where, and what.
        try Data(lock.replacingOccurrences(of: v1, with: "v1").utf8).write(to: URL(fileURLWithPath: lockPath))
        let broken = try setup.arkitekt(["check", "--lang", "en"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains(".arkitekt.lock:8:15: 'v1' is not a full commit id"), "\(broken.stderr)")
        // update will not write over a lock it cannot read.
        let over = try setup.arkitekt(["library", "update", "--lang", "en"])
        #expect(over.status == 2 && over.stderr.contains(".arkitekt.lock:8:15:"), "\(over.stderr)")
    }

    @Test(arguments: [("v2", "The library 'felles' has no tag, branch or commit 'v2'. Did you mean 'v1'?"),
                      ("HEAD", "The library 'felles' has no tag, branch or commit 'HEAD'. Write the branch (main, say) or a tag instead of HEAD.")])
    func aRevisionTheLibraryDoesNotHaveIsSaidWithWhatItHas(rev: String, said: String) throws {
        let setup = try Setup(libraryConfig: "    - {name: felles, git: ../felles, rev: \(rev)}\n")
        let run = try setup.arkitekt(["library", "update", "--lang", "en"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(".arkitekt.yaml:5:43: " + said), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.fixture.root + "/.arkitekt.lock"), "nothing is pinned")
    }

    @Test func outsideGitThereIsNothingToFetchWith() throws {
        let dir = try TempDirectory()
        _ = try dir.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v1}\n")
        for command in [["library", "list"], ["library", "update"]] {
            let run = try Executable().run(command + ["--lang", "en"], in: dir.path)
            #expect(run.status == 2)
            #expect(run.stderr == "arkitekt: error: Libraries are fetched with git: run arkitekt in a git repository with a work tree.\n", "\(run.stderr)")
        }
    }

    @Test func theHistoryTellsWhatMovedInALibrary() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        try setup.fixture.commitAll("pinned")
        // The catalog adds fiks-arkiv and phases SvarUt out, tagged v2; the landscape moves to v2
        // and starts using fiks-arkiv in the same commit.
        try setup.writeLibrary("fiks-arkiv.yaml", Setup.system("fiks-arkiv", "Fiks arkiv", owner: "ks"))
        try setup.writeLibrary("svarut.yaml", Setup.system("svarut", "SvarUt", owner: "ks") + "  lifecycle: phasing-out\n")
        let v2 = try setup.fixture.cli.commitAll("v2", in: setup.library)
        try setup.fixture.cli.run("tag", "v2", in: setup.library)
        let v1 = try setup.fixture.cli.run(arguments: ["rev-parse", "v1^{commit}"], in: setup.library).trimmingCharacters(in: .whitespacesAndNewlines)
        try setup.fixture.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v2}\n")
        _ = try setup.arkitekt(["library", "update"])
        try setup.fixture.write("architecture/sak.yaml", Setup.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut", "fiks-arkiv"]))
        try setup.fixture.commitAll("felles v2")

        let changelog = try setup.arkitekt(["changelog", "--lang", "en"])
        #expect(changelog.status == 0, "\(changelog.stderr)")
        #expect(changelog.stdout.contains("""
            - System Saksbehandling now uses Fiks arkiv
            - The library felles moved from v1 (\(v1.prefix(12))) to v2 (\(v2.prefix(12))):
              - + system:fiks-arkiv
              - ~ system:svarut
                - spec.lifecycle: – → phasing-out

            """), "\(changelog.stdout)")
        // The library's elements are no change of the landscape's own, and the rules' word on them
        // is not the landscape's: nothing about svarut or fiks-arkiv (no owner group ks) is introduced.
        let json = try setup.arkitekt(["changelog", "--format", "json", "--lang", "en"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let newest = try #require((report["commits"] as? [[String: Any]])?.first)
        let diff = try #require(newest["diff"] as? [String: Any])
        #expect((diff["added"] as? [String]) == [], "\(diff)")
        #expect(((diff["changed"] as? [[String: Any]])?.map { $0["element"] as? String }) == ["system:sak"], "\(diff)")
        let libraries = try #require(newest["libraries"] as? [[String: Any]])
        #expect(libraries.first?["added"] as? [String] == ["system:fiks-arkiv"], "\(libraries)")
        let introduced = (newest["introduced"] as? [[String: Any]] ?? []).compactMap { $0["element"] as? String }
        #expect(introduced.allSatisfy { $0 == "system:sak" }, "\(introduced)")
        // Sak now depends on a phasing-out shared solution: the landscape's own finding, told.
        #expect((newest["introduced"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "depends-on-retired" }, "\(newest)")
        // The first commit named the library before it was pinned: walked without it, and said;
        // the next took it in.
        let commits = try #require(report["commits"] as? [[String: Any]])
        #expect(commits.count == 3)
        #expect((commits[2]["librariesUnread"] as? String)?.contains(".arkitekt.lock does not exist") == true, "\(commits[2])")
        #expect(((commits[1]["libraries"] as? [[String: Any]])?.first?["from"]) is NSNull, "\(commits[1])")
        #expect(changelog.stdout.contains("- The libraries could not be read from this commit on, so it is read without them: .arkitekt.yaml names libraries, but .arkitekt.lock does not exist."),
                "\(changelog.stdout)")
        #expect(changelog.stdout.contains("- The library felles was taken in, v1 (\(v1.prefix(12))):\n  - + group:ks\n  - + system:svarut\n"), "\(changelog.stdout)")

        #expect(try setup.arkitekt(["transitions"]).status == 0)
        // A CI gate on the change says the same: what moved in the library, beside the new findings.
        let gate = try setup.arkitekt(["check", "--against", "HEAD~1", "--lang", "en", "--fail-on", "never"])
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stdout.contains("The library felles moved from v1 (\(v1.prefix(12))) to v2 (\(v2.prefix(12))):\n  + system:fiks-arkiv\n  ~ system:svarut\n      spec.lifecycle: – → phasing-out\n"),
                "\(gate.stdout)")
        let gateJSON = try setup.arkitekt(["check", "--against", "HEAD~1", "--format", "json", "--fail-on", "never"])
        let gateReport = try #require(try JSONSerialization.jsonObject(with: Data(gateJSON.stdout.utf8)) as? [String: Any])
        #expect(((gateReport["libraries"] as? [[String: Any]])?.first?["to"] as? [String: Any])?["rev"] as? String == "v2", "\(gateJSON.stdout)")
        let comment = try setup.arkitekt(["check", "--against", "HEAD~1", "--format", "markdown", "--lang", "en", "--fail-on", "never"])
        #expect(comment.stdout.contains("The library felles moved from v1 (\(v1.prefix(12))) to v2 (\(v2.prefix(12))): 1 added, 0 removed, 1 changed.\n"), "\(comment.stdout)")
        // Against itself nothing moved: no such line.
        #expect(!(try setup.arkitekt(["check", "--against", "HEAD", "--lang", "en", "--fail-on", "never"]).stdout.contains("The library")))
        // diff reads each side with its own pins: the library's svarut resolves on both.
        let diffRun = try setup.arkitekt(["diff", "HEAD~1", "HEAD", "--format", "json"])
        #expect(diffRun.status == 0 && !diffRun.stdout.contains("ref-resolves"), "\(diffRun.stdout)")
        // A side whose configuration names libraries but has no lock cannot be read: exit 2, in
        // diff and in the walk of the history.
        try setup.fixture.remove(".arkitekt.lock")
        try setup.fixture.commitAll("lock removed")
        let unpinned = try setup.arkitekt(["diff", "HEAD~1", "HEAD", "--lang", "en"])
        #expect(unpinned.status == 2 && unpinned.stderr.contains(".arkitekt.lock does not exist"), "\(unpinned.stderr)")
        let walk = try setup.arkitekt(["changelog", "--lang", "en"])
        #expect(walk.status == 2 && walk.stderr.contains(".arkitekt.lock does not exist"), "\(walk.stderr)")
    }

    @Test func theLandscapeKeepsItsOwnNames() throws {
        // The municipality describes an svarut of its own: that one is what its references mean.
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        try setup.fixture.write("architecture/svarut.yaml", Setup.system("svarut", "Vår SvarUt", owner: "kommunen"))
        let (_, found, report) = try setup.findings()
        #expect(!found.contains { $0.hasPrefix("ref-resolves") || $0.hasPrefix("duplicate-name") }, "\(found)")
        // ... and is told that the library has one too.
        #expect(found.filter { $0.hasPrefix("library-name-taken") } == ["library-name-taken system:svarut"], "\(found)")
        let told = try setup.arkitekt(["check", "--lang", "en", "--fail-on", "never"])
        #expect(told.stdout.contains("architecture/svarut.yaml:4:9: warning: system:svarut is also in the library felles (@felles//architecture/svarut.yaml:4:9). References without a library come here."),
                "\(told.stdout)")
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["elements"] as? Int == 3, "\(summary)")
        let shown = try setup.arkitekt(["show", "system:svarut", "--format", "json"])
        // show is about the landscape's own; the library's is named only in the finding.
        let shownJSON = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect((shownJSON["file"] as? String ?? (shownJSON["location"] as? String)).map { $0.hasPrefix("architecture/svarut.yaml") } == true, "\(shown.stdout)")

        // name@library picks the library's; a library that is not one leaves the reference dangling.
        try setup.fixture.write("architecture/arkiv.yaml", Setup.system("arkiv", "Arkiv", owner: "kommunen", uses: ["svarut@felles"]))
        try setup.fixture.write("architecture/post.yaml", Setup.system("post", "Post", owner: "kommunen", uses: ["svarut@felle"]))
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == ["ref-resolves system:post"])
        let library = try setup.arkitekt(["show", "system:svarut@felles", "--lang", "en"])
        #expect(library.stdout.hasPrefix("system:svarut@felles — SvarUt\n@felles//architecture/svarut.yaml:1:1\n"), "\(library.stdout)")
        #expect(library.stdout.contains("Referred to by:\n  system:arkiv\n"), "\(library.stdout)")
        let own = try setup.arkitekt(["show", "system:svarut", "--lang", "en"])
        #expect(own.stdout.contains("Referred to by:\n  system:sak\n"), "\(own.stdout)")
    }

    @Test func aLibrarysOwnLibrariesAreTakenInAndACycleStopsTheRun() throws {
        let setup = try Setup()
        let fixture = setup.fixture
        let nasjonal = fixture.temp.url("nasjonal")
        func write(_ repository: String, _ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: repository + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func tagged(_ repository: String, _ message: String) throws {
            _ = try fixture.cli.commitAll(message, in: repository)
            try fixture.cli.run("tag", "-f", "v1", in: repository)
        }
        let imports = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: %@, git: ../%@, rev: v1}\n"
        // nasjonal has the national register; felles takes nasjonal in, pinned by felles's own lock.
        try fixture.cli.initRepo(at: nasjonal)
        try write(nasjonal, "architecture/folkeregisteret.yaml", Setup.system("folkeregisteret", "Folkeregisteret", owner: "skatt"))
        try write(nasjonal, "architecture/skatt.yaml", Setup.group("skatt", "Skatteetaten"))
        try tagged(nasjonal, "national")
        try write(setup.library, Config.fileName, String(format: imports, "nasjonal", "nasjonal"))
        #expect(try Executable().run(["library", "update"], in: setup.library).status == 0)
        try tagged(setup.library, "felles takes nasjonal in")
        _ = try setup.arkitekt(["library", "update"])
        try fixture.write("architecture/sak.yaml", Setup.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut", "folkeregisteret"]))
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == [])
        let shown = try setup.arkitekt(["show", "system:folkeregisteret@nasjonal", "--lang", "en"])
        #expect(shown.stdout.hasPrefix("system:folkeregisteret@nasjonal — Folkeregisteret\n@nasjonal//architecture/folkeregisteret.yaml:1:1\n"), "\(shown.stdout)")

        // The landscape takes nasjonal in too: at the commit felles pins, it is the same library.
        try fixture.write(Config.fileName, "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v1}\n"
                          + "    - {name: nasjonal, git: ../nasjonal, rev: main}\n")
        _ = try setup.arkitekt(["library", "update"])
        #expect(try setup.findings().status == 0)
        // At another commit it is not: two libraries of one name, exit 2.
        try write(nasjonal, "architecture/matrikkelen.yaml", Setup.system("matrikkelen", "Matrikkelen", owner: "skatt"))
        _ = try fixture.cli.commitAll("matrikkelen", in: nasjonal)
        _ = try setup.arkitekt(["library", "update", "nasjonal"])
        let twice = try setup.arkitekt(["check", "--lang", "en"])
        #expect(twice.status == 2 && twice.stderr.contains("Two libraries are named 'nasjonal'"), "\(twice.stderr)")
        try fixture.write(Config.fileName, "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v1}\n")
        _ = try setup.arkitekt(["library", "update"])

        // nasjonal takes felles in: felles → nasjonal → felles, a cycle, exit 2 with one line.
        try write(nasjonal, Config.fileName, String(format: imports, "felles", "felles"))
        #expect(try Executable().run(["library", "update"], in: nasjonal).status == 0)
        try tagged(nasjonal, "nasjonal takes felles in")
        #expect(try Executable().run(["library", "update"], in: setup.library).status == 0)
        try tagged(setup.library, "felles follows nasjonal")
        _ = try setup.arkitekt(["library", "update"])
        let cycle = try setup.arkitekt(["check", "--lang", "en"])
        #expect(cycle.status == 2, "\(cycle.stdout)")
        #expect(cycle.stderr == "arkitekt: error: @nasjonal//.arkitekt.yaml:5:27: The libraries form a cycle: felles → nasjonal → felles. A library cannot take itself in through others; remove one link from spec.libraries.\n",
                "\(cycle.stderr)")
    }

    @Test func aLibraryThatTakesInTheLandscapeItselfIsACycle() throws {
        let setup = try Setup()
        let head = try setup.fixture.gitLine("rev-parse", "HEAD")
        // The catalog takes in the municipality's landscape, which takes in the catalog.
        try Data("apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: kommune, git: ../repo, rev: main}\n".utf8)
            .write(to: URL(fileURLWithPath: setup.library + "/" + Config.fileName))
        try Data(Lock(entries: [Lock.Entry(name: "kommune", git: "../repo", rev: "main", commit: head)]).rendered().utf8)
            .write(to: URL(fileURLWithPath: setup.library + "/" + Lock.fileName))
        try setup.fixture.cli.commitAll("catalog takes the municipality in", in: setup.library)
        try setup.fixture.cli.run("tag", "-f", "v1", in: setup.library)
        _ = try setup.arkitekt(["library", "update"])
        let run = try setup.arkitekt(["check", "--lang", "en"])
        #expect(run.status == 2 && run.stderr.contains("The libraries form a cycle: this landscape → felles → kommune."), "\(run.stderr)")
    }

    @Test func theRulesSeeTheSharedSolutionsAndSourcesOfALibrary() throws {
        let setup = try Setup()
        // The catalog: SvarUt provides sending, Folkeregisteret is the source of persons.
        try setup.writeLibrary("utsending.yaml", "apiVersion: arkitekt/v1\nkind: Capability\nmetadata:\n  name: utsending\n  title: Utsending\nspec: {}\n")
        try setup.writeLibrary("svarut.yaml", Setup.system("svarut", "SvarUt", owner: "ks") + "  scope: national\n  capabilities: [utsending]\n")
        try setup.writeLibrary("folkeregisteret.yaml", Setup.system("folkeregisteret", "Folkeregisteret", owner: "ks") + "  scope: national\n")
        try setup.writeLibrary("person.yaml", """
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata:
              name: person
              title: Person
            spec:
              owner: ks
              authoritativeSource: folkeregisteret

            """)
        try setup.fixture.cli.commitAll("catalog v2", in: setup.library)
        try setup.fixture.cli.run("tag", "-f", "v1", in: setup.library)
        _ = try setup.arkitekt(["library", "update"])
        // The municipality sends letters its own way, reads persons from no source and keeps a
        // master copy of them; its letter system has no owner.
        try setup.fixture.write("architecture/brev.yaml", """
            apiVersion: arkitekt/v1
            kind: System
            metadata:
              name: brev
              title: Brevsender
            spec:
              capabilities: [utsending]
              data:
                - {entity: person, access: read}

            """)
        try setup.fixture.write("architecture/sak.yaml", """
            apiVersion: arkitekt/v1
            kind: System
            metadata:
              name: sak
              title: Saksbehandling
            spec:
              owner: kommunen
              uses: [svarut]
              data:
                - {entity: person, access: master}

            """)
        let found = try setup.findings().found
        for expected in ["reuse-shared-solution system:brev", "read-from-authoritative-source system:brev",
                         "no-local-master-of-authoritative-data system:sak", "system-owner-required system:brev"] {
            #expect(found.contains(expected), "\(expected): \(found)")
        }
        // Nothing about the catalog's own elements, and every reference resolves.
        #expect(!found.contains { $0.hasSuffix("system:svarut") || $0.hasSuffix("data:person") || $0.hasPrefix("ref-resolves") }, "\(found)")
    }

    @Test func anEditorSessionReadsALibraryOncePerPin() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        let session = EditorSession(folder: setup.fixture.root)
        func dangling(_ result: EditorSession.Result) -> [String] {
            result.findings.filter { $0.rule == "ref-resolves" }.map { $0.element?.description ?? "" }
        }
        #expect(dangling(try session.analyse(buffers: [:])) == [])
        // The copy and the library's repository gone: the session still has the pinned commit's
        // elements (a commit does not change), while a new session cannot read the library at all.
        try FileManager.default.removeItem(atPath: setup.fixture.root + "/.git/arkitekt/libraries")
        try FileManager.default.moveItem(atPath: setup.library, toPath: setup.library + "-moved")
        let buffer = Setup.system("sak", "Saksbehandling", owner: "kommunen", uses: ["svarut", "ukjent"])
        #expect(dangling(try session.analyse(buffers: [setup.fixture.root + "/architecture/sak.yaml": Array(buffer.utf8)])) == ["system:sak"])
        #expect(throws: KitError.self) { try EditorSession(folder: setup.fixture.root).analyse(buffers: [:]) }
    }

    @Test func aLibrarysElementIsReferredToByEitherName() throws {
        let setup = try Setup()
        _ = try setup.arkitekt(["library", "update"])
        try setup.fixture.write("architecture/arkiv.yaml", Setup.system("arkiv", "Arkiv", owner: "kommunen", uses: ["svarut@felles"]))
        #expect(try setup.findings().found.filter { $0.hasPrefix("ref-resolves") } == [])
        // Both referrers are the library element's, whichever name they use.
        let shown = try setup.arkitekt(["show", "system:svarut", "--lang", "en"])
        #expect(shown.stdout.contains("Referred to by:\n  system:arkiv\n  system:sak\n"), "\(shown.stdout)")
    }
}

@Suite struct LibraryConfigTests {
    func parse(_ libraries: String) throws(ConfigError) -> Config {
        try Config.parse(Array("apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n\(libraries)".utf8))
    }

    @Test func librariesAreReadWithTheirPlaces() throws {
        let config = try parse("    - name: felles\n      git: ../felles-katalog\n      rev: v2025.1\n      path: ./katalog/\n    - {name: fylke, git: 'https://example.org/fylke.git', rev: main}\n")
        #expect(config.libraries.map(\.name.value) == ["felles", "fylke"])
        #expect(config.libraries.map(\.git.value) == ["../felles-katalog", "https://example.org/fylke.git"])
        #expect(config.libraries.map { $0.path?.value } == ["katalog", nil])
        #expect(config.libraries[0].rev.location == SourceLocation(file: ".arkitekt.yaml", line: 7, column: 12))
    }

    @Test(arguments: [
        ("    - {name: Felles, git: ../f, rev: v1}\n", "5:14", "The library name 'Felles' may hold only"),
        ("    - {name: felles, git: ../f, rev: v1}\n    - {name: felles, git: ../g, rev: v2}\n", "6:14", "The library 'felles' is named twice (first on line 5)"),
        ("    - {name: felles, git: ../f}\n", "5:7", "spec.libraries[0].rev"),
        ("    - {name: felles, git: ../f, rev: v1, path: ../ut}\n", "5:48", "The path '../ut' must be relative and inside the repository"),
        ("    - {name: felles, git: ../f, rev: v1, branch: main}\n", "5:42", "branch"),
    ])
    func badLibrariesAreErrorsAtTheirPlace(yaml: String, place: String, message: String) {
        do {
            let config = try parse(yaml)
            Issue.record("read as \(config.libraries.map(\.name.value))")
        } catch {
            #expect("\(error.location.line):\(error.location.column)" == place, "\(error.message.en)")
            #expect(error.message.en.contains(message), "\(error.message.en)")
        }
    }

    @Test func theLockIsWrittenSortedAndReadBack() throws {
        let a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)
        let lock = Lock(entries: [Lock.Entry(name: "fylke", git: "https://example.org/\"fylke\".git", rev: "main", commit: b),
                                  Lock.Entry(name: "felles", git: "../felles", rev: "v1", commit: a)])
        let text = lock.rendered()
        #expect(text.components(separatedBy: "name: ").dropFirst().map { $0.prefix(8) } == ["\"felles\"", "\"fylke\"\n"])
        #expect(try Lock.parse(Array(text.utf8)) == lock)
        #expect(Lock(entries: []).rendered().hasSuffix("spec:\n  libraries: []\n"))
        #expect(try Lock.parse(Array(Lock(entries: []).rendered().utf8)).entries.isEmpty)
    }
}

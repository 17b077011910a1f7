import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt portfolio FILE`, through the binary, on a shared catalog and two municipalities'
/// repositories built side by side in a temp folder (no network), with the cache folder in it.
@Suite struct PortfolioTests {
    final class Setup {
        let temp: TempDirectory
        let cli: GitCLI
        var root: String { temp.path }
        var cache: String { temp.path + "/cache" }

        static func element(_ kind: String, _ name: String, _ title: String, _ spec: String) -> String {
            "apiVersion: arkitekt/v1\nkind: \(kind)\nmetadata:\n  name: \(name)\n  title: \(title)\n  description: \(title).\nspec:\n\(spec)"
        }

        /// `felles` (the catalog: SvarUt and ID-porten, national, each providing a capability),
        /// `fjordvik` (uses SvarUt) and `nordbygd` (logs in with ID-porten, and sends letters with
        /// a system of its own instead of SvarUt), each pinned to the catalog's v1.
        init() throws {
            temp = try TempDirectory(prefix: "arkitekt-portfolio")
            cli = GitCLI(home: temp.path)
            try cli.initRepo(at: root + "/felles")
            try write("felles/architecture/ks.yaml", Self.element("Group", "ks", "KS", "  type: external\n"))
            try write("felles/architecture/utsending.yaml", Self.element("Capability", "utsending", "Utsending", "  {}\n"))
            try write("felles/architecture/innlogging.yaml", Self.element("Capability", "innlogging", "Innlogging", "  {}\n"))
            try write("felles/architecture/svarut.yaml", Self.element("System", "svarut", "KS SvarUt",
                                                                      "  owner: ks\n  scope: national\n  capabilities: [utsending]\n"))
            try write("felles/architecture/id-porten.yaml", Self.element("System", "id-porten", "ID-porten",
                                                                         "  owner: ks\n  scope: national\n  capabilities: [innlogging]\n"))
            _ = try cli.commitAll("catalog", in: root + "/felles")
            try cli.run("tag", "v1", in: root + "/felles")
            for municipality in ["fjordvik", "nordbygd"] {
                try cli.initRepo(at: root + "/" + municipality)
                try write("\(municipality)/.arkitekt.yaml",
                          "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n    - {name: felles, git: ../felles, rev: v1}\n")
                try write("\(municipality)/architecture/kommunen.yaml", Self.element("Group", "kommunen", "Kommunen", "  type: municipality\n"))
                try write("\(municipality)/architecture/saksbehandling.yaml", Self.element("Capability", "saksbehandling", "Saksbehandling", "  {}\n"))
            }
            try write("fjordvik/architecture/sak.yaml", Self.element("System", "sak", "Sak",
                                                                     "  owner: kommunen\n  capabilities: [saksbehandling]\n  uses: [svarut]\n"))
            try write("nordbygd/architecture/sak.yaml", Self.element("System", "sak", "Sak",
                                                                     "  owner: kommunen\n  capabilities: [saksbehandling]\n  security:\n    authentication: id-porten\n"))
            try write("nordbygd/architecture/brev.yaml", Self.element("System", "brev", "Brevsender", "  owner: kommunen\n  capabilities: [utsending]\n"))
            for municipality in ["fjordvik", "nordbygd"] {
                let update = try arkitekt(["library", "update"], in: root + "/" + municipality)
                #expect(update.status == 0, "\(update.stderr)")
                _ = try cli.commitAll("landscape", in: root + "/" + municipality)
            }
            try write("portfolio.yaml", """
                apiVersion: arkitekt/v1
                kind: Portfolio
                spec:
                  landscapes:
                    - {name: nordbygd, git: nordbygd, rev: main}
                    - {name: fjordvik, git: ./fjordvik, rev: main}

                """)
        }

        func write(_ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func arkitekt(_ args: [String], in directory: String? = nil) throws -> ProcessResult {
            try Executable().run(args, in: directory ?? root, environment: ["XDG_CACHE_HOME": cache])
        }

        func portfolio(_ args: [String] = [], file: String = "portfolio.yaml") throws -> ProcessResult {
            try arkitekt(["portfolio", file, "--date", "2026-12-07", "--lang", "en"] + args)
        }

        func json(_ args: [String] = []) throws -> [String: Any] {
            let run = try portfolio(["--format", "json"] + args)
            #expect(run.status == 0, "\(run.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        }
    }

    @Test func theReuseMatrixCoverageAndScorecardOfTwoMunicipalities() throws {
        let setup = try Setup()
        // Nothing is written into the landscapes' repositories (their git folders stay as they are).
        func gitFolder(_ name: String) -> [String] {
            let folder = setup.root + "/" + name + "/.git"
            return (FileManager.default.subpaths(atPath: folder) ?? []).filter { !$0.hasPrefix("logs") }.sorted().map { path in
                "\(path) \((try? FileManager.default.attributesOfItem(atPath: folder + "/" + path)[.size] as? Int) ?? -1)"
            }
        }
        let before = gitFolder("fjordvik") + gitFolder("nordbygd")
        let run = try setup.portfolio()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(gitFolder("fjordvik") + gitFolder("nordbygd") == before)
        #expect(run.stdout.contains("""

            Shared solutions: who uses them, and who runs a local look-alike instead
              system:id-porten (ID-porten): used by 1 of 2
                use it: nordbygd
              system:svarut (KS SvarUt): used by 1 of 2
                use it: fjordvik
                local look-alike in nordbygd: system:brev

            Capabilities: the systems each landscape supports them with
              capability:innlogging (Innlogging): supported in 1 of 2
                nordbygd: system:id-porten
                no system: fjordvik
              capability:saksbehandling (Saksbehandling): supported in 2 of 2
                fjordvik: system:sak
                nordbygd: system:sak
              capability:utsending (Utsending): supported in 2 of 2
                fjordvik: system:svarut
                nordbygd: system:brev

            """), "\(run.stdout)")

        // The scorecard counts what `check` finds in each landscape at that revision: the oracle.
        let report = try setup.json()
        let landscapes = try #require(report["landscapes"] as? [[String: Any]])
        #expect(landscapes.map { $0["name"] as? String } == ["fjordvik", "nordbygd"])
        var sector = 0
        for landscape in landscapes {
            let name = try #require(landscape["name"] as? String)
            let check = try setup.arkitekt(["check", "--rev", "main", "--date", "2026-12-07", "--format", "json", "--fail-on", "never"],
                                           in: setup.root + "/" + name)
            let checked = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stderr)")
            let findings = try #require(checked["findings"] as? [[String: Any]])
            let counted = try #require(landscape["findings"] as? [String: Int])
            #expect(counted.values.reduce(0, +) == findings.count, "\(name): \(counted) vs \(findings.count)")
            for severity in ["error", "warning", "info"] {
                #expect(counted[severity] == findings.filter { $0["severity"] as? String == severity }.count, "\(name) \(severity)")
            }
            let principles = try #require(landscape["principles"] as? [String: Int])
            #expect(principles["standardisering-og-gjenbruk"] == findings.filter { $0["rule"] as? String == "reuse-shared-solution" }.count)
            let summary = try #require(checked["summary"] as? [String: Any])
            #expect(landscape["elements"] as? Int == summary["elements"] as? Int, "\(name)")
            let libraries = try #require(landscape["libraries"] as? [[String: Any]])
            #expect(libraries.map { $0["name"] as? String } == ["felles"])
            sector += findings.count
        }
        let totals = try #require(report["totals"] as? [String: Any])
        #expect((totals["findings"] as? [String: Int])?.values.reduce(0, +) == sector)
        #expect(totals["landscapes"] as? Int == 2 && totals["elements"] as? Int == 7, "\(totals)")
        let solutions = try #require(report["sharedSolutions"] as? [[String: Any]])
        let svarut = try #require(solutions.first { $0["ref"] as? String == "system:svarut" })
        #expect(svarut["usedBy"] as? [String] == ["fjordvik"])
        #expect(svarut["describedBy"] as? [String] == ["fjordvik", "nordbygd"])
        let lookAlikes = try #require(svarut["lookAlikes"] as? [[String: Any]])
        #expect(lookAlikes.count == 1 && lookAlikes.first?["landscape"] as? String == "nordbygd"
                && lookAlikes.first?["systems"] as? [String] == ["system:brev"], "\(lookAlikes)")

        // Bokmål says the same; the same input gives the same bytes, with or without the cache.
        let norwegian = try setup.arkitekt(["portfolio", "portfolio.yaml", "--date", "2026-12-07", "--lang", "nb"])
        #expect(norwegian.stdout.contains("  system:svarut (KS SvarUt): brukes av 1 av 2\n    bruker den: fjordvik\n    lokal variant i nordbygd: system:brev\n"),
                "\(norwegian.stdout)")
        #expect(try setup.portfolio().stdout == run.stdout)
        #expect(try setup.portfolio(["--no-cache"]).stdout == run.stdout)
    }

    @Test func aSecondRunReadsOnlyTheLandscapeThatMoved() throws {
        let setup = try Setup()
        let first = try setup.portfolio(["-v"])
        #expect(first.stderr.contains("2 landscapes read, 0 unchanged since the last run"), "\(first.stderr)")
        let again = try setup.portfolio(["-v"])
        #expect(again.stderr.contains("0 landscapes read, 2 unchanged since the last run"), "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        // fjordvik starts using ID-porten: only fjordvik is read again, and the matrix shows it.
        try setup.write("fjordvik/architecture/sak.yaml", Setup.element("System", "sak", "Sak",
                                                                        "  owner: kommunen\n  capabilities: [saksbehandling]\n  uses: [svarut, id-porten]\n"))
        _ = try setup.cli.commitAll("id-porten", in: setup.root + "/fjordvik")
        let moved = try setup.portfolio(["-v"])
        #expect(moved.stderr.contains("1 landscapes read, 1 unchanged since the last run"), "\(moved.stderr)")
        #expect(moved.stdout.contains("  system:id-porten (ID-porten): used by 2 of 2\n"), "\(moved.stdout)")
        #expect(try setup.portfolio(["--no-cache"]).stdout == moved.stdout)
        // Without -v nothing but the report.
        #expect(try setup.portfolio().stderr == "")

        // Summaries no run has used for two weeks go; those in use, and files not arkitekt's, stay.
        let folder = setup.cache + "/arkitekt/portfolio"
        let manager = FileManager.default
        let month = Date().addingTimeInterval(-30 * 86_400)
        let inUse = try manager.contentsOfDirectory(atPath: folder).sorted()
        #expect(inUse.count == 3, "\(inUse)")
        let stale = folder + "/" + String(repeating: "a", count: 64) + ".json"
        #expect(manager.createFile(atPath: stale, contents: Data("{}".utf8)))
        #expect(manager.createFile(atPath: folder + "/notes.txt", contents: Data("mine".utf8)))
        for name in inUse + [String(repeating: "a", count: 64) + ".json", "notes.txt"] {
            try manager.setAttributes([.modificationDate: month], ofItemAtPath: folder + "/" + name)
        }
        #expect(try setup.portfolio().status == 0)
        let left = try manager.contentsOfDirectory(atPath: folder)
        #expect(!left.contains { $0.hasPrefix("aaaa") } && left.contains("notes.txt"), "\(left)")
        // Of the old summaries, the two this run used are there; the one fjordvik had before it moved is gone.
        #expect(left.filter { $0.hasSuffix(".json") }.count == 2, "\(left)")
    }

    @Test func aLandscapeByURLIsFetchedIntoTheCacheAndReadOfflineLater() throws {
        let setup = try Setup()
        // nordbygd by URL: its library's relative `../felles` is beside the URL's repository.
        try setup.write("url.yaml", """
            apiVersion: arkitekt/v1
            kind: Portfolio
            spec:
              landscapes:
                - {name: nordbygd, git: "file://\(setup.root)/nordbygd", rev: main}

            """)
        let fetched = try setup.portfolio(file: "url.yaml")
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("  system:svarut (KS SvarUt): used by 0 of 1\n    local look-alike in nordbygd: system:brev\n"), "\(fetched.stdout)")
        let copies = try FileManager.default.contentsOfDirectory(atPath: setup.cache + "/arkitekt/landscapes")
        #expect(copies.count == 1 && copies.first?.hasPrefix("nordbygd-") == true, "\(copies)")

        // The source goes away: a fetch fails in one line, --offline reads the copy.
        try FileManager.default.moveItem(atPath: setup.root + "/nordbygd", toPath: setup.root + "/gone")
        let offline = try setup.portfolio(["--offline", "--no-cache"], file: "url.yaml")
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout == fetched.stdout)
        let failed = try setup.portfolio(file: "url.yaml")
        #expect(failed.status == 2 && failed.stdout.isEmpty)
        #expect(failed.stderr == "arkitekt: error: url.yaml:5:29: nordbygd: Cannot fetch the landscape from file://\(setup.root)/nordbygd: git reported an error (--verbose shows what git said).\n",
                "\(failed.stderr)")
    }

    @Test func badPortfoliosStopTheRunWithOneLine() throws {
        let setup = try Setup()
        try setup.cli.initRepo(at: setup.root + "/empty-repo")
        try FileManager.default.createDirectory(atPath: setup.root + "/plain", withIntermediateDirectories: true)
        let head = "apiVersion: arkitekt/v1\nkind: Portfolio\nspec:\n  landscapes:\n"
        let cases: [(String, String)] = [
            ("apiVersion: arkitekt/v1\nkind: Config\nspec: {}\n", "bad.yaml:2:7: 'kind' in bad.yaml must be 'Portfolio', not 'Config'."),
            ("apiVersion: arkitekt/v1\nkind: Portfolio\nspec:\n  landscapes: []\n", "bad.yaml:4:15: bad.yaml has no landscapes in spec.landscapes"),
            (head + "    - {name: a, git: fjordvik, rev: main}\n    - {name: a, git: nordbygd, rev: main}\n",
             "bad.yaml:6:14: The landscape 'a' is named twice (first on line 5). Give each landscape a name of its own."),
            (head + "    - {name: a, git: fjordvik}\n", "bad.yaml:5:7: The required field 'spec.landscapes[0].rev' is missing."),
            (head + "    - {name: a, git: fjordvik, rev: main, branch: x}\n", "bad.yaml:5:43: Unknown field 'spec.landscapes[0].branch'"),
            (head + "    - {name: a, git: fjordvik, rev: mian}\n", "bad.yaml:5:37: a: The repository has no tag, branch or commit 'mian'. Did you mean 'main'?"),
            (head + "    - {name: a, git: nowhere, rev: main}\n", "bad.yaml:5:22: a: The landscape should be at \(setup.root)/nowhere, but that folder does not exist."),
            (head + "    - {name: a, git: plain, rev: main}\n", "bad.yaml:5:22: a: \(setup.root)/plain is not a git repository."),
            (head + "    - {name: a, git: \"file://\(setup.root)/nowhere\", rev: main}\n", "a: The landscape has not been fetched before, and --offline fetches nothing."),
            (head + "    - {name: a, git: fjordvik, rev: main, path: ../x}\n", "bad.yaml:5:49: The path '../x' must be relative and inside the repository"),
            (head + "    - {name: a, git: empty-repo, rev: main}\n", "a: The repository has no tag, branch or commit 'main'."),
        ]
        for (text, expected) in cases {
            try setup.write("bad.yaml", text)
            let run = try setup.portfolio(["--offline"], file: "bad.yaml")
            #expect(run.status == 2 && run.stdout.isEmpty, "\(text)")
            #expect(run.stderr.hasPrefix("arkitekt: error: ") && run.stderr.contains(expected) && run.stderr.split(separator: "\n").count == 1,
                    "\(text)\n\(run.stderr)")
        }
        let missing = try setup.portfolio(file: "nope.yaml")
        #expect(missing.status == 2 && missing.stderr == "arkitekt: error: The portfolio file 'nope.yaml' does not exist.\n", "\(missing.stderr)")
        // A landscape whose library is not pinned stops the portfolio too: never a scorecard of less.
        try setup.write("fjordvik/.arkitekt.lock", "")
        _ = try setup.cli.commitAll("lock gone", in: setup.root + "/fjordvik")
        let unpinned = try setup.portfolio()
        #expect(unpinned.status == 2 && unpinned.stderr.contains("fjordvik: "), "\(unpinned.stderr)")
    }

    @Test func thePageIsWrittenBesideNothingOfTheUsers() throws {
        let setup = try Setup()
        let written = try setup.portfolio(["-o", "out"])
        #expect(written.status == 0, "\(written.stderr)")
        let page = try String(contentsOfFile: setup.root + "/out/index.html", encoding: .utf8)
        #expect(page.contains("<th scope=\"col\">KS SvarUt (system:svarut)</th>"), "\(page)")
        #expect(page.contains("<tr><td>nordbygd</td><td>uses</td><td>local: system:brev</td></tr>"), "\(page)")
        #expect(page.contains("<td><strong>The sector</strong></td>"))
        #expect(FileManager.default.fileExists(atPath: setup.root + "/out/assets/style.css"))
        // A browser shows the matrix, the coverage and the scorecard, with the style sheet found
        // and nothing on the console.
        let shown = try browse("file://\(setup.root)/out/index.html", scripts: false)
        for text in ["Reuse of shared solutions", "local: system:brev", "Capabilities", "The sector"] {
            #expect(shown.text.contains(text), "\(text): \(shown.text)")
        }
        #expect(shown.problems.isEmpty, "\(shown.problems)")
        // Again: nothing changes. Into a folder of the user's: refused, and nothing written.
        #expect(try setup.portfolio(["-o", "out"]).stdout.contains("2 files, 0 changed"))
        try setup.write("mine/notes.txt", "mine\n")
        let refused = try setup.portfolio(["-o", "mine"])
        #expect(refused.status == 2 && refused.stderr.contains("is not a site arkitekt made"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.root + "/mine") == ["notes.txt"])
    }
}

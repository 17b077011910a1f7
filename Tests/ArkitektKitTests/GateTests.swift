import ArkitektTestSupport
import Foundation
import Testing

/// arkitekt as a CI gate: every report a pipeline needs from one run. Runs the built executable.
@Suite("the CI gate")
struct GateTests {
    let arkitekt = try? Executable()

    func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt)
        return try arkitekt.run(args, in: directory, environment: environment)
    }

    static func landscape() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        try f.write("architecture/b.yaml", Doc.warningGroup("b"))
        try f.commitAll("landscape")
        return f
    }

    @Test func oneRunWritesEveryReport() throws {
        let f = try Self.landscape()
        let reports = ["sarif": "out/arkitekt.sarif", "junit": "out/junit.xml", "markdown": "out/comment.md", "gitlab": "out/cq.json", "text": "out/all.txt"]
        let outputs = reports.keys.sorted().flatMap { ["--output", "\($0)=\(reports[$0] ?? "")"] }
        let one = try run(["check", "--format", "json", "--lang", "en"] + outputs, in: f.root)
        #expect(one.status == 1, "\(one.stderr)")
        // stdout keeps --format; each file is byte for byte what a run of its own format prints.
        let json = try run(["check", "--format", "json", "--lang", "en"], in: f.root)
        #expect(one.stdout == json.stdout)
        for (format, path) in reports {
            let alone = try run(["check", "--format", format, "--lang", "en"], in: f.root)
            let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: f.root + "/" + path)), as: UTF8.self)
            #expect(written == alone.stdout, "\(format)")
        }
        // -C: the files are written relative to it, as the other paths are.
        let other = f.temp.url("elsewhere")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let moved = try run(["-C", f.root, "check", "--output", "sarif=moved.sarif"], in: other)
        #expect(moved.status == 1)
        #expect(FileManager.default.fileExists(atPath: f.root + "/moved.sarif"))
    }

    @Test func reportOptionsThatCannotHoldAreUsageErrors() throws {
        let f = try Self.landscape()
        let cases: [([String], String)] = [
            (["--format", "json", "--format", "sarif"],
             "arkitekt: error: --format is given 2 times; stdout has one format. Write more reports with --output FORMAT=FILE. See 'arkitekt check --help'.\n"),
            (["--output", "sarif"],
             "arkitekt: error: --output takes FORMAT=FILE, e.g. 'sarif=arkitekt.sarif', not 'sarif'. See 'arkitekt check --help'.\n"),
            (["--output", "sarf=x.sarif"],
             "arkitekt: error: Unknown format 'sarf' in --output. Did you mean 'sarif'? The formats are: text, json, sarif, junit, github, gitlab, markdown. See 'arkitekt check --help'.\n"),
            (["--output", "sarif=x", "--output", "junit=x"],
             "arkitekt: error: Two reports cannot go to the same file ('x'). See 'arkitekt check --help'.\n"),
        ]
        for (args, expected) in cases {
            let result = try run(["check", "--lang", "en"] + args, in: f.root)
            #expect(result.status == 2, "\(args)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == expected, "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.root + "/x"), "nothing is written by a run that stops")
    }

    static func exemption(_ name: String, rule: String, target: String, expires: String) -> String {
        "apiVersion: arkitekt/v1\nkind: Exemption\nmetadata: {name: \(name)}\nspec:\n  rule: \(rule)\n  targets: [\(target)]\n"
            + "  reason: Avtalt.\n  expires: \(expires)\n"
    }

    /// A repository whose `main` has a clean landscape, and a branch `feature` checked out.
    static func branch() throws -> KitFixture {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architecture]\n  rulePacks: [ks]"))
        try f.write("architecture/team/it.yaml", Doc.group("it"))
        try f.write("architecture/x/ok.yaml", Self.exemption("ok", rule: "integration-purpose", target: "integration:none", expires: "2026-08-01"))
        try f.write("baseline.json", "{\"version\": 1, \"findings\": []}\n")
        try f.commitAll("main")
        try f.git("checkout", "-q", "-b", "feature")
        return f
    }

    @Test func theGatesPolicyComesFromTheMergeBase() throws {
        let f = try Self.branch()
        // The change brings an error and turns off the rule that finds it.
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architecture]\n  rulePacks: [ks]\n  severity: {ref-resolves: \"off\"}"))
        try f.write("architecture/team/bad.yaml", Doc.group("bad", extra: "  parent: nosuch\n"))
        try f.commitAll("turn it off")
        let gate = try run(["check", "--against", "main", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(gate.status == 1, "the merge base's rules hold: \(gate.stdout)")
        #expect(gate.stdout.contains(": error: 'group:nosuch' in spec.parent names no element."), "\(gate.stdout)")
        #expect(gate.stdout.contains(".arkitekt.yaml:6:14: warning: The change weakens the rules of the merge base: the severity is lowered for ref-resolves (error → off). Have the owners of the rules approve it. [policy-weakened]"), "\(gate.stdout)")
        // A change to the policy itself is checked under its own rules, and still shows it.
        let head = try run(["check", "--against", "main", "--lang", "en", "--date", "2026-06-01", "--policy-from", "head"], in: f.root)
        #expect(head.status == 0, "\(head.stdout)")
        #expect(head.stdout.contains("[policy-weakened]") && !head.stdout.contains("[ref-resolves]"), "\(head.stdout)")
        // JSON names the rule and its detail; the report is in the run's language.
        let json = try Report(json: try run(["check", "--against", "main", "--format", "json", "--date", "2026-06-01"], in: f.root).stdout)
        #expect(json.findings("policy-weakened").map(\.detail) == ["severity:ref-resolves"])
        #expect(json.findings("policy-weakened").first?.message.hasPrefix("Endringen svekker reglene fra det felles opphavet") == true)
        let misuse = try run(["check", "--policy-from", "head", "--lang", "en"], in: f.root)
        #expect(misuse.status == 2 && misuse.stderr.hasPrefix("arkitekt: error: --policy-from applies only together with --against."))
    }

    /// A change that leaves the policy alone (the same baseline, configuration and exemptions)
    /// weakens nothing: no `policy-weakened` finding, not even one for no new baseline entries.
    @Test func anUnchangedPolicyWeakensNothing() throws {
        let f = try Self.branch()
        try f.write("baseline.json", "{\"version\": 1, \"findings\": []}\n")
        try f.write("architecture/team/more.yaml", Doc.group("more"))
        try f.commitAll("a group more")
        let result = try run(["check", "--against", "main", "--format", "json", "--lang", "en", "--date", "2026-06-01",
                              "--baseline", "baseline.json", "--fail-on", "never"], in: f.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Report(json: result.stdout).findings("policy-weakened").isEmpty, "\(result.stdout)")
    }

    @Test func everyWayOfWeakeningThePolicyIsReported() throws {
        let f = try Self.branch()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architecture/x]\n  rulePacks: [core]"))
        try f.write("architecture/x/ok.yaml", Self.exemption("ok", rule: "integration-purpose", target: "integration:none", expires: "2027-08-01"))
        try f.write("architecture/x/new.yaml", Self.exemption("new", rule: "system-description", target: "system:none", expires: "2026-12-01"))
        try f.write("baseline.json", "{\"version\": 1, \"findings\": [{\"rule\": \"schema\", \"element\": \"group:x\", \"detail\": null, \"file\": null}]}\n")
        try f.commitAll("weaken it all")
        let result = try run(["check", "--against", "main", "--format", "json", "--lang", "en", "--date", "2026-06-01",
                              "--baseline", "baseline.json", "--fail-on", "never"], in: f.root)
        #expect(result.status == 0, "\(result.stderr)")
        let weakened = try Report(json: result.stdout).findings("policy-weakened")
        #expect(weakened.count == 5, "\(weakened)")
        #expect(Set(weakened.compactMap(\.detail)) == ["pack:ks", "path:architecture", "exemption-extended", "exemption-added", "baseline"], "\(weakened)")
        let texts = weakened.map(\.message)
        #expect(texts.contains { $0.contains("rule pack ks is removed") })
        #expect(texts.contains { $0.contains("landscape path architecture is taken out or narrowed") })
        #expect(texts.contains { $0.contains("exemption exemption:ok covers more or lasts longer") })
        #expect(texts.contains { $0.contains("exemption exemption:new is new") })
        #expect(texts.contains { $0.contains("1 new baseline entries hide findings from now on") })
        #expect(weakened.first { $0.detail == "baseline" }?.file == "baseline.json")
    }

    /// A container job whose workspace belongs to another user: git (and libgit2) refuse such a
    /// repository unless it is listed in safe.directory. arkitekt says so, for every command, and
    /// never reads the folder as plain files instead. (The tests run as root, as `make test` does:
    /// only root can give a folder to another user.)
    @Test func aRepositoryOwnedByAnotherUserIsNamedAsSuch() throws {
        try #require(geteuid() == 0, "run the tests as root (make test does): only root can give a folder to another user")
        let f = try Self.landscape()
        let owner = try runProcess("/usr/bin/env", ["chown", "-R", "65534", f.root], in: f.temp.path)
        try #require(owner.status == 0, "\(owner.stderr)")
        let top = URL(fileURLWithPath: f.root).resolvingSymlinksInPath().path
        for (args, directory) in [(["check"], f.root), (["check"], f.root + "/architecture"), (["changelog"], f.root),
                                  (["diff", "HEAD"], f.root), (["hook", "install"], f.root), (["check", "--staged"], f.root)] {
            let result = try run(args + ["--lang", "en"], in: directory)
            #expect(result.status == 2, "\(args)")
            #expect(result.stderr.contains("is owned by another user, so it is not read (git's ownership check). If you trust it, run 'git config --global --add safe.directory \(top)'"),
                    "\(args): \(result.stderr)")
        }
        // Listed in safe.directory, it is read as usual.
        let home = f.temp.url("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try f.temp.write("home/.gitconfig", "[safe]\n\tdirectory = \(top)\n")
        let trusted = try run(["check", "--lang", "en"], in: f.root, environment: ["HOME": home])
        #expect(trusted.status == 1 && trusted.stdout.contains("[schema]"), "\(trusted.stdout) \(trusted.stderr)")
    }

    /// A change that adds a landscape path is checked there, under the merge base's rules: adding
    /// a path weakens nothing, and its errors must not wait until after the merge.
    @Test func aPathTheChangeAddsIsChecked() throws {
        let f = try Self.branch()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architecture, ny]\n  rulePacks: [ks]"))
        try f.write("ny/nytt.yaml", Doc.brokenGroup("nytt"))
        try f.commitAll("a new path with an error")
        let gate = try run(["check", "--against", "main", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(gate.status == 1, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("ny/nytt.yaml:6:9: error:"), "\(gate.stdout)")
        #expect(!gate.stdout.contains("[policy-weakened]"), "adding a path weakens nothing: \(gate.stdout)")
        let file = try run(["check", "--against", "main", "--lang", "en", "--date", "2026-06-01", "ny/nytt.yaml"], in: f.root)
        #expect(file.status == 1, "the file is part of the landscape the change checks: \(file.stderr)")
    }

    /// The first configuration of a landscape, in a change: its paths are read, and a default path
    /// the merge base never used is not "taken out".
    @Test func aFirstConfigurationIsReadInItsOwnChange() throws {
        let f = try KitFixture()
        try f.write("README.md", "start\n")
        try f.commitAll("start")
        try f.git("checkout", "-q", "-b", "feature")
        try f.write(".arkitekt.yaml", Doc.config("  paths: [landskap]"))
        try f.write("landskap/a.yaml", Doc.group("a"))
        try f.commitAll("the landscape")
        let gate = try run(["check", "--against", "main", "--lang", "en", "--format", "json"], in: f.root)
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(try Report(json: gate.stdout).findings.isEmpty, "\(gate.stdout)")
    }

    /// policy-weakened sees a rule lowered in a pack of the repository, and is placed by the merge
    /// base's rules: the change cannot turn it off, not even with --policy-from head.
    @Test func weakeningIsSeenInPacksAndCannotSilenceItself() throws {
        let f = try KitFixture()
        let rule = { (severity: String) in """
            apiVersion: arkitekt/v1
            kind: Rule
            metadata: {name: local-owner}
            spec:
              principle: eierskap-til-data
              severity: \(severity)
              title: {nb: Eier mangler, en: No owner}
              rationale: {nb: Noen må eie det., en: Someone must own it.}
              select: {kind: System}
              check: {require: spec.owner}
              examples:
                pass:
                  - landscape: "apiVersion: arkitekt/v1\\nkind: System\\nmetadata: {name: a}\\nspec: {owner: it}\\n"
                fail:
                  - landscape: "apiVersion: arkitekt/v1\\nkind: System\\nmetadata: {name: a}\\n"
                    findings: [{element: "system:a"}]

            """ }
        try f.write(".arkitekt.yaml", Doc.config("  rulePacks: [ks, rules/local]"))
        try f.write("rules/local/local-owner.yaml", rule("error"))
        try f.write("architecture/it.yaml", Doc.group("it"))
        try f.commitAll("main")
        try f.git("checkout", "-q", "-b", "feature")
        try f.write("rules/local/local-owner.yaml", rule("info"))
        try f.write(".arkitekt.yaml", Doc.config("  rulePacks: [ks, rules/local]\n  severity: {policy-weakened: \"off\"}"))
        try f.commitAll("lower it, and hide that")
        for extra in [[], ["--policy-from", "head"]] {
            let result = try run(["check", "--against", "main", "--format", "json", "--fail-on", "never"] + extra, in: f.root)
            #expect(result.status == 0, "\(result.stderr)")
            let weakened = try Report(json: result.stdout).findings("policy-weakened")
            // Turning policy-weakened off is itself a weakening, and reported as one.
            #expect(Set(weakened.compactMap(\.detail)) == ["severity:local-owner", "severity:policy-weakened"], "\(extra): \(weakened)")
            #expect(weakened.first { $0.detail == "severity:local-owner" }?.file == "rules/local/local-owner.yaml", "at the rule's own file")
        }
    }

    /// A baseline made during the run (not in the repository) is taken as it is: it is not the
    /// merge base's policy, and nothing of it is "added".
    @Test func anUntrackedBaselineIsTakenAsItIs() throws {
        let f = try Self.branch()
        try f.write("architecture/team/bad.yaml", Doc.brokenGroup("bad"))
        try f.commitAll("an error")
        #expect(try run(["check", "--write-baseline", "made.json", "--fail-on", "never"], in: f.root).status == 0)
        let result = try run(["check", "--against", "main", "--baseline", "made.json", "--format", "json", "--lang", "en"], in: f.root)
        #expect(result.status == 0, "the baseline made now knows the error: \(result.stdout)")
        #expect(try Report(json: result.stdout).findings.isEmpty, "\(result.stdout)")
    }

    /// Stale baseline entries are those no finding of the whole landscape matches, whatever part
    /// of it a run reports (named files, --against).
    @Test func staleBaselineEntriesAreWorkedOutOnTheWholeLandscape() throws {
        let f = try Self.landscape()
        #expect(try run(["check", "--write-baseline", "b.json", "--fail-on", "never"], in: f.root).status == 0)
        for extra in [["architecture/b.yaml"], ["--against", "HEAD"]] {
            let result = try run(["check", "--baseline", "b.json", "--lang", "en"] + extra, in: f.root)
            #expect(result.status == 0, "\(extra): \(result.stderr)")
            #expect(!result.stdout.contains("no longer occurs"), "\(extra): \(result.stdout)")
        }
        try f.remove("architecture/b.yaml")
        let stale = try run(["check", "--baseline", "b.json", "--lang", "en", "architecture/a.yaml"], in: f.root)
        #expect(stale.stdout.contains("baseline: unknown-field group:b [spec.emial] no longer occurs"), "\(stale.stdout)")
    }

    @Test func reportsGoWhereTheUserPoints() throws {
        let f = try Self.landscape()
        try f.write("reports/real.sarif", "old\n")
        try FileManager.default.createSymbolicLink(atPath: f.root + "/link.sarif", withDestinationPath: "reports/real.sarif")
        let linked = try run(["check", "--output", "sarif=link.sarif", "--fail-on", "never"], in: f.root)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: f.root + "/link.sarif")) == "reports/real.sarif", "the link stays a link")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: f.root + "/reports/real.sarif")), as: UTF8.self).contains("\"version\": \"2.1.0\""))
        let device = try run(["check", "--output", "json=/dev/null", "--fail-on", "never"], in: f.root)
        #expect(device.status == 0, "a device is written in place: \(device.stderr)")
        let clash = try run(["check", "--write-baseline", "b.json", "--output", "json=b.json", "--lang", "en"], in: f.root)
        #expect(clash.status == 2)
        #expect(clash.stderr == "arkitekt: error: --output and --write-baseline name the same file ('b.json'); the report would overwrite the baseline.\n", "\(clash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.root + "/b.json"), "nothing was written")
    }

    @Test func theJobSummaryHoldsMoreThanAComment() throws {
        let f = try KitFixture()
        for i in 0..<400 { try f.write("architecture/g\(i).yaml", Doc.brokenGroup("g\(i)")) }
        try f.commitAll("400 errors")
        let summary = f.temp.url("summary.md")
        let result = try run(["check", "--format", "github"], in: f.root, environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 1)
        let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: summary)), as: UTF8.self)
        #expect(written.components(separatedBy: "\n- 🔴").count - 1 == 400, "every finding is in the summary")
        let comment = try run(["check", "--format", "markdown"], in: f.root)
        #expect(comment.stdout.utf8.count <= 60_000)
        // A summary that cannot be written costs the summary, not the annotations or the exit code.
        let broken = try run(["check", "--format", "github", "--lang", "en"], in: f.root,
                             environment: ["GITHUB_STEP_SUMMARY": f.temp.url("no/such/folder/summary.md")])
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("::error "))
        #expect(broken.stderr.hasPrefix("arkitekt: warning: Cannot write to GITHUB_STEP_SUMMARY"), "\(broken.stderr)")
    }

    /// A repository with several landscapes in folders of their own: `check` takes them all and
    /// reports on each; a staged check at the top checks the landscapes the change touches.
    @Test func aMonorepoIsCheckedLandscapeByLandscape() throws {
        let f = try KitFixture()
        try f.write("kommune/.arkitekt.yaml", Doc.config("  language: nb"))
        try f.write("kommune/architecture/a.yaml", Doc.brokenGroup("a"))
        try f.write("fylke/architecture/b.yaml", Doc.group("b"))
        try f.write("app/main.txt", "code\n")
        try f.commitAll("two landscapes")
        let both = try run(["check", "kommune", "fylke", "fylke/architecture", "--lang", "en"], in: f.root)
        #expect(both.status == 1, "the worst of the two")
        #expect(both.stdout == """
            == fylke ==
            0 errors, 0 warnings, 0 info in 1 element from 1 file.

            == kommune ==
            kommune/architecture/a.yaml:6:9: error: 'departmnet' is not a valid value of 'spec.type'. Valid values: municipality, county, department, unit, team, role, external. Did you mean 'department'? [schema]
            1 error, 0 warnings, 0 info in 1 element from 1 file.

            """, "\(both.stdout)")
        let json = try run(["check", "kommune", "fylke", "--format", "json"], in: f.root)
        let top = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let landscapes = try #require(top["landscapes"] as? [[String: Any]])
        #expect(landscapes.compactMap { $0["path"] as? String } == ["fylke", "kommune"])
        #expect(((landscapes.last?["report"] as? [String: Any])?["summary"] as? [String: Any])?["error"] as? Int == 1)
        let sarif = try run(["check", "kommune", "fylke", "--format", "sarif", "--lang", "en"], in: f.root)
        #expect(sarif.status == 2 && sarif.stderr.hasPrefix("arkitekt: error: Several landscapes in one run give text or JSON"), "\(sarif.stderr)")

        // Staged, at the top: a change outside every landscape checks none, and says so.
        try f.write("app/main.txt", "more code\n")
        try f.git("add", "-A")
        let untouched = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(untouched.status == 0 && untouched.stdout.isEmpty, "\(untouched.stdout)")
        #expect(untouched.stderr == "arkitekt: the staged change touches none of the repository's landscapes.\n")
        // A change to one landscape checks that one only.
        try f.write("fylke/architecture/c.yaml", Doc.brokenGroup("c"))
        try f.git("add", "-A")
        let touched = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(touched.status == 1)
        #expect(touched.stdout.hasPrefix("== fylke ==\nfylke/architecture/c.yaml:6:9: error:") && !touched.stdout.contains("== kommune =="), "\(touched.stdout)")
    }

    /// The edges of a monorepo's staged check: each ends in one clear answer.
    @Test func aMonorepoAtItsEdges() throws {
        let f = try KitFixture()
        try f.write("kommune/.arkitekt.yaml", Doc.config("  language: en"))
        try f.write("kommune/architecture/a.yaml", Doc.group("a"))
        try f.write("kommune/openapi/api.yaml", "openapi: 3.1.0\n")
        try f.write("fylke/architecture/b.yaml", Doc.group("b"))
        try f.write("fylke/bydel/architecture/c.yaml", Doc.group("c"))
        try f.write("docs/readme.txt", "docs\n")
        try f.commitAll("landscapes")
        // Files outside a landscape's paths, and a nested landscape, touch only what reads them.
        try f.write("kommune/openapi/api.yaml", "openapi: 3.1.1\n")
        try f.write("fylke/bydel/architecture/c.yaml", Doc.brokenGroup("c"))
        try f.git("add", "-A")
        let nested = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(nested.status == 1)
        #expect(nested.stdout.hasPrefix("== fylke/bydel ==\n") && !nested.stdout.contains("== fylke ==") && !nested.stdout.contains("== kommune =="),
                "\(nested.stdout)")
        // A folder in no landscape is an error of its own, never the whole repository.
        let docs = try run(["check", "--staged", "kommune", "docs", "--lang", "en"], in: f.root)
        #expect(docs.status == 2)
        #expect(docs.stderr.contains("Found neither .arkitekt.yaml nor an architecture/ folder from \(URL(fileURLWithPath: f.root + "/docs").resolvingSymlinksInPath().path) upwards"), "\(docs.stderr)")
        // One language for the run: the first landscape's.
        let languages = try run(["check", "kommune", "fylke"], in: f.root)
        #expect(!languages.stdout.contains(" feil,"), "kommune says en: \(languages.stdout)")
        // Baselines belong to one landscape.
        try f.write("b.json", "{\"version\": 1, \"findings\": []}\n")
        let baseline = try run(["check", "--staged", "--baseline", "b.json", "--lang", "en"], in: f.root)
        #expect(baseline.status == 2 && baseline.stderr.hasPrefix("arkitekt: error: A baseline belongs to one landscape"), "\(baseline.stderr)")
        let hook = try run(["hook", "install", "--baseline", "b.json", "--lang", "en"], in: f.root)
        #expect(hook.status == 2 && hook.stderr.hasPrefix("arkitekt: error: A baseline belongs to one landscape"), "\(hook.stderr)")
        // A top-level configuration the index has but the disk has not: one answer, no loop.
        try f.git("reset", "-q")
        try f.write(".arkitekt.yaml", Doc.config("  paths: [fylke/architecture]"))
        try f.git("add", ".arkitekt.yaml")
        try f.remove(".arkitekt.yaml")
        let gone = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(gone.status == 2, "exit \(gone.status): \(gone.stderr)")
        #expect(gone.stderr.hasPrefix("arkitekt: error: No landscape found:"), "\(gone.stderr)")
    }

    @Test func aMonorepoWithAConflictIsRefused() throws {
        let f = try KitFixture()
        try f.write("kommune/architecture/a.yaml", Doc.group("a"))
        try f.write("fylke/architecture/b.yaml", Doc.group("b"))
        try f.commitAll("base")
        try f.git("checkout", "-q", "-b", "other")
        try f.write("kommune/architecture/a.yaml", Doc.group("a", type: "team"))
        try f.commitAll("other")
        try f.git("checkout", "-q", "-")
        try f.write("kommune/architecture/a.yaml", Doc.group("a", type: "unit"))
        try f.commitAll("main")
        _ = try? f.git("merge", "-q", "other")
        let result = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(result.status == 2)
        #expect(result.stderr == "arkitekt: error: The index has unresolved merge conflicts in kommune/architecture/a.yaml. Resolve them (fix the files, then 'git add' them) before checking what will be committed.\n", "\(result.stderr)")
    }

    @Test func reportsGoThroughDanglingLinksAndPipesButNeverOverABaseline() throws {
        let f = try Self.landscape()
        try FileManager.default.createSymbolicLink(atPath: f.root + "/link.json", withDestinationPath: "new-baseline.json")
        let clash = try run(["check", "--write-baseline", "new-baseline.json", "--output", "json=link.json", "--lang", "en"], in: f.root)
        #expect(clash.status == 2 && clash.stderr.contains("the report would overwrite the baseline"), "\(clash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.root + "/new-baseline.json"))
        // A pipe, read by another process.
        let fifo = f.temp.url("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, f.temp.url("from-pipe.json")]
        try reader.run()
        let piped = try run(["check", "--output", "json=\(fifo)", "--fail-on", "never"], in: f.root)
        reader.waitUntilExit()
        #expect(piped.status == 0, "\(piped.stderr)")
        let json = try run(["check", "--format", "json", "--fail-on", "never"], in: f.root)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: f.temp.url("from-pipe.json"))), as: UTF8.self) == json.stdout)
    }
}

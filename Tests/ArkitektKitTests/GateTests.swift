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
}

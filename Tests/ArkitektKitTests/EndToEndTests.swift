import ArkitektTestSupport
import Foundation
import Testing

/// The built `arkitekt` executable, run as a user or a CI script would.
@Suite("arkitekt executable")
struct EndToEndTests {
    let binary: String

    init() throws {
        binary = try #require(arkitektBinary(), "build the arkitekt product before running the tests")
    }

    static func fixture() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        try f.write("architecture/b.yaml", Doc.warningGroup("b"))
        try f.commitAll("fixture")
        return f
    }

    func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(binary, args, in: directory, environment: environment)
    }

    @Test func helpListsTheCommands() throws {
        let f = try KitFixture(git: false)
        let result = try run(["--help"], in: f.root)
        #expect(result.status == 0)
        for command in ["check", "rules", "explain"] {
            #expect(result.stdout.contains(command), "\(command)")
        }
        let checkHelp = try run(["check", "--help"], in: f.root)
        #expect(checkHelp.status == 0)
        for option in ["--rev", "--staged", "--format", "--fail-on", "--lang", "--date", "-C"] {
            #expect(checkHelp.stdout.contains(option), "\(option)")
        }
    }

    /// libgit2 gets ready on another thread while the arguments are parsed. A run that ends early
    /// (the version, the help, a usage error) must wait for it: the crypto and TLS libraries it
    /// sets up have exit handlers of their own, and an exit in the middle of that crashed about
    /// one release-build run in 25 before every way out waited (`Kit.settle`). A debug build
    /// parses its arguments slowly enough to hit that window far less often; the release binary
    /// was run 300 times each way (12 crashes without the wait, none with it).
    @Test func earlyExitsNeverCrash() throws {
        let f = try KitFixture(git: false)
        let runs: [(arguments: [String], status: Int32)] = [(["--version"], 0), (["--help"], 0), (["check", "--no-such-option"], 2)]
        for i in 0..<90 {
            let (arguments, status) = runs[i % runs.count]
            let result = try run(arguments, in: f.root)
            try #require(result.status == status, "run \(i), \(arguments): exit \(result.status) \(result.stderr)")
        }
    }

    @Test func checkInTheCurrentDirectory() throws {
        let f = try Self.fixture()
        let result = try run(["check", "--lang", "en"], in: f.root)
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("architecture/a.yaml:6:9: error: "))
        #expect(lines[1].hasPrefix("architecture/b.yaml:7:3: warning: "))
        #expect(lines[2] == "1 error, 1 warning, 0 info in 2 elements from 2 files.")
        // check is the default command.
        let bare = try run(["--lang", "en"], in: f.root)
        #expect(bare.status == 1)
        #expect(bare.stdout == result.stdout)
    }

    @Test func jsonFromTheExecutableMatchesTheKit() throws {
        let f = try Self.fixture()
        let result = try run(["check", f.root, "--format", "json", "--lang", "en", "--date", "2026-06-01"], in: f.temp.path)
        #expect(result.status == 1)
        #expect(result.stdout == (try f.check(.workTree, format: .json)).stdout)
    }

    @Test func exitCodesFollowFailOn() throws {
        let f = try Self.fixture()
        #expect(try run(["check", "--fail-on", "never"], in: f.root).status == 0)
        #expect(try run(["check", "--fail-on", "error"], in: f.root).status == 1)
        let warn = try KitFixture()
        try warn.write("architecture/b.yaml", Doc.warningGroup("b"))
        #expect(try run(["check"], in: warn.root).status == 0)
        #expect(try run(["check", "--fail-on", "warning"], in: warn.root).status == 1)
    }

    @Test func sourceOptions() throws {
        let f = try Self.fixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.git("add", "-A")
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        let staged = try run(["check", "--staged", "--format", "json"], in: f.root)
        #expect(staged.status == 0)
        let rev = try run(["check", "--rev", "HEAD", "--format", "json"], in: f.root)
        #expect(rev.status == 1)
        let work = try run(["check", "--format", "json"], in: f.root)
        #expect(work.status == 1)
        #expect(work.stdout == rev.stdout)
        #expect(try Report(json: staged.stdout).rules == ["unknown-field"])
    }

    @Test(arguments: [
        ["check", "--rev", "HEAD", "--staged"],
        ["check", "--bogus"],
        ["check", "--format", "yaml"],
        ["check", "--fail-on", "sometimes"],
        ["check", "--lang", "de"],
        ["check", "--date", "2026-13-01"],
        ["check", "--date", "tomorrow"],
        ["frobnicate", "extra"],
        ["explain"],
    ])
    func usageErrorsExitTwo(args: [String]) throws {
        let f = try Self.fixture()
        let result = try run(args, in: f.root)
        #expect(result.status == 2, "\(args): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test func inputErrorsExitTwoWithOneLine() throws {
        let f = try Self.fixture()
        let unknown = try run(["check", "--rev", "no-such-rev", "--lang", "en"], in: f.root)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.hasPrefix("arkitekt: error: "))
        #expect(unknown.stderr.contains("no-such-rev"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        #expect(unknown.stderr.hasSuffix("\n"))

        let nb = try run(["check", "--rev", "no-such-rev"], in: f.root)
        #expect(nb.status == 2)
        #expect(nb.stderr.hasPrefix("arkitekt: feil: "))

        let missing = try run(["check", f.temp.url("nowhere"), "--lang", "en"], in: f.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(missing.stderr.contains("nowhere"))
    }

    @Test func brokenConfigurationExitsTwoWithItsPlace() throws {
        let f = try Self.fixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: de"))
        let result = try run(["check", "--lang", "en"], in: f.root)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("arkitekt: error: .arkitekt.yaml:4:13: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func errorMessageStaysOnOneLineWhenAValueHasALineBreak() throws {
        let f = try Self.fixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: \"d\\ne\""))
        let result = try run(["check", "--lang", "en"], in: f.root)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("arkitekt: error: .arkitekt.yaml:4:13: "))
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func bareRepository() throws {
        let f = try Self.fixture()
        let bare = f.temp.url("bare.git")
        try f.cli.run("clone", "-q", "--bare", f.root, bare, in: f.temp.path)
        let rev = try run(["check", bare, "--rev", "HEAD", "--format", "json"], in: f.temp.path)
        #expect(rev.status == 1)
        #expect(try Report(json: rev.stdout).summary["elements"] == 2)
        let work = try run(["check", bare, "--lang", "en"], in: f.temp.path)
        #expect(work.status == 2)
        #expect(work.stderr.split(separator: "\n").count == 1)
    }

    @Test func noEscapeCodesWhenNotATerminalOrWithNoColor() throws {
        let f = try Self.fixture()
        let plain = try run(["check"], in: f.root)
        #expect(!plain.stdout.isEmpty)
        #expect(!plain.stdout.contains("\u{1B}"))
        let noColour = try run(["check"], in: f.root, environment: ["NO_COLOR": "1"])
        #expect(!noColour.stdout.contains("\u{1B}"))
        #expect(noColour.stdout == plain.stdout)
        let errors = try run(["check", "--rev", "nope"], in: f.root, environment: ["NO_COLOR": "1"])
        #expect(!errors.stderr.contains("\u{1B}"))
    }

    /// A tool the tests need and the machine lacks fails the test in one line that names it.
    @Test func aMissingToolIsNamedInOneLine() throws {
        let f = try Self.fixture()
        do {
            _ = try runProgram("/usr/bin/env", ["arkitekt-no-such-tool", "--version"], in: f.root, environment: ["PATH": "/usr/bin:/bin"])
            Issue.record("a missing tool ran")
        } catch let missing as MissingTool {
            #expect(missing.description == "'arkitekt-no-such-tool' is not installed (searched PATH=/usr/bin:/bin); the tests need it. "
                    + "`make test` installs what the tests use (scripts/install-deps.sh, scripts/install-python-deps.sh).")
        }
        // git, on which every fixture repository rests, the same way.
        var git = GitCLI(home: f.temp.path)
        git.extraEnvironment["PATH"] = f.temp.path
        #expect(throws: MissingTool.self) { try git.run("--version", in: f.root) }
    }

    /// Runs the executable on a pseudo-terminal (util-linux `script`), so that colour would be used.
    func runOnTerminal(_ args: [String], in directory: String, environment: [String: String]) throws -> ProcessResult {
        let script = try Tool.require("script")
        let command = ([binary] + args).map { "'" + $0 + "'" }.joined(separator: " ")
        return try runProcess(script, ["-qec", command, "/dev/null"], in: directory, environment: environment)
    }

    @Test func colourOnATerminalUnlessNoColor() throws {
        let f = try Self.fixture()
        let terminal = try runOnTerminal(["check"], in: f.root, environment: ["TERM": "xterm"])
        #expect(terminal.stdout.contains("\u{1B}["), "a terminal gets colour")
        let noColour = try runOnTerminal(["check"], in: f.root, environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(noColour.stdout.contains("architecture/a.yaml:6:9:"))
        #expect(!noColour.stdout.contains("\u{1B}"), "NO_COLOR turns colour off")
        let json = try runOnTerminal(["check", "--format", "json"], in: f.root, environment: ["TERM": "xterm"])
        #expect(!json.stdout.contains("\u{1B}"), "JSON is never coloured")
    }

    /// diff, transitions and changelog colour their text too, by the same choice as check:
    /// a terminal without NO_COLOR, or --color always; never JSON, never with --color never.
    @Test func historyCommandsColourTheirTextToo() throws {
        let f = try Self.fixture()
        try f.write("architecture/c.yaml", Doc.group("c"))
        try f.write("architecture/t.yaml", """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: t}
            spec:
              conditions:
                - {ref: "group:c", exists: true}
                - {ref: "group:d", exists: true}

            """)
        try f.commitAll("c and a transition")
        let terminal = ["TERM": "xterm"]
        for command in [["diff", "HEAD~1", "HEAD"], ["transitions"], ["changelog"]] {
            let coloured = try runOnTerminal(command, in: f.root, environment: terminal)
            #expect(coloured.status == 0 && coloured.stdout.contains("\u{1B}["), "\(command): a terminal gets colour: \(coloured.stdout)")
            let noColour = try runOnTerminal(command, in: f.root, environment: ["TERM": "xterm", "NO_COLOR": "1"])
            #expect(noColour.status == 0 && !noColour.stdout.contains("\u{1B}") && noColour.stdout.contains("c"), "\(command): NO_COLOR")
            let never = try runOnTerminal(command + ["--color", "never"], in: f.root, environment: terminal)
            #expect(!never.stdout.contains("\u{1B}"), "\(command): --color never")
            let dumb = try runOnTerminal(command, in: f.root, environment: ["TERM": "dumb"])
            #expect(!dumb.stdout.contains("\u{1B}"), "\(command): a dumb terminal")
            let piped = try run(command, in: f.root)
            #expect(!piped.stdout.contains("\u{1B}"), "\(command): not a terminal")
            let always = try run(command + ["--color", "always"], in: f.root)
            #expect(always.stdout.contains("\u{1B}["), "\(command): --color always")
            // The colour is all that differs.
            let plain = always.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(plain == piped.stdout, "\(command)")
            let json = try run(command + ["--format", "json", "--color", "always"], in: f.root)
            #expect(json.status == 0 && !json.stdout.contains("\u{1B}"), "\(command): JSON is never coloured")
        }
        let diff = try run(["diff", "HEAD~1", "HEAD", "--color", "always", "--lang", "en"], in: f.root).stdout
        #expect(diff.contains("\u{1B}[32m+ group:c\u{1B}[0m"), "added in green: \(diff)")
        let transitions = try run(["transitions", "--color", "always", "--lang", "en"], in: f.root).stdout
        #expect(transitions.contains("\u{1B}[32m✓\u{1B}[0m") && transitions.contains("\u{1B}[31m✗\u{1B}[0m"), "\(transitions)")
    }

    @Test func optionCAfterTheCommand() throws {
        let f = try Self.fixture()
        let result = try run(["check", "-C", f.root, "--lang", "en"], in: f.temp.path)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("architecture/a.yaml:6:9: error: "))
        // -C combines with a relative PATH.
        try f.write("sub/.arkitekt.yaml", Doc.config("  paths: [land]"))
        try f.write("sub/land/g.yaml", Doc.group("g"))
        let sub = try run(["check", "-C", f.root, "sub", "--format", "json"], in: f.temp.path)
        #expect(sub.status == 0)
        #expect(try Report(json: sub.stdout).summary["elements"] == 1)
    }

    @Test func optionCBeforeTheCommandAsInGit() throws {
        let f = try Self.fixture()
        let check = try run(["-C", f.root, "check", "--lang", "en"], in: f.temp.path)
        #expect(check.status == 1, "stderr: \(check.stderr)")
        #expect(check.stdout.hasPrefix("architecture/a.yaml:6:9: error: "))
        let rules = try run(["-C", f.root, "rules", "--lang", "en"], in: f.temp.path)
        #expect(rules.status == 0, "stderr: \(rules.stderr)")
        #expect(rules.stdout.contains("yaml-syntax"))
    }

    @Test func rulesAndExplain() throws {
        let f = try Self.fixture()
        let rules = try run(["rules", "--lang", "en"], in: f.root)
        #expect(rules.status == 0)
        for id in ["yaml-syntax", "schema", "unknown-field", "duplicate-name", "ref-resolves", "skipped-document"] {
            #expect(rules.stdout.contains(id), "\(id)")
        }
        let explain = try run(["explain", "unknown-field", "--lang", "en"], in: f.root)
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("unknown-field"))
        let unknown = try run(["explain", "unknown-feild", "--lang", "en"], in: f.root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 'unknown-field'?"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
    }
}

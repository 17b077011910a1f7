import ArkitektTestSupport
import Foundation
import Testing

/// A linter that read nothing must not say "0 errors": every way of pointing arkitekt at the
/// wrong place, or at history it does not have, ends with exit 2 and one line that names what was
/// searched. Every test runs the built executable, as a user or a CI script would.
@Suite("never pass silently")
struct HonestRunTests {
    let arkitekt = try? Executable()

    func run(_ args: [String], in directory: String) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt)
        return try arkitekt.run(args, in: directory)
    }

    /// A landscape with one error in `architecture/team/a.yaml` and one warning in `b.yaml`.
    static func landscape() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/team/a.yaml", Doc.brokenGroup("a"))
        try f.write("architecture/team/b.yaml", Doc.warningGroup("b"))
        try f.write("README.md", "# the repository\n")
        try f.commitAll("landscape")
        return f
    }

    /// Exit 2, nothing on stdout, and exactly one line on stderr.
    func expectOneLineError(_ result: ProcessResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(result.status == 2, "\(what): exit \(result.status), \(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(what): \(result.stdout)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(what): one line on stderr, got \(result.stderr)", sourceLocation: sourceLocation)
        return String(lines.first ?? "")
    }

    @Test func aFolderInsideTheLandscapeFindsTheLandscapeAsGitFindsItsRepository() throws {
        let f = try Self.landscape()
        let whole = try run(["check", "--lang", "en"], in: f.root)
        #expect(whole.status == 1)
        #expect(whole.stdout.contains("in 2 elements from 2 files"), "\(whole.stdout)")
        for (args, directory) in [(["check", "--lang", "en"], f.root + "/architecture/team"),
                                  (["-C", "architecture", "check", "--lang", "en"], f.root),
                                  (["check", "--lang", "en", "architecture/team"], f.root),
                                  (["check", "--lang", "en", "--staged"], f.root + "/architecture")] {
            let result = try run(args, in: directory)
            #expect(result.stdout == whole.stdout, "\(args) in \(directory)")
            #expect(result.status == 1, "\(args)")
        }
    }

    @Test func noLandscapeIsAnErrorNamingThePlacesSearched() throws {
        let f = try Self.landscape()
        let empty = f.temp.url("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let plain = expectOneLineError(try run(["check", "--lang", "en"], in: empty), "a folder with no landscape")
        #expect(plain == "arkitekt: error: No landscape found: no .yaml or .yml file under \(empty)/architecture/ on disk. Found neither .arkitekt.yaml nor an architecture/ folder from \(empty) upwards. Run arkitekt in the landscape's folder, or put the landscape in architecture/.")
        let norsk = expectOneLineError(try run(["check"], in: empty), "the same in Bokmål")
        #expect(norsk.hasPrefix("arkitekt: feil: Fant ikke noe landskap: ingen .yaml- eller .yml-fil under \(empty)/architecture/ på disk."), "\(norsk)")

        // A repository whose landscape lies elsewhere than the configuration says.
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architcture]"))
        let typo = expectOneLineError(try run(["check", "--lang", "en"], in: f.root), "a misspelt landscape path")
        #expect(typo == "arkitekt: error: .arkitekt.yaml:4:10: No landscape found: no .yaml or .yml file under \(f.root)/architcture/ on disk. Check 'paths' in .arkitekt.yaml. Did you mean 'architecture' (not 'architcture')?",
                "\(typo)")
        try f.git("add", ".arkitekt.yaml")
        let staged = expectOneLineError(try run(["check", "--lang", "en", "--staged"], in: f.root), "--staged")
        #expect(staged.contains("No landscape found: no .yaml or .yml file under architcture/ in the index (--staged)."), "\(staged)")
        try f.git("commit", "-q", "-m", "typo")
        let transitions = expectOneLineError(try run(["transitions", "--lang", "en"], in: f.root), "transitions")
        #expect(transitions.contains("No landscape found: no .yaml or .yml file under architcture/ in revision 'HEAD'."), "\(transitions)")
        let diff = expectOneLineError(try run(["diff", "HEAD", "--lang", "en"], in: f.root), "diff of two sides without a landscape")
        #expect(diff.contains("No landscape found"), "\(diff)")
        // The landscape existed before the typo: a diff against that commit has something to compare.
        let before = try run(["diff", "HEAD~1", "--lang", "en", "--format", "json"], in: f.root)
        #expect(before.status == 0, "\(before.stderr)")
        // The commit that broke the path took the landscape away, and the changelog says so.
        let changelog = try run(["changelog", "HEAD~1..HEAD", "--lang", "en", "--format", "json"], in: f.root)
        #expect(changelog.status == 0 && changelog.stdout.contains("\"removed\": [\n"), "\(changelog.stdout)")
        // A history in which no commit ever had a landscape has nothing to tell.
        let never = try KitFixture()
        try never.write("README.md", "no landscape here\n")
        try never.commitAll("readme")
        let nothing = expectOneLineError(try run(["changelog", "--lang", "en"], in: never.root), "a history without a landscape")
        #expect(nothing.hasPrefix("arkitekt: error: No landscape found: no .yaml or .yml file under architecture/ in revision"), "\(nothing)")
    }

    @Test func filesNamedOnTheCommandLineReportTheirOwnFindings() throws {
        let f = try Self.landscape()
        let one = try run(["check", "--lang", "en", "--format", "json", "architecture/team/b.yaml"], in: f.root)
        #expect(one.status == 0, "a warning only: \(one.stderr)")
        let report = try Report(json: one.stdout)
        #expect(report.findings.map(\.file) == ["architecture/team/b.yaml"])
        #expect(report.summary["elements"] == 2, "the whole landscape is checked")
        // From inside the landscape, and several at once (as lint-staged passes them).
        let both = try run(["check", "--lang", "en", "a.yaml", "b.yaml"], in: f.root + "/architecture/team")
        #expect(both.status == 1)
        #expect(both.stdout.contains("architecture/team/a.yaml:6:9: error:") && both.stdout.contains("architecture/team/b.yaml:7:3: warning:"), "\(both.stdout)")
        let outside = expectOneLineError(try run(["check", "--lang", "en", "README.md"], in: f.root), "a file outside the landscape")
        #expect(outside == "arkitekt: error: 'README.md' is not part of the landscape (\(f.root)/architecture/), so arkitekt does not read it.")
        let missing = expectOneLineError(try run(["check", "--lang", "en", "architecture/team/c.yaml"], in: f.root), "a file that does not exist")
        #expect(missing == "arkitekt: error: 'architecture/team/c.yaml' does not exist.")
        // A file that is there but not read is never reported clean.
        try f.write("architecture/team/local.yaml", Doc.brokenGroup("local"))
        try f.write(".gitignore", "architecture/team/local.yaml\n")
        let ignored = expectOneLineError(try run(["check", "--lang", "en", "architecture/team/local.yaml"], in: f.root), "an ignored file")
        #expect(ignored == "arkitekt: error: 'architecture/team/local.yaml' was not read: git ignores it (.gitignore).")
        try f.write("architecture/team/new.yaml", Doc.group("new"))
        let unstaged = expectOneLineError(try run(["check", "--lang", "en", "--staged", "architecture/team/new.yaml"], in: f.root), "not staged")
        #expect(unstaged == "arkitekt: error: 'architecture/team/new.yaml' was not read: it is not in the index; 'git add' it first.")
    }

    @Test func aShallowCloneIsRefusedWhereItsHistoryRunsOut() throws {
        let f = try Self.landscape()
        try f.write("architecture/team/c.yaml", Doc.group("c"))
        try f.commitAll("c")
        let clone = f.temp.url("clone")
        try f.git("clone", "-q", "--depth", "1", "file://" + f.root, clone)
        for command in ["changelog", "transitions"] {
            let line = expectOneLineError(try run([command, "--lang", "en"], in: clone), command)
            #expect(line.contains("this is a shallow clone, and 'arkitekt \(command)' reaches its boundary"), "\(line)")
            #expect(line.hasSuffix("Fetch the full history, e.g. 'git fetch --unshallow', or 'fetch-depth: 0' in GitHub Actions (GIT_DEPTH: 0 in GitLab CI)."), "\(line)")
        }
        let diff = expectOneLineError(try run(["diff", "HEAD~1", "--lang", "en"], in: clone), "a revision beyond the boundary")
        #expect(diff.contains("this is a shallow clone, so older commits are missing"), "\(diff)")
    }

    @Test func mistypedCommandsAreNamedWithWhatWasMeant() throws {
        let f = try Self.landscape()
        for (typo, meant) in [("chekc", "check"), ("transition", "transitions"), ("chanegelog", "changelog")] {
            let en = expectOneLineError(try run([typo, "--lang", "en"], in: f.root), typo)
            #expect(en == "arkitekt: error: Unknown command '\(typo)'. Did you mean '\(meant)'? The commands are: check, diff, changelog, transitions, graph, site, import, export, ls, show, schema, init, lsp, rules, explain, hook, library, portfolio. See 'arkitekt --help'.")
            let nb = expectOneLineError(try run(["-C", f.root, typo], in: f.temp.url("")), typo)
            #expect(nb.hasPrefix("arkitekt: feil: Ukjent kommando «\(typo)». Mente du «\(meant)»?"), "\(nb)")
        }
        // A folder of that name is checked, as before.
        try f.write("chekc/architecture/x.yaml", Doc.group("x"))
        #expect(try run(["chekc"], in: f.root).status == 0)
        let version = try run(["version"], in: f.root)
        let flag = try run(["--version"], in: f.root)
        #expect(version.status == 0 && version.stdout == flag.stdout)
    }

    @Test func usageMistakesAreOneLineInTheRunsLanguage() throws {
        let f = try Self.landscape()
        let cases: [(args: [String], en: String, nb: String)] = [
            (["check", "--format", "foo"],
             "arkitekt: error: The value 'foo' is invalid for '--format <format>'. Valid values: text, json, sarif, junit, github, gitlab, markdown. See 'arkitekt check --help'.",
             "arkitekt: feil: Verdien «foo» er ugyldig for «--format <format>». Gyldige verdier: text, json, sarif, junit, github, gitlab, markdown. Se «arkitekt check --help»."),
            (["check", "--fail-on", "always"],
             "arkitekt: error: The value 'always' is invalid for '--fail-on <fail-on>'. Valid values: error, warning, info, never. See 'arkitekt check --help'.",
             "arkitekt: feil: Verdien «always» er ugyldig for «--fail-on <fail-on>». Gyldige verdier: error, warning, info, never. Se «arkitekt check --help»."),
            (["check", "--formt", "json"],
             "arkitekt: error: Unknown option '--formt'. Did you mean '--format'? See 'arkitekt check --help'.",
             "arkitekt: feil: Ukjent valg «--formt». Mente du «--format»? Se «arkitekt check --help»."),
            (["check", "--date", "2026-13-01"],
             "arkitekt: error: The value '2026-13-01' is invalid for '--date <YYYY-MM-DD>'. Write the date as YYYY-MM-DD. See 'arkitekt check --help'.",
             "arkitekt: feil: Verdien «2026-13-01» er ugyldig for «--date <YYYY-MM-DD>». Skriv datoen som ÅÅÅÅ-MM-DD. Se «arkitekt check --help»."),
            (["check", "--rev"],
             "arkitekt: error: Option '--rev <REV>' needs a value. See 'arkitekt check --help'.",
             "arkitekt: feil: Valget «--rev <REV>» mangler en verdi. Se «arkitekt check --help»."),
            (["diff"],
             "arkitekt: error: Argument '<from>' is missing. See 'arkitekt diff --help'.",
             "arkitekt: feil: Argumentet «<from>» mangler. Se «arkitekt diff --help»."),
            (["check", "--rev", "HEAD", "--staged"],
             "arkitekt: error: --rev and --staged cannot be used together: choose one source. See 'arkitekt check --help'.",
             "arkitekt: feil: --rev og --staged kan ikke brukes sammen: velg én kilde. Se «arkitekt check --help»."),
            (["check", "--max-findings", "-1"],
             "arkitekt: error: --max-findings must be 0 or more. See 'arkitekt check --help'.",
             "arkitekt: feil: --max-findings må være 0 eller mer. Se «arkitekt check --help»."),
            (["hook", "install", "--force", "--chain"],
             "arkitekt: error: --force and --chain cannot be used together. See 'arkitekt hook install --help'.",
             "arkitekt: feil: --force og --chain kan ikke brukes sammen. Se «arkitekt hook install --help»."),
        ]
        for (args, en, nb) in cases {
            #expect(expectOneLineError(try run(args + ["--lang", "en"], in: f.root), "\(args)") == en)
            #expect(expectOneLineError(try run(args, in: f.root), "\(args)") == nb)
        }
        // The configuration's language counts as --lang does.
        try f.write(".arkitekt.yaml", Doc.config("  language: en"))
        #expect(expectOneLineError(try run(["check", "--format", "foo"], in: f.root), "configured") == cases[0].en)
    }

    @Test func plainErrorsKeepGitsWordsForVerbose() throws {
        let f = try Self.landscape()
        let unknown = expectOneLineError(try run(["check", "--rev", "nosuch", "--lang", "en"], in: f.root), "unknown revision")
        #expect(unknown == "arkitekt: error: Unknown revision 'nosuch': no branch, tag or commit has that name.")
        let verbose = try run(["check", "--rev", "nosuch", "--lang", "en", "--verbose"], in: f.root)
        #expect(verbose.status == 2)
        #expect(verbose.stderr.contains("arkitekt: detail: ") && verbose.stderr.contains("libgit2 code"), "\(verbose.stderr)")

        let bare = f.temp.url("bare.git")
        try f.git("clone", "-q", "--bare", f.root, bare)
        let staged = expectOneLineError(try run(["check", "--staged", "--lang", "en"], in: bare), "--staged in a bare repository")
        #expect(staged == "arkitekt: error: '.' is a bare repository: it has no index to read; use --rev REV.")
        #expect(try run(["check", "--rev", "HEAD", "--lang", "en"], in: bare).status == 1)

        let plain = f.temp.url("plain")
        try FileManager.default.createDirectory(atPath: plain + "/architecture", withIntermediateDirectories: true)
        for command in [["diff", "HEAD"], ["changelog"], ["transitions"]] {
            let line = expectOneLineError(try run(command + ["--lang", "en"], in: plain), "\(command)")
            #expect(line == "arkitekt: error: 'arkitekt \(command[0])' reads the history in git, and '.' is not in a git repository.")
        }
        let rev = expectOneLineError(try run(["check", "--rev", "HEAD", "--lang", "en"], in: plain), "--rev")
        #expect(rev == "arkitekt: error: '.' is not a git repository, and --rev reads from git. Without git, arkitekt can only read the files on disk.")

        let empty = try KitFixture()
        let none = expectOneLineError(try run(["changelog", "--lang", "en"], in: empty.root), "changelog without commits")
        #expect(none.hasPrefix("arkitekt: error: The repository has no commits yet"), "\(none)")
    }

    @Test func hookAloneShowsItsUsageAndFails() throws {
        let f = try Self.landscape()
        let result = try run(["hook", "--lang", "en"], in: f.root)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            arkitekt: error: 'hook' needs a subcommand: install or uninstall.
            Usage: arkitekt hook install [--force | --chain]
                   arkitekt hook uninstall

            """)
        let nb = try run(["hook"], in: f.root)
        #expect(nb.stderr.hasPrefix("arkitekt: feil: «hook» trenger en underkommando: install eller uninstall.\nBruk: "), "\(nb.stderr)")
        let rulesHelp = try run(["rules", "--help"], in: f.root)
        #expect(rulesHelp.stdout.contains("arkitekt rules [--format <format>]"), "\(rulesHelp.stdout)")
        #expect(rulesHelp.stdout.contains("arkitekt rules test <pack>"), "\(rulesHelp.stdout)")
    }

    /// Help paragraphs are wrapped by the argument parser alone: no line of the text before the
    /// usage ends where the next word would still have fitted in 80 columns.
    @Test func helpParagraphsAreWrappedOnce() throws {
        let f = try KitFixture(git: false)
        for command in [[], ["check"], ["diff"], ["changelog"], ["transitions"], ["rules"], ["rules", "test"], ["explain"], ["hook"], ["hook", "install"]] {
            let help = try run(command + ["--help"], in: f.root)
            #expect(help.status == 0, "\(command)")
            let head = help.stdout.components(separatedBy: "\nUSAGE:").first ?? ""
            let lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
                let word = next.split(separator: " ").first.map(String.init) ?? ""
                #expect(line.count + 1 + word.count >= 80, "\(command): '\(line)' is followed by '\(word)', which fitted in 79 columns")
            }
        }
    }
}

import ArkitektGit
import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

@Suite("check: where the landscape is read from")
struct SourceModeTests {
    /// Two commits: v1 (annotated tag) holds a clean group; the second adds a broken one.
    static func twoCommits() throws -> (KitFixture, first: String, second: String) {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.write("README.md", "# landscape\n")
        let first = try f.commitAll("first")
        try f.git("tag", "-a", "-m", "version 1", "v1")
        try f.git("tag", "light", first)
        try f.write("architecture/b.yaml", Doc.brokenGroup("b"))
        let second = try f.commitAll("second")
        return (f, first, second)
    }

    @Test func workTreeReadsTrackedAndUntrackedButNotIgnored() throws {
        let f = try KitFixture()
        try f.write(".gitignore", "architecture/ignored/\n*.local.yaml\n")
        try f.write("architecture/tracked.yaml", Doc.group("tracked"))
        try f.commitAll("tracked")
        try f.write("architecture/untracked.yaml", Doc.warningGroup("untracked"))
        try f.write("architecture/ignored/x.yaml", Doc.brokenGroup("ignored"))
        try f.write("architecture/mine.local.yaml", Doc.brokenGroup("local"))
        try f.write("elsewhere/outside.yaml", Doc.brokenGroup("outside"))
        let report = try f.report(.workTree)
        #expect(report.summary["elements"] == 2)
        #expect(report.summary["files"] == 2)
        #expect(report.findings.map(\.file) == ["architecture/untracked.yaml"])
        #expect(report.rules == ["unknown-field"])
    }

    @Test func workTreeReadsTheDiskNotTheIndex() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.commitAll("clean")
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        #expect(try f.report(.workTree).rules == ["schema"])
        try f.remove("architecture/a.yaml")
        // The only file is gone from the disk (not from the index): there is nothing to check.
        let deleted = try #require(f.checkError(.workTree))
        #expect(deleted.text(.en).hasPrefix("No landscape found"), "\(deleted.text(.en))")
        #expect(try f.report(.staged).rules.isEmpty)
    }

    @Test(arguments: ["v1", "light", "HEAD~1", "main~1", "v1^{commit}", "v1^{tree}", "HEAD^"])
    func revisionsOfTheFirstCommit(rev: String) throws {
        let (f, _, _) = try Self.twoCommits()
        // The disk has yet another state: it must not matter.
        try f.write("architecture/c.yaml", Doc.brokenGroup("c"))
        let output = try f.check(.revision(rev))
        #expect(output.exitCode == 0)
        let report = try Report(json: output.stdout)
        #expect(report.findings.isEmpty)
        #expect(report.summary["elements"] == 1)
    }

    @Test(arguments: ["main", "HEAD", "refs/heads/main"])
    func revisionsOfTheSecondCommit(rev: String) throws {
        let (f, _, _) = try Self.twoCommits()
        try f.remove("architecture/b.yaml")
        let output = try f.check(.revision(rev))
        #expect(output.exitCode == 1)
        let report = try Report(json: output.stdout)
        #expect(report.rules == ["schema"])
        #expect(report.findings.first?.file == "architecture/b.yaml")
        #expect(report.summary["elements"] == 2)
    }

    @Test func commitIdsFullAndShort() throws {
        let (f, first, second) = try Self.twoCommits()
        #expect(try f.check(.revision(first)).exitCode == 0)
        #expect(try f.check(.revision(String(first.prefix(7)))).exitCode == 0)
        #expect(try f.check(.revision(second)).exitCode == 1)
        #expect(try f.check(.revision(String(second.prefix(10)))).exitCode == 1)
    }

    @Test func otherBranch() throws {
        let (f, first, _) = try Self.twoCommits()
        try f.git("branch", "feature", first)
        #expect(try f.check(.revision("feature")).exitCode == 0)
    }

    @Test func stagedReadsTheIndex() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        try f.commitAll("broken")
        // Fix and stage it, then break the file on disk again.
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.git("add", "architecture/a.yaml")
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))

        let staged = try f.check(.staged)
        #expect(staged.exitCode == 0)
        #expect(try Report(json: staged.stdout).findings.isEmpty)
        let work = try f.check(.workTree)
        #expect(work.exitCode == 1)
        #expect(try Report(json: work.stdout).rules == ["schema"])
        #expect(try f.check(.revision("HEAD")).exitCode == 1)
    }

    @Test func stagedBrokenWhileWorkTreeIsClean() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.commitAll("clean")
        try f.write("architecture/new.yaml", Doc.brokenGroup("new"))
        try f.git("add", "architecture/new.yaml")
        try f.remove("architecture/new.yaml")
        #expect(try f.report(.staged).rules == ["schema"])
        #expect(try f.report(.workTree).findings.isEmpty)
        #expect(try f.report(.revision("HEAD")).findings.isEmpty)
    }

    @Test func stagedSeesNewFilesOnlyOnceAdded() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.commitAll("clean")
        try f.write("architecture/b.yaml", Doc.brokenGroup("b"))
        #expect(try f.report(.staged).findings.isEmpty, "untracked files are not in the index")
        try f.git("add", "architecture/b.yaml")
        #expect(try f.report(.staged).rules == ["schema"])
    }

    @Test func sameContentGivesTheSameReportInEveryMode() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.write("architecture/b.yaml", Doc.brokenGroup("b"))
        try f.write("architecture/sub/c.yml", Doc.warningGroup("c") + "---\n" + Doc.group("a"))
        try f.write("architecture/bad.yaml", "a: [1,\n")
        try f.commitAll("all")
        let work = try f.check(.workTree)
        let staged = try f.check(.staged)
        let head = try f.check(.revision("HEAD"))
        let main = try f.check(.revision("main"))
        #expect(work.stdout == staged.stdout)
        #expect(work.stdout == head.stdout)
        #expect(work.stdout == main.stdout)
        #expect(Set([work.exitCode, staged.exitCode, head.exitCode]) == [1])
        let report = try Report(json: work.stdout)
        #expect(Set(report.rules) == ["schema", "unknown-field", "yaml-syntax", "duplicate-name"])
        #expect(report.summary["files"] == 4)
    }

    @Test func bareRepositoryWithRevision() throws {
        let (f, _, _) = try Self.twoCommits()
        let bare = f.temp.url("bare.git")
        try f.cli.run("clone", "-q", "--bare", f.root, bare, in: f.temp.path)
        let head = try f.check(.revision("HEAD"), path: bare)
        #expect(head.exitCode == 1)
        let report = try Report(json: head.stdout)
        #expect(report.rules == ["schema"])
        #expect(report.findings.first?.file == "architecture/b.yaml")
        #expect(try f.check(.revision("v1"), path: bare).exitCode == 0)
        // The same revision gives the same report in the bare clone as in the original.
        #expect(try f.check(.revision("HEAD"), path: f.root).stdout == head.stdout)
    }

    @Test func bareRepositoryWithoutRevisionIsAnInputError() throws {
        let (f, _, _) = try Self.twoCommits()
        let bare = f.temp.url("bare.git")
        try f.cli.run("clone", "-q", "--bare", f.root, bare, in: f.temp.path)
        let error = try #require(f.checkError(.workTree, path: bare))
        let text = error.text(.en)
        #expect(text.contains("bare"))
        #expect(text.contains("--rev"))
        #expect(!text.contains("\n"))
    }

    @Test func plainDirectoryWithoutGit() throws {
        let f = try KitFixture(git: false)
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.write("architecture/b.yaml", Doc.brokenGroup("b"))
        let output = try f.check(.workTree)
        #expect(output.exitCode == 1)
        let report = try Report(json: output.stdout)
        #expect(report.findings.map(\.file) == ["architecture/b.yaml"])
        #expect(report.summary["elements"] == 2)
        #expect(report.summary["files"] == 2)
    }

    @Test func plainDirectoryRejectsRevisionAndStaged() throws {
        let f = try KitFixture(git: false)
        try f.write("architecture/a.yaml", Doc.group("a"))
        for selection in [SourceSelection.revision("HEAD"), .staged] {
            let error = try #require(f.checkError(selection))
            #expect(error.text(.en).contains("not a git repository"))
            #expect(!error.text(.en).contains("\n"))
        }
    }

    @Test func plainDirectoryAndRepositoryGiveTheSameReport() throws {
        let repo = try KitFixture()
        let plain = try KitFixture(git: false)
        for f in [repo, plain] {
            try f.write("architecture/a.yaml", Doc.warningGroup("a"))
            try f.write("architecture/x/b.yaml", Doc.brokenGroup("b"))
        }
        try repo.commitAll("all")
        #expect(try repo.check(.workTree).stdout == plain.check(.workTree).stdout)
    }

    @Test func subdirectoryHasItsOwnConfigurationAndKeepsRepositoryPaths() throws {
        let f = try KitFixture()
        try f.write("architecture/root.yaml", Doc.brokenGroup("root"))
        try f.write("teams/alpha/.arkitekt.yaml", Doc.config("  paths: [landskap]\n  language: en"))
        try f.write("teams/alpha/landskap/g.yaml", Doc.warningGroup("g"))
        try f.write("teams/alpha/architecture/ignored.yaml", Doc.brokenGroup("ignored"))
        try f.commitAll("all")
        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let output = try f.check(selection, language: nil, path: f.root + "/teams/alpha")
            #expect(output.exitCode == 0, "\(selection)")
            let report = try Report(json: output.stdout)
            #expect(report.findings.map(\.file) == ["teams/alpha/landskap/g.yaml"], "\(selection)")
            #expect(report.findings.first?.message.hasPrefix("Unknown field") == true, "the subdirectory's configuration applies")
            #expect(report.summary["elements"] == 1)
        }
        // From the root, the root's default paths apply.
        #expect(try f.report(.workTree).findings.map(\.file) == ["architecture/root.yaml"])
    }

    @Test func configuredPathsAreRead() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [docs/arch, ./more/]"))
        try f.write("docs/arch/a.yaml", Doc.brokenGroup("a"))
        try f.write("more/b.yml", Doc.group("b"))
        try f.write("more/notes.md", "not yaml: [\n")
        try f.write("architecture/c.yaml", Doc.brokenGroup("c"))
        let report = try f.report()
        #expect(report.findings.map(\.file) == ["docs/arch/a.yaml"])
        #expect(report.summary["elements"] == 2)
        #expect(report.summary["files"] == 2)
    }

    @Test func analyseGivesTheLandscapeAndSortedFindings() throws {
        let (f, _, _) = try Self.twoCommits()
        try f.write("architecture/c.yaml", Doc.warningGroup("c"))
        let workspace = try Workspace(path: f.root, selection: .workTree)
        let analysis = try Kit.analyse(workspace, today: Day(year: 2026, month: 6, day: 1)!)
        #expect(analysis.landscape.elements.map(\.ref.description) == ["group:a", "group:b", "group:c"])
        #expect(analysis.landscape.fileCount == 3)
        #expect(analysis.result.findings.map(\.rule) == ["schema", "unknown-field"])
        #expect(analysis.result.findings.map(\.severity) == [.error, .warning])
        #expect(analysis.result.findings.map(\.principle) == ["kjerne", "kjerne"])
        #expect(analysis.result.suppressed.isEmpty)
        #expect(analysis.config.paths == ["architecture"])
        let old = try Kit.analyse(try Workspace(path: f.root, selection: .revision("v1")), today: Day(year: 2026, month: 6, day: 1)!)
        #expect(old.landscape.elements.map(\.name) == ["a"])
        #expect(old.result.findings.isEmpty)
        #expect(workspace.prefix == "")
        // A folder inside the landscape finds the landscape above it, as git finds .git.
        #expect(try Workspace(path: f.root + "/architecture", selection: .workTree).prefix == "")
    }

    @Test func repositoryWithoutCommits() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        #expect(try f.report(.workTree).rules == ["schema"])
        let nothingStaged = try #require(f.checkError(.staged), "nothing is staged yet")
        #expect(nothingStaged.text(.en).hasPrefix("No landscape found: no .yaml or .yml file under architecture/ in the index"),
                "\(nothingStaged.text(.en))")
        try f.git("add", "-A")
        #expect(try f.report(.staged).rules == ["schema"])
    }

    @Test func overlappingPathsReadEachFileOnce() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [architecture, architecture/sub, ./architecture/]"))
        try f.write("architecture/sub/a.yaml", Doc.group("a"))
        try f.write("architecture/b.yaml", Doc.group("b"))
        let report = try f.report()
        #expect(report.findings.isEmpty, "no duplicate-name from reading a file twice")
        #expect(report.summary["elements"] == 2)
        #expect(report.summary["files"] == 2)
    }

    /// `.yaml` and `.yml` in any letter case are landscape files (`B.YAML` is one on the file
    /// systems of Windows and macOS); nothing else is.
    @Test func ymlAndYamlInAnyCaseAreReadOtherExtensionsAreNot() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.write("architecture/b.yml", Doc.group("b"))
        try f.write("architecture/c.YAML", Doc.group("c"))
        try f.write("architecture/d.Yml", Doc.group("d"))
        for other in ["e.json", "f.yaml.bak", "g.txt", "yaml", "h.yamlx"] {
            try f.write("architecture/" + other, "broken: [\n")
        }
        for selection in [SourceSelection.workTree, .staged] {
            if selection == .staged { try f.git("add", "-A") }
            let report = try f.report(selection)
            #expect(report.findings.isEmpty, "\(selection)")
            #expect(report.summary["files"] == 4, "\(selection)")
            #expect(report.summary["elements"] == 4, "\(selection)")
        }
    }

    @Test func configurationIsReadFromTheSelectedSource() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: en"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        try f.commitAll("english")
        try f.write(".arkitekt.yaml", Doc.config("  language: nb"))
        let head = try Report(json: try f.check(.revision("HEAD"), language: nil).stdout)
        let work = try Report(json: try f.check(.workTree, language: nil).stdout)
        #expect(head.findings.first?.message.hasPrefix("Unknown field") == true)
        #expect(work.findings.first?.message.hasPrefix("Ukjent felt") == true)
    }
}

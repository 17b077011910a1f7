import ArkitektGit
import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

@Suite("check: broken landscape files are findings")
struct BadInputTests {
    /// A repository with one good file and `bytes` at architecture/bad.yaml (committed, so every mode sees it).
    static func with(_ bytes: [UInt8]) throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/good.yaml", Doc.group("good"))
        try f.write("architecture/bad.yaml", bytes: bytes)
        try f.commitAll("bad input")
        return f
    }

    @Test func yamlSyntaxError() throws {
        let f = try Self.with(Array((Doc.group("x") + "  email: [unclosed\n").utf8))
        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let output = try f.check(selection)
            #expect(output.exitCode == 1)
            let report = try Report(json: output.stdout)
            let finding = try #require(report.findings.first)
            #expect(report.findings.count == 1)
            #expect(finding.rule == "yaml-syntax")
            #expect(finding.severity == "error")
            #expect(finding.element == nil)
            #expect(finding.file == "architecture/bad.yaml")
            #expect("\(finding.line):\(finding.column)" == "8:1")
            #expect(report.summary["elements"] == 1, "nothing of the broken file is loaded")
            #expect(report.summary["files"] == 2)
        }
    }

    @Test func emptyFileIsClean() throws {
        let f = try Self.with([])
        let output = try f.check()
        #expect(output.exitCode == 0)
        let report = try Report(json: output.stdout)
        #expect(report.findings.isEmpty)
        #expect(report.summary["files"] == 2)
        #expect(report.summary["elements"] == 1)
    }

    @Test func notUTF8NamesTheFile() throws {
        let f = try Self.with(Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: x\n  title: Bl".utf8) + [0xE5, 0x0A])
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            let output = try f.check(selection)
            #expect(output.exitCode == 1)
            let report = try Report(json: output.stdout)
            #expect(report.findings.count == 1)
            let finding = try #require(report.findings.first)
            #expect(finding.rule == "yaml-syntax")
            #expect(finding.file == "architecture/bad.yaml")
            #expect(finding.line == 5 && finding.column == 12)
            #expect(finding.message.contains("UTF-8"))
        }
        let text = try f.check(format: .text).stdout
        #expect(text.hasPrefix("architecture/bad.yaml:5:12: error: "))
    }

    @Test func utf8WithByteOrderMarkLoads() throws {
        let f = try Self.with([0xEF, 0xBB, 0xBF] + Array(Doc.brokenGroup("bom").utf8))
        let report = try f.report()
        #expect(report.rules == ["schema"], "the file is read; its one finding is the bad enum value")
        #expect(report.summary["elements"] == 2)
        #expect(report.findings.first?.line == 6 && report.findings.first?.column == 9)
    }

    @Test func tabsInIndentation() throws {
        let f = try Self.with(Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n\tname: x\n".utf8))
        let report = try f.report()
        #expect(report.findings.map(\.rule) == ["yaml-syntax"])
        #expect(report.findings.first?.line == 4 && report.findings.first?.column == 1)
    }

    @Test func twentyMegabyteFileIsAResourceLimitFinding() throws {
        let f = try KitFixture()
        try f.write("architecture/good.yaml", Doc.group("good"))
        var big = Array(Doc.group("big").utf8)
        big += [UInt8](repeating: 0x0A, count: 20 * 1024 * 1024)
        try f.write("architecture/big.yaml", bytes: big)
        let output = try f.check()
        #expect(output.exitCode == 1)
        let report = try Report(json: output.stdout)
        #expect(report.findings.map(\.rule) == ["resource-limit"])
        let finding = try #require(report.findings.first)
        #expect(finding.file == "architecture/big.yaml")
        #expect(finding.element == nil)
        #expect(finding.severity == "error")
        #expect(report.summary["elements"] == 1)
        #expect(report.summary["files"] == 2)
    }

    @Test func aliasBombIsAFinding() throws {
        var bomb = Doc.group("bomb") + "x-bomb:\n"
        bomb += "  l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]\n"
        for level in 1..<10 {
            bomb += "  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let f = try Self.with(Array(bomb.utf8))
        let output = try f.check()
        #expect(output.exitCode == 1)
        let report = try Report(json: output.stdout)
        #expect(report.findings.map(\.rule) == ["resource-limit"])
        #expect(report.findings.first?.file == "architecture/bad.yaml")
        #expect(report.summary["elements"] == 1)
    }

    @Test(arguments: ["- a\n- b\n", "just a sentence\n", "[1, 2]\n"])
    func documentThatIsNotAMap(text: String) throws {
        let f = try Self.with(Array(text.utf8))
        let output = try f.check()
        #expect(output.exitCode == 1)
        let report = try Report(json: output.stdout)
        #expect(report.findings.map(\.rule) == ["schema"])
        let finding = try #require(report.findings.first)
        #expect(finding.element == nil)
        #expect(finding.file == "architecture/bad.yaml")
        #expect(finding.line == 1 && finding.column == 1)
    }

    /// `<<: *s` inside the very mapping `s` anchors is valid YAML (a recursive node) and hostile input:
    /// it must give a finding or an error, never a crash. Run through the executable so that a
    /// crash shows as a failed test rather than a dead test run.
    /// In a landscape file it is a `yaml-syntax` finding at the alias (exit 1); in the
    /// configuration the run stops there (exit 2).
    @Test(arguments: [
        ("architecture/g.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: g\nspec: &s\n  <<: *s\n  type: team\n", 1, "6:7"),
        ("architecture/g.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata:\n  name: s\nspec:\n  security: &s {<<: [{<<: *s}]}\n", 1, "6:27"),
        (".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec: &s\n  <<: *s\n", 2, "4:7"),
    ] as [(String, String, Int32, String)])
    func recursiveMergeKeyDoesNotCrash(path: String, text: String, status: Int32, position: String) throws {
        let f = try KitFixture(git: false)
        try f.write(path, text)
        if path == ".arkitekt.yaml" { try f.write("architecture/a.yaml", Doc.group("a")) }
        let result = try Executable().run(["check", f.root, "--lang", "en", "--format", "json"], in: f.root,
                                          environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == status, "stderr: \(result.stderr.prefix(300))")
        let recursive = "recursive alias '*s': the alias is inside the node it names"
        if status == 1 {
            let report = try Report(json: result.stdout)
            #expect(report.findings.map { "\($0.rule) \($0.file):\($0.line):\($0.column)" } == ["yaml-syntax \(path):\(position)"])
            #expect(report.findings.first?.message.contains(recursive) == true)
            #expect(result.stderr.isEmpty)
        } else {
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("arkitekt: error: \(path):\(position): YAML error: "))
            #expect(result.stderr.contains(recursive))
        }
    }

    @Test func brokenFileDoesNotHideOtherFiles() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        try f.write("architecture/b.yaml", "a: [\n")
        try f.write("architecture/c.yaml", Doc.warningGroup("c"))
        let report = try f.report()
        #expect(report.findings.map(\.rule) == ["schema", "yaml-syntax", "unknown-field"])
        #expect(report.summary["elements"] == 2)
    }

    @Test func symlinkOutOfTheRepositoryIsSkipped() throws {
        let f = try KitFixture()
        try f.temp.write("outside/secret.yaml", Doc.group("secret"))
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.temp.symlink("repo/architecture/link.yaml", to: f.temp.url("outside/secret.yaml"))
        let report = try f.report()
        #expect(report.summary["elements"] == 1)
        #expect(report.findings.map(\.rule) == ["skipped-document"])
        #expect(report.findings.first?.file == "architecture/link.yaml")
    }
}

@Suite("check: input errors exit 2 with one line")
struct InputErrorTests {
    @Test func unknownRevision() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.commitAll("one")
        for rev in ["nope", "v9", "HEAD~5", "0123456789abcdef0123456789abcdef01234567"] {
            let error = try #require(f.checkError(.revision(rev)))
            let text = error.text(.en)
            #expect(text.contains("'\(rev)'"), "\(text)")
            #expect(text.contains("Unknown revision"))
            #expect(!text.contains("\n"))
            #expect(error.text(.nb).contains("Ukjent revisjon"))
        }
    }

    @Test func revisionInAnEmptyRepository() throws {
        let f = try KitFixture()
        let error = try #require(f.checkError(.revision("HEAD")))
        #expect(!error.text(.en).contains("\n"))
        #expect(error.text(.en).contains("HEAD"))
    }

    @Test func pathThatIsNeitherRepositoryNorDirectory() throws {
        let f = try KitFixture(git: false)
        let missing = f.temp.url("does-not-exist")
        let error = try #require(f.checkError(.workTree, path: missing))
        #expect(error.text(.en).contains(missing))
        #expect(error.text(.en) == "'\(missing)' does not exist.")
        #expect(error.text(.nb) == "«\(missing)» finnes ikke.")
        #expect(!error.text(.en).contains("\n"))
        try f.temp.write("file.txt", "plain file\n")
        let fileError = try #require(f.checkError(.workTree, path: f.temp.url("file.txt")))
        #expect(fileError.text(.en).contains("file.txt"))
    }

    @Test func brokenConfigurationNamesFileLineAndColumn() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  pahts: [architecture]"))
        try f.write("architecture/a.yaml", Doc.group("a"))
        let error = try #require(f.checkError())
        #expect(error.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 3))
        let text = error.text(.en)
        #expect(text.hasPrefix(".arkitekt.yaml:4:3: "))
        #expect(text.contains("pahts"))
        #expect(!text.contains("\n"))
    }

    @Test func configurationSyntaxErrorNamesItsPlace() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  paths: [a\n")
        let error = try #require(f.checkError())
        // The list is left open to the end of the file, where libyaml notices: line 5, column 1.
        #expect(error.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 5, column: 1))
        #expect(error.text(.en) == ".arkitekt.yaml:5:1: YAML error: a list in [ ] is not closed, or lacks a comma between its values. "
                + "Fix the syntax; no element of this file was read.")
    }

    @Test func configurationIsCheckedInEveryMode() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: de"))
        try f.commitAll("bad config")
        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let error = try #require(f.checkError(selection))
            #expect(error.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 13), "\(selection)")
        }
    }

    @Test func unknownRuleInSeverityIsAnError() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  severity:\n    unknown-feild: off"))
        let error = try #require(f.checkError())
        #expect(error.location?.line == 5)
        #expect(error.text(.en).contains("Did you mean 'unknown-field'?"))
    }

    @Test func configurationErrorInASubdirectoryNamesTheRepositoryPath() throws {
        // Findings name files relative to the repository; so must a broken configuration of a
        // landscape in a subdirectory, or the message points at the root's .arkitekt.yaml.
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: en"))
        try f.write("teams/alpha/.arkitekt.yaml", Doc.config("  pahts: [landskap]"))
        let error = try #require(f.checkError(.workTree, path: f.root + "/teams/alpha"))
        #expect(error.location?.line == 4 && error.location?.column == 3)
        #expect(error.location?.file == "teams/alpha/.arkitekt.yaml")
    }

    @Test func configurationPathOutsideTheRepository() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  paths: [../elsewhere]"))
        let error = try #require(f.checkError())
        #expect(error.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 11))
    }
}

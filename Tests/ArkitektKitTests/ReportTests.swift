import ArkitektGit
import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

@Suite("check: output, exit codes and language")
struct ReportTests {
    /// Several files with findings at several places, two of them at the same place.
    static func busy() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/b.yaml", Doc.brokenGroup("b") + "---\n" + Doc.warningGroup("b2"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a") + "---\n" + Doc.brokenGroup("a2"))
        // The same name again: duplicate-name. A data entity without apiVersion, owner, definition or
        // concept: several rules at the start of its document.
        try f.write("architecture/c.yaml", Doc.group("a"))
        try f.write("architecture/d.yaml", "kind: DataEntity\nmetadata:\n  name: person\n")
        try f.write("architecture/Z.yaml", "- not a map\n")
        try f.write("architecture/æ.yaml", "a: [\n")
        try f.commitAll("busy")
        return f
    }

    @Test func jsonShapeIsTheDocumentedOne() throws {
        let f = try Self.busy()
        let output = try f.check(.workTree, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(finding["rule"] is String)
            #expect(finding["principle"] is String)
            #expect(["error", "warning", "info"].contains(finding["severity"] as? String ?? ""))
            #expect(finding["element"] is String || finding["element"] is NSNull)
            #expect(finding["file"] is String)
            #expect(finding["line"] is Int)
            #expect(finding["column"] is Int)
            #expect(finding["message"] is String)
        }
        let summary = try #require(object["summary"] as? [String: Any])
        for key in ["error", "warning", "info", "elements", "files"] {
            #expect(summary[key] is Int, "summary.\(key)")
        }
        #expect(output.stdout.hasSuffix("}\n"))
    }

    @Test func jsonValuesAreRight() throws {
        let f = try Self.busy()
        let report = try f.report()
        let broken = try #require(report.findings.first { $0.element == "group:b" })
        #expect(broken == Report.Finding(
            rule: "schema", principle: "kjerne", severity: "error", element: "group:b",
            file: "architecture/b.yaml", line: 6, column: 9,
            message: broken.message, detail: "spec.type"))
        #expect(broken.message.contains("departmnet"))
        #expect(broken.message.contains("Did you mean 'department'?"))
        let warning = try #require(report.findings.first { $0.element == "group:b2" })
        #expect(warning.rule == "unknown-field")
        #expect(warning.severity == "warning")
        #expect(warning.line == 14 && warning.column == 3)
        let syntax = try #require(report.findings.first { $0.rule == "yaml-syntax" })
        #expect(syntax.element == nil)
        #expect(syntax.file == "architecture/æ.yaml")
        let notMap = try #require(report.findings.first { $0.file == "architecture/Z.yaml" })
        #expect(notMap.rule == "schema")
        #expect(notMap.element == nil)
        let counts = Dictionary(grouping: report.findings, by: \.severity).mapValues(\.count)
        #expect(report.summary["error"] == counts["error", default: 0])
        #expect(report.summary["warning"] == counts["warning", default: 0])
        #expect(report.summary["info"] == counts["info", default: 0])
        #expect(report.summary["files"] == 6)
        #expect(report.summary["elements"] == 6)
    }

    @Test func findingsAreSortedByFileLineColumnRule() throws {
        let report = try Self.busy().report()
        let keys = report.findings.map { ($0.file, $0.line, $0.column, $0.rule) }
        for (a, b) in zip(keys, keys.dropFirst()) {
            let ordered: Bool
            if a.0 != b.0 { ordered = a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            else if a.1 != b.1 { ordered = a.1 < b.1 }
            else if a.2 != b.2 { ordered = a.2 < b.2 }
            else { ordered = !b.3.utf8.lexicographicallyPrecedes(a.3.utf8) }
            #expect(ordered, "\(a) before \(b)")
        }
        // Files in byte order (Z before a before æ), and two rules at one place ordered by rule.
        #expect(report.findings.map(\.file).first == "architecture/Z.yaml")
        #expect(report.findings.map(\.file).last == "architecture/æ.yaml")
        // Ties on the place are broken by rule.
        let places = Dictionary(grouping: report.findings) { "\($0.file):\($0.line):\($0.column)" }
        let shared = try #require(places["architecture/d.yaml:1:1"])
        #expect(shared.count >= 2)
        #expect(shared.map(\.rule) == shared.map(\.rule).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(shared.map(\.rule).contains("schema"))
        #expect(report.findings.contains { $0.rule == "duplicate-name" && $0.file == "architecture/c.yaml" })
    }

    /// The same content read from the work tree, the index and a commit gives the same bytes.
    /// (Two runs compared across processes, for the hash seed: DeterminismTests.)
    @Test(arguments: [OutputFormat.text, .json])
    func outputIsTheSameFromEverySource(format: OutputFormat) throws {
        let f = try Self.busy()
        let first = try f.check(.workTree, format: format)
        for selection in [SourceSelection.staged, .revision("HEAD")] {
            let again = try f.check(selection, format: format)
            #expect(again.stdout == first.stdout)
            #expect(again.exitCode == first.exitCode)
        }
    }

    @Test func textOutputHasOneLinePerFindingAndASummary() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        let text = try f.check(.workTree, format: .text).stdout
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("architecture/a.yaml:6:9: error: "))
        #expect(lines[0].hasSuffix("[schema]"))
        #expect(lines[1] == "1 error, 0 warnings, 0 info in 1 element from 1 file.")
        #expect(lines[2] == "")
        #expect(!text.contains("\u{1B}"), "no colour unless asked")
    }

    @Test func jsonEscapesEverythingItWrites() throws {
        let f = try KitFixture()
        let value = "q\"b\\s\tt\u{7}c\u{1F}æ😀/"
        let yamlValue = "q\\\"b\\\\s\\tt\\ac\\x1Fæ😀/"
        try f.write("architecture/sær \"navn\" \\.yaml", Doc.group("a", type: "\"" + yamlValue + "\""))
        let report = try f.report()
        let finding = try #require(report.findings.first)
        #expect(finding.file == "architecture/sær \"navn\" \\.yaml")
        #expect(finding.message.contains("'" + value + "'"), "\(finding.message)")
    }

    @Test func textKeepsOneLinePerFindingWhenAValueHasALineBreak() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a", type: "\"first\\nsecond\""))
        let report = try f.report()
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.message.contains("first\nsecond") == true, "JSON keeps the value as written")
        let text = try f.check(.workTree, format: .text).stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "one finding line and the summary: \(lines)")
        #expect(lines.first?.hasSuffix("[schema]") == true)
    }

    @Test func exitCodes() throws {
        let clean = try KitFixture()
        try clean.write("architecture/a.yaml", Doc.group("a"))
        #expect(try clean.check().exitCode == 0)
        #expect(try clean.check(failOn: .info).exitCode == 0)

        let error = try KitFixture()
        try error.write("architecture/a.yaml", Doc.brokenGroup("a"))
        #expect(try error.check().exitCode == 1)
        #expect(try error.check(failOn: .error).exitCode == 1)
        #expect(try error.check(failOn: .warning).exitCode == 1)
        #expect(try error.check(failOn: .never).exitCode == 0)

        let warning = try KitFixture()
        try warning.write("architecture/a.yaml", Doc.warningGroup("a"))
        #expect(try warning.check().exitCode == 0)
        #expect(try warning.check(failOn: .warning).exitCode == 1)
        #expect(try warning.check(failOn: .info).exitCode == 1)
        #expect(try warning.check(failOn: .never).exitCode == 0)
    }

    @Test func infoOnlyFailsOnlyAtInfo() throws {
        let f = try KitFixture()
        // A Backstage descriptor of a kind the landscape has no place for is skipped with an info finding.
        try f.write("architecture/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Template\nmetadata:\n  name: x\n")
        let report = try f.report()
        #expect(report.rules == ["skipped-document"])
        #expect(report.findings.first?.severity == "info")
        #expect(report.findings.first?.element == nil)
        #expect(report.summary["elements"] == 0)
        #expect(try f.check(failOn: .warning).exitCode == 0)
        #expect(try f.check(failOn: .info).exitCode == 1)
    }

    @Test func severityOverrideFromConfiguration() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  severity:\n    unknown-field: error"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        let output = try f.check()
        #expect(output.exitCode == 1)
        #expect(try Report(json: output.stdout).findings.first?.severity == "error")
    }

    @Test func languageFromTheCommandLine() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        let en = try f.check(format: .text, language: .en).stdout
        let nb = try f.check(format: .text, language: .nb).stdout
        #expect(en.contains("Unknown field 'spec.emial'"))
        #expect(en.contains("Did you mean 'email'?"))
        #expect(en.contains("0 errors, 1 warning, 0 info"))
        #expect(nb.contains("Ukjent felt «spec.emial»"))
        #expect(nb.contains("Mente du «email»?"))
        #expect(nb.contains("0 feil, 1 advarsel, 0 info i 1 element fra 1 fil."))
        // Same finding, same place, different words.
        #expect(en.hasPrefix("architecture/a.yaml:7:3: warning: "))
        #expect(nb.hasPrefix("architecture/a.yaml:7:3: warning: "))
        let jsonEn = try f.report(language: .en), jsonNb = try f.report(language: .nb)
        #expect(jsonEn.findings.map(\.rule) == jsonNb.findings.map(\.rule))
        #expect(jsonEn.findings.first?.message != jsonNb.findings.first?.message)
    }

    @Test func defaultLanguageIsBokmal() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        #expect(try f.check(format: .text, language: nil).stdout.contains("Ukjent felt"))
    }

    @Test func languageFromTheConfigurationUnlessGiven() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: en"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        #expect(try f.check(format: .text, language: nil).stdout.contains("Unknown field 'spec.emial'"))
        #expect(try f.check(format: .text, language: .nb).stdout.contains("Ukjent felt «spec.emial»"), "the command line wins")
    }
}

import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The bundled Fjordvik sample (samples/landscape) and its history (samples/history/build.sh).
@Suite("bundled sample")
struct SampleTests {
    static let root = packageRoot()
    static let landscape = root + "/samples/landscape"

    @Test func sampleLoadsWithoutSyntaxOrSchemaFindings() throws {
        let workspace = try Workspace(path: Self.landscape, selection: .workTree)
        let config = try workspace.config()
        let files = try workspace.files(under: config.paths)
        #expect(files.count == 62)
        let (landscape, findings) = Kit.load(files)
        #expect(landscape.elements.count == 121)
        #expect(findings.filter { $0.rule == "yaml-syntax" }.isEmpty)
        #expect(findings.filter { $0.rule == "schema" }.map { "\($0.location): \($0.message.en)" } == [])
        #expect(findings.filter { $0.rule == "resource-limit" }.isEmpty)
        // The one deliberate loader finding (FINDINGS.md #1): `onwer:` in fdv.yaml.
        let unknown = findings.filter { $0.rule == "unknown-field" }
        #expect(unknown.map(\.detail) == ["spec.onwer"])
        #expect(unknown.first?.location.file.hasSuffix("architecture/systemer/teknisk/fdv.yaml") == true)
        #expect(unknown.first?.location.line == 9)
        // Every kind is represented.
        #expect(Set(landscape.elements.map(\.kind)) == Set(Kind.allCases))
    }

    @Test func checkOfTheSampleRuns() throws {
        var options = CheckOptions()
        options.path = Self.landscape
        options.format = .json
        options.language = .en
        options.date = Day(year: 2026, month: 6, day: 1)
        let output = try Kit.check(options)
        let report = try Report(json: output.stdout)
        #expect(report.summary["elements"] == 121)
        #expect(report.summary["files"] == 62)
        #expect(report.findings("yaml-syntax").isEmpty)
        #expect(report.findings("unknown-field").count == 1)
        #expect(output.exitCode == 1, "the sample has deliberate errors")
    }

    /// One row of FINDINGS.md's tables, or of the report, in the same words.
    struct Row: Hashable, CustomStringConvertible {
        var file, position, element, rule, severity, detail: String
        var description: String { "\(file) \(position) \(element) \(rule) \(severity) [\(detail)]" }
    }

    /// The rows of the Markdown tables in FINDINGS.md: the findings, and (after the line that
    /// begins "Suppressed") the suppressed ones.
    static func findingsMd() throws -> (findings: [Row], suppressed: [Row], summary: String) {
        let text = try String(contentsOfFile: landscape + "/FINDINGS.md", encoding: .utf8)
        var findings: [Row] = [], suppressed: [Row] = [], summary = ""
        var inSuppressed = false
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Suppressed") { inSuppressed = true }
            if line.hasPrefix("## Transitions") { break }
            if line.hasPrefix("Expected summary: ") { summary = String(line.dropFirst("Expected summary: ".count)) }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 10, cells[1] != "#", !cells[1].hasPrefix("-") else { continue }
            func plain(_ cell: String) -> String { cell.replacingOccurrences(of: "`", with: "") }
            let row = Row(file: "samples/landscape/" + plain(cells[2]), position: cells[3], element: plain(cells[4]),
                          rule: plain(cells[5]), severity: cells[6], detail: plain(cells[7]))
            if inSuppressed { suppressed.append(row) } else { findings.append(row) }
        }
        return (findings, suppressed, summary)
    }

    /// FINDINGS.md is the oracle of the sample: every finding and every suppressed one, with its
    /// file, position, element, rule, severity and detail, compared both ways with the report of
    /// the built executable, and the summary line with the report's summary.
    @Test func findingsMatchFindingsMd() throws {
        let expected = try Self.findingsMd()
        #expect(expected.findings.count == 22 && expected.suppressed.count == 1, "the tables of FINDINGS.md were not read")
        let result = try Executable().run(["check", Self.landscape, "--date", "2026-06-01", "--show-suppressed", "--format", "json", "--lang", "en"],
                                          in: Self.root)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        func rows(_ key: String) throws -> [Row] {
            let list = try #require(object[key] as? [[String: Any]], "no \(key) in the report")
            return list.map { f in
                Row(file: f["file"] as? String ?? "", position: "\(f["line"] as? Int ?? 0):\(f["column"] as? Int ?? 0)",
                    element: f["element"] as? String ?? "", rule: f["rule"] as? String ?? "",
                    severity: f["severity"] as? String ?? "", detail: f["detail"] as? String ?? "")
            }
        }
        let found = try rows("findings"), suppressed = try rows("suppressed")
        #expect(Set(found).subtracting(expected.findings).sorted { $0.description < $1.description } == [], "reported but not in FINDINGS.md")
        #expect(Set(expected.findings).subtracting(found).sorted { $0.description < $1.description } == [], "in FINDINGS.md but not reported")
        #expect(found.count == expected.findings.count)
        #expect(suppressed == expected.suppressed)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(expected.summary == "\(summary["error"] ?? -1) errors, \(summary["warning"] ?? -1) warnings, \(summary["info"] ?? -1) info, "
                + "\(summary["suppressed"] ?? -1) suppressed, \(summary["elements"] ?? -1) elements, \(summary["files"] ?? -1) files.")
    }

    @Test func historyBuildsARepositoryThatChecksAtItsTags() throws {
        let temp = try TempDirectory(prefix: "arkitekt-history")
        let dest = temp.url("fjordvik")
        let build = try runProcess("/usr/bin/env", ["bash", Self.root + "/samples/history/build.sh", dest], in: temp.path,
                                   environment: ["HOME": temp.path])
        try #require(build.status == 0, "build.sh failed: \(build.stderr)")
        let cli = GitCLI(home: temp.path)
        let commits = Int(try cli.run("rev-list", "--count", "HEAD", in: dest).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(commits == 16)
        let tags = try cli.run("tag", "--list", in: dest).split(separator: "\n").map(String.init)
        #expect(tags == ["v2024.1", "v2024.2", "v2025.1", "v2025.2", "v2026.1"])
        #expect(try cli.run("status", "--porcelain", in: dest).isEmpty)

        var options = CheckOptions()
        options.path = dest
        options.format = .json
        options.language = .en
        options.date = Day(year: 2026, month: 6, day: 1)
        // The landscape as it stood at each tag: its size and its errors (samples/history/README.md),
        // judged by today's rules: the rules of Norwegian law find errors in the older states (no
        // data processing agreements, no eID capability) that the last commit, untagged, puts right.
        let expected: [String: (elements: Int, errors: Int)] = [
            "v2024.1": (38, 0), "v2024.2": (80, 7), "v2025.1": (93, 10), "v2025.2": (94, 10), "v2026.1": (116, 16),
        ]
        #expect(Set(tags) == Set(expected.keys))
        for tag in tags {
            options.selection = .revision(tag)
            let output = try Kit.check(options)
            let report = try Report(json: output.stdout)
            #expect(report.summary["elements"] == expected[tag]?.elements, "\(tag)")
            #expect(report.summary["error"] == expected[tag]?.errors, "\(tag)")
            #expect(output.exitCode == ((expected[tag]?.errors ?? 0) > 0 ? 1 : 0), "\(tag)")
        }
        // The newest commit read from git equals the work tree, which equals samples/landscape.
        options.selection = .revision("HEAD")
        let head = try Kit.check(options)
        options.selection = .workTree
        let work = try Kit.check(options)
        options.selection = .staged
        let staged = try Kit.check(options)
        #expect(head.stdout == work.stdout)
        #expect(staged.stdout == work.stdout)
        #expect(try Report(json: head.stdout).summary["elements"] == 121)
        // Fjordvik's history is known here: the two findings that need it (FINDINGS.md, "Findings
        // that need the history"), besides the two that need only the dates.
        let history = try Report(json: head.stdout).findings
            .filter { $0.rule == "risk-assessment-current" || $0.rule == "dpia-review-on-change" }
            .map { "\($0.file):\($0.line):\($0.column) \($0.element ?? "-") \($0.rule) \($0.detail ?? "-")" }
        #expect(history == [
            "architecture/systemer/helse/epj.yaml:21:21 system:epj risk-assessment-current expired",
            "architecture/systemer/okonomi/lonn-hr.yaml:24:15 system:lonn-hr dpia-review-on-change outgoing-personal-integration",
            "architecture/systemer/okonomi/okonomi.yaml:22:21 system:okonomi risk-assessment-current changed",
            "architecture/systemer/oppvekst/oppvekst-admin.yaml:1:1 system:oppvekst-admin risk-assessment-current missing",
        ])
        // An older revision differs from the newest.
        options.selection = .revision("HEAD~3")
        #expect(try Kit.check(options).stdout != head.stdout)
    }
}

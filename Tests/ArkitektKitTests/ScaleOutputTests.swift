import ArkitektTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The CI formats on a landscape of 5,000 elements with more than 5,000 findings: each stays
/// within what the CI system that reads it accepts, and none loses a finding without saying so.
/// Runs the built executable.
@Suite("outputs that hold at scale", .serialized)
struct ScaleOutputTests {
    struct Landscape: @unchecked Sendable {
        let temp: TempDirectory
        var root: String { temp.url("repo") }
        let errors: Int, warnings: Int, infos: Int
        var total: Int { errors + warnings + infos }
    }

    /// 5,000 systems over 50 files and 20 Backstage documents, with the core rules only (`rulePacks: [core]`): a third
    /// with a reference that resolves to nothing (an error), a third with a misspelt field (a
    /// warning), a third with two (two warnings of one rule on one element), and the Backstage
    /// documents skipped (info).
    static let landscape: Landscape? = {
        guard let temp = try? TempDirectory(prefix: "arkitekt-scale") else { return nil }
        var errors = 0, warnings = 0
        do {
            try temp.write("repo/.arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  rulePacks: [core]\n")
            for file in 0..<50 {
                var documents: [String] = []
                for i in 0..<100 {
                    let n = file * 100 + i
                    let spec: String
                    switch n % 3 {
                    case 0: spec = "{uses: [gone-\(n)]}"; errors += 1
                    case 1: spec = "{onwer: it}"; warnings += 1
                    default: spec = "{onwer: it, lifecylce: production}"; warnings += 2
                    }
                    documents.append("apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s\(n)}\nspec: \(spec)\n")
                }
                try temp.write("repo/architecture/f\(file < 10 ? "0" : "")\(file).yaml", documents.joined(separator: "---\n"))
            }
            let backstage = (0..<20).map { "apiVersion: backstage.io/v1alpha1\nkind: Template\nmetadata: {name: c\($0)}\n" }
            try temp.write("repo/architecture/backstage.yaml", backstage.joined(separator: "---\n"))
        } catch {
            return nil
        }
        return Landscape(temp: temp, errors: errors, warnings: warnings, infos: 20)
    }()

    let binary: String
    let land: Landscape

    init() throws {
        binary = try #require(arkitektBinary(), "build the arkitekt product before running the tests")
        land = try #require(Self.landscape)
    }

    func run(_ args: [String], failOn: String = "never", environment: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(binary, args + ["--fail-on", failOn], in: land.root, environment: environment)
    }

    @Test func theLandscapeHasTheFindingsItWasMadeFor() throws {
        let result = try run(["check", "--lang", "en", "--quiet"])
        #expect(result.status == 0)
        #expect(result.stdout == "\(land.errors) errors, \(land.warnings) warnings, \(land.infos) info in 5000 elements from 51 files.\n")
        #expect(land.total > 5_000)
    }

    @Test func junitCountsEachFailingCaseOnceWithOneFailure() throws {
        let result = try run(["check", "--format", "junit"], failOn: "info")
        let bytes = Array(result.stdout.utf8)
        #expect(bytes.count < 30 * 1024 * 1024, "GitLab takes JUnit files under 30 MB: \(bytes.count)")
        let document = try XMLDocument(data: Data(bytes))
        let root = try #require(document.rootElement())
        let cases = try root.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        let failing = cases.filter { !($0.elements(forName: "failure").isEmpty) }
        #expect(cases.allSatisfy { $0.elements(forName: "failure").count <= 1 }, "at most one failure per test case")
        #expect(root.attribute(forName: "failures")?.stringValue == "\(failing.count)")
        #expect(root.attribute(forName: "tests")?.stringValue == "\(cases.count)")
        // One failing case per element and rule (the elements with two misspelt fields are one),
        // and one per file for file-level findings (the 20 skipped documents share their file).
        #expect(failing.count == 5_000 + 1, "\(failing.count)")
        for suite in try root.nodes(forXPath: "//testsuite").compactMap({ $0 as? XMLElement }) {
            let mine = suite.elements(forName: "testcase")
            #expect(suite.attribute(forName: "tests")?.stringValue == "\(mine.count)")
            #expect(suite.attribute(forName: "failures")?.stringValue == "\(mine.filter { !$0.elements(forName: "failure").isEmpty }.count)")
        }
        let twice = try #require(failing.first { ($0.elements(forName: "failure").first?.stringValue ?? "").contains("lifecylce") })
        let failure = try #require(twice.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue?.hasSuffix("(+1 til)") == true)
        #expect(failure.stringValue?.split(separator: "\n").count == 2, "both findings in the one failure")
        // With the default --fail-on error, only the errors fail; the rest pass with their text.
        let errorsOnly = try run(["check", "--format", "junit"], failOn: "error")
        let gate = try XMLDocument(data: Data(errorsOnly.stdout.utf8))
        let gateRoot = try #require(gate.rootElement())
        #expect(gateRoot.attribute(forName: "failures")?.stringValue == "\(land.errors)")
        let notes = try gateRoot.nodes(forXPath: "//testcase[system-out]")
        #expect(notes.count == 5_000 - land.errors + 1, "the elements with warnings and the file with info findings")
        #expect(try gateRoot.nodes(forXPath: "//testcase[failure]/system-out").isEmpty)
    }

    @Test func markdownFitsInAPullRequestComment() throws {
        for language in ["nb", "en"] {
            let result = try run(["check", "--format", "markdown", "--lang", language])
            let text = result.stdout
            #expect(text.utf8.count <= 60_000, "\(text.utf8.count) bytes")
            let items = text.split(separator: "\n").filter { $0.hasPrefix("- ") }
            #expect(items.first?.contains(language == "nb" ? "**feil**" : "**error**") == true, "most severe first")
            let more = language == "nb" ? "… og " : "… and "
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(more) })
            let left = Int(line.dropFirst(more.count).prefix { $0.isNumber }) ?? -1
            #expect(items.count + left == land.total, "\(items.count) listed + \(left) more")
            #expect(text.contains("| `ref-resolves` | \(land.errors) | 0 | 0 |"), "counts per rule")
            #expect(text.contains("| `unknown-field` | 0 | \(land.warnings) | 0 |"))
        }
    }

    @Test func githubAnnotationsStayWithinWhatGitHubShows() throws {
        let summary = land.temp.url("step-summary.md")
        try land.temp.write("step-summary.md", "# Earlier step\n")
        let result = try run(["check", "--format", "github", "--lang", "en"], environment: ["GITHUB_STEP_SUMMARY": summary])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let kinds = lines.map { String($0.dropFirst(2).prefix { $0 != " " && $0 != ":" }) }
        #expect(kinds.filter { $0 == "error" }.count == 10)
        #expect(kinds.filter { $0 == "warning" }.count == 10)
        #expect(kinds.filter { $0 == "notice" }.count == 10)
        #expect(kinds == Array(repeating: "error", count: 10) + Array(repeating: "warning", count: 10) + Array(repeating: "notice", count: 10),
                "the most severe first")
        let last = try #require(lines.last)
        #expect(last.hasPrefix("::notice title=arkitekt::\(land.total - 29) more findings are not shown here: GitHub shows only 10 annotations of each kind per step."), "\(last)")
        // The step summary keeps what was there and holds the whole report.
        let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: summary)), as: UTF8.self)
        #expect(written.hasPrefix("# Earlier step\n\n<!-- arkitekt-report -->\n## arkitekt: \(land.errors) errors, \(land.warnings) warnings, \(land.infos) info\n"), "\(written.prefix(200))")
        #expect(written.utf8.count < 1 << 20)
        // Few findings: every one is shown, and no notice about more.
        let small = try TempDirectory(prefix: "arkitekt-small")
        try small.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: a}\nspec: {type: team, emial: x}\n")
        let few = try runProcess(binary, ["check", "--format", "github"], in: small.path)
        #expect(few.stdout.split(separator: "\n").count == 1 && few.stdout.hasPrefix("::warning "), "\(few.stdout)")
    }

    @Test func gitlabCodeQualityStaysComplete() throws {
        let result = try run(["check", "--format", "gitlab"])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(issues.count == land.total)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == land.total)
    }

    @Test func textCanBeCutShortOrQuiet() throws {
        let cut = try run(["check", "--max-findings", "5", "--lang", "en"])
        let lines = cut.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines.prefix(5).allSatisfy { $0.contains(": error: ") }, "the most severe: \(lines)")
        #expect(lines[5] == "… \(land.total - 5) more findings not shown (--max-findings 5); the most severe are listed above.")
        #expect(lines[6] == "\(land.errors) errors, \(land.warnings) warnings, \(land.infos) info in 5000 elements from 51 files.")
        let quiet = try run(["check", "-q"])
        #expect(quiet.stdout == "\(land.errors) feil, \(land.warnings) advarsler, \(land.infos) info i 5000 elementer fra 51 filer.\n")
        let misuse = try run(["check", "--quiet", "--format", "json", "--lang", "en"])
        #expect(misuse.status == 2)
        #expect(misuse.stderr == "arkitekt: error: --quiet applies to the text format; the other formats keep every finding. See 'arkitekt check --help'.\n")
        let exit = try runProcess(binary, ["check", "-q"], in: land.root)
        #expect(exit.status == 1, "--quiet changes what is printed, not the exit code")
    }
}

import ArkitektGit
import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// A repository at `<temp>/repo` (or a plain directory), with helpers to run `check` in process.
typealias KitFixture = RepoFixture

extension RepoFixture {
    convenience init(git: Bool = true) throws {
        try self.init(prefix: "arkitekt-kit", initialise: git)
    }

    /// `Kit.check` with the given selection and format, at `path` (default: the repository).
    func check(_ selection: SourceSelection = .workTree, format: OutputFormat = .json, failOn: FailOn = .error,
               language: Language? = .en, path: String? = nil, date: Day? = Day(year: 2026, month: 6, day: 1)) throws(KitError) -> CommandOutput {
        var options = CheckOptions()
        options.path = path ?? root
        options.selection = selection
        options.format = format
        options.failOn = failOn
        options.language = language
        options.date = date
        return try Kit.check(options)
    }

    /// The KitError that `check` gives; records an issue when it succeeds.
    func checkError(_ selection: SourceSelection = .workTree, path: String? = nil,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) -> KitError? {
        do {
            let output = try check(selection, path: path)
            Issue.record("expected a KitError, got exit \(output.exitCode): \(output.stdout)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// `check --format json` parsed.
    func report(_ selection: SourceSelection = .workTree, path: String? = nil, language: Language? = .en) throws -> Report {
        try Report(json: try check(selection, format: .json, language: language, path: path).stdout)
    }
}

/// The JSON report of `check`, read with Foundation so that the shape is checked independently.
struct Report {
    struct Finding: Equatable {
        var rule: String
        var principle: String
        var severity: String
        var element: String?
        var file: String
        var line: Int
        var column: Int
        var message: String
        var detail: String?
    }

    let findings: [Finding]
    let summary: [String: Int]
    let raw: [String: Any]

    init(json: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let top = try #require(object as? [String: Any], sourceLocation: sourceLocation)
        raw = top
        let list = try #require(top["findings"] as? [[String: Any]], "findings must be an array of objects", sourceLocation: sourceLocation)
        var findings: [Finding] = []
        for item in list {
            let element: String?
            if item["element"] is NSNull { element = nil } else {
                element = try #require(item["element"] as? String, "element must be a string or null", sourceLocation: sourceLocation)
            }
            findings.append(Finding(
                rule: try #require(item["rule"] as? String, sourceLocation: sourceLocation),
                principle: try #require(item["principle"] as? String, sourceLocation: sourceLocation),
                severity: try #require(item["severity"] as? String, sourceLocation: sourceLocation),
                element: element,
                file: try #require(item["file"] as? String, sourceLocation: sourceLocation),
                line: try #require(item["line"] as? Int, sourceLocation: sourceLocation),
                column: try #require(item["column"] as? Int, sourceLocation: sourceLocation),
                message: try #require(item["message"] as? String, sourceLocation: sourceLocation),
                detail: item["detail"] as? String))
        }
        self.findings = findings
        let summary = try #require(top["summary"] as? [String: Any], sourceLocation: sourceLocation)
        var counts: [String: Int] = [:]
        for key in ["error", "warning", "info", "elements", "files"] {
            counts[key] = try #require(summary[key] as? Int, "summary.\(key) must be a number", sourceLocation: sourceLocation)
        }
        self.summary = counts
    }

    func findings(_ rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
    var rules: [String] { findings.map(\.rule) }
}

/// Landscape documents used by the fixtures. Groups give no finding from any `ks` rule, so the
/// core rules alone decide what a fixture reports.
enum Doc {
    static func group(_ name: String, type: String = "department", extra: String = "") -> String {
        """
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: \(name)
        spec:
          type: \(type)
        \(extra)
        """
    }

    /// A group whose `type` is an unknown enum value: one `schema` error at line 6, column 9.
    static func brokenGroup(_ name: String) -> String { group(name, type: "departmnet") }

    /// A group with a misspelt field: one `unknown-field` warning at line 7, column 3.
    static func warningGroup(_ name: String) -> String { group(name, extra: "  emial: x@example.invalid\n") }

    static func config(_ spec: String) -> String {
        "apiVersion: arkitekt/v1\nkind: Config\nspec:\n" + spec + "\n"
    }
}

/// The directory of the package (walks up from this file to the one holding Package.swift).
func packageRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        url.deleteLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
}

/// The `arkitekt` executable built with the tests: it lies in the same folder as the test bundle.
func arkitektBinary() -> String? {
    var candidates: [String] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("arkitekt").path)
        // On macOS the bundle is a directory: .../debug/x.xctest/Contents/MacOS/x
        candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("arkitekt").path)
    }
    if let arg0 = CommandLine.arguments.first {
        candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("arkitekt").path)
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("arkitekt").path)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("arkitekt").path)
    let root = packageRoot()
    candidates.append(root + "/.build-tests/debug/arkitekt")
    candidates.append(root + "/.build/debug/arkitekt")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// What a run of the executable gave.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `executable args...` in `directory` with exactly `environment` (plus PATH and HOME),
/// output to files (so it is never a terminal).
func runProcess(_ executable: String, _ args: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
    var env = environment
    env["PATH"] = env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    // Sanitizer settings (scripts/sanitizers.sh) reach the binary, with their suppressions.
    for key in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"] where env[key] == nil {
        env[key] = ProcessInfo.processInfo.environment[key]
    }
    env["HOME"] = env["HOME"] ?? directory
    let result = try runProgram(executable, args, in: directory, environment: env)
    return ProcessResult(status: result.status, stdout: result.out, stderr: result.err)
}

/// The built `arkitekt` executable, run as a user or a CI script would.
struct Executable {
    let path: String

    init(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        path = try #require(arkitektBinary(), "build the arkitekt product before running the tests", sourceLocation: sourceLocation)
    }

    func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(path, args, in: directory, environment: environment)
    }
}

/// What Chromium shows of a page (scripts/chromium-page.py drives it over its DevTools pipe).
func browse(_ url: String, scripts: Bool) throws -> (text: String, problems: [String]) {
    _ = try Tool.require("chromium")
    let result = try runProgram(try Tool.require("python3"), [packageRoot() + "/scripts/chromium-page.py", url] + (scripts ? [] : ["--no-script"]),
                                in: NSTemporaryDirectory(), environment: ["HOME": NSTemporaryDirectory(), "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any] else {
        throw SiteFixtureError(description: "chromium-page.py: \(result.err)")
    }
    return (object["text"] as? String ?? "", object["problems"] as? [String] ?? [])
}

import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// Places the reliability tests read from, found from this file (never from the working directory,
/// so `swift test` works from anywhere).
enum ReliabilityPaths {
    /// .../Tests/ArkitektReliabilityTests
    static let testDirectory: String = {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().path
    }()

    /// The package root (two levels above this directory).
    static let packageRoot: String = {
        URL(fileURLWithPath: testDirectory).deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The YAML test suite, kept in the repository (Tests/Corpora, with its licence), so that a
    /// clone anywhere tests the same.
    static let yamlTestSuite: String = packageRoot + "/Tests/Corpora/yaml-test-suite"

    static let fuzzRegressions = testDirectory + "/FuzzRegressions"
}

/// Runs `body` on its own thread and gives up waiting after `seconds`: nil means it hung (the
/// thread is left behind; the test fails). This is a hang guard, not a timing assertion.
func withHangGuard<T: Sendable>(seconds: Double = 10, _ body: @escaping @Sendable () -> T) -> T? {
    let box = HangGuardBox<T>()
    let thread = Thread {
        box.value = body()
        box.done.signal()
    }
    thread.stackSize = 16 << 20
    thread.start()
    guard box.done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.value
}

/// Written by the guarded thread before it signals, read after the wait: no overlap.
private final class HangGuardBox<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}

/// What `Kit.check` printed as JSON, read back.
struct CheckRun {
    struct Item: Equatable, CustomStringConvertible {
        let rule: String
        let file: String
        let line: Int
        let column: Int
        let detail: String?
        let element: String?
        let severity: String
        let message: String
        var description: String { "\(file):\(line):\(column) \(rule)[\(detail ?? "")] \(element ?? "-"): \(message)" }
    }

    let exitCode: Int32
    let findings: [Item]
    let elements: Int
    let files: Int

    func findings(_ rule: String) -> [Item] { findings.filter { $0.rule == rule } }
    func findings(_ rule: String, detail: String) -> [Item] { findings.filter { $0.rule == rule && $0.detail == detail } }
    var fileLevelErrors: [Item] { findings.filter { ["yaml-syntax", "resource-limit", "skipped-document"].contains($0.rule) } }
}

/// `arkitekt check PATH [--rev|--staged] --format json --lang en`, in process.
func runCheck(_ path: String, _ selection: SourceSelection = .workTree, failOn: FailOn = .error,
              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckRun {
    var options = CheckOptions()
    options.path = path
    options.selection = selection
    options.format = .json
    options.language = .en
    options.failOn = failOn
    options.date = Day(year: 2025, month: 6, day: 1)
    let output = try Kit.check(options)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
                              "check --format json printed no JSON object", sourceLocation: sourceLocation)
    let summary = try #require(object["summary"] as? [String: Any], sourceLocation: sourceLocation)
    let raw = try #require(object["findings"] as? [[String: Any]], sourceLocation: sourceLocation)
    let items = raw.map { f in
        CheckRun.Item(rule: f["rule"] as? String ?? "", file: f["file"] as? String ?? "",
                      line: f["line"] as? Int ?? 0, column: f["column"] as? Int ?? 0,
                      detail: f["detail"] as? String, element: f["element"] as? String,
                      severity: f["severity"] as? String ?? "", message: f["message"] as? String ?? "")
    }
    return CheckRun(exitCode: output.exitCode, findings: items,
                    elements: summary["elements"] as? Int ?? -1, files: summary["files"] as? Int ?? -1)
}

/// `Kit.check` that must stop with a usage error (exit 2 on the command line): returns the error.
func checkError(_ path: String, _ selection: SourceSelection = .workTree,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> KitError? {
    var options = CheckOptions()
    options.path = path
    options.selection = selection
    options.format = .json
    options.language = .en
    do {
        let output = try Kit.check(options)
        Issue.record("expected a usage error (exit 2), got exit \(output.exitCode):\n\(output.stdout)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The reliability tests' repository fixture.
typealias GitFixture = RepoFixture

extension RepoFixture {
    convenience init(initialise: Bool = true) throws {
        try self.init(prefix: "arkitekt-rel", initialise: initialise)
    }
}

/// Landscape elements for the fixtures: small, valid, and telling apart by name.
enum Elements {
    static func group(_ name: String) -> String {
        """
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: \(name)
          title: Team \(name)
        spec:
          type: team
          email: \(name)@example.invalid

        """
    }

    /// A YAML file that cannot parse: its yaml-syntax finding proves that the file was read.
    static let broken = "key: [unclosed\n"
}


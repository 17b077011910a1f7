import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

enum CI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The arkitekt binary built beside the tests.
    static var binary: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("arkitekt").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for build in [".build/debug/arkitekt", ".build-tests/debug/arkitekt"] {
            let candidate = root + "/" + build
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program; returns exit status, stdout and stderr.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in dir: String, input: String? = nil,
                    environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let result = try runProgram(executable, arguments, in: dir, environment: env, input: input.map { Array($0.utf8) })
        return (result.status, result.out, result.err)
    }

    /// Runs a Python snippet with arguments; fails the test when Python or the module is missing.
    static func python(_ code: String, _ arguments: [String] = [], input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let result = try run("/usr/bin/env", ["python3", "-c", code] + arguments, in: root, input: input)
        // A missing oracle (jsonschema, junitparser...) is said in one line, not as a traceback.
        if let line = result.err.split(separator: "\n").first(where: { $0.hasPrefix("ModuleNotFoundError: ") }) {
            throw MissingTool(name: "python3 module: \(line.dropFirst("ModuleNotFoundError: ".count))",
                              searched: ProcessInfo.processInfo.environment["PATH"] ?? "")
        }
        return result
    }

    /// The sample landscape checked in a format, judged on a fixed day.
    static func sample(_ format: OutputFormat, language: Language = .en, _ configure: (inout CheckOptions) -> Void = { _ in }) throws -> CommandOutput {
        var options = CheckOptions()
        options.path = root + "/samples/landscape"
        options.format = format
        options.language = language
        options.date = Day(year: 2026, month: 6, day: 1)
        options.failOn = .never
        configure(&options)
        return try Kit.check(options)
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

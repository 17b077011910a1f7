import Foundation

/// What a program run gave back.
public struct ProgramResult: Sendable {
    public let status: Int32
    /// False when the program was killed by a signal (a crash).
    public let exitedNormally: Bool
    public let stdout: [UInt8]
    public let stderr: [UInt8]
    public var out: String { String(decoding: stdout, as: UTF8.self) }
    public var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a program with standard input, output and error in temporary files: never a terminal,
/// and no pipe that can fill up and stall the run.
public func runProgram(_ executable: String, _ arguments: [String], in directory: String,
                       environment: [String: String], input: [UInt8]? = nil) throws -> ProgramResult {
    // `/usr/bin/env tool ...`: a missing tool is said as such, not as env's exit status 127.
    if executable == "/usr/bin/env", let tool = arguments.first, !tool.contains("=") {
        _ = try Tool.require(tool, path: environment["PATH"])
    } else {
        _ = try Tool.require(executable)
    }
    let scratch = FileManager.default.temporaryDirectory
    let id = UUID().uuidString
    let inURL = scratch.appendingPathComponent("arkitekt-in-\(id)")
    let outURL = scratch.appendingPathComponent("arkitekt-out-\(id)")
    let errURL = scratch.appendingPathComponent("arkitekt-err-\(id)")
    _ = FileManager.default.createFile(atPath: inURL.path, contents: Data(input ?? []))
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        for url in [inURL, outURL, errURL] { try? FileManager.default.removeItem(at: url) }
    }
    let inHandle = try FileHandle(forReadingFrom: inURL)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
    process.standardInput = input == nil ? FileHandle.nullDevice : inHandle
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try? inHandle.close()
    try? outHandle.close()
    try? errHandle.close()
    return ProgramResult(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                         stdout: [UInt8](try Data(contentsOf: outURL)), stderr: [UInt8](try Data(contentsOf: errURL)))
}

import Foundation

/// A temporary directory with a repository at `<temp>/repo`, built and driven with the git command
/// line (the independent oracle). Each test target adds what it needs in an extension.
public final class RepoFixture {
    public let temp: TempDirectory
    public let cli: GitCLI
    public let root: String

    /// - Parameter initialise: run `git init` in `root`; otherwise `root` is an empty directory.
    public init(prefix: String, initialise: Bool) throws {
        temp = try TempDirectory(prefix: prefix)
        cli = GitCLI(home: temp.path)
        root = temp.url("repo")
        if initialise {
            try cli.initRepo(at: root)
        } else {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }
    }

    /// Writes a file inside the repository.
    @discardableResult
    public func write(_ relativePath: String, _ text: String) throws -> String {
        try temp.write("repo/" + relativePath, text)
    }

    @discardableResult
    public func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        try temp.write("repo/" + relativePath, bytes: bytes)
    }

    public func symlink(_ relativePath: String, to target: String) throws {
        try temp.symlink("repo/" + relativePath, to: target)
    }

    public func remove(_ relativePath: String) throws {
        try temp.remove("repo/" + relativePath)
    }

    /// A file of the repository as it is on disk.
    public func disk(_ relativePath: String) throws -> [UInt8] {
        try temp.read("repo/" + relativePath)
    }

    @discardableResult
    public func git(_ args: String...) throws -> String {
        try cli.run(arguments: args, in: root)
    }

    @discardableResult
    public func git(in dir: String, _ args: String...) throws -> String {
        try cli.run(arguments: args, in: dir)
    }

    /// Output of git, trimmed.
    public func gitLine(_ args: String...) throws -> String {
        try cli.run(arguments: args, in: root).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// NUL-separated output of git (`-z` commands) as a list.
    public func gitList(_ args: String...) throws -> [String] {
        let bytes = try cli.runBytes(args, in: root)
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    public func gitBytes(_ args: String...) throws -> [UInt8] {
        try cli.runBytes(args, in: root)
    }

    @discardableResult
    public func commitAll(_ message: String) throws -> String {
        try cli.commitAll(message, in: root)
    }
}

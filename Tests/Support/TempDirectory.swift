import Foundation

/// A unique directory under the system temporary directory, removed (recursively) when released.
/// Not thread-safe: create one per test.
public final class TempDirectory {
    /// Absolute path, symlinks resolved (so it compares equal to paths reported by git and libgit2).
    public let path: String

    public init(prefix: String = "arkitekt-test") throws {
        let base = FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Absolute path of `relativePath` inside the directory ("" for the directory itself).
    public func url(_ relativePath: String) -> String {
        relativePath.isEmpty ? path : path + "/" + relativePath
    }

    /// Writes UTF-8 text, creating parent directories. Returns the absolute path.
    @discardableResult
    public func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, bytes: Array(text.utf8))
    }

    /// Writes raw bytes, creating parent directories. Returns the absolute path.
    @discardableResult
    public func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let target = url(relativePath)
        let parent = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Creates a directory (and its parents). Returns the absolute path.
    @discardableResult
    public func mkdir(_ relativePath: String) throws -> String {
        let target = url(relativePath)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        return target
    }

    /// Creates a symbolic link at `relativePath` whose text is `target` (not checked), creating parents.
    @discardableResult
    public func symlink(_ relativePath: String, to target: String) throws -> String {
        let link = url(relativePath)
        let parent = (link as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        return link
    }

    /// Removes a file or directory tree.
    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: url(relativePath))
    }

    /// Bytes of a file.
    public func read(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: url(relativePath))))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file system failure while reading the work tree or a plain directory.
public struct FileSystemError: Error, Sendable, CustomStringConvertible, Equatable {
    public let path: String
    public let operation: String
    /// `errno` of the failing call (0 when not from a system call).
    public let code: Int32
    public let message: String

    public init(path: String, operation: String, code: Int32, message: String) {
        self.path = path
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { "\(operation) '\(path)': \(message)" }

    static func fromErrno(_ path: PathBytes, _ operation: String, _ code: Int32) -> FileSystemError {
        let message = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return FileSystemError(path: CText.string(path), operation: operation, code: code, message: message)
    }
}

enum DiskNode {
    case missing
    case directory
    case regular(size: Int)
    case symlink(size: Int)
    case other
}

/// Result of reading a file: content is empty and `omitted` true when it is bigger than the limit.
struct ReadContent {
    let content: [UInt8]
    let size: Int
    let omitted: Bool

    static let empty = ReadContent(content: [], size: 0, omitted: false)
}

/// POSIX access on raw byte paths (absolute, or relative to the process directory).
enum Disk {
    /// Errors that mean "this path is not there (any more)".
    static func isAbsence(_ code: Int32) -> Bool { code == ENOENT || code == ENOTDIR }

    static func lstatNode(_ path: PathBytes) throws -> DiskNode {
        var info = stat()
        if lstat(CText.cString(path), &info) != 0 {
            let code = errno
            if isAbsence(code) { return .missing }
            throw FileSystemError.fromErrno(path, "lstat", code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFLNK: return .symlink(size: Int(info.st_size))
        default: return .other
        }
    }

    /// The text of a symbolic link, nil when it vanished or is not a link.
    static func readLink(_ path: PathBytes) throws -> PathBytes? {
        let cPath = CText.cString(path)
        var capacity = 256
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let count = readlink(cPath, &buffer, capacity)
            if count < 0 {
                let code = errno
                if isAbsence(code) || code == EINVAL { return nil }
                throw FileSystemError.fromErrno(path, "readlink", code)
            }
            if count < capacity {
                return buffer[..<count].map { UInt8(bitPattern: $0) }
            }
            guard capacity < 1 << 20 else { throw FileSystemError.fromErrno(path, "readlink", ENAMETOOLONG) }
            capacity *= 4
        }
    }

    /// Reads a regular file without following a final symlink. nil when the path vanished or is not a
    /// regular file (any more).
    static func readRegularFile(_ path: PathBytes, maxBytes: Int) throws -> ReadContent? {
        let fd = open(CText.cString(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            if isAbsence(code) || code == ELOOP { return nil }
            throw FileSystemError.fromErrno(path, "open", code)
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw FileSystemError.fromErrno(path, "fstat", errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        let statSize = Int(info.st_size)
        if statSize > maxBytes { return ReadContent(content: [], size: statSize, omitted: true) }

        var content = [UInt8]()
        content.reserveCapacity(statSize)
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if count < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw FileSystemError.fromErrno(path, "read", code)
            }
            if count == 0 { break }
            content.append(contentsOf: chunk[..<count])
            if content.count > maxBytes {
                // Grew while we were reading.
                return ReadContent(content: [], size: max(content.count, statSize), omitted: true)
            }
        }
        return ReadContent(content: content, size: content.count, omitted: false)
    }

    /// Names in a directory (without "." and ".."), nil when it vanished.
    static func listDirectory(_ path: PathBytes) throws -> [PathBytes]? {
        guard let dir = opendir(CText.cString(path)) else {
            let code = errno
            if isAbsence(code) { return nil }
            throw FileSystemError.fromErrno(path, "opendir", code)
        }
        defer { closedir(dir) }
        var names: [PathBytes] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                let code = errno
                if code != 0 { throw FileSystemError.fromErrno(path, "readdir", code) }
                break
            }
            let name: PathBytes = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    CText.bytes($0)
                }
            }
            if name == [PathRules.dot] || name == [PathRules.dot, PathRules.dot] || name.isEmpty { continue }
            names.append(name)
        }
        return names
    }
}

/// Reads repository-relative paths below a root directory, never leaving it: every ancestor directory of a
/// path must be a real directory (not a symlink), and symlinks are resolved by `SymlinkResolver` only.
final class RootedDisk {
    let root: PathBytes
    private var directoryCache: [PathBytes: Bool] = [:]

    /// `root` without a trailing slash (except "/").
    init(root: PathBytes) {
        var root = root
        while root.count > 1, root.last == PathRules.slash { root.removeLast() }
        self.root = root
    }

    func absolute(_ relative: PathBytes) -> PathBytes {
        if relative.isEmpty { return root }
        var out = root
        if out.last != PathRules.slash { out.append(PathRules.slash) }
        out.append(contentsOf: relative)
        return out
    }

    /// True when every ancestor directory of `relative` is a real directory below the root.
    func ancestorsAreDirectories(_ relative: PathBytes) throws -> Bool {
        for ancestor in PathRules.ancestors(relative) {
            if let known = directoryCache[ancestor] {
                if !known { return false }
                continue
            }
            let isDirectory: Bool
            if case .directory = try Disk.lstatNode(absolute(ancestor)) { isDirectory = true } else { isDirectory = false }
            directoryCache[ancestor] = isDirectory
            if !isDirectory { return false }
        }
        return true
    }

    /// The node at a relative path, `.missing` when an ancestor is not a real directory or the path
    /// contains `.git`.
    func node(_ relative: PathBytes) throws -> DiskNode {
        if PathRules.containsDotGit(relative) { return .missing }
        guard try ancestorsAreDirectories(relative) else { return .missing }
        return try Disk.lstatNode(absolute(relative))
    }

    /// Lookup function for `SymlinkResolver`.
    func resolverNode(_ relative: PathBytes) throws -> ResolverNode<Void> {
        switch try node(relative) {
        case .missing: return .missing
        case .directory: return .directory
        case .regular: return .regular(())
        case .symlink:
            guard let text = try Disk.readLink(absolute(relative)) else { return .missing }
            return .symlink(target: text)
        case .other: return .other
        }
    }

    /// Builds the `SourceFile` for a path already known to be a regular file or a symlink.
    /// nil when it vanished or turned into something else meanwhile.
    func sourceFile(_ relative: PathBytes, node: DiskNode, maxBytes: Int, hash: (PathBytes, [UInt8], Bool) -> String?) throws -> SourceFile? {
        switch node {
        case .regular:
            guard let read = try Disk.readRegularFile(absolute(relative), maxBytes: maxBytes) else { return nil }
            return SourceFile(
                path: CText.string(relative), kind: .regular, content: read.content, size: read.size,
                omitted: read.omitted, blobID: read.omitted ? nil : hash(relative, read.content, false))
        case .symlink:
            guard let text = try Disk.readLink(absolute(relative)) else { return nil }
            var read = ReadContent.empty
            var escapes = true
            if let target = try SymlinkResolver.resolve(linkPath: relative, target: text, lookup: resolverNode),
               let targetRead = try Disk.readRegularFile(absolute(target.path), maxBytes: maxBytes) {
                read = targetRead
                escapes = false
            }
            return SourceFile(
                path: CText.string(relative), kind: .symlink(target: CText.string(text), escapes: escapes),
                content: read.content, size: read.size, omitted: read.omitted, blobID: hash(relative, text, true))
        case .missing, .directory, .other:
            return nil
        }
    }
}

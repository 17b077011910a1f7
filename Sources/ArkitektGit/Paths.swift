// Path rules shared by every source: normalisation, prefix/extension matching, byte-order sorting and
// symlink resolution inside the repository. Paths are handled as raw bytes internally so that non-UTF-8
// names can still be read from disk; they are decoded only for the output.

import ArkitektModel

typealias PathBytes = [UInt8]

enum PathRules {
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")

    /// Splits on "/", keeping empty components.
    static func components(_ path: PathBytes) -> [PathBytes] {
        path.split(separator: slash, omittingEmptySubsequences: false).map { PathBytes($0) }
    }

    static func join(_ components: [PathBytes]) -> PathBytes {
        var out = PathBytes()
        for (index, component) in components.enumerated() {
            if index > 0 { out.append(slash) }
            out.append(contentsOf: component)
        }
        return out
    }

    static func join(_ base: PathBytes, _ name: PathBytes) -> PathBytes {
        if base.isEmpty { return name }
        var out = base
        out.append(slash)
        out.append(contentsOf: name)
        return out
    }

    static func isDotDot(_ component: PathBytes) -> Bool { component == [dot, dot] }

    /// An ASCII upper-case letter made lower case; every other byte as it is.
    static func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// `.git` in any letter case (case-insensitive file systems).
    static func isDotGit(_ component: PathBytes) -> Bool {
        guard component.count == 4, component[0] == dot else { return false }
        let lower = component.dropFirst().map { $0 | 0x20 }
        return lower == Array("git".utf8)
    }

    /// Normalised repository-relative path: empty and "." components dropped ("./a/", "a//b", "a/."),
    /// nil when a ".." component is present (such a path cannot name anything inside the repository).
    static func normalise(_ path: String) -> PathBytes? {
        var kept: [PathBytes] = []
        for component in components(PathBytes(path.utf8)) {
            if component.isEmpty || component == [dot] { continue }
            if isDotDot(component) { return nil }
            kept.append(component)
        }
        return join(kept)
    }

    /// True when `path` is `prefix` or lies below it (byte comparison).
    static func isWithin(_ path: PathBytes, prefix: PathBytes) -> Bool {
        if prefix.isEmpty { return true }
        if path.count == prefix.count { return path == prefix }
        return path.count > prefix.count && path[prefix.count] == slash && path.starts(with: prefix)
    }

    /// Removes duplicates and prefixes covered by another one; [""] swallows everything. Sorted.
    static func minimalPrefixes(_ prefixes: [PathBytes]) -> [PathBytes] {
        let sorted = Set(prefixes).sorted { $0.lexicographicallyPrecedes($1) }
        if sorted.contains(where: { $0.isEmpty }) { return [[]] }
        var kept: [PathBytes] = []
        for candidate in sorted where !kept.contains(where: { isWithin(candidate, prefix: $0) }) {
            kept.append(candidate)
        }
        return kept
    }

    /// Part of the last path component after its last dot, nil when there is no dot.
    static func fileExtension(_ path: PathBytes) -> PathBytes? {
        let nameStart = (path.lastIndex(of: slash).map { $0 + 1 }) ?? 0
        guard let dotIndex = path[nameStart...].lastIndex(of: dot) else { return nil }
        return PathBytes(path[(dotIndex + 1)...])
    }

    /// Ancestor directories of a path ("a/b/c" -> ["a", "a/b"]).
    static func ancestors(_ path: PathBytes) -> [PathBytes] {
        var out: [PathBytes] = []
        for (index, byte) in path.enumerated() where byte == slash && index > 0 {
            out.append(PathBytes(path[..<index]))
        }
        return out
    }

    static func containsDotGit(_ path: PathBytes) -> Bool {
        components(path).contains(where: isDotGit)
    }
}

/// `FileFilter` after normalisation, working on bytes.
struct FilterSpec {
    /// Minimal, sorted; `[[]]` means everything; empty means nothing.
    let prefixes: [PathBytes]
    /// nil = every extension.
    let extensions: Set<PathBytes>?
    let maxBytes: Int

    init(_ filter: FileFilter) {
        prefixes = PathRules.minimalPrefixes(filter.prefixes.compactMap(PathRules.normalise))
        if filter.extensions.isEmpty {
            extensions = nil
        } else {
            extensions = Set(filter.extensions.map { ext in PathBytes(ext.utf8.drop { $0 == PathRules.dot }).map(PathRules.lowerASCII) })
        }
        maxBytes = max(0, filter.maxBytes)
    }

    var matchesEverything: Bool { prefixes == [[]] }

    func matchesPrefix(_ path: PathBytes) -> Bool {
        prefixes.contains { PathRules.isWithin(path, prefix: $0) }
    }

    func matchesExtension(_ path: PathBytes) -> Bool {
        guard let extensions else { return true }
        guard let ext = PathRules.fileExtension(path), !ext.isEmpty else { return false }
        return extensions.contains(ext) || extensions.contains(ext.map(PathRules.lowerASCII))
    }

    /// For regular files and symlinks.
    func matchesFile(_ path: PathBytes) -> Bool { matchesPrefix(path) && matchesExtension(path) }

    /// For submodule entries: the prefixes only.
    func matchesSubmodule(_ path: PathBytes) -> Bool { matchesPrefix(path) }
}

enum SourceOrdering {
    /// Byte order of the UTF-8 path (ties, only possible after lossy decoding, keep their input order).
    static func sorted(_ files: [SourceFile]) -> [SourceFile] {
        files.enumerated().sorted { lhs, rhs in
            let order = ByteOrder.compare(lhs.element.path, rhs.element.path)
            return order == 0 ? lhs.offset < rhs.offset : order < 0
        }.map(\.element)
    }
}

/// What a source knows about a repository-relative path, for symlink resolution.
enum ResolverNode<Payload> {
    case missing
    case directory
    case regular(Payload)
    case symlink(target: PathBytes)
    /// Submodule, fifo, device...
    case other
}

enum SymlinkResolver {
    /// Maximum number of links followed, the first one included.
    static let maxHops = 8

    /// Resolves the link at `linkPath` (whose text is `target`) to a regular file inside the repository,
    /// component by component (so links in the middle of the path are followed under the same rules and
    /// `..` applies to the physical path, as the kernel does). Returns nil when the target is absolute, leaves
    /// the repository, goes through `.git`, loops, needs more than `maxHops` links or is not a regular file.
    static func resolve<Payload>(
        linkPath: PathBytes,
        target: PathBytes,
        lookup: (PathBytes) throws -> ResolverNode<Payload>
    ) rethrows -> (path: PathBytes, payload: Payload)? {
        guard !target.isEmpty, target.first != PathRules.slash else { return nil }
        var resolved = PathRules.components(linkPath)
        guard !resolved.isEmpty else { return nil }
        resolved.removeLast()  // the link's own name: relative targets start from its directory
        // Pending components, reversed so that popLast() takes the next one.
        var pending = Array(PathRules.components(target).reversed())
        var hops = 1
        while let component = pending.popLast() {
            if component.isEmpty || component == [PathRules.dot] { continue }
            if PathRules.isDotDot(component) {
                if resolved.isEmpty { return nil }  // above the repository root
                resolved.removeLast()
                continue
            }
            if PathRules.isDotGit(component) { return nil }
            resolved.append(component)
            let path = PathRules.join(resolved)
            switch try lookup(path) {
            case .directory:
                continue
            case .regular(let payload):
                // "file/..." or "file/" is not a file (ENOTDIR), only the last component may be the file.
                return pending.isEmpty ? (path, payload) : nil
            case .symlink(let next):
                hops += 1
                guard hops <= maxHops, !next.isEmpty, next.first != PathRules.slash else { return nil }
                resolved.removeLast()
                pending.append(contentsOf: PathRules.components(next).reversed())
            case .missing, .other:
                return nil
            }
        }
        return nil  // ended on a directory (or the root)
    }
}

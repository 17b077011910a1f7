#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain directory without git (a work tree alone): same filter semantics as `GitRepository`;
/// skips `.git` entries (folders, and files of linked work trees/submodules) at any depth; never descends
/// into a symlinked directory and never follows a symlink out of the root; results sorted by path.
/// `blobID` is the plain `git hash-object --no-filters` id of the content (or of the link text).
public struct DirectorySource: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root.isEmpty ? "." : root
    }

    private func openRoot() throws -> RootedDisk {
        try LibGit2.ensureInitialised()
        let bytes = PathBytes(root.utf8)
        var info = stat()
        if stat(CText.cString(bytes), &info) != 0 {
            throw FileSystemError.fromErrno(bytes, "stat", errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileSystemError.fromErrno(bytes, "open directory", ENOTDIR)
        }
        return RootedDisk(root: bytes)
    }

    private static func hash(_ path: PathBytes, _ content: [UInt8], _ isLink: Bool) -> String? {
        WorkTreeHasher.rawHash(content)
    }

    public func files(filter: FileFilter) throws -> [SourceFile] {
        let spec = FilterSpec(filter)
        let disk = try openRoot()
        var out: [SourceFile] = []
        for prefix in spec.prefixes {
            if prefix.isEmpty {
                try walk(disk, directory: [], spec, &out)
                continue
            }
            let node = try disk.node(prefix)
            switch node {
            case .directory:
                try walk(disk, directory: prefix, spec, &out)
            case .regular, .symlink:
                if spec.matchesFile(prefix),
                   let file = try disk.sourceFile(prefix, node: node, maxBytes: spec.maxBytes, hash: DirectorySource.hash) {
                    out.append(file)
                }
            case .missing, .other:
                continue
            }
        }
        return SourceOrdering.sorted(out)
    }

    public func file(at path: String, maxBytes: Int = FileFilter.defaultMaxBytes) throws -> SourceFile? {
        let disk = try openRoot()
        guard let relative = PathRules.normalise(path), !relative.isEmpty else { return nil }
        let node = try disk.node(relative)
        return try disk.sourceFile(relative, node: node, maxBytes: max(0, maxBytes), hash: DirectorySource.hash)
    }

    private func walk(_ disk: RootedDisk, directory: PathBytes, _ spec: FilterSpec, _ out: inout [SourceFile]) throws {
        guard let names = try Disk.listDirectory(disk.absolute(directory)) else { return }
        for name in names where !PathRules.isDotGit(name) {
            let path = PathRules.join(directory, name)
            let node = try Disk.lstatNode(disk.absolute(path))
            switch node {
            case .directory:
                try walk(disk, directory: path, spec, &out)
            case .regular, .symlink:
                if spec.matchesFile(path),
                   let file = try disk.sourceFile(path, node: node, maxBytes: spec.maxBytes, hash: DirectorySource.hash) {
                    out.append(file)
                }
            case .missing, .other:
                continue
            }
        }
    }
}

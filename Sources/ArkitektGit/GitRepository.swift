import ArkitektModel
import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A git repository opened with libgit2. Not thread-safe and not Sendable: confine each instance to one
/// task/thread (open another instance elsewhere).
///
/// Source selections:
/// - `.revision(rev)`: the revision is peeled to a tree and read straight from the object database
///   (works in bare repositories).
/// - `.staged`: the index, stage 0. For a conflicted path (no stage 0) the "ours" version (stage 2) is used;
///   a path deleted on our side (stages 1 and 3 only) is absent. Intent-to-add entries (`git add -N`) are
///   skipped, as `git write-tree` does. A bare repository has no index: GitError (GIT_EBAREREPO).
/// - `.workTree`: every index entry whose file exists on disk (read from disk, kind from disk), plus untracked
///   files that are not ignored. A gitlink is listed when its directory exists. Files under a directory that
///   was replaced by a symlink are never read through it. A bare repository: GitError (GIT_EBAREREPO).
public final class GitRepository {
    let handle: RepositoryHandle
    let workDirectoryBytes: PathBytes?

    /// Absolute work tree path without trailing slash; nil for a bare repository.
    public let workDirectory: String?
    /// Absolute path of the git directory (".git" or the bare repository), without trailing slash.
    public let gitDirectory: String
    public let isBare: Bool
    /// The index as last read, with the identity of its file then (see `stagedReader`).
    private var stagedCache: (stamp: FileStamp, reader: StagedReader)?

    init(handle: RepositoryHandle) {
        self.handle = handle
        isBare = git_repository_is_bare(handle.pointer) == 1
        if !isBare, let workdir = git_repository_workdir(handle.pointer) {
            let bytes = GitRepository.trimmingTrailingSlashes(CText.bytes(workdir))
            workDirectoryBytes = bytes
            workDirectory = CText.string(bytes)
        } else {
            workDirectoryBytes = nil
            workDirectory = nil
        }
        if let gitdir = git_repository_path(handle.pointer) {
            gitDirectory = CText.string(GitRepository.trimmingTrailingSlashes(CText.bytes(gitdir)))
        } else {
            gitDirectory = ""
        }
    }

    /// Starts libgit2's one-time initialisation on another thread, so that the caller can do
    /// something else meanwhile; the first call that needs libgit2 waits for it to finish.
    public static func prepareInBackground() { LibGit2.initialiseInBackground() }

    /// Returns once what `prepareInBackground` started has finished; call it before the process
    /// exits (an exit in the middle of libgit2's initialisation can crash).
    public static func finishPreparing() { LibGit2.waitForBackground() }

    /// Opens the repository containing `path`, searching upward like git (also across file system
    /// boundaries; no ceiling directories). Returns nil when `path` is not inside any repository.
    /// Throws GitError for a missing path or a broken/unsupported repository. Works for bare repositories
    /// (pass the repository directory or a directory inside it).
    public static func discover(from path: String) throws -> GitRepository? {
        try LibGit2.ensureInitialised()
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "discover('\(path)')",
                           message: "cannot open '\(path)': \(reason)")
        }
        // Start from the containing directory when given a file.
        var start = path
        if info.st_mode & S_IFMT != S_IFDIR {
            let bytes = PathBytes(path.utf8)
            if let slash = bytes.lastIndex(of: PathRules.slash) {
                start = slash == 0 ? "/" : CText.string(PathBytes(bytes[..<slash]))
            } else {
                start = "."
            }
        }
        var pointer: OpaquePointer?
        let result = git_repository_open_ext(&pointer, start, GIT_REPOSITORY_OPEN_CROSS_FS.rawValue, nil)
        if result == GIT_EOWNER.rawValue {
            throw GitError(code: GIT_EOWNER.rawValue, operation: "git_repository_open_ext('\(start)')", message: LibGit2.lastErrorText(result))
        }
        if result == GIT_ENOTFOUND.rawValue {
            try checkForBrokenGitFile(above: start)
            return nil
        }
        try check(result, "git_repository_open_ext('\(start)')")
        guard let pointer else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_open_ext('\(start)')",
                           message: "libgit2 returned no repository")
        }
        return GitRepository(handle: RepositoryHandle(pointer))
    }

    /// The same repository opened again, for another thread: libgit2 lets two threads read one
    /// repository through two handles, not through one.
    public func reopened() throws -> GitRepository {
        let path = workDirectory ?? gitDirectory
        var pointer: OpaquePointer?
        try check(git_repository_open(&pointer, path), "git_repository_open('\(path)')")
        guard let pointer else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_open('\(path)')", message: "libgit2 returned no repository")
        }
        return GitRepository(handle: RepositoryHandle(pointer))
    }

    /// libgit2 reports "not found" when a `.git` file names a missing git directory; git itself stops there
    /// with "not a git repository". Do the same: throw instead of pretending there is no repository.
    private static func checkForBrokenGitFile(above start: String) throws {
        guard let resolved = realpath(start, nil) else { return }
        var directory = CText.bytes(resolved)
        free(resolved)
        while true {
            var dotGit = directory
            if dotGit.last != PathRules.slash { dotGit.append(PathRules.slash) }
            dotGit.append(contentsOf: Array(".git".utf8))
            // A repository owned by another user: libgit2 (1.5) refuses it as git's safe.directory
            // check does, but says "not found". It is never taken for "no repository here", which
            // would read the folder as plain files.
            if case .directory = try? Disk.lstatNode(dotGit) {
                var folder = stat(), git = stat()
                let me = geteuid()
                if stat(CText.cString(directory), &folder) == 0, stat(CText.cString(dotGit), &git) == 0,
                   folder.st_uid != me || git.st_uid != me {
                    let path = CText.string(directory)
                    throw GitError(code: GIT_EOWNER.rawValue, operation: "git_repository_open_ext('\(path)')",
                                   message: "repository at '\(path)' is owned by another user (uid \(folder.st_uid)); git's safe.directory check refuses it",
                                   path: path)
                }
                return
            }
            if case .regular = try? Disk.lstatNode(dotGit) {
                let path = CText.string(directory)
                var pointer: OpaquePointer?
                let result = git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
                if result < 0 {
                    let detail = LibGit2.lastErrorText(result)
                    throw GitError(code: result, operation: "git_repository_open_ext('\(path)')",
                                   message: "broken repository at '\(path)' (its .git file does not lead to a repository): \(detail)")
                }
                if let pointer { git_repository_free(pointer) }
                return
            }
            guard let slash = directory.lastIndex(of: PathRules.slash), directory.count > 1 else { return }
            directory = slash == 0 ? [PathRules.slash] : PathBytes(directory[..<slash])
        }
    }

    /// True for a shallow clone.
    public var isShallow: Bool { git_repository_is_shallow(handle.pointer) == 1 }

    /// No commits yet: HEAD points to an unborn branch.
    /// (Not `git_repository_is_empty`, which also requires HEAD to name the configured default branch.)
    public var isEmpty: Bool { git_repository_head_unborn(handle.pointer) == 1 }

    // MARK: Revisions

    /// Peels any revision string git understands: branch, tag, full or short id, HEAD~3, v1^{commit}...
    /// Unknown revision -> GitError whose message says "unknown revision 'X'"; a revision that does not peel
    /// to a commit (a tree, a blob) -> GitError "revision 'X' does not point to a commit".
    public func commit(_ revision: String) throws -> CommitInfo {
        let object = try resolve(revision)
        let commit = CommitHandle(try peel(object, to: GIT_OBJECT_COMMIT, revision: revision, what: "a commit"), owner: handle)
        let shallow = try shallowCommits()
        return withExtendedLifetime(commit) {
            let id = git_commit_id(commit.pointer).map { $0.pointee.hex } ?? ""
            return CommitData.info(commit.pointer, grafted: shallow.contains(id))
        }
    }

    func resolve(_ revision: String) throws -> ObjectHandle {
        var pointer: OpaquePointer?
        let result = git_revparse_single(&pointer, handle.pointer, revision)
        if result < 0 {
            let detail = LibGit2.lastErrorText(result)
            let message: String
            switch result {
            case GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue, GIT_EUNBORNBRANCH.rawValue, GIT_EPEEL.rawValue:
                let unborn = git_repository_head_unborn(handle.pointer) == 1 ? " (the repository has no commits yet)" : ""
                message = "unknown revision '\(revision)'\(unborn): \(detail)"
            case GIT_EAMBIGUOUS.rawValue:
                message = "ambiguous revision '\(revision)': \(detail)"
            default:
                message = "cannot resolve revision '\(revision)': \(detail)"
            }
            throw GitError(code: result, operation: "git_revparse_single('\(revision)')", message: message)
        }
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_revparse_single('\(revision)')",
                           message: "unknown revision '\(revision)'")
        }
        return ObjectHandle(pointer, owner: handle)
    }

    func peel(_ object: ObjectHandle, to type: git_object_t, revision: String, what: String) throws -> OpaquePointer {
        var pointer: OpaquePointer?
        let result = withExtendedLifetime(object) { git_object_peel(&pointer, object.pointer, type) }
        if result < 0 {
            let detail = LibGit2.lastErrorText(result)
            throw GitError(code: result, operation: "git_object_peel('\(revision)')",
                           message: "revision '\(revision)' does not point to \(what): \(detail)")
        }
        guard let pointer else {
            throw GitError(code: GIT_EPEEL.rawValue, operation: "git_object_peel('\(revision)')",
                           message: "revision '\(revision)' does not point to \(what)")
        }
        return pointer
    }

    func tree(_ revision: String) throws -> TreeHandle {
        let object = try resolve(revision)
        return TreeHandle(try peel(object, to: GIT_OBJECT_TREE, revision: revision, what: "a tree"), owner: handle)
    }

    // MARK: Files

    /// Files of the landscape for the selection, filtered by `filter`, sorted by path (byte order).
    public func files(_ selection: SourceSelection, filter: FileFilter) throws -> [SourceFile] {
        let spec = FilterSpec(filter)
        let files: [SourceFile]
        switch selection {
        case .revision(let revision):
            files = try RevisionReader(repository: self, revision: revision).files(spec)
        case .staged:
            files = try stagedReader().files(spec)
        case .workTree:
            files = try WorkTreeReader(repository: self).files(spec)
        }
        return SourceOrdering.sorted(files)
    }

    /// One file (e.g. ".arkitekt.yaml") in the selection, or nil when absent (or a directory).
    /// In the work tree an untracked file is returned only when it is not ignored.
    public func file(at path: String, _ selection: SourceSelection, maxBytes: Int = FileFilter.defaultMaxBytes) throws -> SourceFile? {
        let maxBytes = max(0, maxBytes)
        // Validate the selection even when the path cannot name anything.
        switch selection {
        case .revision(let revision):
            let reader = try RevisionReader(repository: self, revision: revision)
            guard let relative = PathRules.normalise(path), !relative.isEmpty else { return nil }
            return try reader.file(at: relative, maxBytes: maxBytes)
        case .staged:
            let reader = try stagedReader()
            guard let relative = PathRules.normalise(path), !relative.isEmpty else { return nil }
            return try reader.file(at: relative, maxBytes: maxBytes)
        case .workTree:
            let reader = try WorkTreeReader(repository: self)
            guard let relative = PathRules.normalise(path), !relative.isEmpty else { return nil }
            return try reader.file(at: relative, maxBytes: maxBytes)
        }
    }

    /// The index as a source. One command reads the configuration, then the landscape, from the
    /// index: the entries read for the first are used again for the second unless the index file
    /// was replaced or changed in between (its inode, size and times tell).
    func stagedReader() throws -> StagedReader {
        let stamp = FileStamp(path: gitDirectory + "/index")
        if let stamp, let cached = stagedCache, cached.stamp == stamp { return cached.reader }
        let reader = try StagedReader(repository: self)
        stagedCache = stamp.map { ($0, reader) }
        return reader
    }

    static func trimmingTrailingSlashes(_ bytes: PathBytes) -> PathBytes {
        var bytes = bytes
        while bytes.count > 1, bytes.last == PathRules.slash { bytes.removeLast() }
        return bytes
    }

    func bareRepositoryError(_ what: String) -> GitError {
        GitError(code: GIT_EBAREREPO.rawValue, operation: what,
                 message: "'\(gitDirectory)' is a bare repository: there is no work tree or index")
    }
}

@available(*, unavailable, message: "libgit2 handles are not thread-safe: confine a GitRepository to one task")
extension GitRepository: Sendable {}

// MARK: - Blobs

let fileTypeMask: UInt32 = 0o170000
let gitlinkMode: UInt32 = 0o160000
let directoryMode: UInt32 = 0o040000
let symlinkMode: UInt32 = 0o120000
let regularMode: UInt32 = 0o100000
/// Link texts longer than this are not followed.
let maxLinkTextBytes = 64 * 1024

/// Reads blobs through the object database: the size first (no inflation of omitted blobs), then the content.
final class BlobStore {
    let repository: RepositoryHandle
    let odb: OdbHandle

    init(repository: RepositoryHandle) throws {
        self.repository = repository
        var pointer: OpaquePointer?
        try check(git_repository_odb(&pointer, repository.pointer), "git_repository_odb")
        guard let pointer else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_odb", message: "libgit2 returned no object database")
        }
        odb = OdbHandle(pointer, owner: repository)
    }

    func read(_ id: git_oid, maxBytes: Int) throws -> ReadContent {
        var oid = id
        var length = 0
        var type = GIT_OBJECT_ANY
        try check(git_odb_read_header(&length, &type, odb.pointer, &oid), "git_odb_read_header(\(oid.hex))")
        if length > maxBytes { return ReadContent(content: [], size: length, omitted: true) }
        var pointer: OpaquePointer?
        try check(git_blob_lookup(&pointer, repository.pointer, &oid), "git_blob_lookup(\(oid.hex))")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_blob_lookup(\(oid.hex))", message: "blob not found")
        }
        let blob = BlobHandle(pointer, owner: repository)
        return withExtendedLifetime(blob) {
            let size = Int(clamping: git_blob_rawsize(pointer))
            if size > maxBytes { return ReadContent(content: [], size: size, omitted: true) }
            guard size > 0, let raw = git_blob_rawcontent(pointer) else { return ReadContent.empty }
            return ReadContent(content: [UInt8](UnsafeRawBufferPointer(start: raw, count: size)), size: size, omitted: false)
        }
    }

    /// Link text of a symlink blob, nil when unreasonably long.
    func linkText(_ id: git_oid) throws -> PathBytes? {
        let read = try read(id, maxBytes: maxLinkTextBytes)
        return read.omitted ? nil : read.content
    }
}

/// Builds the `SourceFile` of a symlink entry stored in git (tree or index).
func gitSymlinkFile(path: PathBytes, id: git_oid, blobs: BlobStore, maxBytes: Int,
                    lookup: (PathBytes) throws -> ResolverNode<git_oid>) throws -> SourceFile {
    let text = try blobs.linkText(id)
    var read = ReadContent.empty
    var escapes = true
    if let text, let target = try SymlinkResolver.resolve(linkPath: path, target: text, lookup: lookup) {
        read = try blobs.read(target.payload, maxBytes: maxBytes)
        escapes = false
    }
    return SourceFile(path: CText.string(path), kind: .symlink(target: CText.string(text ?? []), escapes: escapes),
                      content: read.content, size: read.size, omitted: read.omitted, blobID: id.hex)
}

func submoduleFile(path: PathBytes, blobID: String?) -> SourceFile {
    SourceFile(path: CText.string(path), kind: .submodule, content: [], size: 0, omitted: false, blobID: blobID)
}

// MARK: - Revision

/// Reads a tree straight from the object database, descending only into subtrees under the prefixes.
final class RevisionReader {
    struct Entry {
        let type: git_object_t
        let mode: UInt32
        let id: git_oid
    }

    let repository: RepositoryHandle
    let root: TreeHandle
    let blobs: BlobStore

    init(repository: GitRepository, revision: String) throws {
        self.repository = repository.handle
        root = try repository.tree(revision)
        blobs = try BlobStore(repository: repository.handle)
    }

    static func entry(_ pointer: OpaquePointer) -> Entry? {
        guard let id = git_tree_entry_id(pointer) else { return nil }
        return Entry(type: git_tree_entry_type(pointer), mode: git_tree_entry_filemode(pointer).rawValue, id: id.pointee)
    }

    /// The entry at a path of the root tree, nil when absent.
    func entry(at path: PathBytes) throws -> Entry? {
        if path.isEmpty { return nil }
        var pointer: OpaquePointer?
        let result = withExtendedLifetime(root) { git_tree_entry_bypath(&pointer, root.pointer, CText.cString(path)) }
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "git_tree_entry_bypath('\(CText.string(path))')")
        guard let pointer else { return nil }
        let owned = TreeEntryHandle(pointer, owner: repository)
        return withExtendedLifetime(owned) { RevisionReader.entry(pointer) }
    }

    func node(_ path: PathBytes) throws -> ResolverNode<git_oid> {
        guard let entry = try entry(at: path) else { return .missing }
        switch entry.type {
        case GIT_OBJECT_TREE:
            return .directory
        case GIT_OBJECT_BLOB:
            if entry.mode & fileTypeMask == symlinkMode {
                guard let text = try blobs.linkText(entry.id) else { return .other }
                return .symlink(target: text)
            }
            return .regular(entry.id)
        default:
            return .other
        }
    }

    /// A blob or gitlink entry as a `SourceFile` (nil for a tree).
    func sourceFile(_ path: PathBytes, _ entry: Entry, maxBytes: Int) throws -> SourceFile? {
        switch entry.type {
        case GIT_OBJECT_BLOB:
            if entry.mode & fileTypeMask == symlinkMode {
                return try gitSymlinkFile(path: path, id: entry.id, blobs: blobs, maxBytes: maxBytes, lookup: node)
            }
            let read = try blobs.read(entry.id, maxBytes: maxBytes)
            return SourceFile(path: CText.string(path), kind: .regular, content: read.content, size: read.size,
                              omitted: read.omitted, blobID: entry.id.hex)
        case GIT_OBJECT_COMMIT:
            return submoduleFile(path: path, blobID: entry.id.hex)
        default:
            return nil
        }
    }

    func files(_ spec: FilterSpec) throws -> [SourceFile] {
        var out: [SourceFile] = []
        for prefix in spec.prefixes {
            if prefix.isEmpty {
                try walk(root, base: [], spec, &out)
                continue
            }
            guard let entry = try entry(at: prefix) else { continue }
            switch entry.type {
            case GIT_OBJECT_TREE:
                try walk(try lookupTree(entry.id), base: prefix, spec, &out)
            case GIT_OBJECT_COMMIT:
                if spec.matchesSubmodule(prefix) { out.append(submoduleFile(path: prefix, blobID: entry.id.hex)) }
            default:
                if spec.matchesFile(prefix), let file = try sourceFile(prefix, entry, maxBytes: spec.maxBytes) {
                    out.append(file)
                }
            }
        }
        return out
    }

    func file(at path: PathBytes, maxBytes: Int) throws -> SourceFile? {
        guard let entry = try entry(at: path) else { return nil }
        return try sourceFile(path, entry, maxBytes: maxBytes)
    }

    func lookupTree(_ id: git_oid) throws -> TreeHandle {
        var oid = id
        var pointer: OpaquePointer?
        try check(git_tree_lookup(&pointer, repository.pointer, &oid), "git_tree_lookup(\(oid.hex))")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_tree_lookup(\(oid.hex))", message: "tree not found")
        }
        return TreeHandle(pointer, owner: repository)
    }

    /// The entries of a tree with their full paths, copied out: borrowed entries live only as
    /// long as their tree.
    static func children(of tree: TreeHandle, base: PathBytes) -> [(PathBytes, Entry)] {
        withExtendedLifetime(tree) {
            let count = git_tree_entrycount(tree.pointer)
            var entries: [(PathBytes, Entry)] = []
            entries.reserveCapacity(count)
            for index in 0..<count {
                guard let pointer = git_tree_entry_byindex(tree.pointer, index),
                      let name = git_tree_entry_name(pointer),
                      let entry = RevisionReader.entry(pointer) else { continue }
                entries.append((PathRules.join(base, CText.bytes(name)), entry))
            }
            return entries
        }
    }

    private func walk(_ tree: TreeHandle, base: PathBytes, _ spec: FilterSpec, _ out: inout [SourceFile]) throws {
        for (path, entry) in Self.children(of: tree, base: base) {
            switch entry.type {
            case GIT_OBJECT_TREE:
                try walk(try lookupTree(entry.id), base: path, spec, &out)
            case GIT_OBJECT_COMMIT:
                if spec.matchesSubmodule(path) { out.append(submoduleFile(path: path, blobID: entry.id.hex)) }
            case GIT_OBJECT_BLOB:
                if spec.matchesFile(path), let file = try sourceFile(path, entry, maxBytes: spec.maxBytes) {
                    out.append(file)
                }
            default:
                continue
            }
        }
    }
}

// MARK: - Index

/// What tells one version of a file from another without reading it: inode, size, and the
/// modification and status-change times to the nanosecond. Nil when the file cannot be stat'ed.
struct FileStamp: Equatable {
    let inode: UInt64
    let size: Int64
    let modified: (seconds: Int, nanoseconds: Int)
    let changed: (seconds: Int, nanoseconds: Int)

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        let (m, c) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (m, c) = (info.st_mtim, info.st_ctim)
        #endif
        modified = (Int(m.tv_sec), Int(m.tv_nsec))
        changed = (Int(c.tv_sec), Int(c.tv_nsec))
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.inode == b.inode && a.size == b.size && a.modified == b.modified && a.changed == b.changed
    }
}

struct IndexEntry {
    let path: PathBytes
    let mode: UInt32
    let id: git_oid
    let stage: Int32
    let intentToAdd: Bool

    var fileType: UInt32 { mode & fileTypeMask }
}

/// All index entries (every stage), in index order.
func loadIndexEntries(_ repository: RepositoryHandle) throws -> [IndexEntry] {
    try withIndex(repository) { pointer in
        let count = git_index_entrycount(pointer)
        var entries: [IndexEntry] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(pointer, position), let path = entry.pointee.path else { continue }
            let intentToAdd = UInt32(entry.pointee.flags_extended) & GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue != 0
            entries.append(IndexEntry(path: CText.bytes(path), mode: entry.pointee.mode, id: entry.pointee.id,
                                      stage: git_index_entry_stage(entry), intentToAdd: intentToAdd))
        }
        return entries
    }
}

/// Runs `body` on the repository's index, read again first when the file changed on disk since
/// the repository cached it; the index stays alive while `body` runs.
func withIndex<T>(_ repository: RepositoryHandle, _ body: (OpaquePointer) throws -> T) throws -> T {
    var pointer: OpaquePointer?
    try check(git_repository_index(&pointer, repository.pointer), "git_repository_index")
    guard let pointer else { throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_index", message: "libgit2 returned no index") }
    let index = IndexHandle(pointer, owner: repository)
    return try withExtendedLifetime(index) {
        try check(git_index_read(pointer, 0), "git_index_read")
        return try body(pointer)
    }
}

/// The index as a source: stage 0, else "ours" (stage 2) for conflicts.
final class StagedReader {
    let blobs: BlobStore
    /// The chosen entry of each path (stage 0, else stage 2), in index order.
    let ordered: [(path: PathBytes, entry: IndexEntry)]
    /// Whether `ordered` is in byte order of the path (git's order; an index written with
    /// `core.ignoreCase` may not be), so that a path can be found by binary search.
    private let inByteOrder: Bool
    /// Position by path, made on first use when the index is not in byte order.
    private var positions: [PathBytes: Int]?
    private var directoryCache: Set<PathBytes>?

    init(repository: GitRepository) throws {
        if repository.isBare { throw repository.bareRepositoryError("files(.staged)") }
        blobs = try BlobStore(repository: repository.handle)
        // The stages of one path are next to each other, stage 0 (or 1, 2, 3) in order.
        var chosen: [(path: PathBytes, entry: IndexEntry)] = []
        var sorted = true
        for entry in try loadIndexEntries(repository.handle) where !entry.intentToAdd {
            guard entry.stage == 0 || entry.stage == 2 else { continue }
            if let last = chosen.last {
                if last.path == entry.path {
                    // Stage 0 wins over stage 2; of two stage 2 entries (not expected), the first.
                    if entry.stage == 0 { chosen[chosen.count - 1] = (entry.path, entry) }
                    continue
                }
                if sorted, ByteOrder.compare(last.path, entry.path) >= 0 { sorted = false }
            }
            chosen.append((entry.path, entry))
        }
        if !sorted {
            // Not grouped by path after all: keep the first choice of each path, as a map would.
            var seen: [PathBytes: Int] = [:]
            var unique: [(path: PathBytes, entry: IndexEntry)] = []
            for item in chosen {
                if let at = seen[item.path] {
                    if unique[at].entry.stage != 0, item.entry.stage == 0 { unique[at] = item }
                } else {
                    seen[item.path] = unique.count
                    unique.append(item)
                }
            }
            chosen = unique
        }
        ordered = chosen
        inByteOrder = sorted
    }

    /// The chosen entry for `path`, if any.
    func entry(_ path: PathBytes) -> IndexEntry? {
        if inByteOrder {
            var low = 0, high = ordered.count
            while low < high {
                let mid = (low + high) / 2
                let order = ByteOrder.compare(ordered[mid].path, path)
                if order == 0 { return ordered[mid].entry }
                if order < 0 { low = mid + 1 } else { high = mid }
            }
            return nil
        }
        if positions == nil {
            var made: [PathBytes: Int] = [:]
            for (i, item) in ordered.enumerated() { made[item.path] = i }
            positions = made
        }
        return positions?[path].map { ordered[$0].entry }
    }

    private var directories: Set<PathBytes> {
        if let directoryCache { return directoryCache }
        var set = Set<PathBytes>()
        for item in ordered { set.formUnion(PathRules.ancestors(item.path)) }
        directoryCache = set
        return set
    }

    func node(_ path: PathBytes) throws -> ResolverNode<git_oid> {
        if let entry = entry(path) {
            switch entry.fileType {
            case regularMode: return .regular(entry.id)
            case symlinkMode:
                guard let text = try blobs.linkText(entry.id) else { return .other }
                return .symlink(target: text)
            default: return .other
            }
        }
        return directories.contains(path) ? .directory : .missing
    }

    func sourceFile(_ entry: IndexEntry, maxBytes: Int) throws -> SourceFile? {
        switch entry.fileType {
        case regularMode:
            let read = try blobs.read(entry.id, maxBytes: maxBytes)
            return SourceFile(path: CText.string(entry.path), kind: .regular, content: read.content, size: read.size,
                              omitted: read.omitted, blobID: entry.id.hex)
        case symlinkMode:
            return try gitSymlinkFile(path: entry.path, id: entry.id, blobs: blobs, maxBytes: maxBytes, lookup: node)
        case gitlinkMode:
            return submoduleFile(path: entry.path, blobID: entry.id.hex)
        default:
            return nil  // sparse-index directory entries and the like
        }
    }

    func files(_ spec: FilterSpec) throws -> [SourceFile] {
        var out: [SourceFile] = []
        for (path, entry) in ordered {
            let matches = entry.fileType == gitlinkMode ? spec.matchesSubmodule(path) : spec.matchesFile(path)
            if matches, let file = try sourceFile(entry, maxBytes: spec.maxBytes) { out.append(file) }
        }
        return out
    }

    func file(at path: PathBytes, maxBytes: Int) throws -> SourceFile? {
        guard let entry = entry(path) else { return nil }
        return try sourceFile(entry, maxBytes: maxBytes)
    }
}

// MARK: - Work tree

/// Object ids of work tree content as `git hash-object` would compute them (clean filters applied).
final class WorkTreeHasher {
    let repository: RepositoryHandle

    init(repository: RepositoryHandle) { self.repository = repository }

    static func rawHash(_ content: [UInt8]) -> String? {
        var oid = git_oid()
        let result = content.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return result < 0 ? nil : oid.hex
    }

    func hash(_ path: PathBytes, _ content: [UInt8], isLink: Bool) -> String? {
        if isLink || content.isEmpty { return WorkTreeHasher.rawHash(content) }
        let cPath = CText.cString(path)
        // A custom filter driver (LFS...) is not run by libgit2: do not guess.
        var value: UnsafePointer<CChar>?
        if git_attr_get(&value, repository.pointer, UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX), cPath, "filter") < 0 { return nil }
        if git_attr_value(value) == GIT_ATTR_VALUE_STRING { return nil }
        var pointer: OpaquePointer?
        if git_filter_list_load(&pointer, repository.pointer, nil, cPath, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT.rawValue) < 0 {
            return nil
        }
        guard let pointer else { return WorkTreeHasher.rawHash(content) }
        let filters = FilterListHandle(pointer, owner: repository)
        return withExtendedLifetime(filters) {
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            let result = content.withUnsafeBytes { raw in
                git_filter_list_apply_to_buffer(&buffer, pointer, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
            }
            if result < 0 { return nil }
            var oid = git_oid()
            if git_odb_hash(&oid, buffer.ptr, buffer.size, GIT_OBJECT_BLOB) < 0 { return nil }
            return oid.hex
        }
    }
}

final class WorkTreeReader {
    let repository: RepositoryHandle
    let disk: RootedDisk
    let hasher: WorkTreeHasher

    init(repository: GitRepository) throws {
        guard !repository.isBare, let workdir = repository.workDirectoryBytes else {
            throw repository.bareRepositoryError("files(.workTree)")
        }
        self.repository = repository.handle
        disk = RootedDisk(root: workdir)
        hasher = WorkTreeHasher(repository: repository.handle)
    }

    private func diskFile(_ path: PathBytes, maxBytes: Int) throws -> SourceFile? {
        let node = try disk.node(path)
        return try disk.sourceFile(path, node: node, maxBytes: maxBytes) { path, content, isLink in
            hasher.hash(path, content, isLink: isLink)
        }
    }

    private func submodule(_ path: PathBytes) throws -> SourceFile? {
        guard case .directory = try disk.node(path) else { return nil }
        return submoduleFile(path: path, blobID: nil)
    }

    func files(_ spec: FilterSpec) throws -> [SourceFile] {
        var out: [SourceFile] = []
        var tracked = Set<PathBytes>()
        for entry in try loadIndexEntries(repository) {
            guard tracked.insert(entry.path).inserted else { continue }  // other stages of a conflict
            if entry.fileType == gitlinkMode {
                if spec.matchesSubmodule(entry.path), let file = try submodule(entry.path) { out.append(file) }
            } else if spec.matchesFile(entry.path), let file = try diskFile(entry.path, maxBytes: spec.maxBytes) {
                out.append(file)
            }
        }
        for path in try untrackedPaths(spec) where !tracked.contains(path) {
            if spec.matchesFile(path), let file = try diskFile(path, maxBytes: spec.maxBytes) { out.append(file) }
        }
        return out
    }

    func file(at path: PathBytes, maxBytes: Int) throws -> SourceFile? {
        let entries = try loadIndexEntries(repository).filter { $0.path == path }
        if let entry = entries.first {
            return entry.fileType == gitlinkMode ? try submodule(path) : try diskFile(path, maxBytes: maxBytes)
        }
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, repository.pointer, CText.cString(path)),
                  "git_ignore_path_is_ignored('\(CText.string(path))')")
        if ignored == 1 { return nil }
        return try diskFile(path, maxBytes: maxBytes)
    }

    /// Untracked, not ignored paths under the prefixes (directories of nested repositories included,
    /// they are dropped later as they are not files).
    func untrackedPaths(_ spec: FilterSpec) throws -> [PathBytes] {
        if spec.prefixes.isEmpty { return [] }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
            | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH.rawValue
        var pathspec: [UnsafeMutablePointer<CChar>?] = spec.matchesEverything ? [] : spec.prefixes.map { strdup(CText.cString($0)) }
        defer { for string in pathspec { free(string) } }
        if pathspec.contains(where: { $0 == nil }) {
            throw GitError(code: GIT_ERROR.rawValue, operation: "strdup", message: "out of memory")
        }
        let repository = self.repository
        return try pathspec.withUnsafeMutableBufferPointer { strings in
            options.pathspec = git_strarray(strings: strings.baseAddress, count: strings.count)
            var pointer: OpaquePointer?
            try check(git_status_list_new(&pointer, repository.pointer, &options), "git_status_list_new")
            guard let pointer else { return [] }
            let list = StatusListHandle(pointer, owner: repository)
            return withExtendedLifetime(list) {
                var paths: [PathBytes] = []
                for position in 0..<git_status_list_entrycount(pointer) {
                    guard let entry = git_status_byindex(pointer, position),
                          entry.pointee.status.rawValue & GIT_STATUS_WT_NEW.rawValue != 0,
                          let delta = entry.pointee.index_to_workdir,
                          let path = delta.pointee.new_file.path else { continue }
                    var bytes = CText.bytes(path)
                    while bytes.last == PathRules.slash { bytes.removeLast() }
                    if !bytes.isEmpty { paths.append(bytes) }
                }
                return paths
            }
        }
    }
}

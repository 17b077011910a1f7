// Value types handed out by the Git layer. No libgit2 here: everything is copied out of libgit2
// into these immediately.

/// Where the landscape files are read from.
public enum SourceSelection: Sendable, Equatable, Hashable {
    /// Tracked files as they are on disk, plus untracked files that are not ignored.
    case workTree
    /// Any revision git understands (branch, tag, id, `HEAD~2`, `v1^{tree}`...), read from the object database.
    case revision(String)
    /// The index (what `git commit` would record).
    case staged
}

public enum SourceFileKind: Sendable, Equatable, Hashable {
    case regular
    /// A symbolic link. `target` is the link text. `content` holds the bytes of the file it points to
    /// when that resolves (after normalising `..`, at most 8 hops) to a regular file INSIDE the repository
    /// (work tree root, or the same tree/index for revision/staged); `escapes` is true when it points outside
    /// the repository or cannot be resolved (absolute target, too many hops, missing target, a directory,
    /// anything inside `.git`); then content is empty and size is 0. Never follows a link outside the repository.
    case symlink(target: String, escapes: Bool)
    /// A submodule (gitlink) entry inside a landscape path. content empty.
    case submodule
}

public struct SourceFile: Sendable, Equatable, Hashable {
    /// Repository-relative, '/'-separated (non-UTF-8 bytes are decoded with replacement characters).
    public let path: String
    public let kind: SourceFileKind
    /// Empty when size > maxBytes (then `omitted` is true). For a symlink: the bytes of the resolved target.
    public let content: [UInt8]
    /// Size in bytes of the real content (of the resolved target for a symlink; 0 when it escapes, 0 for a submodule).
    public let size: Int
    /// True when content was not read because size > maxBytes.
    public let omitted: Bool
    /// Hex object id of the entry when known. revision/staged: the blob id of the entry (for a symlink the blob
    /// holding the link text, for a submodule the recorded commit id). Work tree: the id git would give the file
    /// (`git hash-object`, with the repository's clean filters) when cheap to get; nil for omitted files, for
    /// paths with a custom `filter=` attribute (e.g. LFS) and for submodules.
    public let blobID: String?

    public init(path: String, kind: SourceFileKind, content: [UInt8], size: Int, omitted: Bool, blobID: String?) {
        self.path = path
        self.kind = kind
        self.content = content
        self.size = size
        self.omitted = omitted
        self.blobID = blobID
    }
}

public struct CommitInfo: Sendable, Equatable, Hashable {
    /// Full hex id.
    public let id: String
    /// First paragraph of the message, lines joined (git's "summary").
    public let summary: String
    public let authorName: String
    public let authorEmail: String
    /// Author time, seconds since the Unix epoch.
    public let time: Int64
    /// Author time zone offset in minutes east of UTC.
    public let timeOffsetMinutes: Int32
    /// Full hex ids of the parents, in order (the first parent first). Empty for a root commit and, as git shows
    /// it, for a shallow boundary commit (`GitRepository.shallowCommits()`), whose parents are not in the clone.
    public let parents: [String]
    /// Committer time, seconds since the Unix epoch (what `git log` orders by).
    public let committerTime: Int64
    /// Committer time zone offset in minutes east of UTC.
    public let committerOffsetMinutes: Int32

    /// Without parents; the committer time is taken to be the author time.
    public init(id: String, summary: String, authorName: String, authorEmail: String, time: Int64, timeOffsetMinutes: Int32) {
        self.init(id: id, summary: summary, authorName: authorName, authorEmail: authorEmail, time: time,
                  timeOffsetMinutes: timeOffsetMinutes, parents: [], committerTime: time,
                  committerOffsetMinutes: timeOffsetMinutes)
    }

    public init(id: String, summary: String, authorName: String, authorEmail: String, time: Int64, timeOffsetMinutes: Int32,
                parents: [String], committerTime: Int64, committerOffsetMinutes: Int32) {
        self.id = id
        self.summary = summary
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.time = time
        self.timeOffsetMinutes = timeOffsetMinutes
        self.parents = parents
        self.committerTime = committerTime
        self.committerOffsetMinutes = committerOffsetMinutes
    }
}

/// A change of one landscape file between two trees. No rename detection: a move is a deletion plus an addition.
public struct FileChange: Sendable, Equatable, Hashable {
    public enum Status: String, Sendable {
        case added, deleted, modified
    }

    /// Repository-relative, '/'-separated.
    public let path: String
    public let status: Status
    /// Entry id on the old side (blob id; for a symlink the blob holding the link text; for a submodule the
    /// recorded commit id); nil when added.
    public let oldBlobID: String?
    /// Entry id on the new side; nil when deleted.
    public let newBlobID: String?
    /// What the entry is on the old side; nil when added.
    public let oldType: EntryType?
    /// What the entry is on the new side; nil when deleted.
    public let newType: EntryType?

    /// What a tree entry of a file is, from its mode.
    public enum EntryType: String, Sendable {
        case file, symlink, submodule
    }

    public init(path: String, status: Status, oldBlobID: String?, newBlobID: String?,
                oldType: EntryType?, newType: EntryType?) {
        self.path = path
        self.status = status
        self.oldBlobID = oldBlobID
        self.newBlobID = newBlobID
        self.oldType = oldType
        self.newType = newType
    }

    /// The same change seen from the other side: an addition is a deletion, old is new.
    public var reversed: FileChange {
        FileChange(path: path, status: status == .added ? .deleted : status == .deleted ? .added : .modified,
                   oldBlobID: newBlobID, newBlobID: oldBlobID, oldType: newType, newType: oldType)
    }

    /// The new side as a tree entry, when it is a regular file: what reading it needs, known
    /// without looking the path up again. nil for a deletion, a symlink or a submodule.
    public var newRegularEntry: TreeEntryInfo? {
        guard newType == .file, let id = newBlobID else { return nil }
        return TreeEntryInfo(path: path, blobID: id, kind: .regular, contentBlobID: id)
    }
}

/// An entry of a tree (or of the index) without its content: the content is read separately by blob id
/// (`GitRepository.blob(_:)`), so callers can cache what they parse from a blob.
public struct TreeEntryInfo: Sendable, Equatable, Hashable {
    /// Repository-relative, '/'-separated.
    public let path: String
    /// Id of the entry itself: the blob id (for a symlink the blob holding the link text), or for a submodule
    /// the recorded commit id. Same as `SourceFile.blobID` for revision and staged sources.
    public let blobID: String
    /// `.regular`, `.symlink(target:escapes:)` resolved exactly like `files(_:filter:)` does, or `.submodule`.
    public let kind: SourceFileKind
    /// Id of the blob holding the file's content: `blobID` for a regular file, the resolved target's blob for a
    /// symlink that stays inside the tree, nil for a symlink that escapes and for a submodule.
    public let contentBlobID: String?

    public init(path: String, blobID: String, kind: SourceFileKind, contentBlobID: String?) {
        self.path = path
        self.blobID = blobID
        self.kind = kind
        self.contentBlobID = contentBlobID
    }
}

/// Where HEAD is, for messages.
public enum HeadState: Sendable, Equatable, Hashable {
    /// On a branch (short name, e.g. "main" or "feature/x").
    case branch(String)
    /// HEAD names a commit directly.
    case detached(commit: String)
    /// On a branch that has no commit yet (a fresh repository, or after `git checkout --orphan`).
    case unborn(branch: String)
}

/// What to read: landscape path prefixes (e.g. ["architecture"], or [""] for everything) and file name extensions.
///
/// - A path matches a prefix `p` when `p` is empty, or path == p, or path starts with `p + "/"` (byte comparison).
///   Prefixes are normalised: leading "./", empty and "." components and trailing "/" are dropped
///   ("./architecture/" == "architecture", "." == ""). A prefix with a ".." component matches nothing
///   (repository paths never contain ".."). An empty `prefixes` array matches nothing.
/// - `extensions`: compared with the part of the file name after its last dot, ignoring the case of ASCII
///   letters (`B.YAML` is a YAML file: it is one on the case-insensitive file systems of Windows and macOS); a leading dot
///   in the set is ignored (".yaml" == "yaml"). An empty set means every file. Submodule entries are
///   reported whatever their name (only the prefixes apply to them).
/// - `maxBytes`: files bigger than this are listed with `omitted == true` and empty content.
public struct FileFilter: Sendable, Equatable {
    public static let defaultMaxBytes = 16 * 1024 * 1024

    public var prefixes: [String]
    public var extensions: Set<String>
    public var maxBytes: Int

    /// The extensions of landscape files.
    public static let landscapeExtensions: Set<String> = ["yaml", "yml"]

    /// Whether a path names a landscape file by its extension (`.yaml` or `.yml`, any case).
    public static func isLandscapeFileName(_ path: String) -> Bool {
        FilterSpec(FileFilter(extensions: landscapeExtensions)).matchesExtension(PathBytes(path.utf8))
    }

    public init(prefixes: [String] = [""], extensions: Set<String> = [], maxBytes: Int = FileFilter.defaultMaxBytes) {
        self.prefixes = prefixes
        self.extensions = extensions
        self.maxBytes = maxBytes
    }
}

extension FileFilter {
    /// Whether a repository-relative file path is one the filter selects (prefix and extension).
    public func matches(_ path: String) -> Bool { FilterSpec(self).matchesFile(PathBytes(path.utf8)) }

    /// `files` with `overlay` (repository-relative path to content) in place of what they read:
    /// an editor's unsaved buffers. A path the listing lacks is added when the filter selects it
    /// and it is not on disk (a new file not saved yet; one on disk that the listing lacks, such
    /// as a file git ignores, stays out). Overlaid files have no blob id: no cache holds them.
    public func overlaid(_ files: [SourceFile], with overlay: [String: [UInt8]], onDisk: (String) -> Bool) -> [SourceFile] {
        guard !overlay.isEmpty else { return files }
        var result = files.map { file -> SourceFile in
            guard let content = overlay[file.path] else { return file }
            return SourceFile(path: file.path, kind: .regular, content: content, size: content.count, omitted: false, blobID: nil)
        }
        let listed = Set(files.map(\.path))
        for (path, content) in overlay where !listed.contains(path) && matches(path) && !onDisk(path) {
            result.append(SourceFile(path: path, kind: .regular, content: content, size: content.count, omitted: false, blobID: nil))
        }
        return SourceOrdering.sorted(result)
    }
}

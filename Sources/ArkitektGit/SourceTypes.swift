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

    public init(id: String, summary: String, authorName: String, authorEmail: String, time: Int64, timeOffsetMinutes: Int32) {
        self.id = id
        self.summary = summary
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.time = time
        self.timeOffsetMinutes = timeOffsetMinutes
    }
}

/// What to read: landscape path prefixes (e.g. ["architecture"], or [""] for everything) and file name extensions.
///
/// - A path matches a prefix `p` when `p` is empty, or path == p, or path starts with `p + "/"` (byte comparison).
///   Prefixes are normalised: leading "./", empty and "." components and trailing "/" are dropped
///   ("./architecture/" == "architecture", "." == ""). A prefix with a ".." component matches nothing
///   (repository paths never contain ".."). An empty `prefixes` array matches nothing.
/// - `extensions`: compared with the part of the file name after its last dot, case-sensitively; a leading dot
///   in the set is ignored (".yaml" == "yaml"). An empty set means every file. Submodule entries are
///   reported whatever their name (only the prefixes apply to them).
/// - `maxBytes`: files bigger than this are listed with `omitted == true` and empty content.
public struct FileFilter: Sendable, Equatable {
    public static let defaultMaxBytes = 16 * 1024 * 1024

    public var prefixes: [String]
    public var extensions: Set<String>
    public var maxBytes: Int

    public init(prefixes: [String] = [""], extensions: Set<String> = [], maxBytes: Int = FileFilter.defaultMaxBytes) {
        self.prefixes = prefixes
        self.extensions = extensions
        self.maxBytes = maxBytes
    }
}

import ArkitektModel
import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies of other repositories kept in a bare repository of their own (a landscape's libraries):
/// fetched with libgit2's own transports, never by running git.
extension GitRepository {
    /// The bare repository at `path`, made (with its folders) when there is none yet.
    public static func openOrCreateBare(at path: String) throws -> GitRepository {
        try LibGit2.ensureInitialised()
        var pointer: OpaquePointer?
        if git_repository_open_bare(&pointer, path) == 0, let pointer {
            return GitRepository(handle: RepositoryHandle(pointer))
        }
        try check(git_repository_init(&pointer, path, 1), "git_repository_init('\(path)')")
        guard let pointer else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_init('\(path)')", message: "libgit2 returned no repository")
        }
        return GitRepository(handle: RepositoryHandle(pointer))
    }

    /// The bare repository at `path`, or nil when there is none.
    public static func openBare(at path: String) throws -> GitRepository? {
        try LibGit2.ensureInitialised()
        var pointer: OpaquePointer?
        let result = git_repository_open_bare(&pointer, path)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "git_repository_open_bare('\(path)')")
        guard let pointer else { return nil }
        return GitRepository(handle: RepositoryHandle(pointer))
    }

    /// Fetches every branch and tag of `url` (a URL git accepts, or a local path) into this
    /// repository as its own branches and tags. They follow the remote (a moved tag moves here
    /// too); objects are never removed, so a commit pinned earlier stays readable.
    public func fetchAll(from url: String) throws {
        var remote: OpaquePointer?
        try check(git_remote_create_anonymous(&remote, handle.pointer, url), "git_remote_create_anonymous('\(url)')")
        guard let remote else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_remote_create_anonymous('\(url)')", message: "libgit2 returned no remote")
        }
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]
        // C copies that live until the fetch returns.
        var pointers: [UnsafeMutablePointer<CChar>?] = refspecs.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        guard !pointers.contains(where: { $0 == nil }) else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_remote_fetch('\(url)')", message: "out of memory")
        }
        let result: Int32 = pointers.withUnsafeMutableBufferPointer { array in
            var list = git_strarray(strings: array.baseAddress, count: array.count)
            return git_remote_fetch(remote, &list, &options, nil)
        }
        try check(result, "git_remote_fetch('\(url)')")
    }
}

extension GitRepository {
    /// The branches and tags, by their short names (`main`, `v2025.1`), sorted and without repeats.
    public func branchAndTagNames() throws -> [String] {
        var names = Set<String>()
        try forEachReference { _, name in
            let full = CText.string(name)
            for prefix in ["refs/heads/", "refs/tags/"] where full.hasPrefix(prefix) {
                names.insert(String(full.dropFirst(prefix.count)))
            }
        }
        return names.sorted(by: ByteOrder.less)
    }
}

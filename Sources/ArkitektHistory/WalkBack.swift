import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektRules

extension HistoryWalker {
    /// Walks `commits` backwards: newest first, each the child of the next by its first parent,
    /// starting from `landscape` and `files`, the landscape at the newest. Each commit's change is
    /// put back (its files as its parent had them, parsed only for the paths it changed) and
    /// recorded on the commit's day where no newer commit has recorded anything yet: what comes out
    /// is, for each aspect, its last change within `commits`. No landscape has to be read whole
    /// to start from, as a walk from the oldest commit would.
    ///
    /// - Parameter ahead: what another thread has read of these commits already.
    public func walkBack(_ commits: [CommitInfo], landscape: Landscape, files: [String: LoadedFile],
                         prefixes: [String], ahead: WalkAhead? = nil) throws -> ChangeHistory {
        var landscape = landscape
        var files = Dictionary(CatalogLinker.link(Array(files.values), limits: limits).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var found = ChangeHistory()
        let filter = filter(prefixes)
        let trees = TreeReuse()
        for commit in commits {
            // A root commit (or a shallow boundary): nothing before it to compare with.
            guard let parent = commit.parents.first else { break }
            let prefetched = ahead?.take(commit.id)
            let changes = try prefetched?.changes ?? repository.changedFiles(from: parent, to: commit.id, filter: filter, reuse: trees)
            for (path, version) in prefetched?.parsed ?? [:] { cache[CacheKey(path: path, blob: version.blob)] = version.file }
            guard !changes.isEmpty else { continue }
            let older = CatalogLinker.linked(try read(changes.map(\.reversed), commit: parent), in: files, limits: limits)
            // The side before the commit holds the landscape only while it is recorded: held
            // while the landscape changes below, it would make every change copy its lookups.
            do {
                let before = LandscapeBefore(base: landscape, puttingBack: older, current: { files[$0]?.elements ?? [] })
                found.record(touched: before.touched, before: before, after: landscape, day: Self.day(of: commit), keepingNewer: true)
            }
            for (path, file) in older {
                landscape.replace(file: path, with: file?.elements ?? [])
                files[path] = file
            }
        }
        return found
    }
}

import ArkitektGit
import ArkitektLoading
import ArkitektModel
import Foundation

/// What a walk back through the history (`HistoryWalker.walkBack`) will ask of the repository,
/// read ahead on a thread of its own through a handle of its own: for each commit, newest first
/// along the first parents from `tip`, the files it changed and, parsed, the versions its parent
/// had of those that are regular files. A check starts it before it reads the landscape, so that
/// the walk, which cannot start before the landscape is read, finds most of its reading done and
/// both cores stay busy meanwhile.
///
/// It reads on until `stop(before:)` says how far back the walk goes (or `cancel()`), at most
/// `window` commits ahead of the walk, so that a few commits beyond it may be read in vain. The
/// walk takes each commit's reading with `take`, which waits for it; whatever it cannot give (an
/// error, a commit it never reached) the walk reads itself. Only regular files are read ahead: links and submodules are left to the walk.
public final class WalkAhead: @unchecked Sendable {
    public struct Read: Sendable {
        /// What `changedFiles(from: parent, to: commit)` gives.
        public let changes: [FileChange]
        /// The parent's version of each changed regular file, parsed, by path.
        public let parsed: [String: (blob: String, file: LoadedFile)]
    }

    private let condition = NSCondition()
    private var reads: [String: Read] = [:]
    /// Set once nothing more will come.
    private var finished = false
    private var stopDay: Day?
    private var cancelled = false
    /// Commits read and commits taken: the reading stays at most `window` commits ahead of the
    /// walk, so that before the walk knows how far back it goes (the landscape is still being
    /// read) no more than that is read in vain.
    private var produced = 0
    private var taken = 0
    private let window: Int
    /// The first-parent log from `tip` the reading thread walks, once it has read it.
    private var log: [CommitInfo]?
    private var logRead = false

    /// How many commits it has read so far (for tests and benchmarks).
    public var readSoFar: Int {
        condition.lock()
        defer { condition.unlock() }
        return produced
    }

    /// The commit it starts from and the landscape paths it reads.
    public let tip: String
    public let prefixes: [String]

    /// Starts reading. `repository` is a handle no other thread uses; `stop`: as `stop(before:)`;
    /// `window`: how many commits it reads ahead of the walk at most.
    public init(repository: GitRepository, tip: String, prefixes: [String], limits: Limits, stop: Day? = nil, window: Int = 256) {
        self.tip = tip
        self.window = max(1, window)
        self.prefixes = prefixes
        stopDay = stop
        let handle = Handed(repository)
        let thread = Thread { [self] in
            read(handle.repository, tip: tip, prefixes: prefixes, limits: limits)
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The walk goes back to the commits of `day`: nothing older is read.
    public func stop(before day: Day) {
        condition.lock()
        stopDay = day
        condition.unlock()
    }

    /// Nothing more is wanted.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Nothing more is wanted, and the reading thread has stopped (it stops after the commit it is
    /// reading): nothing of it runs on once the caller returns.
    public func finish() {
        cancel()
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// The commits from `tip` along the first parents, newest first, as the reading thread read
    /// them (so that the walk need not read the log again); nil when it could not.
    public func commits() -> [CommitInfo]? {
        condition.lock()
        defer { condition.unlock() }
        while !logRead && !finished { condition.wait() }
        return log
    }

    /// The reading of `commit`, once it is there; nil when it never will be.
    public func take(_ commit: String) -> Read? {
        condition.lock()
        defer { condition.unlock() }
        while reads[commit] == nil && !finished && !cancelled { condition.wait() }
        taken += 1
        condition.broadcast()
        return reads.removeValue(forKey: commit)
    }

    private func wanted(_ commit: CommitInfo) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && produced >= taken + window { condition.wait() }
        if cancelled { return false }
        return stopDay.map { HistoryWalker.day(of: commit) >= $0 } ?? true
    }

    private func read(_ repository: GitRepository, tip: String, prefixes: [String], limits: Limits) {
        let filter = HistoryWalker.landscapeFilter(prefixes, limits: limits)
        let trees = TreeReuse()
        let commits = try? repository.log(tip, firstParent: true)
        condition.lock()
        log = commits
        logRead = true
        condition.broadcast()
        condition.unlock()
        for commit in commits ?? [] {
            guard wanted(commit), let parent = commit.parents.first,
                  let changes = try? repository.changedFiles(from: parent, to: commit.id, filter: filter, reuse: trees) else { return }
            var parsed: [String: (blob: String, file: LoadedFile)] = [:]
            for change in changes {
                // The walk reads the parent's side: the old side of the change.
                guard let entry = change.reversed.newRegularEntry, let blob = entry.contentBlobID,
                      let bytes = try? repository.blob(blob), bytes.count <= limits.maxFileBytes else { continue }
                parsed[entry.path] = (blob, LandscapeLoader.load(path: entry.path, bytes: bytes, limits: limits))
            }
            condition.lock()
            reads[commit.id] = Read(changes: changes, parsed: parsed)
            produced += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// A repository handle given to one other thread, which alone uses it from then on.
private struct Handed: @unchecked Sendable {
    let repository: GitRepository
    init(_ repository: GitRepository) { self.repository = repository }
}

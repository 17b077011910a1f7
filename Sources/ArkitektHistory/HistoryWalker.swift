import ArkitektGit
import ArkitektLoading
import ArkitektModel

/// One analysed revision: its landscape, the findings of reading and checking it, and its date.
public struct Snapshot: Sendable {
    public let commit: CommitInfo?
    public let landscape: Landscape
    /// Findings of the rules as of `today` (after exemptions).
    public let findings: [Finding]
    public let today: Day

    public init(commit: CommitInfo?, landscape: Landscape, findings: [Finding], today: Day) {
        self.commit = commit
        self.landscape = landscape
        self.findings = findings
        self.today = today
    }
}

/// What one commit did to the landscape.
public struct HistoryStep: Sendable {
    public let commit: CommitInfo
    /// True when the commit changed a landscape file or the configuration.
    public let touched: Bool
    public let changes: [FileChange]
    public let diff: LandscapeDiff
    /// Findings the commit introduced and resolved, both sides judged on the commit's own date, so
    /// that what time did (an exemption running out) is not blamed on the commit.
    public let delta: FindingDelta
    public let before: Snapshot
    public let after: Snapshot
}

/// The configuration in force at a commit, as far as the walk needs it.
public struct CommitContext: Sendable {
    /// Landscape paths, repository-relative.
    public let prefixes: [String]
    /// Changes whenever the configuration (or a rule pack) changes; the walk then reloads everything.
    public let key: String
    public init(prefixes: [String], key: String) {
        self.prefixes = prefixes
        self.key = key
    }
}

/// Walks commits oldest to newest, reading only what each commit changed.
///
/// Cost grows with what changed, not with commits times files: each commit's changed files come
/// from a tree walk that skips equal subtrees, each distinct blob is parsed once per run (parsed
/// files are cached by path and blob id), and only the elements of changed files are compared.
public final class HistoryWalker {
    public typealias Context = (CommitInfo) throws -> CommitContext
    public typealias Evaluate = (_ landscape: Landscape, _ loaderFindings: [Finding], _ commit: CommitInfo, _ today: Day) throws -> [Finding]

    struct CacheKey: Hashable {
        let path: String
        let blob: String
    }

    let repository: GitRepository
    let context: Context
    let evaluate: Evaluate
    let limits: Limits
    var cache: [CacheKey: LoadedFile] = [:]
    /// Parses actually made (for tests and benchmarks: distinct blobs are parsed once).
    public private(set) var parses = 0

    public init(repository: GitRepository, limits: Limits = Limits(), context: @escaping Context, evaluate: @escaping Evaluate) {
        self.repository = repository
        self.limits = limits
        self.context = context
        self.evaluate = evaluate
    }

    /// The UTC day of a commit's committer date: each revision is judged on its own date.
    public static func day(of commit: CommitInfo) -> Day {
        Day(unixSeconds: commit.committerTime)
    }

    func filter(_ prefixes: [String]) -> FileFilter {
        FileFilter(prefixes: prefixes, extensions: ["yaml", "yml"], maxBytes: limits.maxFileBytes)
    }

    /// Paths of the landscape that are symbolic links (their content follows their target).
    var symlinks = Set<String>()

    /// The loaded files of entries, from the cache or parsed now (in parallel).
    func load(_ entries: [TreeEntryInfo]) throws -> [String: LoadedFile] {
        var result: [String: LoadedFile] = [:]
        var toParse: [(CacheKey, LandscapeInput)] = []
        for entry in entries {
            if case .symlink = entry.kind { symlinks.insert(entry.path) } else { symlinks.remove(entry.path) }
            switch try SourceLoading.read(entry, from: repository, limits: limits, cached: { cache[CacheKey(path: $1, blob: $0)] }) {
            case .loaded(let file): result[entry.path] = file
            case .bytes(let blob, let input): toParse.append((CacheKey(path: entry.path, blob: blob), input))
            case .none: break
            }
        }
        let parsed = LandscapeLoader.loadFiles(toParse.map(\.1), limits: limits)
        parses += parsed.count
        for ((key, _), file) in zip(toParse, parsed) {
            cache[key] = file
            result[key.path] = file
        }
        return result
    }

    /// Everything of the landscape at a commit.
    func fullLoad(_ commit: String, prefixes: [String]) throws -> [String: LoadedFile] {
        symlinks.removeAll()
        return try load(repository.entries(commit, filter: filter(prefixes)))
    }

    /// Applies one commit's changes to the files of its parent.
    func apply(_ changes: [FileChange], to files: [String: LoadedFile], commit: String, prefixes: [String]) throws -> [String: LoadedFile] {
        var files = files
        var entries: [TreeEntryInfo] = []
        for change in changes {
            files[change.path] = nil
            symlinks.remove(change.path)
            guard change.status != .deleted else { continue }
            // The entry tells the kind (a link, a submodule) and the blob that holds the content.
            let f = FileFilter(prefixes: [change.path], extensions: [], maxBytes: limits.maxFileBytes)
            if let entry = try repository.entries(commit, filter: f).first(where: { $0.path == change.path }) {
                entries.append(entry)
            }
        }
        for (path, file) in try load(entries) { files[path] = file }
        // A link whose target changed is not itself a change of the tree: resolve links again.
        let changed = Set(changes.map(\.path))
        let links = symlinks.subtracting(changed)
        if !links.isEmpty {
            let f = FileFilter(prefixes: Array(links), extensions: [], maxBytes: limits.maxFileBytes)
            for (path, file) in try load(try repository.entries(commit, filter: f).filter { links.contains($0.path) }) {
                files[path] = file
            }
        }
        return files
    }

    static func assemble(_ files: [String: LoadedFile], limits: Limits) -> (Landscape, [Finding]) {
        LandscapeLoader.assemble(Array(files.values), fileCount: files.count, limits: limits)
    }

    /// Walks `commits` (as `log` gives them: newest first) and returns one step per commit, newest
    /// first. The state before the oldest commit is read from its first parent (empty for a root).
    public func walk(_ commits: [CommitInfo], progress: ((Int, Int) -> Void)? = nil) throws -> [HistoryStep] {
        let ordered = Array(commits.reversed())
        guard let first = ordered.first else { return [] }
        var steps: [HistoryStep] = []
        steps.reserveCapacity(ordered.count)

        // The state before the walk.
        var files: [String: LoadedFile] = [:]
        var key: String?
        var prefixes: [String] = []
        var parentCommit: CommitInfo?
        if let parentID = first.parents.first {
            let parent = try repository.commit(parentID)
            let ctx = try context(parent)
            files = try fullLoad(parent.id, prefixes: ctx.prefixes)
            key = ctx.key
            prefixes = ctx.prefixes
            parentCommit = parent
        }
        var (landscape, loaderFindings) = Self.assemble(files, limits: limits)
        var snapshot = Snapshot(commit: parentCommit, landscape: landscape, findings: [], today: parentCommit.map(Self.day) ?? Day(unixSeconds: 0))
        var evaluated = false
        let shallow = try repository.shallowCommits()

        for (index, commit) in ordered.enumerated() {
            progress?(index + 1, ordered.count)
            let ctx = try context(commit)
            let today = Self.day(of: commit)
            // A shallow clone's boundary commit has its parents cut off: it did not add the whole
            // landscape, it is where the known history starts. It becomes the baseline.
            if commit.parents.isEmpty, shallow.contains(commit.id) {
                files = try fullLoad(commit.id, prefixes: ctx.prefixes)
                (landscape, loaderFindings) = Self.assemble(files, limits: limits)
                key = ctx.key
                prefixes = ctx.prefixes
                parentCommit = commit
                snapshot = Snapshot(commit: commit, landscape: landscape, findings: [], today: today)
                steps.append(HistoryStep(commit: commit, touched: false, changes: [], diff: LandscapeDiff(from: landscape, to: landscape, candidates: []),
                                         delta: FindingDelta(from: [], to: []), before: snapshot, after: snapshot))
                continue
            }
            var changes: [FileChange] = []
            var newFiles: [String: LoadedFile]
            let reload = ctx.key != key || ctx.prefixes != prefixes
            if reload {
                newFiles = try fullLoad(commit.id, prefixes: ctx.prefixes)
                changes = try repository.changedFiles(from: commit.parents.first, to: commit.id, filter: filter(ctx.prefixes))
            } else {
                changes = try repository.changedFiles(from: commit.parents.first, to: commit.id, filter: filter(prefixes))
                newFiles = changes.isEmpty ? files : try apply(changes, to: files, commit: commit.id, prefixes: prefixes)
            }
            // A changed configuration counts as a change of the landscape; the first read does not.
            let touched = !changes.isEmpty || (reload && key != nil)
            guard touched else {
                let unchanged = Snapshot(commit: commit, landscape: snapshot.landscape, findings: snapshot.findings, today: today)
                steps.append(HistoryStep(commit: commit, touched: false, changes: [], diff: LandscapeDiff(from: landscape, to: landscape, candidates: []),
                                         delta: FindingDelta(from: [], to: []), before: snapshot, after: unchanged))
                continue
            }
            let (newLandscape, newLoaderFindings) = Self.assemble(newFiles, limits: limits)
            let newFindings = try evaluate(newLandscape, newLoaderFindings, commit, today)
            // The parent judged on this commit's date, so the delta is what the commit changed.
            let oldFindings = try evaluate(landscape, loaderFindings, commit, today)
            var candidates = Set<Ref>()
            for change in changes {
                for element in files[change.path]?.elements ?? [] { candidates.insert(element.ref) }
                for element in newFiles[change.path]?.elements ?? [] { candidates.insert(element.ref) }
            }
            let diff = reload ? LandscapeDiff(from: landscape, to: newLandscape) : LandscapeDiff(from: landscape, to: newLandscape, candidates: candidates)
            if !evaluated, parentCommit != nil {
                snapshot = Snapshot(commit: parentCommit, landscape: landscape, findings: oldFindings, today: snapshot.today)
            }
            evaluated = true
            let after = Snapshot(commit: commit, landscape: newLandscape, findings: newFindings, today: today)
            steps.append(HistoryStep(commit: commit, touched: true, changes: changes, diff: diff,
                                     delta: FindingDelta(from: oldFindings, to: newFindings), before: snapshot, after: after))
            files = newFiles
            landscape = newLandscape
            loaderFindings = newLoaderFindings
            snapshot = after
            key = ctx.key
            prefixes = ctx.prefixes
        }
        return steps.reversed()
    }
}

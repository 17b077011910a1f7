import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Dispatch
import Foundation

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
    /// The libraries whose pin the commit moved (or that it took in or out), by name.
    public var libraryMoves: [LibraryPinMove] = []
    /// Why the libraries could not be read from this commit on (see `CommitContext`).
    public var libraryProblem: LocalizedText?
}

extension HistoryStep {
    /// The same step with another diff (the landscape's own part of it).
    public func with(diff: LandscapeDiff) -> HistoryStep {
        HistoryStep(commit: commit, touched: touched, changes: changes, diff: diff, delta: delta, libraryMoves: libraryMoves, libraryProblem: libraryProblem)
    }
}

/// A library a commit's landscape takes in, at the commit its lock pins.
public struct LibraryPin: Sendable, Equatable, Codable {
    public let name: String
    public let rev: String
    public let commit: String
    public init(name: String, rev: String, commit: String) {
        self.name = name
        self.rev = rev
        self.commit = commit
    }
}

/// A library's pin before and after a commit (nil: not taken in on that side).
public struct LibraryPinMove: Sendable, Equatable {
    public let name: String
    public let from: LibraryPin?
    public let to: LibraryPin?

    /// The moves between two sets of pins, by name.
    public static func between(_ old: [LibraryPin], _ new: [LibraryPin]) -> [LibraryPinMove] {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return Set(before.keys).union(after.keys).sorted(by: ByteOrder.less).compactMap { name in
            before[name]?.commit == after[name]?.commit ? nil : LibraryPinMove(name: name, from: before[name], to: after[name])
        }
    }
}

/// The landscape before a step: the landscape after it with the elements the step touched put
/// back as they were.
public struct LandscapeBefore: ElementLookup {
    let base: Landscape
    let replaced: [Ref: Element?]

    /// `base` with the elements of `replaced` put back as they were (nil: not there).
    public init(base: Landscape, replaced: [Ref: Element?]) {
        self.base = base
        self.replaced = replaced
    }

    /// `base` with the files at the paths of `older` put back as `older` has them (nil: not
    /// there): the elements `current` gives for those paths are gone, and those of `older` are
    /// back; of two with one ref, the one in the first file by path, as references resolve.
    public init(base: Landscape, puttingBack older: [String: LoadedFile?], current: (String) -> [Element]) {
        var replaced: [Ref: Element?] = [:]
        let paths = older.keys.sorted(by: ByteOrder.less)
        for path in paths {
            for element in current(path) { replaced[element.ref] = .some(nil) }
        }
        for path in paths {
            for element in (older[path] ?? nil)?.elements ?? [] {
                if case .some(.some) = replaced[element.ref] { continue }
                replaced[element.ref] = .some(element)
            }
        }
        self.init(base: base, replaced: replaced)
    }

    /// The refs whose elements are put back (or taken away).
    public var touched: Set<Ref> { Set(replaced.keys) }

    public subscript(ref: Ref) -> Element? {
        if let before = replaced[ref] { return before }
        return base[ref]
    }
}

/// The landscapes on both sides of a touched step. Valid only while the walk's visitor runs
/// (the walk then changes the landscape in place); take from it what is needed, do not keep it.
public struct StepLandscapes {
    public let before: LandscapeBefore
    public let after: Landscape
    /// The refs whose elements the step added, removed or edited; nil: the whole landscape was
    /// read again (the first step, or a changed configuration).
    public let touched: Set<Ref>?
    /// The commit's own date.
    public let today: Day
    /// The findings in force after the step, on its date, when the walker was asked for them
    /// (`reportsFindings`): what the site's trend counts.
    public var findings: [Finding]? = nil

    /// The refs whose rule results or transition conditions the step can have changed: the
    /// touched ones and those that refer to them. nil: all of them.
    public var reached: Set<Ref>? {
        guard let touched else { return nil }
        var reached = touched
        for ref in touched { reached.formUnion(after.referrers(of: ref)) }
        return reached
    }
}

/// The configuration in force at a commit, as far as the walk needs it.
public struct CommitContext: Sendable {
    /// Landscape paths, repository-relative.
    public let prefixes: [String]
    /// Changes whenever the configuration (or a rule pack, or a library's pin) changes; the walk
    /// then reloads everything.
    public var key: String
    /// The rules (and severity overrides) of the commit.
    public let engine: RuleEngine
    /// Files the landscape has besides its own: its libraries' (paths under `@NAME//`), read
    /// whole with the commit's own files whenever `key` changes (so `key` names the pins).
    public var libraryFiles: [String: LoadedFile] = [:]
    public var libraries: [LibraryPin] = []
    /// Why the commit's libraries could not be read (an old commit without a lock, say): the
    /// landscape is then walked without them there, and the step says so.
    public var libraryProblem: LocalizedText?
    public init(prefixes: [String], key: String, engine: RuleEngine) {
        self.prefixes = prefixes
        self.key = key
        self.engine = engine
    }
}

/// Walks commits oldest to newest, reading only what each commit changed.
///
/// Cost grows with what changed, not with commits times files: each commit's changed files come
/// from a tree walk that skips equal subtrees; each distinct blob is parsed once per run (parsed
/// files are cached by path and blob id); the landscape is changed in place, file by file; and
/// the rules check again only the elements a change can reach (`IncrementalEvaluation`).
public final class HistoryWalker {
    public typealias Context = (CommitInfo) throws -> CommitContext
    public typealias Visit = (HistoryStep, StepLandscapes?) throws -> Void

    struct CacheKey: Hashable {
        let path: String
        let blob: String
    }

    let repository: GitRepository
    let context: Context
    let limits: Limits
    var cache: [CacheKey: LoadedFile] = [:]
    /// Where a file this walk has not parsed yet may already be, by content blob and path (a
    /// check hands in its parse cache): consulted before parsing.
    public var alreadyParsed: (@Sendable (_ blob: String, _ path: String) -> LoadedFile?)?
    /// Parses actually made (for tests and benchmarks: distinct blobs are parsed once).
    public private(set) var parses = 0
    /// What the history rules watch, as known before the walk's first commit (nothing, unless the
    /// caller knows what came before: a check takes up the history it kept), and after its last.
    public var history = ChangeHistory()
    /// Whether each touched step hands the visitor the findings in force after it.
    public var reportsFindings = false
    /// The findings a step reports (introduced, resolved, in force): the landscape's own, when a
    /// library's elements are in it too.
    public var reports: (@Sendable (Finding) -> Bool)?
    /// A commit changing more files than this is read whole instead of file by file.
    static let wholeReadThreshold = 256

    public init(repository: GitRepository, limits: Limits = Limits(), context: @escaping Context) {
        self.repository = repository
        self.limits = limits
        self.context = context
    }

    /// The UTC day of a commit's committer date: each revision is judged on its own date.
    public static func day(of commit: CommitInfo) -> Day {
        Day(unixSeconds: commit.committerTime)
    }

    func filter(_ prefixes: [String]) -> FileFilter { Self.landscapeFilter(prefixes, limits: limits) }

    /// The landscape files under `prefixes`, as every walk reads them.
    public static func landscapeFilter(_ prefixes: [String], limits: Limits) -> FileFilter {
        FileFilter(prefixes: prefixes, extensions: FileFilter.landscapeExtensions, maxBytes: limits.maxFileBytes)
    }

    /// Paths of the landscape that are symbolic links (their content follows their target).
    var symlinks = Set<String>()

    /// The loaded files of entries, from the cache or parsed now (in parallel).
    public func load(_ entries: [TreeEntryInfo]) throws -> [String: LoadedFile] {
        var result: [String: LoadedFile] = [:]
        var toParse: [(CacheKey, LandscapeInput)] = []
        for entry in entries {
            if case .symlink = entry.kind { symlinks.insert(entry.path) } else { symlinks.remove(entry.path) }
            switch try SourceLoading.read(entry, from: repository, limits: limits, cached: { cache[CacheKey(path: $1, blob: $0)] ?? alreadyParsed?($0, $1) }) {
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
    func fullLoad(_ commit: String, _ ctx: CommitContext) throws -> [String: LoadedFile] {
        symlinks.removeAll()
        var files = try load(repository.entries(commit, filter: filter(ctx.prefixes)))
        for (path, file) in ctx.libraryFiles { files[path] = file }
        return files
    }

    /// The files one commit's changes replace: path -> new file (nil: gone).
    func read(_ changes: [FileChange], commit: String) throws -> [String: LoadedFile?] {
        var updates: [String: LoadedFile?] = [:]
        var entries: [TreeEntryInfo] = []
        for change in changes {
            updates[change.path] = .some(nil)
            symlinks.remove(change.path)
            guard change.status != .deleted else { continue }
            if let entry = change.newRegularEntry {
                entries.append(entry)
                continue
            }
            // The entry tells the kind (a link, a submodule) and the blob that holds the content.
            let f = FileFilter(prefixes: [change.path], extensions: [], maxBytes: limits.maxFileBytes)
            if let entry = try repository.entries(commit, filter: f).first(where: { $0.path == change.path }) {
                entries.append(entry)
            }
        }
        for (path, file) in try load(entries) { updates[path] = file }
        // A link whose target changed is not itself a change of the tree: resolve links again.
        let links = symlinks.subtracting(changes.map(\.path))
        if !links.isEmpty {
            let f = FileFilter(prefixes: Array(links), extensions: [], maxBytes: limits.maxFileBytes)
            for (path, file) in try load(try repository.entries(commit, filter: f).filter { links.contains($0.path) }) {
                updates[path] = file
            }
        }
        return updates
    }

    /// Walks `commits` (as `log` gives them: newest first) and returns one step per commit, newest
    /// first. The state before the oldest commit is read from its first parent (empty for a root).
    public func walk(_ commits: [CommitInfo], progress: ((Int, Int) -> Void)? = nil) throws -> [HistoryStep] {
        var steps: [HistoryStep] = []
        try walk(commits, progress: progress) { step, _ in steps.append(step) }
        return steps.reversed()
    }

    /// What the reading side prepares for one commit: everything that needs the repository.
    enum Prepared: Sendable {
        /// The state before the first commit: its parent, read whole.
        case start(CommitInfo, CommitContext, [String: LoadedFile])
        /// A shallow clone's boundary: where the known history starts, read whole.
        case boundary(CommitInfo, CommitContext, [String: LoadedFile])
        case untouched(CommitInfo)
        /// Read whole: a new configuration, or too many changes to apply one by one.
        case whole(CommitInfo, CommitContext, [FileChange], [String: LoadedFile])
        /// The files the commit replaced (nil: gone).
        case updates(CommitInfo, CommitContext, [FileChange], [String: LoadedFile?])
        case failed(any Error)
    }

    /// Reads the commits (oldest first) and hands what each needs to `put`, until it returns false.
    func prepare(_ ordered: [CommitInfo], _ put: (Prepared) -> Bool) {
        do {
            var key: String?
            var prefixes: [String] = []
            if let parentID = ordered.first?.parents.first {
                let parent = try repository.commit(parentID)
                let ctx = try context(parent)
                (key, prefixes) = (ctx.key, ctx.prefixes)
                guard put(.start(parent, ctx, try fullLoad(parent.id, ctx))) else { return }
            }
            let shallow = try repository.shallowCommits()
            let trees = TreeReuse()
            for commit in ordered {
                let ctx = try context(commit)
                let item: Prepared
                if commit.parents.isEmpty, shallow.contains(commit.id) {
                    item = .boundary(commit, ctx, try fullLoad(commit.id, ctx))
                } else {
                    let reload = ctx.key != key || ctx.prefixes != prefixes
                    let changes = try repository.changedFiles(from: commit.parents.first, to: commit.id, filter: filter(reload ? ctx.prefixes : prefixes),
                                                                         reuse: trees)
                    // A changed configuration counts as a change of the landscape; the first read does not.
                    if changes.isEmpty && !(reload && key != nil) {
                        item = .untouched(commit)
                    } else if reload || changes.count > Self.wholeReadThreshold {
                        item = .whole(commit, ctx, changes, try fullLoad(commit.id, ctx))
                    } else {
                        item = .updates(commit, ctx, changes, try read(changes, commit: commit.id))
                    }
                }
                (key, prefixes) = (ctx.key, ctx.prefixes)
                guard put(item) else { return }
            }
        } catch {
            _ = put(.failed(error))
        }
    }

    /// Walks `commits` (newest first, as `log` gives them) oldest to newest and hands each step to
    /// `visit`, with the landscapes around it when the step touched the landscape.
    ///
    /// Reading runs ahead on another thread (the repository, the parse cache and `context` are
    /// used there only, until the walk returns) while the rules run on this one.
    public func walk(_ commits: [CommitInfo], progress: ((Int, Int) -> Void)? = nil, visit: Visit) throws {
        let ordered = Array(commits.reversed())
        guard !ordered.isEmpty else { return }
        let channel = Channel<Prepared>(capacity: 32)
        let reader = UncheckedBox(self)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            reader.value.prepare(ordered) { channel.put($0) }
            channel.close()
            done.signal()
        }
        defer {
            channel.cancel()
            done.wait()
        }
        var state = EvolvingLandscape(limits: limits)
        state.history = history
        defer { history = state.history }
        var index = 0
        var pins: [LibraryPin] = []
        var problem: LocalizedText?
        /// The libraries a step moved, and a problem with them that starts there; the pins are
        /// then the step's.
        func moved(_ ctx: CommitContext) -> (moves: [LibraryPinMove], problem: LocalizedText?) {
            defer { (pins, problem) = (ctx.libraries, ctx.libraryProblem) }
            return (LibraryPinMove.between(pins, ctx.libraries), ctx.libraryProblem == problem ? nil : ctx.libraryProblem)
        }
        while let item = channel.take() {
            switch item {
            case .start, .failed: break
            default:
                index += 1
                progress?(index, ordered.count)
            }
            switch item {
            case .failed(let error):
                throw error
            case .start(let parent, let ctx, let files):
                (pins, problem) = (ctx.libraries, ctx.libraryProblem)
                state.reset(files: files, engine: ctx.engine, today: Self.day(of: parent))
            case .boundary(let commit, let ctx, let files):
                (pins, problem) = (ctx.libraries, ctx.libraryProblem)
                let today = Self.day(of: commit)
                state.reset(files: files, engine: ctx.engine, today: today)
                // Not a change, but the landscape is new: followers start over from it.
                try visit(Self.untouched(commit, state.landscape),
                          StepLandscapes(before: LandscapeBefore(base: state.landscape, replaced: [:]), after: state.landscape, touched: nil, today: today,
                                         findings: reportsFindings ? own(state.findings(today: today)) : nil))
            case .untouched(let commit):
                try visit(Self.untouched(commit, state.landscape), nil)
            case .whole(let commit, let ctx, let changes, let files):
                try step(commit, changes, moved(ctx), &state, visit) { state in
                    Self.readWhole(&state, files, ctx, today: Self.day(of: commit))
                }
            case .updates(let commit, let ctx, let changes, let updates):
                try step(commit, changes, moved(ctx), &state, visit) { state in
                    if let (before, touched) = state.apply(updates, day: Self.day(of: commit)) { return (before, touched, nil) }
                    // The element limit is in play: read the commit's files whole.
                    var files = state.files
                    for (path, file) in updates { files[path] = file }
                    return Self.readWhole(&state, files, ctx, today: Self.day(of: commit))
                }
            }
        }
    }

    /// Replaces the landscape with `files`, read whole: the landscape before it (nothing
    /// touched to put back), no touched refs, and the findings in force before it.
    static func readWhole(_ state: inout EvolvingLandscape, _ files: [String: LoadedFile], _ ctx: CommitContext,
                          today: Day) -> (LandscapeBefore, Set<Ref>?, [Finding]?) {
        let old = state.landscape
        let findings = state.findings(today: today)
        state.reset(files: files, engine: ctx.engine, today: today, recording: today)
        return (LandscapeBefore(base: old, replaced: [:]), nil, findings)
    }

    /// One touched step: the findings in force noted (on the commit's date), `change`, what it
    /// introduced and resolved, and the visit. `change` returns the landscape before and the
    /// refs touched; when it read the landscape whole, no refs and the findings before it.
    /// Nothing here keeps a copy of the landscape while it changes, which would copy all its
    /// lookups.
    /// The findings a step reports: all, or those `reports` keeps.
    func own(_ findings: [Finding]) -> [Finding] {
        guard let reports else { return findings }
        return findings.filter(reports)
    }

    func step(_ commit: CommitInfo, _ changes: [FileChange], _ moves: (moves: [LibraryPinMove], problem: LocalizedText?), _ state: inout EvolvingLandscape, _ visit: Visit,
              change: (inout EvolvingLandscape) -> (LandscapeBefore, Set<Ref>?, [Finding]?)) throws {
        let today = Self.day(of: commit)
        // The parent judged on this commit's date, so the delta is what the commit changed.
        state.mark(today: today)
        let (before, touched, wholeBefore) = change(&state)
        let candidates = touched ?? Set(before.base.refs).union(state.landscape.refs)
        let diff = LandscapeDiff(from: before, to: state.landscape, candidates: candidates)
        var delta = wholeBefore.map { FindingDelta(from: $0, to: state.findings(today: today)) } ?? state.changes()
        if reports != nil { delta = FindingDelta(introduced: own(delta.introduced), resolved: own(delta.resolved)) }
        try visit(HistoryStep(commit: commit, touched: true, changes: changes, diff: diff, delta: delta, libraryMoves: moves.moves,
                              libraryProblem: moves.problem),
                  StepLandscapes(before: before, after: state.landscape, touched: touched, today: today,
                                 findings: reportsFindings ? own(state.findings(today: today)) : nil))
    }

    static func untouched(_ commit: CommitInfo, _ landscape: Landscape) -> HistoryStep {
        HistoryStep(commit: commit, touched: false, changes: [], diff: LandscapeDiff(from: landscape, to: landscape, candidates: []),
                    delta: FindingDelta(from: [], to: []))
    }
}

/// Hands values from one thread to another, at most `capacity` waiting; the taker can cancel.
final class Channel<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Value] = []
    private var head = 0
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the taker cancelled (stop producing).
    func put(_ value: Value) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(value)
        condition.broadcast()
        return true
    }

    /// The next value, or nil once the producer closed the channel and it is empty.
    func take() -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let value = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return value
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Carries a value to another thread where the caller guarantees it is used there alone.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

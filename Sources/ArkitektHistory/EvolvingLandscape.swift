import ArkitektLoading
import ArkitektModel
import ArkitektRules

/// A landscape that changes file by file, with the findings of its rules kept up to date
/// (`IncrementalEvaluation`): what a history walk carries from commit to commit.
public struct EvolvingLandscape {
    public private(set) var files: [String: LoadedFile] = [:]
    public private(set) var landscape = Landscape(elements: [], fileCount: 0)
    /// The loader's findings of the files that have some.
    var fileFindings: [String: [Finding]] = [:]
    /// The element limit cut the landscape short: the walk then reads each commit whole.
    var limited = false
    var evaluation: IncrementalEvaluation?
    let limits: Limits
    /// When what the history rules watch last changed, as far as the walk has seen: empty at its
    /// start (nothing before it is known), then recorded commit by commit.
    public internal(set) var history = ChangeHistory()

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Reads the files as a whole landscape (and the loader's findings) and evaluates it. With
    /// `recording`, the change from the landscape before is recorded in the history as made on
    /// that day (a commit read whole); without, the landscape is where the walk starts.
    public mutating func reset(files all: [String: LoadedFile], engine: RuleEngine, today: Day, recording day: Day? = nil) {
        // Kept as the landscape has them: without files that are no part of it, and with the
        // descriptors of a catalog decoded against one another.
        let files = Dictionary(CatalogLinker.link(all.values.filter { !$0.ignored }, limits: limits).map { ($0.path, $0) },
                               uniquingKeysWith: { a, _ in a })
        self.files = files
        let findings: [Finding]
        let old = landscape
        (landscape, findings) = LandscapeLoader.assemble(Array(files.values), fileCount: files.count, limits: limits, linked: true)
        if let day { history.record(from: old, to: landscape, day: day) }
        var engine = engine
        engine.history = history
        fileFindings = files.filter { !$0.value.findings.isEmpty }.mapValues(\.findings)
        limited = landscape.elementCount < files.values.reduce(0) { $0 + $1.elements.count }
        evaluation = IncrementalEvaluation(engine: engine, landscape: landscape, today: today)
        evaluation?.setLoaderFindings(findings)
    }

    /// The findings in force, on `today`.
    public func findings(today: Day) -> [Finding] {
        result(today: today).findings
    }

    /// The findings in force and those exemptions suppress, on `today` (unordered).
    public func result(today: Day) -> EngineResult {
        guard let evaluation else { return EngineResult(findings: [], suppressed: []) }
        evaluation.advance(to: today, in: landscape)
        return evaluation.result(landscape)
    }

    /// Moves to `today` and notes the findings in force then, for `changes` after the next
    /// `apply`.
    public func mark(today: Day) {
        evaluation?.advance(to: today, in: landscape)
        evaluation?.mark(landscape)
    }

    /// What the last `apply` introduced and resolved, since `mark`.
    public func changes() -> FindingDelta {
        guard let evaluation else { return FindingDelta(introduced: [], resolved: []) }
        let (introduced, resolved) = evaluation.changes(landscape)
        return FindingDelta(introduced: introduced, resolved: resolved)
    }

    /// Applies one commit's file updates in place and returns the landscape as it was and
    /// the refs touched; nil when the element limit is in play (the caller reads the commit whole).
    public mutating func apply(_ updates: [String: LoadedFile?], day: Day) -> (LandscapeBefore, Set<Ref>)? {
        guard !limited else { return nil }
        // A descriptor's change can change what other descriptors give: with one, every file
        // that holds one is decoded again.
        let updates = CatalogLinker.linked(updates, in: files, limits: limits)
        var refs = Set<Ref>()
        var former: [Element] = []
        var count = landscape.elementCount
        for (path, file) in updates {
            for element in files[path]?.elements ?? [] {
                refs.insert(element.ref)
                former.append(element)
            }
            count += (file?.elements.count ?? 0) - (files[path]?.elements.count ?? 0)
            for element in file?.elements ?? [] { refs.insert(element.ref) }
        }
        guard count <= limits.maxElements else { return nil }
        var replaced: [Ref: Element?] = [:]
        for ref in refs { replaced[ref] = .some(landscape[ref]) }
        var loaderChanged = false
        for (path, file) in updates {
            landscape.replace(file: path, with: file?.elements ?? [])
            files[path] = file
            let findings = file.flatMap { $0.findings.isEmpty ? nil : $0.findings }
            if findings != fileFindings[path] { loaderChanged = true }
            fileFindings[path] = findings
        }
        landscape.fileCount = files.count
        let cameOrWent = refs.filter { ((replaced[$0] ?? nil) != nil) != landscape.contains($0) }
        // The history is taken out of the evaluation while this step is recorded in it, so that
        // recording does not copy it.
        _ = evaluation?.takeHistory()
        let moved = history.record(touched: refs, before: LandscapeBefore(base: landscape, replaced: replaced), after: landscape, day: day)
        evaluation?.setHistory(history, rechecking: [], in: landscape)
        evaluation?.update(landscape, IncrementalEvaluation.Change(refs: refs, former: former, cameOrWent: cameOrWent, historyMoved: moved))
        if loaderChanged { evaluation?.setLoaderFindings(fileFindings.values.flatMap { $0 }) }
        return (LandscapeBefore(base: landscape, replaced: replaced), refs)
    }
}

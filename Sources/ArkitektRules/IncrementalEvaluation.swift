import ArkitektLoading
import ArkitektModel

/// The findings of a rule set, kept up to date while a landscape changes a few elements at a
/// time (a history walk). After a change, each rule checks again only the elements its scope
/// (`RuleScope`) lets the change reach; the findings on every other element stay as they were.
/// Exemptions are applied afresh each time, over all findings.
///
/// Equal to a full `RuleEngine.run` at every step; a test walks random changes and compares.
public final class IncrementalEvaluation {
    public let engine: RuleEngine
    public private(set) var today: Day
    /// A rule that is not off, with its scope and its Swift check.
    struct Active {
        let rule: RuleDescription
        let scope: RuleScope
        let function: (any CheckFunction.Type)?
    }
    private let rules: [Active]
    /// What a check found on an element, and the finding made of it (placed: principle and
    /// severity set). An equal hit on an unedited element gets the same finding again.
    struct Recorded {
        let hit: Hit
        let finding: Finding
    }
    /// The findings of each rule, by the element they are on.
    private var found: [String: [Ref: [Recorded]]] = [:]

    /// Evaluates every rule over the whole landscape.
    public init(engine: RuleEngine, landscape: Landscape, today: Day) {
        self.engine = engine
        self.today = today
        rules = engine.ruleSet.rules.filter { !engine.isOff($0) }.map { Active(rule: $0, scope: $0.scope, function: $0.function) }
        let context = RuleContext(landscape: landscape, today: today)
        let all = rules.map(\.rule)
        let hits = Parallel.map(all.count) { [engine] i in engine.hits(all[i], context, selected: engine.select(all[i], context)) }
        for (rule, hits) in zip(all, hits) {
            record(rule, hits ?? [], context, replacing: [], edited: [])
        }
    }

    /// The exemption side of the result, kept until an exemption changes or a new day passes
    /// the expiry of one.
    struct Exemptions {
        let cover: ExemptionCover
        let schemaFindings: [Finding]
        let expiries: [Day]
    }
    private var exemptions: Exemptions?
    /// The `exemption-unused` findings of the last result, by exemption.
    private var unused: [Ref: Recorded] = [:]
    /// Counts the changes to what `result` is made of; the last result holds while it stays.
    private var generation = 0
    private var last: (generation: Int, result: EngineResult)?

    /// The findings in force and those exemptions suppress, unordered. `loaderFindings` are
    /// those of the landscape given to the last `update` (or to `init`).
    public func result(_ landscape: Landscape, loaderFindings: [Finding]) -> EngineResult {
        if let last, last.generation == generation { return last.result }
        let current = exemptions ?? {
            let elements = landscape.refs(of: .exemption).compactMap { landscape[$0] }
            return Exemptions(cover: ExemptionCover(engine, exemptions: elements, today: today),
                              schemaFindings: engine.exemptionSchemaFindings(elements),
                              expiries: elements.compactMap { $0.exemption?.expires?.value })
        }()
        exemptions = current
        let expected = found.values.reduce(loaderFindings.count) { $0 + $1.count }
        var pass = ExemptionPass(engine: engine, cover: current.cover, expected: expected)
        for finding in (loaderFindings + current.schemaFindings).compactMap(engine.place) { pass.take(finding) }
        for (rule, byElement) in found { pass.take(rule: rule, byElement, \.finding) }
        let context = RuleContext(landscape: landscape, today: today)
        var made: [Ref: Recorded] = [:]
        let result = pass.finish(sorted: false) { rule, hit in
            let previous = unused[hit.element].flatMap { $0.hit == hit ? $0.finding : nil }
            let finding = previous ?? engine.finding(for: hit, rule: rule, context: context)
            made[hit.element] = Recorded(hit: hit, finding: finding)
            return finding
        }
        unused = made
        last = (generation, result)
        return result
    }

    /// Moves "today" to `day`: rules that read the date check again the elements whose dates
    /// (`CheckFunction.dates`) lie between the old day and the new one.
    public func advance(to day: Day, in landscape: Landscape) {
        guard day != today else { return }
        let span = min(today, day)...max(today, day)
        today = day
        let context = RuleContext(landscape: landscape, today: day)
        for active in rules where active.scope.contains(.date) {
            let rule = active.rule
            let index = dated[rule.id] ?? DateIndex(active, landscape)
            dated[rule.id] = index
            let due = index.due(in: span)
            guard !due.isEmpty else { continue }
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context, among: due)), context, replacing: due, edited: [])
        }
        if exemptions?.expiries.contains(where: { span.contains($0) }) ?? false {
            exemptions = nil
            generation += 1
        }
    }

    /// What changed between the landscape the findings are of and `landscape`.
    public struct Change {
        /// Refs of every element added, removed or edited (on either side).
        public var refs: Set<Ref>
        /// The previous versions of those elements.
        public var former: [Element]
        /// The kinds of the refs that came or went (not only edited).
        public var addedOrRemovedKinds: Set<Kind>

        public init(refs: Set<Ref>, former: [Element], addedOrRemovedKinds: Set<Kind>) {
            self.refs = refs
            self.former = former
            self.addedOrRemovedKinds = addedOrRemovedKinds
        }
    }

    /// Brings the findings up to date with `landscape`, which differs from the previous one by `change`.
    public func update(_ landscape: Landscape, _ change: Change) {
        generation += 1   // the loader's findings may have changed even when no element did
        guard !change.refs.isEmpty else { return }
        let editedExemptions = change.refs.filter { $0.kind == .exemption }
        if !editedExemptions.isEmpty {
            exemptions = nil
            for ref in editedExemptions { unused[ref] = nil }
        }
        for active in rules where active.scope.contains(.date) {
            if let kind = active.rule.selector?.kind, !change.refs.contains(where: { $0.kind == kind }) { continue }
            dated[active.rule.id] = nil
        }
        let context = RuleContext(landscape: landscape, today: today)
        var reach = Reach(landscape: landscape, change: change)
        for active in rules {
            let (rule, scope) = (active.rule, active.scope)
            var affected = reach.affected(by: scope, function: active.function)
            if scope.contains(.refSet), !change.addedOrRemovedKinds.isEmpty {
                // Reported elements that refer to something missing of a kind that came or went.
                affected.formUnion(reported(rule).filter { ref in
                    landscape[ref]?.dependencies.contains { change.addedOrRemovedKinds.contains($0.kind) && !landscape.contains($0) } ?? true
                })
            }
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context, among: affected)), context,
                   replacing: affected, edited: change.refs)
        }
    }

    /// The dates that matter to a rule that reads the date, over the elements it can report on
    /// (those of its selector's kind, or all), sorted; rebuilt after a change to one of them.
    struct DateIndex {
        var dated: [(day: Day, ref: Ref)] = []
        /// Elements whose dates the check does not tell: due on every new day.
        var undated: [Ref] = []

        init(_ active: Active, _ landscape: Landscape) {
            let candidates = active.rule.selector.map { landscape.refs(of: $0.kind) } ?? Set(landscape.refs)
            for ref in candidates {
                guard let element = landscape[ref], let dates = active.function?.dates(element) else {
                    undated.append(ref)
                    continue
                }
                for day in dates { dated.append((day, ref)) }
            }
            dated.sort { $0.day < $1.day }
        }

        func due(in span: ClosedRange<Day>) -> Set<Ref> {
            var due = Set(undated)
            var low = 0, high = dated.count
            while low < high {
                let mid = (low + high) / 2
                if dated[mid].day < span.lowerBound { low = mid + 1 } else { high = mid }
            }
            while low < dated.count, dated[low].day <= span.upperBound {
                due.insert(dated[low].ref)
                low += 1
            }
            return due
        }
    }
    private var dated: [String: DateIndex] = [:]

    /// The elements a rule has findings on.
    private func reported(_ rule: RuleDescription) -> Set<Ref> {
        Set(found[rule.id]?.keys.map { $0 } ?? [])
    }

    /// Records what a rule found, after forgetting what it had on the `replacing` elements. A
    /// finding is made again only for a new hit or an edited element (its title is in the message).
    private func record(_ rule: RuleDescription, _ hits: [Hit], _ context: RuleContext, replacing: Set<Ref>, edited: Set<Ref>) {
        var byElement = found.removeValue(forKey: rule.id) ?? [:]
        var previous: [Ref: [Recorded]] = [:]
        for ref in replacing {
            if let old = byElement.removeValue(forKey: ref) { previous[ref] = old }
        }
        for hit in hits {
            let reused = edited.contains(hit.element) ? nil : previous[hit.element]?.first { $0.hit == hit }?.finding
            guard let finding = reused ?? engine.place(engine.finding(for: hit, rule: rule, context: context)) else { continue }
            byElement[hit.element, default: []].append(Recorded(hit: hit, finding: finding))
        }
        // The result changes only when some element's findings did.
        if previous.keys.contains(where: { byElement[$0]?.map(\.finding) != previous[$0]?.map(\.finding) })
            || hits.contains(where: { previous[$0.element] == nil }) {
            generation += 1
        }
        found[rule.id] = byElement
    }

    /// The elements a change reaches through each relation.
    struct Reach {
        let landscape: Landscape
        let change: Change
        /// Every version of the changed elements: before the change and after it.
        let versions: [Element]
        private var referrers: Set<Ref>?

        init(landscape: Landscape, change: Change) {
            self.landscape = landscape
            self.change = change
            versions = change.former + change.refs.flatMap { landscape.all($0) }
        }

        mutating func affected(by scope: RuleScope, function: (any CheckFunction.Type)?) -> Set<Ref> {
            var affected = change.refs
            if scope.contains(.referenced) { affected.formUnion(referrersOfChanged()) }
            if scope.contains(.referrers) { affected.formUnion(dependencies(that: function)) }
            for kind in scope.siblingKinds {
                for ref in dependencies(that: function) where ref.kind == kind { affected.formUnion(landscape.referrers(of: ref)) }
            }
            return affected
        }

        /// Elements that refer to a changed element.
        mutating func referrersOfChanged() -> Set<Ref> {
            if let referrers { return referrers }
            var made = Set<Ref>()
            for ref in change.refs { made.formUnion(landscape.referrers(of: ref)) }
            referrers = made
            return made
        }

        /// What the changed elements depend on, before and after the change, where that matters
        /// to the check (`CheckFunction.matters`).
        func dependencies(that function: (any CheckFunction.Type)?) -> Set<Ref> {
            var made = Set<Ref>()
            for element in versions {
                for ref in element.dependencies where function?.matters(element, to: ref) ?? true { made.insert(ref) }
            }
            return made
        }
    }
}

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
    /// The rules that are not off, with their scopes.
    private let rules: [(rule: RuleDescription, scope: RuleScope)]
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
        rules = engine.ruleSet.rules.filter { !engine.isOff($0) }.map { ($0, $0.scope) }
        let context = RuleContext(landscape: landscape, today: today)
        for (rule, _) in rules {
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context)), context, replacing: [], edited: [])
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
        var raw = (loaderFindings + current.schemaFindings).compactMap(engine.place)
        for byElement in found.values {
            for recorded in byElement.values { raw.append(contentsOf: recorded.lazy.map(\.finding)) }
        }
        let context = RuleContext(landscape: landscape, today: today)
        var made: [Ref: Recorded] = [:]
        let result = engine.applyExemptions(raw, cover: current.cover, sorted: false) { rule, hit in
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
        for (rule, scope) in rules where scope.contains(.date) {
            let candidates: any Sequence<Ref> = rule.selector.map { landscape.refs(of: $0.kind) } ?? Set(landscape.refs)
            let due = reported(rule).union(candidates).filter { ref in
                guard let element = landscape[ref], let dates = rule.function?.dates(element) else { return true }
                return dates.contains { span.contains($0) }
            }
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
        /// The refs the previous versions of those elements depended on.
        public var formerDependencies: Set<Ref>
        /// The kinds of the refs that came or went (not only edited).
        public var addedOrRemovedKinds: Set<Kind>

        public init(refs: Set<Ref>, formerDependencies: Set<Ref>, addedOrRemovedKinds: Set<Kind>) {
            self.refs = refs
            self.formerDependencies = formerDependencies
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
        let context = RuleContext(landscape: landscape, today: today)
        var reach = Reach(landscape: landscape, change: change)
        for (rule, scope) in rules {
            var affected = reach.affected(by: scope)
            if scope.contains(.refSet), !change.addedOrRemovedKinds.isEmpty {
                // Reported elements that refer to something of a kind that came or went.
                affected.formUnion(reported(rule).filter { ref in
                    landscape[ref]?.dependencies.contains { change.addedOrRemovedKinds.contains($0.kind) } ?? true
                })
            }
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context, among: affected)), context,
                   replacing: affected, edited: change.refs)
        }
    }

    /// The elements a rule has findings on.
    private func reported(_ rule: RuleDescription) -> Set<Ref> {
        Set(found[rule.id]?.keys.map { $0 } ?? [])
    }

    /// Records what a rule found, after forgetting what it had on the `replacing` elements. A
    /// finding is made again only for a new hit or an edited element (its title is in the message).
    private func record(_ rule: RuleDescription, _ hits: [Hit], _ context: RuleContext, replacing: Set<Ref>, edited: Set<Ref>) {
        generation += 1
        var byElement = found.removeValue(forKey: rule.id) ?? [:]
        var previous: [Ref: [Recorded]] = [:]
        for ref in replacing {
            if let old = byElement.removeValue(forKey: ref), !edited.contains(ref) { previous[ref] = old }
        }
        for hit in hits {
            let reused = previous[hit.element]?.first { $0.hit == hit }?.finding
            guard let finding = reused ?? engine.place(engine.finding(for: hit, rule: rule, context: context)) else { continue }
            byElement[hit.element, default: []].append(Recorded(hit: hit, finding: finding))
        }
        found[rule.id] = byElement
    }

    /// The elements a change reaches through each relation, computed once per update.
    struct Reach {
        let landscape: Landscape
        let change: Change
        private var referrers: Set<Ref>?
        private var dependencies: Set<Ref>?
        private var siblings: [Kind: Set<Ref>] = [:]

        init(landscape: Landscape, change: Change) {
            self.landscape = landscape
            self.change = change
        }

        mutating func affected(by scope: RuleScope) -> Set<Ref> {
            var affected = change.refs
            if scope.contains(.referenced) { affected.formUnion(referrersOfChanged()) }
            if scope.contains(.referrers) { affected.formUnion(dependenciesOfChanged()) }
            for kind in scope.siblingKinds { affected.formUnion(siblingsOfChanged(through: kind)) }
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

        /// What the changed elements depend on, before and after the change.
        mutating func dependenciesOfChanged() -> Set<Ref> {
            if let dependencies { return dependencies }
            var made = change.formerDependencies
            for ref in change.refs {
                for element in landscape.all(ref) { made.formUnion(element.dependencies) }
            }
            dependencies = made
            return made
        }

        /// Elements that depend on an element of `kind` that a changed element depends on.
        mutating func siblingsOfChanged(through kind: Kind) -> Set<Ref> {
            if let made = siblings[kind] { return made }
            var made = Set<Ref>()
            for ref in dependenciesOfChanged() where ref.kind == kind { made.formUnion(landscape.referrers(of: ref)) }
            siblings[kind] = made
            return made
        }
    }
}

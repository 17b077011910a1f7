import ArkitektLoading
import ArkitektModel

/// The findings of a rule set, kept up to date while a landscape changes a few elements at a
/// time (a history walk). After a change, each rule checks again only the elements its scope
/// (`RuleScope`) lets the change reach; the findings on every other element stay as they were.
/// The findings in force (after exemptions) are kept up to date along with them, so that what a
/// change introduced and resolved comes from the findings it touched (`mark`, `changes`).
///
/// Equal to a full `RuleEngine.run` at every step; a test walks random changes and compares.
public final class IncrementalEvaluation {
    public private(set) var engine: RuleEngine
    public private(set) var today: Day
    /// A rule that is not off, with its scope and its Swift check.
    struct Active {
        let rule: RuleDescription
        let scope: RuleScope
        let function: (any CheckFunction.Type)?

        /// The rules of the engine that are not off.
        static func all(_ engine: RuleEngine) -> [Active] {
            engine.ruleSet.rules.filter { !engine.isOff($0) }.map { Active(rule: $0, scope: $0.scope, function: $0.function) }
        }
    }
    private let rules: [Active]
    /// What a check found on an element, and the finding made of it (placed: principle and
    /// severity set). An equal hit on an unedited element gets the same finding again.
    struct Recorded {
        let hit: Hit
        let finding: Finding
    }
    /// The findings of each rule, by the element they are on.
    var found: [String: [Ref: [Recorded]]] = [:]

    /// Evaluates every rule over the whole landscape.
    public init(engine: RuleEngine, landscape: Landscape, today: Day) {
        self.engine = engine
        self.today = today
        rules = Active.all(engine)
        exemptions = Exemptions(engine, landscape, today: today)
        for finding in exemptions.schemaFindings { add(finding) }
        let context = engine.context(landscape, today: today)
        let all = rules.map(\.rule)
        let hits = Parallel.map(all.count) { [engine] i in engine.hits(all[i], context, selected: engine.select(all[i], context)) }
        for (rule, hits) in zip(all, hits) {
            record(rule, hits ?? [], context, replacing: [], edited: [])
        }
    }

    /// Takes up an evaluation kept from an earlier run (`EvaluationState`): its day, what each rule
    /// found, the loader's findings and `exemption-unused` as it was decided then. the findings in force are
    /// worked out again from all of that, under `exemptions` (see `restore`).
    init(engine: RuleEngine, today: Day, exemptions elements: [Element], found: [String: [Ref: [Recorded]]],
         loaderFindings: [Finding], unused: [Ref: Recorded]) {
        self.engine = engine
        self.today = today
        rules = Active.all(engine)
        exemptions = Exemptions(engine, elements, today: today)
        self.found = found
        self.loaderFindings = loaderFindings
        self.unused = unused
        for finding in exemptions.schemaFindings { add(finding) }
        for finding in loaderFindings { add(finding) }
        for byElement in found.values {
            for recorded in byElement.values.joined() { add(recorded.finding) }
        }
        for recorded in unused.values { add(recorded.finding) }
        unusedStale = false
    }

    /// The exemptions of the landscape: what they cover today, the findings about the
    /// exemptions themselves, and their expiry dates. Kept until an exemption changes or a new
    /// day passes an expiry.
    struct Exemptions {
        let cover: ExemptionCover
        let schemaFindings: [Finding]
        let expiries: [Day]

        init(_ engine: RuleEngine, _ landscape: Landscape, today: Day) {
            self.init(engine, landscape.unorderedElements(of: .exemption), today: today)
        }

        init(_ engine: RuleEngine, _ elements: [Element], today: Day) {
            cover = ExemptionCover(engine, exemptions: elements, today: today)
            schemaFindings = engine.exemptionSchemaFindings(elements).compactMap(engine.place)
            expiries = elements.compactMap { $0.exemption?.expires?.value }
        }
    }
    var exemptions: Exemptions
    /// The loader's findings (placed).
    var loaderFindings: [Finding] = []
    /// The `exemption-unused` findings in force, by exemption.
    var unused: [Ref: Recorded] = [:]
    /// Exemptions edited since `exemption-unused` was last decided: their findings are made anew.
    private var editedExemptions = Set<Ref>()
    /// Whether `exemption-unused` may have changed since it was last decided: an exemption
    /// changed or expired, or a covered element gained or lost its findings. Deciding it reads
    /// every cover, so a history walk decides it only after a step that can change it.
    private var unusedStale = true

    /// The findings in force, by identity.
    private var inForce: [FindingKey: [Finding]] = [:]
    /// Since `mark`: what each key touched since held then.
    private var marked: [FindingKey: [Finding]]?

    /// Whether an exemption suppresses the findings of `rule` on `element`.
    private func covered(_ rule: String, _ element: Ref?) -> Bool {
        exemptions.cover.suppressors(of: rule, on: element) != nil
    }

    private func touch(_ key: FindingKey) {
        if marked != nil, marked?[key] == nil { marked?[key] = inForce[key] ?? [] }
    }

    /// Puts a finding in force, unless an exemption suppresses it.
    private func add(_ finding: Finding) {
        guard !covered(finding.rule, finding.element) else { return }
        let key = FindingKey(finding)
        touch(key)
        inForce[key, default: []].append(finding)
    }

    /// Takes a finding out of force (nothing when an exemption suppressed it).
    private func remove(_ finding: Finding) {
        guard !covered(finding.rule, finding.element) else { return }
        let key = FindingKey(finding)
        touch(key)
        guard var list = inForce[key], let i = list.firstIndex(of: finding) else { return }
        list.remove(at: i)
        inForce[key] = list.isEmpty ? nil : list
    }

    /// Replaces the loader's findings (`yaml-syntax`, `schema`, ...).
    public func setLoaderFindings(_ findings: [Finding]) {
        for finding in loaderFindings { remove(finding) }
        loaderFindings = findings.compactMap(engine.place)
        for finding in loaderFindings { add(finding) }
    }

    /// Reads the exemptions again: findings whose suppression changed go in or out of force.
    private func refreshExemptions(_ landscape: Landscape) {
        let old = exemptions
        for finding in old.schemaFindings { remove(finding) }
        let new = Exemptions(engine, landscape, today: today)
        // The findings on (rule, element) pairs that one cover has and the other does not.
        var flipping: [Finding] = []
        for covers in [old.cover.covers, new.cover.covers] {
            for (rule, targets) in covers {
                for element in targets.keys where (old.cover.covers[rule]?[element] != nil) != (new.cover.covers[rule]?[element] != nil) {
                    flipping += found[rule]?[element]?.map(\.finding) ?? []
                    flipping += loaderFindings.filter { $0.rule == rule && $0.element == element }
                }
            }
        }
        for finding in flipping { remove(finding) }   // as the old cover decides
        exemptions = new
        for finding in flipping { add(finding) }      // as the new one does
        for finding in new.schemaFindings { add(finding) }
        unusedStale = true
    }

    /// Decides `exemption-unused` for the findings as they are now.
    func settleUnused(_ landscape: Landscape) {
        guard unusedStale else { return }
        var used = Set<Ref>()
        for (rule, targets) in exemptions.cover.covers {
            for (element, by) in targets where !(found[rule]?[element]?.isEmpty ?? true) { used.formUnion(by) }
        }
        var made: [Ref: Recorded] = [:]
        if let rule = engine.ruleSet.rule("exemption-unused"), !engine.isOff(rule) {
            let context = engine.context(landscape, today: today)
            for hit in ExemptionUnusedCheck.unused(exemptions.cover.exemptions, used: used, context: context) {
                let previous = editedExemptions.contains(hit.element) ? nil : unused[hit.element].flatMap { $0.hit == hit ? $0.finding : nil }
                guard let finding = previous ?? engine.place(engine.finding(for: hit, rule: rule, context: context)) else { continue }
                made[hit.element] = Recorded(hit: hit, finding: finding)
            }
        }
        for (ref, old) in unused where made[ref]?.finding != old.finding { remove(old.finding) }
        for (ref, new) in made where unused[ref]?.finding != new.finding { add(new.finding) }
        unused = made
        editedExemptions = []
        unusedStale = false
    }

    /// From now on, note what changes in force (see `changes`).
    public func mark(_ landscape: Landscape) {
        settleUnused(landscape)
        marked = [:]
    }

    /// The findings introduced and resolved since `mark`, unordered.
    public func changes(_ landscape: Landscape) -> (introduced: [Finding], resolved: [Finding]) {
        settleUnused(landscape)
        var introduced: [Finding] = [], resolved: [Finding] = []
        for (key, before) in marked ?? [:] {
            let after = inForce[key] ?? []
            if before.isEmpty, !after.isEmpty { introduced += after }
            if !before.isEmpty, after.isEmpty { resolved += before }
        }
        marked = nil
        return (introduced, resolved)
    }

    /// The findings in force and those exemptions suppress, unordered.
    public func result(_ landscape: Landscape) -> EngineResult {
        settleUnused(landscape)
        var suppressed: [Finding] = []
        for (rule, targets) in exemptions.cover.covers {
            for element in targets.keys { suppressed += found[rule]?[element]?.map(\.finding) ?? [] }
        }
        suppressed += loaderFindings.filter { covered($0.rule, $0.element) }
        return EngineResult(findings: inForce.values.flatMap { $0 }, suppressed: suppressed)
    }

    /// Takes the history out of the evaluation, so that the caller can record a step in it without
    /// a copy; give it back with `setHistory`.
    public func takeHistory() -> ChangeHistory? {
        defer { engine.history = nil }
        return engine.history
    }

    /// Puts `history` in force and checks again, for the rules that read it, the elements in
    /// `refs` (nil: every element they select).
    public func setHistory(_ history: ChangeHistory?, rechecking refs: Set<Ref>?, in landscape: Landscape) {
        engine.history = history
        if let refs, refs.isEmpty { return }
        let context = engine.context(landscape, today: today)
        for active in rules where active.scope.contains(.history) {
            let rule = active.rule
            let selected = refs.map { engine.select(rule, context, among: $0) } ?? engine.select(rule, context)
            let replacing = refs ?? Set(reported(rule)).union(selected.map(\.ref))
            record(rule, engine.hits(rule, context, selected: selected), context, replacing: replacing, edited: [])
        }
    }

    /// Moves "today" to `day`: rules that read the date check again the elements whose dates
    /// (`CheckFunction.dates`) lie between the old day and the new one.
    public func advance(to day: Day, in landscape: Landscape) {
        guard day != today else { return }
        let span = min(today, day)...max(today, day)
        today = day
        let context = engine.context(landscape, today: day)
        for active in rules where active.scope.contains(.date) {
            let rule = active.rule
            let index = dated[rule.id] ?? DateIndex(active, landscape)
            dated[rule.id] = index
            let due = index.due(in: span)
            guard !due.isEmpty else { continue }
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context, among: due)), context, replacing: due, edited: [])
        }
        if exemptions.expiries.contains(where: { span.contains($0) }) { refreshExemptions(landscape) }
    }

    /// What changed between the landscape the findings are of and `landscape`.
    public struct Change {
        /// Refs of every element added, removed or edited (on either side).
        public var refs: Set<Ref>
        /// The previous versions of those elements.
        public var former: [Element]
        /// The refs that came or went: resolved on one side of the change only (not only edited).
        public var cameOrWent: Set<Ref>
        /// The elements whose history entries the change moved (`ChangeHistory.record`).
        public var historyMoved: Set<Ref>

        public init(refs: Set<Ref>, former: [Element], cameOrWent: Set<Ref>, historyMoved: Set<Ref> = []) {
            self.refs = refs
            self.former = former
            self.cameOrWent = cameOrWent
            self.historyMoved = historyMoved
        }
    }

    /// Brings the findings up to date with `landscape`, which differs from the previous one by `change`.
    public func update(_ landscape: Landscape, _ change: Change) {
        guard !change.refs.isEmpty || !change.historyMoved.isEmpty else { return }
        let edited = change.refs.filter { $0.kind == .exemption }
        if !edited.isEmpty {
            editedExemptions.formUnion(edited)
            refreshExemptions(landscape)
        }
        for active in rules where active.scope.contains(.date) {
            dated[active.rule.id]?.update(change.refs, active, landscape)
        }
        let context = engine.context(landscape, today: today)
        var reach = Reach(landscape: landscape, change: change)
        for active in rules {
            let (rule, scope) = (active.rule, active.scope)
            var affected = reach.affected(by: scope, function: active.function)
            if scope.contains(.history) { affected.formUnion(change.historyMoved) }
            if scope.contains(.refSet), !change.cameOrWent.isEmpty {
                // Reported elements that refer to something missing that a ref which came or went
                // matters to (the check decides: for did-you-mean, a name near the missing one).
                let matters = active.function?.matters(missing:cameOrWent:) ?? { $0.kind == $1.kind }
                affected.formUnion(reported(rule).filter { ref in
                    landscape[ref]?.dependencies.contains { missing in
                        !landscape.contains(missing) && change.cameOrWent.contains { matters(missing, $0) }
                    } ?? true
                })
            }
            record(rule, engine.hits(rule, context, selected: engine.select(rule, context, among: affected)), context,
                   replacing: affected, edited: change.refs)
        }
    }

    /// The dates that matter to a rule that reads the date, over the elements it can report on
    /// (those of its selector's kind, or all), sorted; a change re-reads the dates of the elements
    /// it touched only (a rule without a selector would otherwise read every element again).
    struct DateIndex {
        /// Each date of each dated element, by day.
        var dated: [(day: Day, ref: Ref)] = []
        /// Elements whose dates the check does not tell: due on every new day.
        var undated: Set<Ref> = []
        /// The dates each element in `dated` has there.
        var datesOf: [Ref: [Day]] = [:]

        init(_ active: Active, _ landscape: Landscape) {
            let candidates = active.rule.selector.map { landscape.refs(of: $0.kind) } ?? Set(landscape.refs)
            for ref in candidates {
                guard let element = landscape[ref], let dates = active.function?.dates(element) else {
                    undated.insert(ref)
                    continue
                }
                datesOf[ref] = dates
                for day in dates { dated.append((day, ref)) }
            }
            dated.sort { $0.day < $1.day }
        }

        /// Takes in the dates of `refs` as they are in `landscape` now. An element whose dates
        /// did not change (most edits) leaves the index as it is.
        mutating func update(_ refs: Set<Ref>, _ active: Active, _ landscape: Landscape) {
            let kind = active.rule.selector?.kind
            var removed = Set<Ref>()
            var added: [(day: Day, ref: Ref)] = []
            for ref in refs where kind == nil || ref.kind == kind {
                let old = datesOf[ref]
                guard let element = landscape[ref] else {
                    // Gone from the landscape.
                    undated.remove(ref)
                    if old != nil { removed.insert(ref); datesOf[ref] = nil }
                    continue
                }
                guard let dates = active.function?.dates(element) else {
                    if old != nil { removed.insert(ref); datesOf[ref] = nil }
                    undated.insert(ref)
                    continue
                }
                undated.remove(ref)
                if old == dates { continue }
                if old != nil { removed.insert(ref) }
                datesOf[ref] = dates
                for day in dates { added.append((day, ref)) }
            }
            if !removed.isEmpty { dated.removeAll { removed.contains($0.ref) } }
            for entry in added {
                // After the last entry of the same day or earlier: the order of one day's entries
                // does not matter (`due` gives a set).
                var low = 0, high = dated.count
                while low < high {
                    let mid = (low + high) / 2
                    if dated[mid].day <= entry.day { low = mid + 1 } else { high = mid }
                }
                dated.insert(entry, at: low)
            }
        }

        func due(in span: ClosedRange<Day>) -> Set<Ref> {
            var due = undated
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
        var made: [Ref: [Recorded]] = [:]
        for hit in hits {
            let reused = edited.contains(hit.element) ? nil : previous[hit.element]?.first { $0.hit == hit }?.finding
            guard let finding = reused ?? engine.place(engine.finding(for: hit, rule: rule, context: context)) else { continue }
            made[hit.element, default: []].append(Recorded(hit: hit, finding: finding))
        }
        // Whether a covered element gained or lost its findings: that decides which exemptions are used.
        if !unusedStale, let covered = exemptions.cover.covers[rule.id] {
            unusedStale = previous.keys.contains { made[$0] == nil && covered[$0] != nil }
                || made.keys.contains { previous[$0] == nil && covered[$0] != nil }
        }
        // In force: out with what was, in with what is, where it differs.
        for (ref, old) in previous where made[ref].map({ $0.map(\.finding) }) != old.map(\.finding) {
            for recorded in old { remove(recorded.finding) }
        }
        for (ref, new) in made {
            if previous[ref].map({ $0.map(\.finding) }) != new.map(\.finding) {
                for recorded in new { add(recorded.finding) }
            }
            byElement[ref] = new
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

        /// What `affected` gave for a scope (and a check, where the scope asks the check): many
        /// rules share a scope, and a change is the same for all of them.
        private struct AffectedKey: Hashable {
            let scope: Int
            let function: ObjectIdentifier?
        }
        private var affectedSoFar: [AffectedKey: Set<Ref>] = [:]

        mutating func affected(by scope: RuleScope, function: (any CheckFunction.Type)?) -> Set<Ref> {
            let asksCheck = scope.contains(.referencedTransitively) || scope.contains(.referrers) || !scope.isDisjoint(with: .anySiblings)
            let key = AffectedKey(scope: scope.rawValue, function: asksCheck ? function.map { ObjectIdentifier($0) } : nil)
            if let known = affectedSoFar[key] { return known }
            let made = affectedAnew(by: scope, function: function)
            affectedSoFar[key] = made
            return made
        }

        private mutating func affectedAnew(by scope: RuleScope, function: (any CheckFunction.Type)?) -> Set<Ref> {
            var affected = change.refs
            if scope.contains(.referenced) { affected.formUnion(referrersOfChanged()) }
            if scope.contains(.referencedExistence) {
                for ref in change.cameOrWent { affected.formUnion(landscape.referrers(of: ref)) }
            }
            if scope.contains(.referencedTransitively) { affected.formUnion(reachedTransitively(function)) }
            if scope.contains(.referrers) { affected.formUnion(dependencies(that: function)) }
            if scope.contains(.referrersReferenced) {
                for referrer in referrersOfChanged() {
                    for version in landscape.all(referrer) { affected.formUnion(version.dependencies) }
                }
            }
            let kinds = scope.siblingKinds
            if !kinds.isEmpty {
                for ref in siblingTargets(function) where kinds.contains(ref.kind) { affected.formUnion(landscape.referrers(of: ref)) }
            }
            return affected
        }

        /// The changed elements and everything that reaches them through references the check
        /// follows (`CheckFunction.follows`): out through the referrers, and theirs, until nothing
        /// new is reached. Made once per change and check, however many rules ask.
        mutating func reachedTransitively(_ function: (any CheckFunction.Type)?) -> Set<Ref> {
            let key = function.map { ObjectIdentifier($0) }
            if let known = transitive[key] { return known }
            var reached = change.refs
            var frontier = Array(change.refs)
            while let ref = frontier.popLast() {
                for referrer in landscape.referrers(of: ref) where !reached.contains(referrer) {
                    if let function, let element = landscape[referrer], !function.follows(element, to: ref) { continue }
                    reached.insert(referrer)
                    frontier.append(referrer)
                }
            }
            transitive[key] = reached
            return reached
        }
        private var transitive: [ObjectIdentifier?: Set<Ref>] = [:]

        /// Elements that refer to a changed element.
        mutating func referrersOfChanged() -> Set<Ref> {
            if let referrers { return referrers }
            var made = Set<Ref>()
            for ref in change.refs { made.formUnion(landscape.referrers(of: ref)) }
            referrers = made
            return made
        }

        /// What the changed elements refer to, before and after the change, where the change can
        /// matter to the others that refer to it too (`CheckFunction.changesSiblings`).
        func siblingTargets(_ function: (any CheckFunction.Type)?) -> Set<Ref> {
            var made = Set<Ref>()
            for element in versions {
                for ref in element.dependencies where function?.changesSiblings(element, through: ref) ?? true { made.insert(ref) }
            }
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

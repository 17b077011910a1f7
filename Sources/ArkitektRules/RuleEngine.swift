import ArkitektModel
import ArkitektLoading

/// What a run found: the findings in force and those that exemptions suppressed, both sorted.
public struct EngineResult: Sendable {
    public let findings: [Finding]
    public let suppressed: [Finding]
    /// The elements each rule looked at (for reports that list what passed, such as JUnit).
    public var checked: [String: [Ref]] = [:]

    public init(findings: [Finding], suppressed: [Finding]) {
        self.findings = findings
        self.suppressed = suppressed
    }
}

/// Runs the rules over a landscape: checks -> severity -> exemptions -> sorted findings.
public struct RuleEngine: Sendable {
    public let ruleSet: RuleSet
    public let overrides: [String: SeverityOverride]
    /// What the rules that read the history see (`RuleScope.history`); nil: no history.
    public var history: ChangeHistory?

    public init(ruleSet: RuleSet, overrides: [String: SeverityOverride] = [:], history: ChangeHistory? = nil) {
        self.ruleSet = ruleSet
        self.overrides = overrides
        self.history = history
    }

    /// Whether a rule that is not off reads the history.
    public var readsHistory: Bool {
        ruleSet.rules.contains { !isOff($0) && $0.scope.contains(.history) }
    }

    func isOff(_ rule: RuleDescription) -> Bool { overrides[rule.id] == .off }

    /// - Parameter loaderFindings: what reading the files gave (`yaml-syntax`, `schema`, ...).
    /// - Parameter later: the history, when it is still being made (a walk on another core): the
    ///   rules that do not read it run meanwhile, and those that do once `later` gives it; it
    ///   stands in for `history`.
    public func run(_ landscape: Landscape, loaderFindings: [Finding], today: Day,
                    history later: (@Sendable () -> ChangeHistory?)? = nil) -> EngineResult {
        var raw = loaderFindings
        raw.append(contentsOf: exemptionSchemaFindings(landscape))
        var checked: [String: [Ref]] = [:]
        let active = ruleSet.rules.filter { !isOff($0) }
        var results: [(findings: [Finding], selected: [Ref])?]
        if let later {
            let first = active.indices.filter { !active[$0].scope.contains(.history) }
            let then = active.indices.filter { active[$0].scope.contains(.history) }
            results = Array(repeating: nil, count: active.count)
            for (i, result) in zip(first, evaluate(first.map { active[$0] }, landscape, today: today)) { results[i] = result }
            var engine = self
            engine.history = later()
            for (i, result) in zip(then, engine.evaluate(then.map { active[$0] }, landscape, today: today)) { results[i] = result }
        } else {
            results = evaluate(active, landscape, today: today)
        }
        for (rule, result) in zip(active, results) {
            guard let (findings, selected) = result else { continue }
            raw.append(contentsOf: findings)
            checked[rule.id] = selected
        }
        let placed = raw.compactMap(place)
        var result = applyExemptions(placed, landscape: landscape, today: today)
        result.checked = checked
        return result
    }

    /// The findings of `rules` and the elements each looked at, in their order. The rules are
    /// independent of each other: they run on all cores.
    private func evaluate(_ rules: [RuleDescription], _ landscape: Landscape, today: Day) -> [(findings: [Finding], selected: [Ref])?] {
        let context = context(landscape, today: today)
        return Parallel.map(rules.count) { [self] i in
            let selected = select(rules[i], context)
            return (evaluate(rules[i], context, selected: selected), selected.map(\.ref))
        }
    }

    /// The elements each rule that is not off looks at (`EngineResult.checked`).
    public func checked(_ landscape: Landscape, today: Day) -> [String: [Ref]] {
        let context = context(landscape, today: today)
        var checked: [String: [Ref]] = [:]
        for rule in ruleSet.rules where !isOff(rule) {
            checked[rule.id] = select(rule, context).map(\.ref)
        }
        return checked
    }

    /// The elements a rule looks at: those of its selector, or the whole landscape.
    public func select(_ rule: RuleDescription, _ context: RuleContext) -> [Element] {
        guard let selector = rule.selector else { return context.landscape.resolvedElements }
        let predicates = selector.predicates.compactMap { Predicates.named[$0]?.test }
        return context.landscape.elements(of: selector.kind).filter { e in predicates.allSatisfy { $0(e, context) } }
    }

    /// The elements a rule looks at among some refs (unordered): those its selector takes.
    public func select(_ rule: RuleDescription, _ context: RuleContext, among refs: some Sequence<Ref>) -> [Element] {
        let predicates = rule.selector?.predicates.compactMap { Predicates.named[$0]?.test } ?? []
        return refs.compactMap { ref in
            guard rule.selector.map({ $0.kind == ref.kind }) ?? true, let element = context.landscape[ref],
                  predicates.allSatisfy({ $0(element, context) }) else { return nil }
            return element
        }
    }

    /// The findings of one rule, before severity overrides and exemptions.
    public func evaluate(_ rule: RuleDescription, _ context: RuleContext) -> [Finding] {
        evaluate(rule, context, selected: select(rule, context))
    }

    func evaluate(_ rule: RuleDescription, _ context: RuleContext, selected: [Element]) -> [Finding] {
        hits(rule, context, selected: selected).map { finding(for: $0, rule: rule, context: context) }
    }

    /// What a rule's check finds on the selected elements, before it becomes findings.
    func hits(_ rule: RuleDescription, _ context: RuleContext, selected: [Element]) -> [Hit] {
        switch rule.check {
        case .loader:
            return []
        case .require(let path, let absentValues):
            return selected.compactMap { element in
                if Self.unknowable(path, element) { return nil }
                if let entry = element.field(path) {
                    guard case .text(let t) = entry.value, absentValues.contains(t) else { return nil }
                    return Hit(element: element.ref, location: entry.location, arguments: ["value": t])
                }
                return Hit(element: element.ref, location: element.location)
            }
        case .requireAny(let paths):
            return selected.compactMap { element in
                if paths.contains(where: { Self.unknowable($0, element) }) { return nil }
                return paths.contains { element.field($0) != nil } ? nil : Hit(element: element.ref, location: element.location)
            }
        case .requireAll(let paths):
            return selected.compactMap { element in
                let missing = paths.filter { element.field($0) == nil && !Self.unknowable($0, element) }
                guard !missing.isEmpty else { return nil }
                return Hit(element: element.ref, location: element.location, arguments: ["missing": missing.joined(separator: ", ")])
            }
        case .function(let name, let options):
            guard let function = CheckRegistry.functions[name] else { return [] }
            return function.run(context, selected: selected, options: options)
        }
    }

    /// The fields a Backstage descriptor can give (docs/INTEROP.md): a rule that asks for any
    /// other one cannot know it is missing, unless the descriptor speaks arkitekt's fields through
    /// `arkitekt.io/` annotations. It stays silent then, rather than report what Backstage has no
    /// place for.
    static let backstageFields: Set<String> = [
        "metadata.title", "metadata.description", "metadata.labels", "metadata.links", "spec.owner", "spec.lifecycle",
        "spec.uses", "spec.hosting", "spec.data", "spec.capabilities", "spec.parent", "spec.type", "spec.email",
        "spec.from", "spec.to", "spec.protocol",
    ]

    static func unknowable(_ path: String, _ element: Element) -> Bool {
        element.metadata.origin == .backstage && !backstageFields.contains(path)
    }

    func finding(for hit: Hit, rule: RuleDescription, context: RuleContext) -> Finding {
        var arguments = hit.arguments
        arguments["element"] = hit.element.description
        arguments["name"] = hit.element.name
        arguments["title"] = context.title(of: hit.element)
        let template = rule.message ?? rule.title
        let message = LocalizedText(nb: Template.render(template.nb, arguments), en: Template.render(template.en, arguments))
        return Finding(rule: rule.id, principle: rule.principle, severity: rule.severity, element: hit.element,
                       location: hit.location, message: message, detail: hit.detail)
    }

    /// Gives a finding its rule's principle and severity (after the configuration's override);
    /// nil when the rule is off.
    func place(_ finding: Finding) -> Finding? {
        guard let rule = ruleSet.rule(finding.rule) else { return finding }
        if isOff(rule) { return nil }
        var placed = finding
        placed.rule = rule.id
        placed.principle = rule.principle
        placed.severity = overrides[rule.id]?.severity ?? rule.severity
        return placed
    }

    /// What the checks of this engine see of a landscape on a day.
    func context(_ landscape: Landscape, today: Day) -> RuleContext {
        let ruleSet = ruleSet
        return RuleContext(landscape: landscape, today: today, history: history, exemptable: { ruleSet.rule($0)?.exemptable ?? false })
    }

    /// An exemption must name a rule that exists and that can be exempted.
    func exemptionSchemaFindings(_ landscape: Landscape) -> [Finding] {
        exemptionSchemaFindings(landscape.unorderedElements(of: .exemption))
    }

    func exemptionSchemaFindings(_ exemptions: [Element]) -> [Finding] {
        exemptions.compactMap { element in
            guard let rule = element.exemption?.rule else { return nil }
            if let described = ruleSet.rule(rule.value) {
                guard !described.exemptable else { return nil }
                return Finding(rule: "schema", element: element.ref, location: rule.location, message: LocalizedText(
                    nb: "Regelen «\(rule.value)» kan ikke unntas: kjernereglene og reglene for dispensasjoner gjelder alltid. Rett feilen i stedet.",
                    en: "Rule '\(rule.value)' cannot be exempted: the core rules and the exemption rules always apply. Fix the problem instead."),
                    detail: "spec.rule")
            }
            let suggestion = Suggest.closest(to: rule.value, in: ruleSet.ruleIDs)
            let dym = suggestion.map { (" Mente du «\($0)»?", " Did you mean '\($0)'?") } ?? ("", "")
            return Finding(rule: "schema", element: element.ref, location: rule.location, message: LocalizedText(
                nb: "Dispensasjonen viser til ukjent regel «\(rule.value)»; se «arkitekt rules».\(dym.0)",
                en: "The exemption names the unknown rule '\(rule.value)'; see 'arkitekt rules'.\(dym.1)"),
                detail: "spec.rule")
        }
    }

    /// Suppresses what unexpired exemptions cover, then decides `exemption-unused`.
    func applyExemptions(_ findings: [Finding], landscape: Landscape, today: Day) -> EngineResult {
        let cover = ExemptionCover(self, exemptions: landscape.unorderedElements(of: .exemption), today: today)
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count)
        var suppressed: [Finding] = []
        var used = Set<Ref>()
        for finding in findings {
            if let by = cover.suppressors(of: finding.rule, on: finding.element) {
                suppressed.append(finding)
                used.formUnion(by)
            } else {
                kept.append(finding)
            }
        }
        if let rule = ruleSet.rule("exemption-unused"), !isOff(rule) {
            let context = context(landscape, today: today)
            let hits = ExemptionUnusedCheck.unused(cover.exemptions, used: used, context: context)
            kept.append(contentsOf: hits.map { finding(for: $0, rule: rule, context: context) }.compactMap(place))
        }
        return EngineResult(findings: kept.sorted(by: Finding.sortedOrder), suppressed: suppressed.sorted(by: Finding.sortedOrder))
    }
}

/// What the unexpired exemptions of a landscape cover on one day: rule -> element -> exemptions.
/// Only rules that can be exempted are in it.
struct ExemptionCover {
    let exemptions: [Element]
    let today: Day
    let covers: [String: [Ref: [Ref]]]

    init(_ engine: RuleEngine, exemptions: [Element], today: Day) {
        self.exemptions = exemptions
        self.today = today
        var covers: [String: [Ref: [Ref]]] = [:]
        for element in exemptions {
            // In force: valid (the one test `RuleContext.validExemption`, so that an exemption reported
            // as a `schema` finding never suppresses anything) and not run out.
            guard let (spec, expires) = RuleContext.validExemption(element, exemptable: { engine.ruleSet.rule($0)?.exemptable ?? false }),
                  let rule = spec.rule?.value, expires >= today else { continue }
            for target in spec.targets { covers[rule, default: [:]][target.value, default: []].append(element.ref) }
        }
        self.covers = covers
    }

    /// The exemptions that suppress the findings of `rule` on `element`; nil when none does.
    func suppressors(of rule: String, on element: Ref?) -> [Ref]? {
        element.flatMap { covers[rule]?[$0] }
    }
}

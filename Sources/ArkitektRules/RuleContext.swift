import ArkitektModel

/// What a check sees: the landscape, "today", and lookups that several checks share.
public struct RuleContext: Sendable {
    public let landscape: Landscape
    public let today: Day
    /// Whether a rule id names a rule of the rule set that an exemption may name.
    public let exemptable: @Sendable (String) -> Bool
    /// When what the history rules watch last changed; nil where there is no history (a folder
    /// outside git, a shallow clone): those rules then judge only what needs none.
    public let history: ChangeHistory?

    public init(landscape: Landscape, today: Day, history: ChangeHistory? = nil, exemptable: @escaping @Sendable (String) -> Bool) {
        self.landscape = landscape
        self.today = today
        self.history = history
        self.exemptable = exemptable
    }

    /// Whether an exemption is one at all: it names a rule that may be exempted and has the
    /// targets, the reason and the expiry date the format requires. An invalid exemption is
    /// reported for what is wrong with it (`schema`), and for nothing else: it is neither unused
    /// nor expired, since it never was in force.
    public func isValidExemption(_ element: Element) -> Bool {
        Self.validExemption(element, exemptable: exemptable) != nil
    }

    /// An exemption that can be in force: it names a rule that can be exempted, targets, a reason
    /// and its last day. Anything less is a `schema` finding, and never in force.
    public static func validExemption(_ element: Element, exemptable: (String) -> Bool) -> (spec: ExemptionSpec, expires: Day)? {
        guard let spec = element.exemption, let rule = spec.rule?.value, exemptable(rule),
              !spec.targets.isEmpty, spec.reason != nil, let expires = spec.expires?.value else { return nil }
        return (spec, expires)
    }

    public func system(_ ref: Ref?) -> SystemSpec? { ref.flatMap { landscape[$0]?.system } }
    public func dataEntity(_ ref: Ref?) -> DataEntitySpec? { ref.flatMap { landscape[$0]?.dataEntity } }

    /// Whether an element handles a data entity that passes `test`: one of a System's
    /// `data[].entity`, a Process's or an Integration's `data`. (The entities are tested where
    /// they are, not copied out: this runs for every element a `handles-*` rule selects from.)
    public func handlesData(_ element: Element, where test: (DataEntitySpec) -> Bool) -> Bool {
        func passes(_ ref: Ref) -> Bool {
            guard let entity = landscape[ref]?.dataEntity else { return false }
            return test(entity)
        }
        if let uses = element.system?.data { return uses.contains { $0.entity.map { passes($0.value) } ?? false } }
        if let refs = element.process?.data ?? element.integration?.data { return refs.contains { passes($0.value) } }
        return false
    }

    /// Whether a Transition names `ref` in one of its conditions (with `withDue`, only one that has
    /// a due date): the plan for what happens to it.
    public func namedByTransition(_ ref: Ref, withDue: Bool = false) -> Bool {
        landscape.referrers(of: ref).contains { referrer in
            guard referrer.kind == .transition, let transition = landscape[referrer]?.transition else { return false }
            return (!withDue || transition.due != nil) && transition.conditions.contains { $0.ref == ref }
        }
    }

    /// Whether the system `ref` processes data under a data processing agreement: its own
    /// (`privacy.dataProcessingAgreement`), or a Contract's that covers it (GDPR art. 28).
    public func hasProcessingAgreement(_ ref: Ref) -> Bool {
        if system(ref)?.privacy.dataProcessingAgreement != nil { return true }
        return landscape.referrers(of: ref).contains { referrer in
            guard let contract = landscape[referrer]?.contract else { return false }
            return contract.dataProcessingAgreement?.value == true && contract.systems.contains { $0.value == ref }
        }
    }

    /// The group at the top of `ref`'s `parent` chain (itself when it has no parent); nil when the
    /// chain leads to a group that does not exist or comes back on itself.
    public func topGroup(_ ref: Ref) -> Ref? {
        var current = ref
        var seen: Set<Ref> = [ref]
        while true {
            guard let group = landscape[current]?.group else { return nil }
            guard let parent = group.parent?.value else { return current }
            guard seen.insert(parent).inserted else { return nil }
            current = parent
        }
    }

    /// The display text of an element: its title, or its name.
    public func title(of ref: Ref) -> String {
        landscape[ref]?.metadata.title?.value ?? ref.name
    }
}

/// Named predicates that rules use in `select.where`. They are the vocabulary of RULES.md:
/// "active", "local", "personal data", "sensitive data".
public enum Predicates {
    public typealias Test = @Sendable (Element, RuleContext) -> Bool

    /// A predicate and what, besides the element itself, it reads.
    public struct Named: Sendable {
        public let scope: RuleScope
        public let test: Test
        init(_ scope: RuleScope = [], _ test: @escaping Test) {
            self.scope = scope
            self.test = test
        }
    }

    public static let named: [String: Named] = [
        // Systems and platforms
        "active": Named { element, _ in
            if let s = element.system { return s.isActive }
            if let p = element.platform { return p.effectiveLifecycle.isActive }
            return false
        },
        "local": Named { element, _ in element.system?.isLocal ?? false },
        "shared": Named { element, _ in element.system?.isShared ?? false },
        "user-facing": Named { element, _ in !(element.system?.effectiveAudience.isEmpty ?? true) },
        "public-facing": Named { element, _ in element.system?.servesThePublicOnline ?? false },
        "citizen-facing": Named { element, _ in element.system?.servesCitizens ?? false },
        "hosted-in-third-country": Named(.referenced) { element, context in
            guard let hosting = element.system?.hosting?.value,
                  let platform = context.landscape[hosting]?.platform else { return false }
            return platform.location?.value == .thirdCountry
        },
        // Data
        "personal-data": Named { element, _ in element.dataEntity?.isPersonal ?? false },
        "special-category-data": Named { element, _ in element.dataEntity?.isSpecialCategory ?? false },
        "special-or-criminal-data": Named { element, _ in element.dataEntity?.isSpecialOrCriminal ?? false },
        "sensitive-data": Named { element, _ in element.dataEntity?.isSensitive ?? false },
        "handles-personal-data": Named(.referenced) { element, context in
            context.handlesData(element) { $0.isPersonal }
        },
        "handles-special-category-data": Named(.referenced) { element, context in
            context.handlesData(element) { $0.isSpecialCategory }
        },
        "handles-special-or-criminal-data": Named(.referenced) { element, context in
            context.handlesData(element) { $0.isSpecialOrCriminal }
        },
        "handles-sensitive-data": Named(.referenced) { element, context in
            context.handlesData(element) { $0.isSensitive }
        },
    ]
}

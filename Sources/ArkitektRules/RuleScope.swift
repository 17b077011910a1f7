import ArkitektModel

/// What the findings a rule reports on one element depend on besides the element itself. After
/// a change to some elements, only the elements a change can reach through these relations are
/// checked again (`IncrementalEvaluation`); everything a rule reads must be covered here.
public struct RuleScope: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The elements it refers to: a change to one of them re-checks every element referring to it.
    public static let referenced = RuleScope(rawValue: 1 << 0)
    /// Whether the elements it refers to exist, and nothing else about them: a ref that came or
    /// went re-checks every element referring to it; a change to an element that stays does not.
    public static let referencedExistence = RuleScope(rawValue: 1 << 2)
    /// The elements referring to it: a change to an element re-checks what that element refers to.
    public static let referrers = RuleScope(rawValue: 1 << 1)
    /// Elements referring to an element of `kind` that it refers to as well (out one step, then
    /// back): a change to an element re-checks the others that refer to the same one.
    public static func siblings(through kind: Kind) -> RuleScope {
        RuleScope(rawValue: 1 << (8 + (Kind.allCases.firstIndex(of: kind) ?? 0)))
    }

    /// Every `siblings(through:)`.
    static let anySiblings = RuleScope(Kind.allCases.map { RuleScope.siblings(through: $0) })

    /// The kinds `siblings(through:)` goes through.
    public var siblingKinds: [Kind] {
        isDisjoint(with: Self.anySiblings) ? [] : Kind.allCases.filter { contains(.siblings(through: $0)) }
    }
    /// Which refs exist at all: adding or removing an element re-checks the elements the rule
    /// currently reports on that refer to something missing which the added or removed ref
    /// matters to (`CheckFunction.matters(missing:cameOrWent:)`; a did-you-mean suggestion may
    /// change). Whether a reference resolves is `referenced`.
    public static let refSet = RuleScope(rawValue: 1 << 3)
    /// Today's date: a new day re-checks every element the rule selects.
    public static let date = RuleScope(rawValue: 1 << 4)
    /// The elements it refers to, what those refer to, and so on: a change to an element re-checks
    /// every element that reaches it through references (a chain of `source`s).
    public static let referencedTransitively = RuleScope(rawValue: 1 << 5)
    /// What the elements referring to it refer to (back through a referrer, then out): a change to
    /// an element re-checks everything its referrers refer to (the receiver of an integration
    /// from the system checked).
    public static let referrersReferenced = RuleScope(rawValue: 1 << 6)
    /// When things changed in the history (`RuleContext.history`): a step re-checks the elements
    /// whose entries the step moved, and a check re-checks every element the rule selects.
    public static let history = RuleScope(rawValue: 1 << 7)
}

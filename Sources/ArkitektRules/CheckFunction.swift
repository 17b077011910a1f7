import ArkitektModel

/// One result of a check: which element, where, what tells it apart, and the values its
/// message needs.
public struct Hit: Sendable, Equatable {
    public var element: Ref
    public var location: SourceLocation
    public var detail: String?
    public var arguments: [String: String]

    public init(element: Ref, location: SourceLocation, detail: String? = nil, arguments: [String: String] = [:]) {
        self.element = element
        self.location = location
        self.detail = detail
        self.arguments = arguments
    }
}

/// A check written in Swift: needed where a rule follows references through the graph.
public protocol CheckFunction: Sendable {
    /// The options a pack may give (`check.options`); anything else is an error when the pack loads.
    static var options: [String] { get }
    /// What the hits on one element depend on besides the element (see `RuleScope`).
    static var scope: RuleScope { get }
    /// Runs over the selected elements (all resolved elements when the rule has no selector) and
    /// reports on those elements only, so that it can be run again on a few of them.
    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit]
    /// For a check that reads today's date (`RuleScope.date`): the dates on `element` whose
    /// comparison with today decides what it reports; nil when any date may matter. A new day
    /// re-checks an element only when one of its dates lies between the old day and the new one.
    static func dates(_ element: Element) -> [Day]?
    /// For a check that reads the elements referring to the one it reports on (`referrers`,
    /// `siblings`): whether `referrer`'s reference to `target` can change what it reports on
    /// `target`. A change to an element re-checks only the targets for which, before or after
    /// the change, this is true.
    static func matters(_ referrer: Element, to target: Ref) -> Bool
    /// For a check that reads its siblings (`siblings(through:)`): whether a change to `element`,
    /// which refers to `target`, can change what the check reports on the other elements that
    /// refer to `target`. Checked on the element before and after the change. By default, what
    /// `matters` says.
    static func changesSiblings(_ element: Element, through target: Ref) -> Bool
    /// For a check that reads which refs exist (`refSet`): whether `cameOrWent`, a ref added to
    /// or removed from the landscape, can change what it reports about a reference to `missing`,
    /// a ref that does not resolve. Only the reported elements referring to such a `missing` are
    /// checked again. By default every ref of the same kind matters.
    static func matters(missing: Ref, cameOrWent: Ref) -> Bool
    /// For a check that reads through references as far as they go (`referencedTransitively`):
    /// whether what it reports can depend on `target` through `referrer`'s reference to it. The
    /// walk out from a changed element goes on only along such references. By default every
    /// reference counts.
    static func follows(_ referrer: Element, to target: Ref) -> Bool
}

extension CheckFunction {
    public static func dates(_ element: Element) -> [Day]? { nil }
    public static func matters(_ referrer: Element, to target: Ref) -> Bool { true }
    public static func matters(missing: Ref, cameOrWent: Ref) -> Bool { missing.kind == cameOrWent.kind }
    public static func changesSiblings(_ element: Element, through target: Ref) -> Bool { matters(element, to: target) }
    public static func follows(_ referrer: Element, to target: Ref) -> Bool { true }
}

/// The Swift checks, registered by the name that packs use in `check.function`.
public enum CheckRegistry {
    public static let functions: [String: any CheckFunction.Type] = [
        "duplicate-name": DuplicateNameCheck.self,
        "library-name-taken": LibraryNameTakenCheck.self,
        "ref-resolves": RefResolvesCheck.self,
        "single-master": SingleMasterCheck.self,
        "read-from-authoritative-source": ReadFromAuthoritativeSourceCheck.self,
        "no-local-master-of-authoritative-data": NoLocalMasterCheck.self,
        "accessibility-level": AccessibilityLevelCheck.self,
        "availability-dependency": AvailabilityDependencyCheck.self,
        "reuse-shared-solution": ReuseSharedSolutionCheck.self,
        "duplicate-capability": DuplicateCapabilityCheck.self,
        "depends-on-retired": DependsOnRetiredCheck.self,
        "transition-overdue": TransitionOverdueCheck.self,
        "exemption-expired": ExemptionExpiredCheck.self,
        "exemption-unused": ExemptionUnusedCheck.self,
        "policy-weakened": PolicyWeakenedCheck.self,
        "integration-authentication": IntegrationAuthenticationCheck.self,
        "third-country-transfer": ThirdCountryTransferCheck.self,
        "archive-noark-integration": ArchiveNoarkIntegrationCheck.self,
        "processor-agreement-required": ProcessorAgreementRequiredCheck.self,
        "system-classification-below-data": SystemClassificationBelowDataCheck.self,
        "integration-disclosure-basis": IntegrationDisclosureBasisCheck.self,
        "integration-data-minimisation": IntegrationDataMinimisationCheck.self,
        "citizen-login-national-eid": CitizenLoginNationalEidCheck.self,
        "phasing-out-without-transition": PhasingOutWithoutTransitionCheck.self,
        "end-of-support": EndOfSupportCheck.self,
        "end-of-support-soon": EndOfSupportSoonCheck.self,
        "contract-ending-without-transition": ContractEndingWithoutTransitionCheck.self,
        "risk-assessment-current": RiskAssessmentCurrentCheck.self,
        "dpia-review-on-change": DpiaReviewOnChangeCheck.self,
    ]
}

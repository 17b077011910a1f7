import ArkitektModel

/// `integration-disclosure-basis`: an Integration that carries personal data from one
/// organisation to another (the owners of its two systems belong to different top-level Groups)
/// names the legal basis for the disclosure. A receiver that processes the data on the sender's
/// behalf under a data processing agreement (its own, or a Contract's) is no disclosure: KS Fiks
/// SvarUt carrying a municipality's letters is the municipality's processor.
struct IntegrationDisclosureBasisCheck: CheckFunction {
    static let options: [String] = []
    /// The systems, their owners and the owners' parents, up to the top; and the Contracts that
    /// cover the receiving system.
    static let scope: RuleScope = [.referencedTransitively, .siblings(through: .system)]

    /// Of the elements referring to the systems an Integration connects, only a Contract can change
    /// what it reports (whether the receiver is a processor): a change to any other re-checks the
    /// integrations of the same systems for nothing.
    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .contract }

    /// What it reads: an Integration's systems and data, a system's owner, a group's parent, and
    /// the Contracts that make a receiver a processor.
    static func follows(_ referrer: Element, to target: Ref) -> Bool {
        switch referrer.kind {
        case .integration, .contract: return true
        case .system: return referrer.system?.owner?.value == target
        case .group: return referrer.group?.parent?.value == target
        default: return false
        }
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let integration = element.integration, integration.legalBasis.isEmpty,
                  context.handlesData(element, where: { $0.isPersonal }),
                  let fromOwner = context.system(integration.from?.value)?.owner?.value,
                  let toOwner = context.system(integration.to?.value)?.owner?.value,
                  let fromTop = context.topGroup(fromOwner), let toTop = context.topGroup(toOwner), fromTop != toTop,
                  let to = integration.to?.value, !context.hasProcessingAgreement(to) else { return nil }
            return Hit(element: element.ref, location: element.location,
                       arguments: ["fromOrg": context.title(of: fromTop), "toOrg": context.title(of: toTop)])
        }
    }
}

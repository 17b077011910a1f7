import ArkitektModel

/// `processor-agreement-required`: a local system with personal data on a `saas` or `cloud`
/// platform has a data processing agreement: its own (`privacy.dataProcessingAgreement`) or
/// through a Contract that covers it and says so.
struct ProcessorAgreementRequiredCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced, .referrers]

    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .contract }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let system = element.system, let hosting = system.hosting,
                  let type = context.landscape[hosting.value]?.platform?.type?.value, type == .saas || type == .cloud,
                  !context.hasProcessingAgreement(element.ref) else { return nil }
            return Hit(element: element.ref, location: hosting.location,
                       arguments: ["platform": hosting.value.description, "type": type.rawValue])
        }
    }
}

import ArkitektModel

/// `contract-ending-without-transition`: a Contract that ends within 12 months covers an active
/// system that no Transition names: the system may be left without a contract. One finding per
/// such system.
struct ContractEndingWithoutTransitionCheck: CheckFunction {
    static let options: [String] = []
    /// The systems it covers, and the Transitions that name those systems.
    static let scope: RuleScope = [.date, .referenced, .siblings(through: .system)]

    /// Of the elements referring to a covered system, only a Transition (which may name it) or
    /// another Contract can change what a contract reports.
    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .transition || referrer.kind == .contract }

    static func dates(_ element: Element) -> [Day]? {
        element.contract?.ends.map { [$0.value.adding(months: -12), $0.value] } ?? []
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let contract = element.contract, let ends = contract.ends,
                  context.today <= ends.value, ends.value <= context.today.adding(months: 12) else { continue }
            var seen = Set<Ref>()
            for covered in contract.systems where seen.insert(covered.value).inserted {
                guard let system = context.system(covered.value), system.isActive,
                      !context.namedByTransition(covered.value) else { continue }
                hits.append(Hit(element: element.ref, location: covered.location, detail: covered.value.description,
                                arguments: ["system": covered.value.description, "ends": ends.value.description]))
            }
        }
        return hits
    }
}

import ArkitektModel

/// `exemption-expired`: an exemption whose `expires` date has passed. It suppresses nothing.
struct ExemptionExpiredCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.date]

    static func dates(_ element: Element) -> [Day]? {
        element.exemption?.expires.map { [$0.value] } ?? []
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let expires = element.exemption?.expires, expires.value < context.today,
                  context.isValidExemption(element) else { return nil }
            return Hit(element: element.ref, location: expires.location,
                       arguments: ["expires": expires.value.description, "rule": element.exemption?.rule?.value ?? ""])
        }
    }
}

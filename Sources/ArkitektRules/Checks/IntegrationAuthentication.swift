import ArkitektModel

/// `integration-authentication`: a flow of sensitive data authenticates, and a flow of the most
/// protected data (strictly confidential, special categories, criminal offences) does not rest on
/// a static shared secret (`apikey`, `basic`).
struct IntegrationAuthenticationCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let integration = element.integration,
                  context.handlesData(element, where: { $0.isSensitive }) else { return nil }
            guard let method = integration.authentication, method.value != .none else {
                return Hit(element: element.ref, location: integration.authentication?.location ?? element.location)
            }
            guard method.value == .apikey || method.value == .basic,
                  let entity = integration.data.first(where: { context.dataEntity($0.value)?.isStrictlyProtected ?? false }) else { return nil }
            return Hit(element: element.ref, location: method.location, detail: method.value.rawValue,
                       arguments: ["method": method.value.rawValue, "entity": entity.value.description])
        }
    }
}

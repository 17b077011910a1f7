import ArkitektModel

/// `citizen-login-national-eid`: a system for citizens that holds personal data logs them in with
/// a national or sector solution that realises the capability the landscape marks `eid: true`.
struct CitizenLoginNationalEidCheck: CheckFunction {
    static let options: [String] = []
    /// The login system, and the capabilities it realises.
    static let scope: RuleScope = [.referenced, .referencedTransitively]

    /// What it reads beyond the system itself: its login system, and the capabilities that realises.
    static func follows(_ referrer: Element, to target: Ref) -> Bool {
        guard let system = referrer.system else { return false }
        return system.security.authentication?.value == target || system.capabilities.contains { $0.value == target }
    }

    /// Whether `ref` is a shared (sector or national) system realising a capability marked `eid: true`.
    static func isNationalEid(_ ref: Ref, _ context: RuleContext) -> Bool {
        guard let login = context.system(ref), login.isShared else { return false }
        return login.capabilities.contains { context.landscape[$0.value]?.capability?.eid?.value == true }
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let system = element.system else { return nil }
            guard let login = system.security.authentication else {
                return Hit(element: element.ref, location: element.location(of: "spec.audience"))
            }
            if isNationalEid(login.value, context) { return nil }
            return Hit(element: element.ref, location: login.location, detail: login.value.description,
                       arguments: ["login": login.value.description])
        }
    }
}

import ArkitektModel

/// `duplicate-capability`: two or more active local systems realise the same capability.
struct DuplicateCapabilityCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referrers]

    static func matters(_ referrer: Element, to target: Ref) -> Bool {
        guard let system = referrer.system, system.isActive, system.isLocal else { return false }
        return system.capabilities.contains { $0.value == target }
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { capability in
            let systems = Set(context.landscape.referrers(of: capability.ref).filter { ref in
                guard ref.kind == .system, let system = context.system(ref), system.isActive, system.isLocal else { return false }
                return system.capabilities.contains { $0.value == capability.ref }
            }).sorted()
            guard systems.count > 1 else { return nil }
            // The systems realise it; no field of the capability is at fault: its document is the place.
            return Hit(element: capability.ref, location: capability.location,
                       arguments: ["systems": systems.map(\.description).joined(separator: ", ")])
        }
    }
}

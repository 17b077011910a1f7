import ArkitektModel

/// `reuse-shared-solution`: a local system that realises a capability an active shared
/// solution provides should use a shared solution for it.
struct ReuseSharedSolutionCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.siblings(through: .capability)]

    static func matters(_ referrer: Element, to target: Ref) -> Bool {
        referrer.system?.capabilities.contains { $0.value == target } ?? false
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system else { continue }
            let uses = Set(system.uses.map(\.value))
            var seen = Set<Ref>()
            for capability in system.capabilities where seen.insert(capability.value).inserted {
                // The shared systems that realise the capability (they refer to it).
                let anyShared = Set(context.landscape.referrers(of: capability.value).filter { ref in
                    guard ref.kind == .system, let other = context.system(ref), other.isShared else { return false }
                    return other.capabilities.contains { $0.value == capability.value }
                }).sorted()
                let shared = anyShared.filter { context.system($0)?.isActive ?? false }
                guard !shared.isEmpty, uses.isDisjoint(with: anyShared) else { continue }
                let names = shared.map(\.description).joined(separator: ", ")
                hits.append(Hit(element: element.ref, location: capability.location, detail: capability.value.description,
                                arguments: ["capability": capability.value.description, "shared": names]))
            }
        }
        return hits
    }
}

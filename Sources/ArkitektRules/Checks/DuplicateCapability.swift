import ArkitektModel

/// `duplicate-capability`: two or more active local systems realise the same capability.
struct DuplicateCapabilityCheck: CheckFunction {
    static let options: [String] = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var realisers: [Ref: Set<Ref>] = [:]
        for element in context.landscape.elements(of: .system) {
            guard let system = element.system, system.isActive, system.isLocal else { continue }
            for capability in system.capabilities { realisers[capability.value, default: []].insert(element.ref) }
        }
        return selected.compactMap { capability in
            guard let systems = realisers[capability.ref], systems.count > 1 else { return nil }
            return Hit(element: capability.ref, location: capability.metadata.name.location,
                       arguments: ["systems": systems.sorted().map(\.description).joined(separator: ", ")])
        }
    }
}

import ArkitektModel

/// `reuse-shared-solution`: a local system that realises a capability an active shared
/// solution provides should use a shared solution for it.
struct ReuseSharedSolutionCheck: CheckFunction {
    static let options: [String] = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var activeShared: [Ref: [Ref]] = [:]
        var anyShared: [Ref: Set<Ref>] = [:]
        for element in context.landscape.elements(of: .system) {
            guard let system = element.system, system.isShared else { continue }
            for capability in system.capabilities {
                anyShared[capability.value, default: []].insert(element.ref)
                if system.isActive { activeShared[capability.value, default: []].append(element.ref) }
            }
        }
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system else { continue }
            let uses = Set(system.uses.map(\.value))
            var seen = Set<Ref>()
            for capability in system.capabilities where seen.insert(capability.value).inserted {
                guard let shared = activeShared[capability.value], !shared.isEmpty,
                      uses.isDisjoint(with: anyShared[capability.value] ?? []) else { continue }
                let names = Set(shared).sorted().map(\.description).joined(separator: ", ")
                hits.append(Hit(element: element.ref, location: capability.location, detail: capability.value.description,
                                arguments: ["capability": capability.value.description, "shared": names]))
            }
        }
        return hits
    }
}

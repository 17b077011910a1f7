import ArkitektModel

/// `single-master`: at most one System may declare `access: master` for a DataEntity.
struct SingleMasterCheck: CheckFunction {
    static let options: [String] = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var masters: [Ref: Set<Ref>] = [:]
        for system in context.landscape.elements(of: .system) {
            for use in system.system?.data ?? [] where use.access?.value == .master {
                if let entity = use.entity?.value { masters[entity, default: []].insert(system.ref) }
            }
        }
        return selected.compactMap { entity in
            guard let systems = masters[entity.ref], systems.count > 1 else { return nil }
            let names = systems.sorted().map(\.description).joined(separator: ", ")
            return Hit(element: entity.ref, location: entity.metadata.name.location, arguments: ["systems": names])
        }
    }
}

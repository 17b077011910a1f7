import ArkitektModel

/// `single-master`: at most one System may declare `access: master` for a DataEntity.
struct SingleMasterCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referrers]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { entity in
            let systems = Set(context.landscape.referrers(of: entity.ref).filter { ref in
                ref.kind == .system && isMaster(context.landscape[ref], of: entity.ref)
            }).sorted()
            guard systems.count > 1 else { return nil }
            let names = systems.map(\.description).joined(separator: ", ")
            // No field of the entity is at fault (the masters are declared by the systems): the place is
            // the entity's document, as RULES.md has it.
            return Hit(element: entity.ref, location: entity.location, arguments: ["systems": names])
        }
    }

    static func matters(_ referrer: Element, to target: Ref) -> Bool { isMaster(referrer, of: target) }

    /// Whether the element is a System that declares `access: master` for `entity` (matched in
    /// place: popular entities have many referrers).
    static func isMaster(_ element: Element?, of entity: Ref) -> Bool {
        element?.system?.data.contains { $0.entity?.value == entity && $0.access?.value == .master } ?? false
    }
}

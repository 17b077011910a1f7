import ArkitektModel

/// `read-from-authoritative-source`: a System that reads an entity with an authoritative source
/// must name that source as where it gets the data.
struct ReadFromAuthoritativeSourceCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for system in selected {
            for use in system.system?.data ?? [] where use.access?.value == .read {
                guard let entity = use.entity?.value,
                      let authority = context.dataEntity(entity)?.authoritativeSource?.value,
                      authority != system.ref, use.source?.value != authority else { continue }
                var arguments = ["entity": entity.description, "authority": authority.description]
                if let source = use.source?.value { arguments["source"] = source.description }
                hits.append(Hit(element: system.ref, location: use.source?.location ?? use.entity?.location ?? use.location,
                                detail: entity.description, arguments: arguments))
            }
        }
        return hits
    }
}

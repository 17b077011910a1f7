import ArkitektModel

/// `no-local-master-of-authoritative-data`: only the authoritative source may be master of
/// the data it is authoritative for.
struct NoLocalMasterCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for system in selected {
            for use in system.system?.data ?? [] where use.access?.value == .master {
                guard let entity = use.entity?.value,
                      let authority = context.dataEntity(entity)?.authoritativeSource?.value,
                      authority != system.ref else { continue }
                hits.append(Hit(element: system.ref, location: use.access?.location ?? use.location,
                                detail: entity.description,
                                arguments: ["entity": entity.description, "authority": authority.description]))
            }
        }
        return hits
    }
}

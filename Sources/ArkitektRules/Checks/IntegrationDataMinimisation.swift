import ArkitektModel

/// `integration-data-minimisation`: an Integration carries personal data that the receiving
/// system does not declare in its `data`: either the receiver's description is incomplete, or the
/// flow sends more than the receiver needs. One finding per such entity. A shared (sector or
/// national) receiver is left out: its data is described by its owner, not in this landscape.
struct IntegrationDataMinimisationCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let integration = element.integration, let to = integration.to,
                  let receiver = context.system(to.value), receiver.isLocal else { continue }
            let declared = Set(receiver.data.compactMap { $0.entity?.value })
            var seen = Set<Ref>()
            for entity in integration.data where seen.insert(entity.value).inserted && !declared.contains(entity.value) {
                guard context.dataEntity(entity.value)?.isPersonal == true else { continue }
                hits.append(Hit(element: element.ref, location: entity.location, detail: entity.value.description,
                                arguments: ["entity": entity.value.description, "receiver": to.value.description]))
            }
        }
        return hits
    }
}

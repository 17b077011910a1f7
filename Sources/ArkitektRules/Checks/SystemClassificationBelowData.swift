import ArkitektModel

/// `system-classification-below-data`: a system rated `security.confidentiality: low` holds data
/// that needs more: special categories, criminal offence data, confidential or strictly
/// confidential data. One finding per such entity.
struct SystemClassificationBelowDataCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system, let rating = system.security.confidentiality, rating.value == .low else { continue }
            var seen = Set<Ref>()
            for use in system.data {
                guard let entity = use.entity, seen.insert(entity.value).inserted,
                      let data = context.dataEntity(entity.value) else { continue }
                let confidentiality = data.classification.confidentiality?.value
                guard data.isSpecialOrCriminal || confidentiality == .confidential || confidentiality == .strictlyConfidential else { continue }
                let class_ = data.isSpecialOrCriminal ? data.classification.personal?.value.rawValue : confidentiality?.rawValue
                hits.append(Hit(element: element.ref, location: entity.location, detail: entity.value.description,
                                arguments: ["entity": entity.value.description, "class": class_ ?? ""]))
            }
        }
        return hits
    }
}

import ArkitektModel

/// `duplicate-name`: a second element with the same kind and name. The first (in path and
/// document order) is the one references resolve to; the later ones are reported.
struct DuplicateNameCheck: CheckFunction {
    static let options: [String] = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var first: [Ref: Element] = [:]
        var hits: [Hit] = []
        for element in context.landscape.elements {
            if let original = first[element.ref] {
                hits.append(Hit(element: element.ref, location: element.metadata.name.location,
                                detail: "\(element.file)#\(element.documentIndex)",
                                arguments: ["first": original.metadata.name.location.description]))
            } else {
                first[element.ref] = element
            }
        }
        return hits
    }
}

import ArkitektModel

/// `ref-resolves`: every reference names an element that exists (Transition conditions excepted).
struct RefResolvesCheck: CheckFunction {
    static let options: [String] = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var namesByKind: [Kind: [String]] = [:]
        for element in context.landscape.resolvedElements { namesByKind[element.kind, default: []].append(element.name) }
        var hits: [Hit] = []
        for element in context.landscape.resolvedElements {
            for (path, ref) in element.references where !context.landscape.contains(ref.value) {
                let suggestion = Suggest.closest(to: ref.value.name, in: namesByKind[ref.value.kind] ?? [])
                var arguments = ["ref": ref.value.description, "field": path, "kind": ref.value.kind.refPrefix]
                if let suggestion { arguments["suggestion"] = "\(ref.value.kind.refPrefix):\(suggestion)" }
                hits.append(Hit(element: element.ref, location: ref.location, detail: "\(path) \(ref.value)", arguments: arguments))
            }
        }
        return hits
    }
}

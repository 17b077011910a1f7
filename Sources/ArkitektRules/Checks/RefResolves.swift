import ArkitektModel

/// `ref-resolves`: every reference names an element that exists (Transition conditions excepted).
struct RefResolvesCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced, .refSet]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var namesByKind: [Kind: [String]] = [:]
        func names(_ kind: Kind) -> [String] {
            if let names = namesByKind[kind] { return names }
            let names = context.landscape.refs(of: kind).map(\.name)
            namesByKind[kind] = names
            return names
        }
        var hits: [Hit] = []
        for element in selected {
            // Most elements resolve every reference: their refs, already at hand, tell so without
            // listing the references with their fields.
            guard element.dependencies.contains(where: { !context.landscape.contains($0) }) else { continue }
            for (path, ref) in element.references where !context.landscape.contains(ref.value) {
                let suggestion = Suggest.closest(to: ref.value.name, in: names(ref.value.kind))
                var arguments = ["ref": ref.value.description, "field": path, "kind": ref.value.kind.refPrefix]
                if let suggestion { arguments["suggestion"] = "\(ref.value.kind.refPrefix):\(suggestion)" }
                hits.append(Hit(element: element.ref, location: ref.location, detail: "\(path) \(ref.value)", arguments: arguments))
            }
        }
        return hits
    }

    /// The suggestion for a missing ref is the nearest of its kind; a ref that came or went can
    /// change it only when it is near enough to be suggested at all.
    static func matters(missing: Ref, cameOrWent: Ref) -> Bool {
        missing.kind == cameOrWent.kind && Suggest.isNear(cameOrWent.name, to: missing.name)
    }
}

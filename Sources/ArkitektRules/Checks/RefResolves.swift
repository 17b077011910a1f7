import ArkitektLoading
import ArkitektModel

/// `ref-resolves`: every reference names an element that exists (Transition conditions excepted).
struct RefResolvesCheck: CheckFunction {
    static let options: [String] = []
    /// Whether a reference resolves depends on its target's existence alone: an edit of an
    /// element that stays re-checks none of the elements referring to it.
    static let scope: RuleScope = [.referencedExistence, .refSet]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        // The references to nothing, in order; then the nearest name for each, once per name.
        var missing: [(element: Element, path: String, ref: Located<Ref>)] = []
        for element in selected {
            // Most elements resolve every reference: their refs, already at hand, tell so without
            // listing the references with their fields.
            guard element.dependencies.contains(where: { !context.landscape.contains($0) }) else { continue }
            for (path, ref) in element.references where !context.landscape.contains(ref.value) {
                missing.append((element, path, ref))
            }
        }
        guard !missing.isEmpty else { return [] }
        var asked: [Kind: Set<String>] = [:]
        for m in missing { asked[m.ref.value.kind, default: []].insert(m.ref.value.name) }
        var suggestions: [Ref: String] = [:]
        for (kind, words) in asked {
            let names = context.landscape.refs(of: kind).map(\.name)
            // Several questions: an index answers each while comparing few names in full.
            // Building it costs about what some questions do by reading the names, so a few
            // questions (a commit of a history walk, most often) read them.
            let index = words.count >= SuggestIndex.worthFrom ? SuggestIndex(names) : nil
            let list = Array(words)
            for (word, found) in zip(list, Self.closest(list, index: index, names: names)) {
                if let found { suggestions[Ref(kind, word)] = found }
            }
        }
        return missing.map { m in
            var arguments = ["ref": m.ref.value.description, "field": m.path, "kind": m.ref.value.kind.refPrefix]
            if let suggestion = suggestions[m.ref.value] { arguments["suggestion"] = "\(m.ref.value.kind.refPrefix):\(suggestion)" }
            return Hit(element: m.element.ref, location: m.ref.location, detail: "\(m.path) \(m.ref.value)", arguments: arguments)
        }
    }

    /// The nearest name to each word: with an index, many words on all cores (each chunk of them
    /// with a search of its own).
    static func closest(_ words: [String], index: SuggestIndex?, names: [String]) -> [String?] {
        guard let index else { return words.map { Suggest.closest(to: $0, in: names) } }
        let chunk = 32
        let chunks = (words.count + chunk - 1) / chunk
        let answers = Parallel.map(chunks) { c in
            var search = SuggestIndex.Search(index)
            return words[(c * chunk)..<min(words.count, (c + 1) * chunk)].map { index.closest(to: $0, &search) }
        }
        return answers.enumerated().flatMap { c, part in
            part ?? words[(c * chunk)..<min(words.count, (c + 1) * chunk)].map { index.closest(to: $0) }
        }
    }

    /// The suggestion for a missing ref is the nearest of its kind; a ref that came or went can
    /// change it only when it is near enough to be suggested at all.
    static func matters(missing: Ref, cameOrWent: Ref) -> Bool {
        missing.kind == cameOrWent.kind && Suggest.isNear(cameOrWent.name, to: missing.name)
    }
}

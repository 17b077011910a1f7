import ArkitektModel

extension ArchiMateImport {
    /// What was read and what became of it, in Markdown: printed, and kept as the README of the
    /// imported landscape. Every element and relationship is counted once: mapped, not mapped
    /// (listed), or a relationship to an element the model does not have (listed).
    public func report(source: String, language: Language) -> String {
        let nb = language == .nb
        func t(_ a: String, _ b: String) -> String { nb ? a : b }
        var out = "# \(t("Importert fra ArchiMate", "Imported from ArchiMate")): \(model.name.isEmpty ? source : model.name)\n\n"
        out += t("Fil: `\(source)` (\(model.format.rawValue)).", "File: `\(source)` (\(model.format.rawValue)).") + "\n\n"
        out += t("Lest: \(model.elements.count) elementer, \(model.relationships.count) relasjoner, \(model.views) visninger (visningene importeres ikke).",
                 "Read: \(model.elements.count) elements, \(model.relationships.count) relationships, \(model.views) views (views are not imported).") + "\n"
        let integrations = files.filter { $0.kind == .integration }.count
        out += t("Skrevet: \(files.count - integrations) elementer og \(integrations) integrasjoner, én fil hver.",
                 "Written: \(files.count - integrations) elements and \(integrations) integrations, a file each.") + "\n\n"
        out += "| \(t("elementtype", "element type")) | \(t("til", "becomes")) | \(t("importert", "mapped")) | \(t("ikke importert", "not mapped")) |\n|---|---|---:|---:|\n"
        let elementTypes = Set(mappedElements.keys).union(unmappedElements.keys).sorted()
        for type in elementTypes {
            let kinds = mappedKinds[type] ?? []
            let kind = kinds.isEmpty ? "–" : kinds.sorted().map { "`\($0.rawValue)`" }.joined(separator: ", ")
            out += "| \(type) | \(kind) | \(mappedElements[type] ?? 0) | \(unmappedElements[type]?.count ?? 0) |\n"
        }
        out += "\n| \(t("relasjonstype", "relationship type")) | \(t("importert", "mapped")) | \(t("ikke importert", "not mapped")) |\n|---|---:|---:|\n"
        let relationshipTypes = Set(mappedRelationships.keys).union(unmappedRelationships.keys).sorted()
        for type in relationshipTypes {
            out += "| \(type) | \(mappedRelationships[type] ?? 0) | \(unmappedRelationships[type]?.count ?? 0) |\n"
        }
        let names = Dictionary(model.elements.map { ($0.identifier, $0.name) }, uniquingKeysWith: { a, _ in a })
        if !unmappedElements.isEmpty {
            out += "\n## \(t("Elementer som ikke er importert", "Elements not mapped"))\n\n"
            if let principles = unmappedElements["Principle"] {
                out += t("Prinsipper (\(principles.count)) har ingen plass i landskapet; reglene i arkitekt står for prinsippene.",
                         "Principles (\(principles.count)) have no place in the landscape; arkitekt's rules stand for the principles.") + "\n\n"
            }
            for type in unmappedElements.keys.sorted() {
                for element in unmappedElements[type] ?? [] {
                    out += "- \(type) `\(element.identifier)` \(Self.quoted(element.name)) (\(t("linje", "line")) \(element.line))\n"
                }
            }
        }
        if !unmappedRelationships.isEmpty {
            out += "\n## \(t("Relasjoner som ikke er importert", "Relationships not mapped"))\n\n"
            for type in unmappedRelationships.keys.sorted() {
                for r in (unmappedRelationships[type] ?? []).sorted(by: { $0.identifier < $1.identifier }) {
                    out += "- \(type) `\(r.identifier)`: \(Self.quoted(names[r.source] ?? r.source)) → \(Self.quoted(names[r.target] ?? r.target)) (\(t("linje", "line")) \(r.line))\n"
                }
            }
        }
        if !dangling.isEmpty {
            out += "\n## \(t("Relasjoner til elementer modellen ikke har", "Relationships to elements the model does not have"))\n\n"
            for r in dangling.sorted(by: { $0.identifier < $1.identifier }) {
                out += "- \(r.type) `\(r.identifier)`: `\(r.source)` → `\(r.target)` (\(t("linje", "line")) \(r.line))\n"
            }
        }
        if !duplicates.isEmpty {
            out += "\n## \(t("Identifikatorer brukt flere ganger (bare den første er lest)", "Identifiers used more than once (only the first is read)"))\n\n"
            for id in duplicates.sorted() { out += "- `\(id)`\n" }
        }
        return out
    }
}

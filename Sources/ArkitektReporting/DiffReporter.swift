import ArkitektHistory
import ArkitektModel

/// `diff` as text, JSON (the shape of FORMAT.md, plus `added`/`removed` items on set fields) and
/// Markdown.
public enum DiffReporter {
    static func fieldLine(_ f: FieldChange) -> String {
        var line = "\(f.path): \(f.before?.description ?? "–") → \(f.after?.description ?? "–")"
        if case .set? = f.after ?? f.before, !(f.added.isEmpty && f.removed.isEmpty) {
            let parts = f.added.map { "+\($0)" } + f.removed.map { "−\($0)" }
            line = "\(f.path): " + parts.joined(separator: ", ")
        }
        return line
    }

    public static func text(_ r: DiffReport, paint: Paint = .none) -> String {
        let nb = r.language == .nb
        var out = paint.bold("diff \(HistoryText.short(r.from))..\(r.to == "worktree" ? (nb ? "arbeidskatalogen" : "worktree") : HistoryText.short(r.to))") + "\n"
        if r.diff.isEmpty && r.delta.isEmpty && r.libraries.isEmpty {
            return out + (nb ? "Ingen endringer i landskapet.\n" : "No change to the landscape.\n")
        }
        for line in elementLines(r.diff, paint: paint) { out += line + "\n" }
        for move in r.libraries { out += libraryText(move, r.language, paint: paint, boldHeader: true) }
        if !r.delta.introduced.isEmpty {
            out += paint.bold(nb ? "Nye funn:" : "Findings introduced:") + "\n"
            for f in r.delta.introduced { out += "  " + TextReporter.line(f, language: r.language, colour: paint.on) + "\n" }
        }
        if !r.delta.resolved.isEmpty {
            out += paint.bold(nb ? "Løste funn:" : "Findings resolved:") + "\n"
            for f in r.delta.resolved { out += "  " + TextReporter.line(f, language: r.language, colour: paint.on) + "\n" }
        }
        // Counts agree in number: "1 finding introduced", "1 nytt og 2 løste funn".
        let introduced = r.delta.introduced.count, resolved = r.delta.resolved.count
        out += elementCounts(r.diff, r.language) + (nb
            ? "; \(introduced) \(introduced == 1 ? "nytt" : "nye") og \(resolved) \(resolved == 1 ? "løst" : "løste") funn.\n"
            : "; \(introduced) \(Noun.finding.form(introduced, .en)) introduced, \(resolved) resolved.\n")
        return out
    }

    /// "2 added, 0 removed, 1 changed".
    public static func elementCounts(_ diff: LandscapeDiff, _ language: Language) -> String {
        language == .nb ? "\(diff.added.count) lagt til, \(diff.removed.count) fjernet, \(diff.changed.count) endret"
            : "\(diff.added.count) added, \(diff.removed.count) removed, \(diff.changed.count) changed"
    }

    /// "The library felles moved from v1 (3f1c09a2b7de) to v2 (8e2d41c07a55):", or taken in, or dropped.
    public static func libraryLine(_ move: LibraryMove, _ language: Language) -> String {
        func pin(_ p: LibraryPin) -> String { "\(p.rev) (\(p.commit.prefix(12)))" }
        let nb = language == .nb
        switch (move.from, move.to) {
        case let (from?, to?):
            return nb ? "Biblioteket \(move.name) er flyttet fra \(pin(from)) til \(pin(to)):" : "The library \(move.name) moved from \(pin(from)) to \(pin(to)):"
        case let (nil, to?):
            return nb ? "Biblioteket \(move.name) er tatt inn, \(pin(to)):" : "The library \(move.name) was taken in, \(pin(to)):"
        case let (from?, nil):
            return nb ? "Biblioteket \(move.name) er tatt ut, var \(pin(from)):" : "The library \(move.name) was taken out, was \(pin(from)):"
        case (nil, nil):
            return move.name
        }
    }

    /// A moved library as text: the line that says so, and what changed in it indented beneath.
    static func libraryText(_ move: LibraryMove, _ language: Language, paint: Paint, boldHeader: Bool) -> String {
        let header = libraryLine(move, language)
        return (boldHeader ? paint.bold(header) : header) + "\n" + elementLines(move.diff, paint: paint).map { "  " + $0 + "\n" }.joined()
    }

    static func libraryJSON(_ move: LibraryMove) -> JSON {
        func pin(_ p: LibraryPin?) -> JSON {
            p.map { .object([("rev", .string($0.rev)), ("commit", .string($0.commit))]) } ?? .null
        }
        return .object([("name", .string(move.name)), ("from", pin(move.from)), ("to", pin(move.to))] + diffJSON(move.diff))
    }

    /// The elements added (`+`), removed (`-`) and changed (`~`, with a line per field).
    public static func elementLines(_ diff: LandscapeDiff, paint: Paint = .none) -> [String] {
        var lines: [String] = []
        for e in diff.added { lines.append(paint.good("+ \(e.ref)")) }
        for e in diff.removed { lines.append(paint.bad("- \(e.ref)")) }
        for c in diff.changed {
            lines.append(paint.changed("~ \(c.ref)"))
            for f in c.fields { lines.append("    \(fieldLine(f))") }
        }
        return lines
    }

    static func changedJSON(_ c: ElementChange) -> JSON {
        .object([
            ("element", .string(c.ref.description)),
            ("fields", .array(c.fields.map { f in
                var fields: [(String, JSON)] = [("path", .string(f.path)), ("before", HistoryText.value(f.before)), ("after", HistoryText.value(f.after))]
                if case .set? = f.after ?? f.before {
                    fields.append(("added", .array(f.added.map { HistoryText.value($0) })))
                    fields.append(("removed", .array(f.removed.map { HistoryText.value($0) })))
                }
                return .object(fields)
            })),
        ])
    }

    public static func diffJSON(_ diff: LandscapeDiff) -> [(String, JSON)] {
        [
            ("added", .array(diff.added.map { .string($0.ref.description) })),
            ("removed", .array(diff.removed.map { .string($0.ref.description) })),
            ("changed", .array(diff.changed.map(changedJSON))),
        ]
    }

    public static func json(_ r: DiffReport) -> String {
        let top: [(String, JSON)] = [("from", .string(r.from)), ("to", .string(r.to))] + diffJSON(r.diff) + [
            ("introduced", .array(r.delta.introduced.map { JSONReporter.finding($0, language: r.language) })),
            ("resolved", .array(r.delta.resolved.map { JSONReporter.finding($0, language: r.language) })),
        ] + (r.libraries.isEmpty ? [] : [("libraries", .array(r.libraries.map(libraryJSON)))])
        return JSON.object(top).rendered() + "\n"
    }

    public static func markdown(_ r: DiffReport) -> String {
        let nb = r.language == .nb
        var out = "## " + (nb ? "Arkitekturendringer" : "Architecture changes") + " `\(HistoryText.short(r.from))`..`\(r.to == "worktree" ? "worktree" : HistoryText.short(r.to))`\n\n"
        if r.diff.isEmpty && r.delta.isEmpty && r.libraries.isEmpty {
            return out + (nb ? "Ingen endringer i landskapet.\n" : "No change to the landscape.\n")
        }
        for sentence in ChangeNarrator.sentences(r.diff, old: r.old, new: r.new) {
            out += "- \(sentence.text(r.language))\n"
        }
        for move in r.libraries {
            out += "- " + libraryLine(move, r.language) + "\n"
            for line in elementLines(move.diff) { out += "  - `\(line.trimmingCharacters(in: .whitespaces))`\n" }
        }
        if !r.diff.changed.isEmpty {
            out += "\n| " + (nb ? "element | felt | før | etter" : "element | field | before | after") + " |\n|---|---|---|---|\n"
            for c in r.diff.changed {
                for f in c.fields {
                    out += "| `\(c.ref)` | `\(f.path)` | \(f.before.map { "`\($0)`" } ?? "–") | \(f.after.map { "`\($0)`" } ?? "–") |\n"
                }
            }
        }
        for (title, findings) in [(nb ? "Nye funn" : "Findings introduced", r.delta.introduced), (nb ? "Løste funn" : "Findings resolved", r.delta.resolved)]
            where !findings.isEmpty {
            out += "\n### \(title) (\(findings.count))\n\n"
            for f in findings {
                out += "- **\(f.severity.rawValue)** `\(f.rule)` \(f.message.text(r.language)) (`\(f.location)`)\n"
            }
        }
        return out
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektModel

/// `transitions`: each Transition with progress, status, and when each condition was first met.
public enum TransitionsReporter {
    static func when(_ c: CommitInfo?) -> String {
        guard let c else { return "–" }
        return "\(HistoryText.day(c)) \(HistoryText.short(c.id))"
    }

    public static func text(_ r: TransitionsReport, paint: Paint = .none) -> String {
        let nb = r.language == .nb
        if r.transitions.isEmpty {
            return nb ? "Ingen overganger i landskapet.\n" : "No transitions in the landscape.\n"
        }
        var out = ""
        for t in r.transitions {
            let due = t.element.transition?.due.map { nb ? ", frist \($0.value)" : ", due \($0.value)" } ?? ""
            let status = HistoryText.status(t.state.status, r.language)
            let shown: String
            switch t.state.status {
            case .achieved: shown = paint.good(status)
            case .overdue: shown = paint.bad(status)
            case .inProgress: shown = paint.changed(status)
            }
            out += "\(paint.bold(t.element.ref.description))  \(HistoryText.title(t.element))  \(t.state.satisfied)/\(t.state.total)  \(shown)\(due)"
            if let at = t.achievedAt { out += nb ? " (oppnådd \(when(at)))" : " (achieved \(when(at)))" }
            out += "\n"
            for c in t.conditions {
                out += "  \(c.holds ? paint.good("✓") : paint.bad("✗")) \(HistoryText.conditionText(c.condition, r.language))"
                if let first = c.firstMet { out += nb ? "  først oppfylt \(when(first))" : "  first met \(when(first))" }
                for r in c.regressions { out += "  " + paint.changed(nb ? "⚠ sluttet å holde \(when(r))" : "⚠ stopped holding \(when(r))") }
                out += "\n"
            }
        }
        return out
    }

    public static func json(_ r: TransitionsReport) -> String {
        let items: [JSON] = r.transitions.map { t in
            .object([
                ("element", .string(t.element.ref.description)),
                ("title", .string(HistoryText.title(t.element))),
                ("due", .optional(t.element.transition?.due?.value.description)),
                ("status", .string(t.state.status.rawValue)),
                ("satisfied", .int(t.state.satisfied)), ("total", .int(t.state.total)),
                ("achievedAt", t.achievedAt.map(HistoryText.commit) ?? .null),
                ("conditions", .array(t.conditions.map { c in
                    .object([
                        ("ref", .string(c.condition.ref.description)),
                        ("condition", .string(HistoryText.conditionText(c.condition, r.language))),
                        ("holds", .bool(c.holds)),
                        ("firstMet", c.firstMet.map(HistoryText.commit) ?? .null),
                        ("regressions", .array(c.regressions.map(HistoryText.commit))),
                    ])
                })),
            ])
        }
        return JSON.object([("revision", .string(r.revision.id)), ("transitions", .array(items))]).rendered() + "\n"
    }
}

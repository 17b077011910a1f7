import ArkitektGit
import ArkitektHistory
import ArkitektModel

/// The changelog of architecture drift, newest first, grouped under tags.
public enum ChangelogReporter {
    struct Section {
        let tags: [String]
        let commit: CommitInfo?
        var entries: [ChangelogEntry]
    }

    /// Sections by tag: a tagged commit opens a section that holds it and the older commits up to
    /// the next tag; commits newer than every tag come first, untagged.
    static func sections(_ r: ChangelogReport) -> [Section] {
        let byID = Dictionary(r.entries.map { ($0.step.commit.id, $0) }, uniquingKeysWith: { a, _ in a })
        var sections: [Section] = []
        var current = Section(tags: [], commit: nil, entries: [])
        for commit in r.commits {
            if let tags = r.tags[commit.id], !tags.isEmpty {
                if current.commit != nil || !current.entries.isEmpty { sections.append(current) }
                current = Section(tags: tags, commit: commit, entries: [])
            }
            if let entry = byID[commit.id] { current.entries.append(entry) }
        }
        if current.commit != nil || !current.entries.isEmpty { sections.append(current) }
        return sections
    }

    public static func markdown(_ r: ChangelogReport, paint: Paint = .none) -> String {
        let nb = r.language == .nb
        var out = paint.bold("# " + (nb ? "Endringslogg for arkitekturen" : "Architecture changelog")) + "\n\n"
        out += (nb ? "Område: " : "Range: ") + "`\(r.range)`\n"
        if r.entries.isEmpty {
            return out + "\n" + (nb ? "Ingen commit i området endret landskapet.\n" : "No commit in the range changed the landscape.\n")
        }
        for section in sections(r) {
            if let commit = section.commit {
                out += "\n" + paint.bold("## \(section.tags.joined(separator: ", ")) (\(HistoryText.day(commit)))") + "\n"
            } else {
                out += "\n" + paint.bold("## " + (nb ? "Etter siste tagg" : "Since the last tag")) + "\n"
            }
            if section.entries.isEmpty {
                out += "\n" + (nb ? "Ingen endringer i landskapet.\n" : "No change to the landscape.\n")
            }
            for entry in section.entries { out += entryMarkdown(entry, r.language, paint) }
        }
        return out
    }

    static func entryMarkdown(_ e: ChangelogEntry, _ language: Language, _ paint: Paint) -> String {
        let nb = language == .nb
        let c = e.step.commit
        var out = "\n" + paint.bold("### \(HistoryText.day(c)) `\(HistoryText.short(c.id))` \(c.summary)") + "\n\n"
        out += "*\(c.authorName)*\n\n"
        for s in e.sentences { out += "- \(s.text(language))\n" }
        if let problem = e.step.libraryProblem {
            out += "- " + (nb ? "Bibliotekene kunne ikke leses fra denne commiten, så den er lest uten dem: " : "The libraries could not be read from this commit on, so it is read without them: ")
                + problem.text(language) + "\n"
        }
        for move in e.libraries {
            out += "- " + DiffReporter.libraryLine(move, language) + "\n"
            for line in DiffReporter.elementLines(move.diff, paint: paint) {
                out += (line.hasPrefix("    ") ? "    - " + line.dropFirst(4) : "  - " + line) + "\n"
            }
        }
        if e.sentences.isEmpty && e.step.diff.isEmpty && e.libraries.isEmpty {
            out += "- " + (nb ? "Filer endret uten endring i elementene (flyttet eller omformatert)" : "Files changed without changing any element (moved or reformatted)") + "\n"
        }
        for t in e.transitions {
            let title = HistoryText.title(t.element)
            let before = "\(t.before.satisfied)/\(t.before.total)", after = "\(t.after.satisfied)/\(t.after.total)"
            let progress = t.isNew ? after : "\(before) → \(after)"
            out += "- " + (nb ? "Overgang" : "Transition") + " \(title): \(progress) (\(HistoryText.status(t.after.status, language)))\n"
            for i in t.regressed {
                guard let condition = t.element.transition?.conditions[i] else { continue }
                out += "- " + paint.changed("⚠ " + (nb ? "Drift: betingelsen «\(HistoryText.conditionText(condition, language))» i overgangen \(title) holder ikke lenger"
                                    : "Drift: condition '\(HistoryText.conditionText(condition, language))' of transition \(title) no longer holds")) + "\n"
            }
        }
        if !e.step.delta.isEmpty {
            for (label, findings) in [(nb ? "Nye funn" : "Findings introduced", e.step.delta.introduced), (nb ? "Løste funn" : "Findings resolved", e.step.delta.resolved)]
                where !findings.isEmpty {
                let counts = HistoryText.perPrinciple(findings).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                out += "\n<details><summary>\(label): \(findings.count) (\(counts))</summary>\n\n"
                for f in findings { out += "- " + paint.severity("**\(f.severity.rawValue)**", f.severity) + " `\(f.rule)` \(f.message.text(language))\n" }
                out += "\n</details>\n"
            }
        }
        return out
    }

    public static func json(_ r: ChangelogReport) -> String {
        let commits: [JSON] = r.entries.map { e in
            let delta = e.step.delta
            var principles: [String: (Int, Int)] = [:]
            for f in delta.introduced { principles[f.principle, default: (0, 0)].0 += 1 }
            for f in delta.resolved { principles[f.principle, default: (0, 0)].1 += 1 }
            let c = e.step.commit
            return .object([
                ("id", .string(c.id)), ("date", .string(HistoryText.day(c))), ("author", .string(c.authorName)),
                ("subject", .string(c.summary)), ("tags", .array(e.tags.map(JSON.string))),
                ("changes", .array(e.sentences.map { .string($0.text(r.language)) })),
                ("diff", .object(DiffReporter.diffJSON(e.step.diff))),
            ] + (e.libraries.isEmpty ? [] : [("libraries", .array(e.libraries.map(DiffReporter.libraryJSON)))])
              + (e.step.libraryProblem.map { [("librariesUnread", JSON.string($0.text(r.language)))] } ?? []) + [
                ("introduced", .array(delta.introduced.map { JSONReporter.finding($0, language: r.language) })),
                ("resolved", .array(delta.resolved.map { JSONReporter.finding($0, language: r.language) })),
                ("principles", .object(principles.keys.sorted(by: ByteOrder.less).map { key in
                    (key, .object([("introduced", .int(principles[key]?.0 ?? 0)), ("resolved", .int(principles[key]?.1 ?? 0))]))
                })),
                ("transitions", .array(e.transitions.map { t in
                    .object([
                        ("element", .string(t.element.ref.description)),
                        ("before", .object([("satisfied", .int(t.before.satisfied)), ("total", .int(t.before.total)), ("status", .string(t.before.status.rawValue))])),
                        ("after", .object([("satisfied", .int(t.after.satisfied)), ("total", .int(t.after.total)), ("status", .string(t.after.status.rawValue))])),
                        ("regressed", .array(t.regressed.map { .int($0) })),
                        ("new", .bool(t.isNew)),
                    ])
                })),
            ])
        }
        // The grouping by tag, as the Markdown has it: a tag on a commit that changed no landscape
        // file still holds the commits before it, which `tags` of the commits cannot say.
        let grouped: [JSON] = r.entries.isEmpty ? [] : sections(r).map { section in
            .object([
                ("tags", .array(section.tags.map(JSON.string))),
                ("commit", .optional(section.commit?.id)),
                ("date", .optional(section.commit.map(HistoryText.day))),
                ("commits", .array(section.entries.map { .string($0.step.commit.id) })),
            ])
        }
        return JSON.object([("range", .string(r.range)), ("commits", .array(commits)), ("sections", .array(grouped))]).rendered() + "\n"
    }
}

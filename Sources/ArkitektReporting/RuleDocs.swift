import ArkitektLoading
import ArkitektModel
import ArkitektRules

/// Renders rules for people: the `rules` table, `explain`, and the Markdown rule reference.
public enum RuleDocs {
    /// A text in the bilingual reference: once when both languages say the same, else "nb / en".
    static func bothLanguages(_ text: LocalizedText) -> String {
        text.nb == text.en ? text.nb : text.nb + " / " + text.en
    }

    public static func table(_ set: RuleSet, overrides: [String: SeverityOverride] = [:], language: Language) -> String {
        let nb = language == .nb
        let header = nb ? ["REGEL", "PRINSIPP", "ALVOR", "TITTEL"] : ["RULE", "PRINCIPLE", "SEVERITY", "TITLE"]
        var rows: [[String]] = []
        for rule in set.rules {
            let severity = overrides[rule.id]?.rawValue ?? rule.severity.rawValue
            rows.append([rule.id, rule.principle, severity, rule.title.text(language)])
        }
        let widths = (0..<3).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            (0..<3).map { r[$0] + String(repeating: " ", count: widths[$0] - r[$0].count) }.joined(separator: "  ") + "  " + r[3]
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    public static func explain(_ rule: RuleDescription, in set: RuleSet, language: Language) -> String {
        let nb = language == .nb
        var out = "\(rule.id): \(rule.title.text(language))\n\n"
        if let principle = set.principle(rule.principle) {
            out += (nb ? "Prinsipp: " : "Principle: ") + "\(principle.name.text(language)) (\(principle.id))"
            if let source = principle.source { out += " — \(source.text(language))" }
            out += "\n"
        }
        out += (nb ? "Alvorlighet: " : "Severity: ") + rule.severity.rawValue + "\n"
        if !rule.aliases.isEmpty { out += (nb ? "Tidligere navn: " : "Aliases: ") + rule.aliases.joined(separator: ", ") + "\n" }
        out += "\n" + wrap(rule.rationale.text(language)) + "\n"
        for passes in [true, false] {
            let examples = rule.examples.filter { $0.passes == passes }
            for (i, example) in examples.enumerated() {
                let label = passes ? (nb ? "Eksempel som består" : "Passing example") : (nb ? "Eksempel som feiler" : "Failing example")
                out += "\n\(label) \(i + 1)"
                if let d = example.description { out += ": \(d.text(language))" }
                out += "\n"
                func show(_ files: [(path: String, text: String)]) {
                    for file in files {
                        if files.count > 1 || example.base != nil { out += "  # \(file.path)\n" }
                        out += file.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(file.text.hasSuffix("\n") ? 1 : 0)
                            .map { "    " + $0 }.joined(separator: "\n") + "\n"
                    }
                }
                if let base = example.base {
                    out += nb ? "  felles opphav (--against):\n" : "  merge base (--against):\n"
                    show(base)
                    out += nb ? "  endringen:\n" : "  the change:\n"
                }
                show(example.files)
                if !passes {
                    out += nb ? "  gir:\n" : "  gives:\n"
                    for e in example.expected {
                        let what = [e.element, e.detail.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
                        out += "    \(rule.id) \(what.isEmpty ? (nb ? "(filen)" : "(the file)") : what)\n"
                    }
                }
            }
        }
        out += "\n"
        if rule.exemptable {
            out += nb ? "Slik gis dispensasjon (tidsbegrenset unntak):\n" : "How to exempt (a time-limited exemption):\n"
            out += """
                apiVersion: arkitekt/v1
                kind: Exemption
                metadata:
                  name: \(rule.id)-\(nb ? "eksempel" : "example")
                spec:
                  rule: \(rule.id)
                  targets: [kind:name]
                  reason: \(nb ? "Hvorfor avviket er akseptert, og hva som er planen" : "Why the deviation is accepted, and what the plan is")
                  approvedBy: arkitekturraadet
                  expires: 2027-12-31

            """
        } else {
            out += nb ? "Denne regelen kan ikke unntas med dispensasjon.\n" : "This rule cannot be exempted.\n"
        }
        return out
    }

    /// Wraps prose at 92 columns for the terminal.
    static func wrap(_ text: String, width: Int = 92) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}

extension RuleDocs {
    /// The rule reference in Markdown, in both languages: `docs/rules.md` is this for the built-in
    /// packs, and a test fails when the file is out of date.
    public static func reference(_ set: RuleSet) -> String {
        var out = """
        # Regelreferanse / Rule reference

        <!-- Generated from rules/ by `make generate` (arkitekt rules --format markdown). Do not edit. -->

        Hver regel tilhører et prinsipp. Kjernereglene (`kjerne`) holder landskapet lesbart; de
        øvrige er de 13 arkitekturprinsippene for kommunal sektor (KS 2019, kapittel 6).
        Every rule belongs to a principle. The core rules keep the landscape readable; the others
        are the 13 architecture principles of the municipal sector (KS 2019, chapter 6).

        | prinsipp / principle | regler / rules |
        |---|---|

        """
        for principle in set.principles {
            let rules = set.rules.filter { $0.principle == principle.id }
            out += "| [\(principle.name.nb)](#\(principle.id)) — \(principle.name.en) | \(rules.map { "`\($0.id)`" }.joined(separator: ", ")) |\n"
        }
        for principle in set.principles {
            out += "\n## \(principle.name.nb) {#\(principle.id)}\n\n"
            out += "*\(principle.name.en)* — `\(principle.id)`\(principle.source.map { ", \(bothLanguages($0))" } ?? "")\n\n"
            out += "\(principle.rationale.nb)\n\n\(principle.rationale.en)\n"
            for rule in set.rules where rule.principle == principle.id {
                out += "\n### `\(rule.id)`\n\n"
                out += "**\(rule.title.nb)** / \(rule.title.en)\n\n"
                out += "- alvorlighet / severity: `\(rule.severity.rawValue)`\n"
                out += "- velger / selects: \(selectorText(rule))\n"
                out += "- kontroll / check: \(checkText(rule.check))\n"
                out += "- dispensasjon / exemption: \(rule.exemptable ? "kan gis / allowed" : "kan ikke gis / not allowed")\n\n"
                out += "\(rule.rationale.nb)\n\n\(rule.rationale.en)\n"
                for example in rule.examples {
                    out += "\n\(example.passes ? "Består / passes" : "Feiler / fails")\(example.description.map { ": \(bothLanguages($0))" } ?? ""):\n\n"
                    func show(_ files: [(path: String, text: String)]) {
                        for file in files {
                            out += "```yaml\n"
                            if files.count > 1 || example.base != nil { out += "# \(file.path)\n" }
                            out += file.text.hasSuffix("\n") ? file.text : file.text + "\n"
                            out += "```\n"
                        }
                    }
                    if let base = example.base {
                        out += "felles opphav / merge base (--against):\n\n"
                        show(base)
                        out += "\nendringen / the change:\n\n"
                    }
                    show(example.files)
                    if !example.passes {
                        let list = example.expected.map { e -> String in
                            let what = [e.element, e.detail.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
                            return "`\(what.isEmpty ? "(fil / file)" : what)`"
                        }
                        out += "\ngir / gives: \(list.joined(separator: ", "))\n"
                    }
                }
            }
        }
        return out
    }

    static func selectorText(_ rule: RuleDescription) -> String {
        guard let selector = rule.selector else { return "hele landskapet / the whole landscape" }
        let predicates = selector.predicates.isEmpty ? "" : " (\(selector.predicates.joined(separator: ", ")))"
        return "`\(selector.kind.rawValue)`\(predicates)"
    }

    static func checkText(_ check: Check) -> String {
        switch check {
        case .loader: return "ved innlesing / while reading"
        case .require(let path, let absent):
            return "`\(path)` må finnes / must be present" + (absent.isEmpty ? "" : " (\(absent.joined(separator: ", ")) teller som fravær / counts as absent)")
        case .requireAny(let paths): return "minst én av / at least one of " + paths.map { "`\($0)`" }.joined(separator: ", ")
        case .requireAll(let paths): return "alle / all of " + paths.map { "`\($0)`" }.joined(separator: ", ")
        case .function(let name, _): return "funksjon / function `\(name)`"
        }
    }
}

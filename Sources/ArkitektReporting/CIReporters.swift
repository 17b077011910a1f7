import ArkitektModel
import ArkitektRules

/// `--format junit`: one test suite per rule, one test case per rule and element it checked (and
/// per file for file-level findings), a failure for each that has findings. Readable by the usual
/// CI test-report parsers.
public enum JUnitReporter {
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xfffe...0xffff).contains(scalar.value): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func render(_ report: CheckReport) -> String {
        struct Case {
            let name: String
            let file: String?
            let line: Int?
            var failures: [Finding]
        }
        var suites: [(RuleDescription, [Case])] = []
        for rule in report.ruleSet.rules {
            let findings = report.findings.filter { $0.rule == rule.id }
            var cases: [String: Case] = [:]
            for ref in report.checked[rule.id] ?? [] {
                cases[ref.description] = Case(name: ref.description, file: nil, line: nil, failures: [])
            }
            for f in findings {
                let name = f.element?.description ?? f.location.file
                var c = cases[name] ?? Case(name: name, file: f.location.file, line: f.location.line, failures: [])
                if c.file == nil { c = Case(name: name, file: f.location.file, line: f.location.line, failures: c.failures) }
                c.failures.append(f)
                cases[name] = c
            }
            guard !cases.isEmpty else { continue }
            suites.append((rule, cases.values.sorted { ByteOrder.less($0.name, $1.name) }))
        }
        let tests = suites.reduce(0) { $0 + $1.1.count }
        let failures = suites.reduce(0) { $0 + $1.1.filter { !$0.failures.isEmpty }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"arkitekt\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for (rule, cases) in suites {
            let failed = cases.filter { !$0.failures.isEmpty }.count
            out += "  <testsuite name=\"\(escape(rule.id))\" tests=\"\(cases.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
            out += "    <properties><property name=\"principle\" value=\"\(escape(rule.principle))\"/></properties>\n"
            for c in cases {
                var attributes = "name=\"\(escape(c.name))\" classname=\"arkitekt.\(escape(rule.principle)).\(escape(rule.id))\""
                if let file = c.file { attributes += " file=\"\(escape(file))\"" }
                if let line = c.line { attributes += " line=\"\(line)\"" }
                if c.failures.isEmpty {
                    out += "    <testcase \(attributes)/>\n"
                    continue
                }
                out += "    <testcase \(attributes)>\n"
                for f in c.failures {
                    let message = f.message.text(report.language)
                    out += "      <failure message=\"\(escape(message))\" type=\"\(f.severity.rawValue)\">"
                    out += escape("\(f.location): \(f.severity.rawValue): \(message) [\(f.rule)]")
                    out += "</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}

/// `--format github`: workflow commands that annotate the pull request's files.
public enum GitHubReporter {
    static func escapeData(_ s: String) -> String {
        s.escaping(["%": "%25", "\r": "%0D", "\n": "%0A", "\r\n": "%0D%0A"])
    }

    static func escapeProperty(_ s: String) -> String {
        s.escaping(["%": "%25", "\r": "%0D", "\n": "%0A", "\r\n": "%0D%0A", ":": "%3A", ",": "%2C"])
    }

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    public static func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            let title = "arkitekt \(f.rule)"
            out += "::\(command(f.severity)) file=\(escapeProperty(f.location.file)),line=\(f.location.line),col=\(f.location.column),title=\(escapeProperty(title))::"
            out += escapeData(f.message.text(report.language)) + "\n"
        }
        return out
    }
}

/// `--format gitlab`: the Code Quality report (a JSON array of issues) with stable fingerprints.
public enum GitLabReporter {
    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "critical"
        case .warning: return "major"
        case .info: return "info"
        }
    }

    public static func render(_ report: CheckReport) -> String {
        let issues: [JSON] = report.findings.map { f in
            .object([
                ("type", .string("issue")),
                ("check_name", .string(f.rule)),
                ("description", .string(f.message.text(report.language))),
                ("categories", .array([.string("Architecture")])),
                ("severity", .string(severity(f.severity))),
                ("fingerprint", .string(f.identity.fingerprint)),
                ("location", .object([("path", .string(f.location.file)), ("lines", .object([("begin", .int(f.location.line))]))])),
            ])
        }
        return JSON.array(issues).rendered() + "\n"
    }
}

/// `--format markdown`: a pull-request comment. A summary per principle and severity, the new
/// findings first, the details folded.
public enum MarkdownReporter {
    static func icon(_ s: Severity) -> String {
        switch s {
        case .error: return "🔴"
        case .warning: return "🟠"
        case .info: return "🔵"
        }
    }

    static func list(_ findings: [Finding], _ language: Language) -> String {
        findings.map { f in
            "- \(icon(f.severity)) **\(f.severity.displayName.text(language))** `\(f.rule)` \(f.element.map { "`\($0)`" } ?? "") — `\(f.location)`\n"
                + "  <details><summary>\(language == .nb ? "Detaljer" : "Details")</summary>\n\n  \(f.message.text(language))\n\n  </details>\n"
        }.joined()
    }

    public static func render(_ report: CheckReport) -> String {
        let nb = report.language == .nb
        let e = report.count(.error), w = report.count(.warning), i = report.count(.info)
        var out = "## arkitekt: "
        if e + w + i == 0 {
            out += nb ? "ingen \(report.comparesWithBase ? "nye " : "")funn ✅\n" : "no \(report.comparesWithBase ? "new " : "")findings ✅\n"
        } else {
            out += severityCounts(error: e, warning: w, info: i, report.language)
            out += report.comparesWithBase ? (nb ? " (nye)\n" : " (new)\n") : "\n"
        }
        let rows = report.principleSummary.filter { $0.error + $0.warning + $0.info + $0.suppressed > 0 }
        if !rows.isEmpty {
            out += nb ? "\n| prinsipp | feil | advarsler | info | unntatt |\n|---|---:|---:|---:|---:|\n"
                      : "\n| principle | errors | warnings | info | suppressed |\n|---|---:|---:|---:|---:|\n"
            for r in rows {
                out += "| \(r.principle.name.text(report.language)) | \(r.error) | \(r.warning) | \(r.info) | \(r.suppressed) |\n"
            }
        }
        if !report.findings.isEmpty {
            let title = report.comparesWithBase ? (nb ? "Nye funn" : "New findings") : (nb ? "Funn" : "Findings")
            let ordered = report.findings.sorted { a, b in a.severity != b.severity ? a.severity > b.severity : Finding.sortedOrder(a, b) }
            out += "\n### \(title) (\(report.findings.count))\n\n" + list(ordered, report.language)
        }
        if !report.known.isEmpty {
            out += "\n<details><summary>" + (nb ? "Funn som fantes fra før (\(report.known.count))" : "Findings that were already there (\(report.known.count))")
            out += "</summary>\n\n" + list(report.known, report.language) + "\n</details>\n"
        }
        if !report.staleBaseline.isEmpty {
            let count = report.staleBaseline.count
            out += "\n" + (nb ? "\(Noun.entry.counted(count, .nb)) i baseline treffer ikke lenger noe funn og kan fjernes.\n"
                             : "\(count) baseline \(Noun.entry.form(count, .en)) no longer \(count == 1 ? "matches" : "match") any finding and can be removed.\n")
        }
        return out
    }
}

extension String {
    /// The text with each listed character replaced by its escape.
    func escaping(_ escapes: [Character: String]) -> String {
        var out = ""
        for c in self {
            if let e = escapes[c] { out += e } else { out.append(c) }
        }
        return out
    }
}

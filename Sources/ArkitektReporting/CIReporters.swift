import ArkitektModel
import ArkitektRules

/// `--format junit`: one test suite per rule, one test case per rule and element it checked (and
/// per file for file-level findings). A test case fails when it has a finding at or above
/// `--fail-on` (the findings that fail the run); findings below it leave the case passed, with
/// their text as its output. Readable by the usual CI test-report parsers.
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

    /// Above this many passing test cases in all, each rule's passing elements are reported as
    /// one test case that names how many passed: GitLab refuses a JUnit file of more than 30 MB or
    /// 250,000 XML objects, and a CI page of 100,000 green rows helps nobody. Failing cases are
    /// always listed, one per element and rule.
    public static let maxPassingCases = 5_000

    public static func render(_ report: CheckReport) -> String {
        struct Case {
            let name: String
            var file: String?
            var line: Int?
            var failures: [Finding]
            /// For a case that stands for several passing elements: how many.
            var passedCount = 0
            /// Findings below the threshold: the case passes, and shows them as its output.
            var notes: [Finding] = []
        }
        var suites: [(RuleDescription, [Case])] = []
        var passing = 0
        for rule in report.ruleSet.rules {
            var cases: [String: Case] = [:]
            for ref in report.checked[rule.id] ?? [] {
                cases[ref.description] = Case(name: ref.description, file: nil, line: nil, failures: [])
            }
            for f in report.findings where f.rule == rule.id {
                let name = f.element?.description ?? f.location.file
                var c = cases[name] ?? Case(name: name, file: nil, line: nil, failures: [])
                if c.file == nil { c.file = f.location.file; c.line = f.location.line }
                if let threshold = report.failThreshold, f.severity >= threshold {
                    c.failures.append(f)
                } else {
                    c.notes.append(f)
                }
                cases[name] = c
            }
            guard !cases.isEmpty else { continue }
            passing += cases.values.filter { $0.failures.isEmpty && $0.notes.isEmpty }.count
            suites.append((rule, cases.values.sorted { ByteOrder.less($0.name, $1.name) }))
        }
        if passing > maxPassingCases {
            let word = LocalizedText(nb: "bestått", en: "passed")
            suites = suites.map { rule, cases in
                let passed = cases.filter { $0.failures.isEmpty && $0.notes.isEmpty }.count
                var kept = cases.filter { !$0.failures.isEmpty || !$0.notes.isEmpty }
                if passed > 0 {
                    let name = "\(Noun.element.counted(passed, report.language)) \(word.text(report.language))"
                    kept.insert(Case(name: name, file: nil, line: nil, failures: [], passedCount: passed), at: 0)
                }
                return (rule, kept)
            }
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
                func lines(_ findings: [Finding]) -> String {
                    findings.map { "\($0.location): \($0.severity.rawValue): \($0.message.text(report.language)) [\($0.rule)]" }
                        .joined(separator: "\n")
                }
                let output = c.notes.isEmpty ? "" : "      <system-out>\(escape(lines(c.notes)))</system-out>\n"
                guard let first = c.failures.first else {
                    out += output.isEmpty ? "    <testcase \(attributes)/>\n" : "    <testcase \(attributes)>\n\(output)    </testcase>\n"
                    continue
                }
                // One failure per test case: several findings of one rule on one element (one per
                // field or reference) are one failure, each finding a line of its text.
                let worst = c.failures.map(\.severity).max() ?? first.severity
                var message = first.message.text(report.language)
                if c.failures.count > 1 {
                    let more = c.failures.count - 1
                    message += report.language == .nb ? " (+\(more) til)" : " (+\(more) more)"
                }
                out += "    <testcase \(attributes)>\n"
                out += "      <failure message=\"\(escape(message))\" type=\"\(worst.rawValue)\">"
                out += escape(lines(c.failures))
                out += "</failure>\n"
                out += output
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

    /// GitHub shows at most this many annotations of each kind (error, warning, notice) from one
    /// step, and drops the rest without a word.
    public static let perKind = 10

    public static func render(_ report: CheckReport) -> String {
        var out = ""
        var shown: [Severity: Int] = [:]
        var left = 0
        let all = report.mostSevereFirst
        // When some are left out, one notice says so: the info findings make room for it.
        let overflow = Severity.allCases.contains { severity in all.count(where: { $0.severity == severity }) > perKind }
        for f in all {
            let limit = f.severity == .info && overflow ? perKind - 1 : perKind
            guard shown[f.severity, default: 0] < limit else {
                left += 1
                continue
            }
            shown[f.severity, default: 0] += 1
            let title = "arkitekt \(f.rule)"
            out += "::\(command(f.severity)) file=\(escapeProperty(f.location.file)),line=\(f.location.line),col=\(f.location.column),title=\(escapeProperty(title))::"
            out += escapeData(f.message.text(report.language)) + "\n"
        }
        if left > 0 {
            let text = LocalizedText(
                nb: "\(Noun.finding.counted(left, .nb)) til er ikke vist her: GitHub viser bare \(perKind) merknader av hvert slag per steg. Sammendraget for jobben har tallene og de alvorligste funnene; «arkitekt check» og SARIF-rapporten har alle.",
                en: "\(left) more \(Noun.finding.form(left, .en)) \(left == 1 ? "is" : "are") not shown here: GitHub shows only \(perKind) annotations of each kind per step. The job summary has the counts and the most severe findings; 'arkitekt check' and the SARIF report have every one.")
            out += "::notice title=\(escapeProperty("arkitekt"))::" + escapeData(text.text(report.language)) + "\n"
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

    /// GitHub takes at most 65,536 characters in a pull-request comment. The report stays under
    /// this many bytes of UTF-8 (a character is at least one byte), which leaves room for what a
    /// posting step adds around it.
    public static let maxBytes = 60_000

    /// The first line of every Markdown report, invisible when rendered.
    public static let marker = "<!-- arkitekt-report -->"

    /// `maxBytes`: the size to stay under (a job summary takes more than a comment).
    public static func render(_ report: CheckReport, maxBytes: Int = MarkdownReporter.maxBytes) -> String {
        let nb = report.language == .nb
        let language = report.language
        let e = report.count(.error), w = report.count(.warning), i = report.count(.info)
        // The marker lets a pipeline find its earlier comment and update it instead of adding one.
        var out = "\(marker)\n## arkitekt: "
        if e + w + i == 0 {
            out += nb ? "ingen \(report.comparesWithBase ? "nye " : "")funn ✅\n" : "no \(report.comparesWithBase ? "new " : "")findings ✅\n"
        } else {
            out += severityCounts(error: e, warning: w, info: i, language)
            out += report.comparesWithBase ? (nb ? " (nye)\n" : " (new)\n") : "\n"
        }
        let rows = report.principleSummary.filter { $0.error + $0.warning + $0.info + $0.suppressed > 0 }
        if !rows.isEmpty {
            out += nb ? "\n| prinsipp | feil | advarsler | info | unntatt |\n|---|---:|---:|---:|---:|\n"
                      : "\n| principle | errors | warnings | info | suppressed |\n|---|---:|---:|---:|---:|\n"
            for r in rows {
                out += "| \(r.principle.name.text(language)) | \(r.error) | \(r.warning) | \(r.info) | \(r.suppressed) |\n"
            }
        }
        if !report.findings.isEmpty {
            // Counts per rule, so that the size of each problem shows even when the list is cut.
            var perRule: [String: [Severity: Int]] = [:]
            for f in report.findings { perRule[f.rule, default: [:]][f.severity, default: 0] += 1 }
            out += nb ? "\n| regel | feil | advarsler | info |\n|---|---:|---:|---:|\n" : "\n| rule | errors | warnings | info |\n|---|---:|---:|---:|\n"
            for rule in perRule.keys.sorted(by: ByteOrder.less) {
                let c = perRule[rule] ?? [:]
                out += "| `\(rule)` | \(c[.error] ?? 0) | \(c[.warning] ?? 0) | \(c[.info] ?? 0) |\n"
            }
        }
        // What must stay in any case: the notes at the end.
        var tail = ""
        for move in report.libraries {
            tail += "\n" + DiffReporter.libraryLine(move, language) + " " + DiffReporter.elementCounts(move.diff, language) + ".\n"
        }
        if !report.staleBaseline.isEmpty {
            let count = report.staleBaseline.count
            tail += "\n" + (nb ? "\(Noun.entry.counted(count, .nb)) i baseline treffer ikke lenger noe funn og kan fjernes.\n"
                              : "\(count) baseline \(Noun.entry.form(count, .en)) no longer \(count == 1 ? "matches" : "match") any finding and can be removed.\n")
        }
        // Whether `text` can be added and still leave `room` bytes (for what comes after) and the tail.
        func fits(_ text: String, leaving room: Int) -> Bool { out.utf8.count + text.utf8.count + room + tail.utf8.count <= maxBytes }
        if !report.findings.isEmpty {
            let title = report.comparesWithBase ? (nb ? "Nye funn" : "New findings") : (nb ? "Funn" : "Findings")
            out += "\n### \(title) (\(report.findings.count))\n\n"
            let ordered = report.mostSevereFirst
            var shown = 0
            for f in ordered {
                let item = list([f], language)
                guard fits(item, leaving: 600) else { break }
                out += item
                shown += 1
            }
            if shown < ordered.count {
                let left = ordered.count - shown
                out += nb
                    ? "\n… og \(Noun.finding.counted(left, .nb)) til, som ikke får plass i en kommentar. Alle står i «arkitekt check» og i SARIF-rapporten.\n"
                    : "\n… and \(left) more \(Noun.finding.form(left, .en)) that do not fit in a comment. All of them are in 'arkitekt check' and in the SARIF report.\n"
            }
        }
        if !report.known.isEmpty {
            let head = "\n<details><summary>" + (nb ? "Funn som fantes fra før (\(report.known.count))" : "Findings that were already there (\(report.known.count))")
                + "</summary>\n\n"
            let items = list(report.known, language)
            if fits(head + items + "\n</details>\n", leaving: 0) {
                out += head + items + "\n</details>\n"
            } else {
                out += nb ? "\n\(Noun.finding.counted(report.known.count, .nb)) fantes fra før og er ikke listet her.\n"
                          : "\n\(report.known.count) \(Noun.finding.form(report.known.count, .en)) that were already there are not listed here.\n"
            }
        }
        return out + tail
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

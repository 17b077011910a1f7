import ArkitektModel

/// The default output, in the style of compilers: `file:line:col: severity: message [rule]`,
/// one line per finding, then a summary. Editors and CI systems recognise the shape.
public enum TextReporter {
    public struct Style: Sendable {
        public let colour: Bool
        public let principleSummary: Bool
        /// At most this many findings are listed: the most severe, in the usual order.
        public var maxFindings: Int?
        /// Only the summary line.
        public var quiet = false
        public init(colour: Bool, principleSummary: Bool = false) {
            self.colour = colour
            self.principleSummary = principleSummary
        }
    }

    public static func line(_ f: Finding, language: Language, colour: Bool, suppressed: Bool = false) -> String {
        let paint = Paint(colour)
        let place = paint.bold("\(f.location.file):\(f.location.line):\(f.location.column):")
        let severity = paint.severity(f.severity.rawValue + ":", f.severity)
        let mark = suppressed ? (language == .nb ? " (unntatt)" : " (suppressed)") : ""
        return "\(place) \(severity) \(f.message.line(language)) [\(f.rule)]\(mark)"
    }

    public static func render(_ report: CheckReport, style: Style) -> String {
        let nb = report.language == .nb
        if style.quiet { return summaryLine(report) + "\n" }
        var out = ""
        var listed = report.findings
        if let limit = style.maxFindings, limit < listed.count {
            let kept = Set(report.mostSevereFirst.prefix(max(0, limit)))
            listed = listed.filter { kept.contains($0) }
        }
        for f in listed {
            out += line(f, language: report.language, colour: style.colour) + "\n"
        }
        if listed.count < report.findings.count {
            let left = report.findings.count - listed.count
            out += nb
                ? "… \(Noun.finding.counted(left, .nb)) til er ikke vist (--max-findings \(style.maxFindings ?? 0)); de alvorligste står over.\n"
                : "… \(left) more \(Noun.finding.form(left, .en)) not shown (--max-findings \(style.maxFindings ?? 0)); the most severe are listed above.\n"
        }
        if report.showSuppressed {
            for f in report.suppressed {
                out += line(f, language: report.language, colour: style.colour, suppressed: true) + "\n"
            }
        }
        if style.principleSummary {
            out += "\n" + (nb ? "Per prinsipp:" : "By principle:") + "\n"
            let rows = report.principleSummary
            let width = rows.map { $0.principle.id.count }.max() ?? 0
            for row in rows {
                let id = row.principle.id + String(repeating: " ", count: width - row.principle.id.count)
                let counts = severityCounts(error: row.error, warning: row.warning, info: row.info, report.language)
                let sup = row.suppressed > 0 ? (nb ? ", \(row.suppressed) unntatt" : ", \(row.suppressed) suppressed") : ""
                let ok = row.error + row.warning + row.info == 0 ? Paint(style.colour).good(" ✓") : ""
                out += "  \(id)  \(counts)\(sup)  \(row.principle.name.text(report.language))\(ok)\n"
            }
        }
        for move in report.libraries { out += DiffReporter.libraryText(move, report.language, paint: Paint(style.colour), boldHeader: false) }
        for entry in report.staleBaseline {
            let what = [entry.element, entry.detail.map { "[\($0)]" }, entry.file].compactMap { $0 }.joined(separator: " ")
            out += report.language == .nb
                ? "baseline: \(entry.rule) \(what) finnes ikke lenger; fjern oppføringen (eller skriv baseline på nytt).\n"
                : "baseline: \(entry.rule) \(what) no longer occurs; remove the entry (or write the baseline again).\n"
        }
        out += summaryLine(report) + "\n"
        return out
    }

    public static func summaryLine(_ report: CheckReport) -> String {
        let e = report.count(.error), w = report.count(.warning), i = report.count(.info)
        let s = report.suppressed.count
        let language = report.language
        let counts = severityCounts(error: e, warning: w, info: i, language)
        let elements = Noun.element.counted(report.elementCount, language), files = Noun.file.counted(report.fileCount, language)
        if language == .nb {
            var text = "\(counts) i \(elements) fra \(files)"
            if s > 0 { text += " (\(s) unntatt av dispensasjoner)" }
            return text + "."
        }
        var text = "\(counts) in \(elements) from \(files)"
        if s > 0 { text += " (\(s) suppressed by exemptions)" }
        return text + "."
    }
}

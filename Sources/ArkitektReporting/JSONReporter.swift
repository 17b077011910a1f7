import ArkitektModel

/// `--format json`: the stable shape of FORMAT.md, plus `detail` on findings, `suppressed` in the
/// summary, `principles` (per-principle counts) and, with `--show-suppressed`, the suppressed findings.
public enum JSONReporter {
    public static func finding(_ f: Finding, language: Language) -> JSON {
        .object([
            ("rule", .string(f.rule)),
            ("principle", .string(f.principle)),
            ("severity", .string(f.severity.rawValue)),
            ("element", .optional(f.element?.description)),
            ("file", .string(f.location.file)),
            ("line", .int(f.location.line)),
            ("column", .int(f.location.column)),
            ("message", .string(f.message.text(language))),
            ("detail", .optional(f.detail)),
        ])
    }

    public static func render(_ report: CheckReport) -> String {
        var top: [(String, JSON)] = [
            ("findings", .array(report.findings.map { finding($0, language: report.language) })),
            ("summary", .object([
                ("error", .int(report.count(.error))),
                ("warning", .int(report.count(.warning))),
                ("info", .int(report.count(.info))),
                ("elements", .int(report.elementCount)),
                ("files", .int(report.fileCount)),
                ("suppressed", .int(report.suppressed.count)),
            ])),
            ("principles", .array(report.principleSummary.map { row in
                .object([
                    ("id", .string(row.principle.id)),
                    ("name", .string(row.principle.name.text(report.language))),
                    ("error", .int(row.error)), ("warning", .int(row.warning)), ("info", .int(row.info)),
                    ("suppressed", .int(row.suppressed)),
                ])
            })),
        ]
        if !report.libraries.isEmpty {
            top.append(("libraries", .array(report.libraries.map(DiffReporter.libraryJSON))))
        }
        if !report.staleBaseline.isEmpty {
            top.append(("staleBaseline", .array(report.staleBaseline.map { e in
                .object([("rule", .string(e.rule)), ("element", .optional(e.element)), ("detail", .optional(e.detail)), ("file", .optional(e.file))])
            })))
        }
        if report.showSuppressed {
            top.append(("suppressed", .array(report.suppressed.map { finding($0, language: report.language) })))
        }
        return JSON.object(top).rendered() + "\n"
    }
}

import ArkitektModel
import ArkitektRules

/// `--format sarif`: SARIF 2.1.0 for code scanning. Repository-relative URIs under `%SRCROOT%`,
/// every rule in `tool.driver.rules` with its principle, and `partialFingerprints` from the
/// finding's identity so that a finding is tracked across commits however its lines move.
/// Columns count Unicode code points, as the run's `columnKind` says.
public enum SARIFReporter {
    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `data-owner-required` -> `DataOwnerRequired`, SARIF's habit for `name`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func ruleJSON(_ rule: RuleDescription, _ set: RuleSet, _ language: Language) -> JSON {
        let principle = set.principle(rule.principle)
        let help = RuleDocs.explain(rule, in: set, language: language)
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(rule.title.text(language)))])),
            ("fullDescription", .object([("text", .string(rule.rationale.text(language)))])),
            ("help", .object([("text", .string(help))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
            ("properties", .object([
                ("principle", .string(rule.principle)),
                ("principleName", .string(principle?.name.text(language) ?? rule.principle)),
                ("tags", .array([.string("architecture"), .string(rule.principle)])),
            ])),
        ])
    }

    public static func render(_ report: CheckReport, version: String) -> String {
        let rules = report.ruleSet.rules
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { index[rule.id] = i }
        let results: [JSON] = report.findings.map { f in
            var fields: [(String, JSON)] = [("ruleId", .string(f.rule))]
            if let i = index[f.rule] { fields.append(("ruleIndex", .int(i))) }
            fields += [
                ("level", .string(level(f.severity))),
                ("message", .object([("text", .string(f.message.text(report.language)))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uriEscape(f.location.file))), ("uriBaseId", .string("%SRCROOT%"))])),
                        ("region", .object([("startLine", .int(f.location.line)), ("startColumn", .int(f.location.column))])),
                    ])),
                ])])),
                ("partialFingerprints", .object([("arkitektFindingIdentity/v1", .string(f.identity.fingerprint))])),
                ("properties", .object([
                    ("principle", .string(f.principle)),
                    ("element", .optional(f.element?.description)),
                    ("detail", .optional(f.detail)),
                ])),
            ]
            return .object(fields)
        }
        let run: JSON = .object([
            ("tool", .object([("driver", .object([
                ("name", .string("arkitekt")),
                ("version", .string(version)),
                ("semanticVersion", .string(version)),
                ("rules", .array(rules.map { ruleJSON($0, report.ruleSet, report.language) })),
            ]))])),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("description", .object([("text", .string("The repository root"))]))]))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        return JSON.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).rendered() + "\n"
    }

    /// Percent-encodes what a URI reference may not contain (spaces, non-ASCII, `%`, `#`, `?`).
    static func uriEscape(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5a, 0x61...0x7a, 0x2d, 0x2e, 0x5f, 0x7e, 0x2f:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

import ArkitektGit
import ArkitektModel
import ArkitektReporting
import ArkitektRules

/// What `arkitekt show` prints.
public enum ShowFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Options of `arkitekt show`.
public struct ShowOptions: Sendable {
    public var path = "."
    public var rev: String?
    public var ref = ""
    public var format = ShowFormat.text
    public var language: Language?
    public var date: Day?
    public init() {}
}

extension Kit {
    /// `arkitekt show REF`: one element as the landscape reads it (every field), the elements
    /// that refer to it, its findings, and the exemptions that cover it.
    public static func show(_ options: ShowOptions) throws(KitError) -> CommandOutput {
        let selection: SourceSelection = options.rev.map { .revision($0) } ?? .workTree
        let workspace = try Workspace(path: options.path, selection: selection)
        let analysis = try analyse(workspace, today: options.date ?? today())
        let landscape = analysis.landscape
        let language = options.language ?? analysis.config.language ?? .nb
        let ref = try resolve(options.ref, in: landscape)
        guard let element = landscape[ref] else {
            throw KitError(nb: "Landskapet har ikke «\(options.ref)».", en: "The landscape has no '\(options.ref)'.")
        }
        let fields = element.fields.sorted { ByteOrder.less($0.key, $1.key) }
        let referrers: [Ref] = Set(landscape.referrers(of: ref)).filter { $0 != ref }.sorted()
        let findings = analysis.result.findings.filter { $0.element == ref }
        let suppressed = analysis.result.suppressed.filter { $0.element == ref }
        let exemptions = landscape.elements(of: .exemption).filter { e in
            e.exemption?.targets.contains { $0.value == ref } ?? false
        }.sorted { $0.ref < $1.ref }
        func line(_ f: Finding) -> String {
            "\(f.location.file):\(f.location.line):\(f.location.column): \(f.severity.rawValue): \(f.message.text(language)) [\(f.rule)]"
        }
        func exemptionText(_ e: Element) -> String {
            let rule = e.exemption?.rule?.value ?? ""
            let expires = e.exemption?.expires.map { $0.value.description } ?? ""
            return "\(e.ref) (\(rule), \(language == .nb ? "utløper" : "expires") \(expires))"
        }
        switch options.format {
        case .text:
            let nb = language == .nb
            var out: String = ref.description
            if let title = element.metadata.title?.value { out += " — " + title }
            out += "\n"
            out += "\(element.location.file):\(element.location.line):\(element.location.column)\n"
            if !fields.isEmpty {
                out += "\n" + (nb ? "Felt:" : "Fields:") + "\n"
                for (path, entry) in fields { out += "  \(path): \(entry.value.description)\n" }
            }
            let none: String = nb ? " ingen" : " none"
            out += "\n" + (nb ? "Vises til av:" : "Referred to by:") + (referrers.isEmpty ? none : "") + "\n"
            for r in referrers { out += "  \(r)\n" }
            out += "\n" + (nb ? "Funn:" : "Findings:") + (findings.isEmpty ? none : "") + "\n"
            for f in findings { out += "  \(line(f))\n" }
            if !exemptions.isEmpty || !suppressed.isEmpty {
                out += "\n" + (nb ? "Dispensasjoner:" : "Exemptions:") + "\n"
                for e in exemptions { out += "  \(exemptionText(e))\n" }
                let holds: String = nb ? "holder tilbake: " : "holds back: "
                for f in suppressed { out += "  " + holds + line(f) + "\n" }
            }
            return CommandOutput(stdout: out, exitCode: 0)
        case .json:
            func finding(_ f: Finding) -> JSON {
                .object([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("file", .string(f.location.file)),
                         ("line", .int(f.location.line)), ("column", .int(f.location.column)), ("message", .string(f.message.text(language)))])
            }
            var top: [(String, JSON)] = [("ref", .string(ref.description)), ("kind", .string(element.kind.rawValue)), ("name", .string(element.name))]
            top.append(("file", .string(element.location.file)))
            top.append(("line", .int(element.location.line)))
            let fieldList: [(String, JSON)] = fields.map { (key: String, entry: FieldEntry) -> (String, JSON) in (key, JSON.string(entry.value.description)) }
            top.append(("fields", .object(fieldList)))
            top.append(("referrers", .array(referrers.map { (r: Ref) -> JSON in JSON.string(r.description) })))
            top.append(("findings", .array(findings.map(finding))))
            top.append(("exemptions", .array(exemptions.map { (e: Element) -> JSON in JSON.string(e.ref.description) })))
            top.append(("suppressed", .array(suppressed.map(finding))))
            let json = JSON.object(top)
            return CommandOutput(stdout: json.rendered() + "\n", exitCode: 0)
        }
    }
}

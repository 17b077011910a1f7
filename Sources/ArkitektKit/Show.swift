import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules

/// What `arkitekt show` prints.
public enum ShowFormat: String, Sendable, CaseIterable {
    case text, yaml, json
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
            "\(f.location.file):\(f.location.line):\(f.location.column): \(f.severity.rawValue): \(f.message.line(language)) [\(f.rule)]"
        }
        func exemptionText(_ e: Element) -> String {
            let rule = e.exemption?.rule?.value ?? ""
            let expires = e.exemption?.expires.map { $0.value.description } ?? ""
            return "\(e.ref) (\(rule), \(language == .nb ? "utløper" : "expires") \(expires))"
        }
        switch options.format {
        case .yaml:
            // The element as a document of the format, with what refers to it, its findings and
            // its exemptions as comments above.
            let nb = language == .nb
            var out = "# \(ref) \(element.location.file):\(element.location.line):\(element.location.column)\n"
            let none: String = nb ? "ingen" : "none"
            out += "# " + (nb ? "Vises til av: " : "Referred to by: ") + (referrers.isEmpty ? none : referrers.map(\.description).joined(separator: ", ")) + "\n"
            out += "# " + (nb ? "Funn:" : "Findings:") + (findings.isEmpty ? " " + none : "") + "\n"
            for f in findings { out += "#   \(line(f))\n" }
            for e in exemptions { out += "# " + (nb ? "Dispensasjon: " : "Exemption: ") + exemptionText(e) + "\n" }
            for f in suppressed { out += "#   " + (nb ? "holder tilbake: " : "holds back: ") + line(f) + "\n" }
            out += ElementYAML.document(element, fields: fields.map { ($0.key, $0.value.value) })
            return CommandOutput(stdout: out, exitCode: 0)
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

/// An element written back as a document of the format, from its fields as read: references in
/// full (`group:x`), lists whose order carries no meaning sorted, keys in the format's order.
enum ElementYAML {
    indirect enum Node {
        case value(FieldValue)
        case branch([(String, Node)])
    }

    static func document(_ element: Element, fields: [(String, FieldValue)]) -> String {
        let present = Set(fields.map(\.0))
        var tree: [(String, Node)] = [("metadata", .branch([("name", .value(.text(element.name)))]))]
        for (path, value) in fields {
            let parts = path.split(separator: ".").map(String.init)
            // `spec.definition.nb` is also inside `spec.definition`.
            let covered = (1..<parts.count).contains { present.contains(parts[..<$0].joined(separator: ".")) }
            if !covered { put(value, at: parts[...], in: &tree) }
        }
        var out = "apiVersion: \(currentAPIVersion)\nkind: \(element.kind.rawValue)\n"
        let kind = FormatSchema.element(element.kind)
        for (key, node) in ordered(tree, kind, "") { render(key, node, indent: "", kind, key, into: &out) }
        return out
    }

    static func put(_ value: FieldValue, at path: ArraySlice<String>, in entries: inout [(String, Node)]) {
        guard let key = path.first else { return }
        let index = entries.firstIndex { $0.0 == key }
        if path.count == 1 {
            if index == nil { entries.append((key, .value(value))) }
            return
        }
        var inner: [(String, Node)] = []
        if let index, case .branch(let existing) = entries[index].1 { inner = existing }
        put(value, at: path.dropFirst(), in: &inner)
        if let index { entries[index].1 = .branch(inner) } else { entries.append((key, .branch(inner))) }
    }

    /// The entries in the order the format lists their keys.
    static func ordered(_ entries: [(String, Node)], _ kind: FormatSchema.DocumentKind, _ path: String) -> [(String, Node)] {
        let keys = FormatSchema.keys(kind, path)
        func rank(_ key: String) -> Int { keys.firstIndex(of: key) ?? keys.count }
        return entries.sorted { rank($0.0) != rank($1.0) ? rank($0.0) < rank($1.0) : ByteOrder.less($0.0, $1.0) }
    }

    static func render(_ key: String, _ node: Node, indent: String, _ kind: FormatSchema.DocumentKind, _ path: String, into out: inout String) {
        out += indent + YAMLText.key(key) + ":"
        switch node {
        case .branch(let entries):
            out += "\n"
            for (k, n) in ordered(entries, kind, path) { render(k, n, indent: indent + "  ", kind, path + "." + k, into: &out) }
        case .value(.map(let map)):
            out += "\n"
            for (k, v) in map.sorted(by: { ByteOrder.less($0.key, $1.key) }) { out += indent + "  " + YAMLText.key(k) + ": " + flow(v) + "\n" }
        case .value(let value):
            let items = value.items
            if isList(value), let first = items.first, case .map = first {
                out += "\n"
                for item in items { out += indent + "  - " + flow(item) + "\n" }
            } else {
                out += " " + flow(value) + "\n"
            }
        }
    }

    static func isList(_ value: FieldValue) -> Bool {
        switch value {
        case .list, .set: return true
        default: return false
        }
    }

    /// A value inline, in YAML's flow style.
    static func flow(_ value: FieldValue) -> String {
        switch value {
        case .text(let t): return YAMLText.scalar(t)
        case .ref(let r): return YAMLText.scalar(r.description)
        case .bool(let b): return b ? "true" : "false"
        case .day(let d): return d.description
        case .list(let items), .set(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.sorted { ByteOrder.less($0.key, $1.key) }.map { YAMLText.key($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }
}

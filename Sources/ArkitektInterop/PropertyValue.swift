import ArkitektModel
import Foundation

/// The values of arkitekt's fields as ArchiMate properties, and back.
///
/// A property holds one text. A field with one value (a text, an enum, a reference, a date, a
/// yes/no) is that value as written (`kind:name` for a reference); a list or a map is JSON. A
/// text that would read as JSON (it starts with `[`, `{` or `"`) is written as a JSON string, so
/// that every value reads back as what was written.
enum PropertyValue {
    /// The property's name for a field at a dotted path: `arkitekt:` and the path without `spec.`
    /// (`spec.security.integrity` -> `arkitekt:security.integrity`; `metadata.links` stays whole).
    static let prefix = "arkitekt:"

    static func name(ofPath path: String) -> String {
        prefix + (path.hasPrefix("spec.") ? String(path.dropFirst(5)) : path)
    }

    static func encode(_ value: FieldValue) -> String {
        switch value {
        case .text(let t):
            let first = t.trimmingSpaces.first
            return first == "[" || first == "{" || first == "\"" ? json(value) : t
        case .ref, .bool, .day: return value.description
        case .list, .set, .map: return json(value)
        }
    }

    /// JSON: texts, references and dates as strings, yes/no as booleans, maps with sorted keys.
    static func json(_ value: FieldValue) -> String {
        switch value {
        case .text(let t): return jsonString(t)
        case .ref, .day: return jsonString(value.description)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items), .set(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .map(let m):
            let keys = m.keys.sorted(by: ByteOrder.less)
            return "{" + keys.map { jsonString($0) + ": " + json(m[$0] ?? .text("")) }.joined(separator: ", ") + "}"
        }
    }

    static func jsonString(_ text: String) -> String { JSONText.quoted(text) }

    /// A property's text as a value of the landscape's YAML: JSON when it reads as a JSON list,
    /// map or string, else the text itself.
    static func decode(_ text: String) -> SpecValue {
        let first = text.trimmingSpaces.first
        if first == "[" || first == "{" || first == "\"", let data = text.data(using: .utf8),
           let value = try? JSONDecoder().decode(SpecValue.self, from: data) {
            return value
        }
        return .scalar(text)
    }
}

/// A value to write into a YAML file of the landscape.
indirect enum SpecValue: Decodable, Equatable {
    case scalar(String)
    case bool(Bool)
    case list([SpecValue])
    /// Keys in the order to write them.
    case map([(String, SpecValue)])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let s = try? container.decode(String.self) {
            self = .scalar(s)
        } else if let d = try? container.decode(Double.self) {
            self = .scalar(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d))
        } else if let l = try? container.decode([SpecValue].self) {
            self = .list(l)
        } else if let m = try? container.decode([String: SpecValue].self) {
            self = .map(m.keys.sorted(by: ByteOrder.less).compactMap { k in m[k].map { (k, $0) } })
        } else {
            self = .scalar("")
        }
    }

    static func == (a: SpecValue, b: SpecValue) -> Bool {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    /// The value inline, in YAML's flow style.
    var flow: String {
        switch self {
        case .scalar(let s): return SpecValue.scalarText(s)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(\.flow).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { SpecValue.key($0.0) + ": " + $0.1.flow }.joined(separator: ", ") + "}"
        }
    }

    /// `key: value` lines at `indent`: maps as blocks, lists of maps one item a line.
    func lines(key: String, indent: String) -> [String] {
        let head = indent + SpecValue.key(key) + ":"
        switch self {
        case .map(let entries) where !entries.isEmpty:
            return [head] + entries.flatMap { $0.1.lines(key: $0.0, indent: indent + "  ") }
        case .list(let items) where items.contains(where: { if case .map = $0 { return true } else { return false } }):
            return [head] + items.map { indent + "  - " + $0.flow }
        default:
            return [head + " " + flow]
        }
    }

    static func scalarText(_ text: String) -> String { YAMLText.scalar(text) }

    static func key(_ text: String) -> String { YAMLText.key(text) }

    /// Sets `value` at a dotted path inside a list of entries, making maps on the way; a list
    /// already there gets the new items added (relationships and a property both naming some).
    static func put(_ value: SpecValue, at path: [String], in entries: inout [(String, SpecValue)]) {
        guard let key = path.first else { return }
        let index = entries.firstIndex { $0.0 == key }
        if path.count == 1 {
            guard let index else { return entries.append((key, value)) }
            if case .list(let old) = entries[index].1, case .list(let new) = value {
                entries[index].1 = .list(old + new.filter { !old.contains($0) })
            }
            return
        }
        var inner: [(String, SpecValue)] = []
        if let index, case .map(let existing) = entries[index].1 { inner = existing }
        put(value, at: Array(path.dropFirst()), in: &inner)
        if let index { entries[index].1 = .map(inner) } else { entries.append((key, .map(inner))) }
    }
}

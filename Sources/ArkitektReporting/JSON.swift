import ArkitektModel
/// A JSON value with object keys in the order they were given, written without Foundation so
/// that the bytes are the same on every platform and every run.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.rendered() == b.rendered() }

    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Two-space indented JSON, ending without a newline.
    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out, indent: indent, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as UTF-8 bytes: no text is made per value, only the one at the end.
    private func write(into out: inout [UInt8], indent: Int, pretty: Bool) {
        /// A new line and the indentation of `level` (nothing when not pretty).
        func line(_ level: Int) {
            guard pretty else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * level))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): JSONText.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                line(indent + 1)
                item.write(into: &out, indent: indent + 1, pretty: pretty)
                if i + 1 < items.count { out.append(0x2C) }
            }
            line(indent)
            out.append(0x5D)
        case .object(let fields):
            if fields.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            for (i, (key, value)) in fields.enumerated() {
                line(indent + 1)
                JSONText.quote(key, into: &out)
                out.append(0x3A)
                if pretty { out.append(0x20) }
                value.write(into: &out, indent: indent + 1, pretty: pretty)
                if i + 1 < fields.count { out.append(0x2C) }
            }
            line(indent)
            out.append(0x7D)
        }
    }
}

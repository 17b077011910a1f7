import ArkitektModel

/// ANSI colour for text meant for a terminal; with `on` false every text is left as it is. The
/// command line decides (a terminal, NO_COLOR, `--color`); reporters only say what a text is.
public struct Paint: Sendable {
    public let on: Bool

    public init(_ on: Bool) { self.on = on }

    public static let none = Paint(false)

    func apply(_ text: String, _ code: String) -> String {
        on ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { apply(text, "1") }
    /// What came in, or holds: green.
    public func good(_ text: String) -> String { apply(text, "32") }
    /// What went, or fails: red.
    public func bad(_ text: String) -> String { apply(text, "31") }
    /// What changed, or is on its way: yellow.
    public func changed(_ text: String) -> String { apply(text, "33") }
    public func muted(_ text: String) -> String { apply(text, "2") }

    public func severity(_ text: String, _ severity: Severity) -> String {
        switch severity {
        case .error: return apply(text, "1;31")
        case .warning: return apply(text, "1;33")
        case .info: return apply(text, "1;36")
        }
    }
}

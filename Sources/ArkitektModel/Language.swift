/// The languages arkitekt speaks: Norwegian Bokmål and English.
public enum Language: String, Sendable, CaseIterable, Codable {
    case nb
    case en
}

/// A text in both languages. Every message, title and rationale that a person reads is one.
public struct LocalizedText: Hashable, Sendable, Codable {
    public let nb: String
    public let en: String

    public init(nb: String, en: String) {
        self.nb = nb
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .nb: return nb
        case .en: return en
        }
    }

    /// The text on one line: line breaks (from quoted YAML values) shown as `\n`, so that
    /// line-oriented output keeps one line per finding or error.
    public func line(_ language: Language) -> String {
        let t = text(language)
        guard t.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return t }
        var out = ""
        for c in t {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

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

/// Things arkitekt counts, so that a count agrees with its number in both languages: "1 advarsel",
/// "2 advarsler", "1 warning", "2 warnings".
public enum Noun: Sendable, CaseIterable {
    case error, warning, info, element, file, finding, entry

    /// The noun for `count` of them, without the number.
    public func form(_ count: Int, _ language: Language) -> String {
        let one = count == 1
        switch (self, language) {
        case (.error, .nb): return "feil"
        case (.error, .en): return one ? "error" : "errors"
        case (.warning, .nb): return one ? "advarsel" : "advarsler"
        case (.warning, .en): return one ? "warning" : "warnings"
        case (.info, _): return "info"
        case (.element, .nb): return one ? "element" : "elementer"
        case (.element, .en): return one ? "element" : "elements"
        case (.file, .nb): return one ? "fil" : "filer"
        case (.file, .en): return one ? "file" : "files"
        case (.finding, .nb): return "funn"
        case (.finding, .en): return one ? "finding" : "findings"
        case (.entry, .nb): return one ? "oppføring" : "oppføringer"
        case (.entry, .en): return one ? "entry" : "entries"
        }
    }

    /// "2 advarsler".
    public func counted(_ count: Int, _ language: Language) -> String {
        "\(count) \(form(count, language))"
    }
}

extension Severity {
    /// The severity's counted noun.
    public var noun: Noun {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        }
    }
}

/// "3 feil, 1 advarsel, 0 info": the counts of the three severities.
public func severityCounts(error: Int, warning: Int, info: Int, _ language: Language) -> String {
    [Noun.error.counted(error, language), Noun.warning.counted(warning, language), Noun.info.counted(info, language)].joined(separator: ", ")
}

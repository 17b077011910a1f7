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
}

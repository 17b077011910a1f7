/// The kinds of element in a landscape. The raw value is the `kind:` written in YAML.
public enum Kind: String, Sendable, CaseIterable, Codable, Comparable {
    case group = "Group"
    case capability = "Capability"
    case process = "Process"
    case dataEntity = "DataEntity"
    case system = "System"
    case integration = "Integration"
    case platform = "Platform"
    case exemption = "Exemption"
    case transition = "Transition"
    case contract = "Contract"

    /// The lower-case prefix of a reference to an element of this kind (`data` for DataEntity).
    public var refPrefix: String {
        switch self {
        case .group: return "group"
        case .capability: return "capability"
        case .process: return "process"
        case .dataEntity: return "data"
        case .system: return "system"
        case .integration: return "integration"
        case .platform: return "platform"
        case .exemption: return "exemption"
        case .transition: return "transition"
        case .contract: return "contract"
        }
    }

    /// A kind as a person may name it on the command line: `System`, `system`, `data`,
    /// `dataentity`, in any case.
    public init?(named text: String) {
        let lower = text.lowercased()
        guard let kind = Kind.allCases.first(where: { $0.rawValue.lowercased() == lower || $0.refPrefix == lower }) else { return nil }
        self = kind
    }

    public init?(refPrefix: String) {
        guard let kind = Kind.allCases.first(where: { $0.refPrefix == refPrefix }) else { return nil }
        self = kind
    }

    /// The kind whose ref prefix is exactly these bytes.
    static func matching(asciiPrefix p: UnsafeBufferPointer<UInt8>) -> Kind? {
        allCases.first { $0.refPrefix.utf8.elementsEqual(p) }
    }

    /// Kinds sort by their ref prefix.
    public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }

    /// By case, not by the raw value's text: every lookup by ref hashes a kind.
    public func hash(into hasher: inout Hasher) { hasher.combine(rank) }

    /// Position of the ref prefix in byte order (capability, data, exemption, group, ...).
    private var rank: Int {
        switch self {
        case .capability: return 0
        case .contract: return 1
        case .dataEntity: return 2
        case .exemption: return 3
        case .group: return 4
        case .integration: return 5
        case .platform: return 6
        case .process: return 7
        case .system: return 8
        case .transition: return 9
        }
    }

    /// Names of the kind in both languages, for messages.
    public var displayName: LocalizedText {
        switch self {
        case .group: return LocalizedText(nb: "Gruppe", en: "Group")
        case .capability: return LocalizedText(nb: "Kapabilitet", en: "Capability")
        case .process: return LocalizedText(nb: "Prosess", en: "Process")
        case .dataEntity: return LocalizedText(nb: "Dataelement", en: "Data entity")
        case .system: return LocalizedText(nb: "System", en: "System")
        case .integration: return LocalizedText(nb: "Integrasjon", en: "Integration")
        case .platform: return LocalizedText(nb: "Plattform", en: "Platform")
        case .exemption: return LocalizedText(nb: "Dispensasjon", en: "Exemption")
        case .transition: return LocalizedText(nb: "Overgang", en: "Transition")
        case .contract: return LocalizedText(nb: "Avtale", en: "Contract")
        }
    }
}

/// A reference to an element: `kind:name`, e.g. `system:folkeregisteret`.
public struct Ref: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let kind: Kind
    public let name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `kind:name`. With `defaultKind`, a bare `name` is accepted as that kind.
    /// Returns nil when the text has an unknown prefix or is bare without a default.
    public init?(parsing text: String, defaultKind: Kind? = nil) {
        // Most references are ASCII: those are read by their bytes, without Character steps.
        var t = text
        let ascii: Ref?? = t.withUTF8 { bytes -> Ref?? in
            var colon = -1
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return .none }   // not ASCII: read as Characters below
                if b == 0x3A && colon < 0 { colon = i }
            }
            if colon < 0 {
                guard let defaultKind, !bytes.isEmpty else { return .some(nil) }
                return .some(Ref(defaultKind, text))
            }
            guard colon + 1 < bytes.count,
                  let kind = Kind.matching(asciiPrefix: UnsafeBufferPointer(rebasing: bytes[..<colon])) else { return .some(nil) }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(colon + 1)...]), as: UTF8.self)
            return .some(Ref(kind, name))
        }
        if let ascii {
            guard let ref = ascii else { return nil }
            self = ref
            return
        }
        if let colon = text.firstIndex(of: ":") {
            let prefix = String(text[..<colon])
            let name = String(text[text.index(after: colon)...])
            guard let kind = Kind(refPrefix: prefix), !name.isEmpty else { return nil }
            self.init(kind, name)
        } else if let defaultKind, !text.isEmpty {
            self.init(defaultKind, text)
        } else {
            return nil
        }
    }

    public var description: String { "\(kind.refPrefix):\(name)" }

    /// The order of `kind:name` texts: no ref prefix is a prefix of another, so comparing the
    /// kind first and then the name gives the same order without building the texts.
    public static func < (a: Ref, b: Ref) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        return ByteOrder.less(a.name, b.name)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ref = Ref(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a reference: \(text)"))
        }
        self = ref
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The pattern every `metadata.name` must match: `^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`.
public enum ElementName {
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 0x2d }
    }
}

/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var displayName: LocalizedText {
        switch self {
        case .error: return LocalizedText(nb: "feil", en: "error")
        case .warning: return LocalizedText(nb: "advarsel", en: "warning")
        case .info: return LocalizedText(nb: "info", en: "info")
        }
    }
}

/// One thing a rule found: which rule, about which element, where, and what to do.
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var principle: String
    public var severity: Severity
    /// The element the finding is about; nil for file-level findings (YAML syntax errors).
    public var element: Ref?
    public var location: SourceLocation
    public var message: LocalizedText
    /// Tells apart the findings one element can give for the same rule (a field path, a ref, ...).
    public var detail: String?

    public init(rule: String, principle: String = "", severity: Severity = .error, element: Ref?,
                location: SourceLocation, message: LocalizedText, detail: String? = nil) {
        self.rule = rule
        self.principle = principle
        self.severity = severity
        self.element = element
        self.location = location
        self.message = message
        self.detail = detail
    }

    /// What makes a finding the same finding across commits: never its line or its wording.
    public var identity: FindingIdentity {
        FindingIdentity(rule: rule, element: element?.description, detail: detail, file: element == nil ? location.file : nil)
    }

    /// The order of every output: file, line, column, rule, then the rest so that ties are stable.
    public static func sortedOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.rule != b.rule { return ByteOrder.less(a.rule, b.rule) }
        let ae = a.element?.description ?? "", be = b.element?.description ?? ""
        if ae != be { return ByteOrder.less(ae, be) }
        let ad = a.detail ?? "", bd = b.detail ?? ""
        if ad != bd { return ByteOrder.less(ad, bd) }
        return ByteOrder.less(a.message.en, b.message.en)
    }
}

/// `Finding.identity` in a form that is cheaper to make and hash: the element as a ref rather
/// than as text (one text per ref, so equal keys mean equal identities).
public struct FindingKey: Hashable, Sendable {
    public let rule: String
    public let element: Ref?
    public let detail: String?
    public let file: String?

    public init(_ finding: Finding) {
        rule = finding.rule
        element = finding.element
        detail = finding.detail
        file = finding.element == nil ? finding.location.file : nil
    }
}

/// (rule, element ref, detail key). File-level findings (no element) are identified by their file.
public struct FindingIdentity: Hashable, Sendable, Comparable, Codable {
    public var rule: String
    public var element: String?
    public var detail: String?
    public var file: String?

    public init(rule: String, element: String?, detail: String?, file: String? = nil) {
        self.rule = rule
        self.element = element
        self.detail = detail
        self.file = file
    }

    public static func < (a: FindingIdentity, b: FindingIdentity) -> Bool {
        let ka = [a.rule, a.element ?? "", a.detail ?? "", a.file ?? ""]
        let kb = [b.rule, b.element ?? "", b.detail ?? "", b.file ?? ""]
        return ka.lexicographicallyPrecedes(kb, by: ByteOrder.less)
    }
}

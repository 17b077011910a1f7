import ArkitektModel

/// `user-facing-accessibility`: a solution for the public declares WCAG 2.1 AA or better.
struct AccessibilityLevelCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let system = element.system else { return nil }
            guard let declared = system.accessibility else {
                let at = element.field("spec.audience")?.location ?? element.location(of: "spec.userFacing")
                return Hit(element: element.ref, location: at)
            }
            if let level = WCAGLevel(parsing: declared.value), level.meetsMinimum { return nil }
            return Hit(element: element.ref, location: declared.location, arguments: ["value": declared.value])
        }
    }
}

/// A declared accessibility level: `WCAG <major>.<minor> <A|AA|AAA>`, in any case.
public struct WCAGLevel: Sendable, Equatable {
    public let major: Int
    public let minor: Int
    /// 1 for A, 2 for AA, 3 for AAA.
    public let conformance: Int

    public init?(parsing text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 3, words[0].uppercased() == "WCAG" else { return nil }
        let version = words[1].split(separator: ".", omittingEmptySubsequences: false)
        guard version.count == 2, let major = Int(version[0]), let minor = Int(version[1]),
              version.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { return nil }
        switch words[2].uppercased() {
        case "A": conformance = 1
        case "AA": conformance = 2
        case "AAA": conformance = 3
        default: return nil
        }
        self.major = major
        self.minor = minor
    }

    /// WCAG 2.1 or later, at level AA or AAA.
    public var meetsMinimum: Bool { (major, minor) >= (2, 1) && conformance >= 2 }
}

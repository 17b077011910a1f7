import ArkitektModel
import ArkitektRules

/// Everything a reporter of `check` needs. Reporters are pure functions of it.
public struct CheckReport: Sendable {
    public let findings: [Finding]
    public let suppressed: [Finding]
    public let showSuppressed: Bool
    public let elementCount: Int
    public let fileCount: Int
    public let ruleSet: RuleSet
    public let language: Language
    /// Findings left out because they were already there (`--against`, `--baseline`).
    public var known: [Finding] = []
    /// Baseline entries that match no finding any more: the baseline can shrink.
    public var staleBaseline: [FindingIdentity] = []
    /// The elements each rule looked at.
    public var checked: [String: [Ref]] = [:]
    /// With `--against`: the libraries the change moved, with what changed in each.
    public var libraries: [LibraryMove] = []
    /// True when `known` was computed, so that the findings are the new ones.
    public var comparesWithBase = false
    /// The lowest severity that fails the run (`--fail-on`); nil: none does. JUnit reports only
    /// the findings at or above it as failures.
    public var failThreshold: Severity? = .error

    public init(findings: [Finding], suppressed: [Finding], showSuppressed: Bool, elementCount: Int, fileCount: Int,
                ruleSet: RuleSet, language: Language) {
        self.findings = findings
        self.suppressed = suppressed
        self.showSuppressed = showSuppressed
        self.elementCount = elementCount
        self.fileCount = fileCount
        self.ruleSet = ruleSet
        self.language = language
    }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// The findings, errors first, then warnings, then info; in the usual order within each.
    public var mostSevereFirst: [Finding] {
        findings.sorted { a, b in a.severity != b.severity ? a.severity > b.severity : Finding.sortedOrder(a, b) }
    }

    /// Findings per principle and severity, in the principles' own order; principles without
    /// findings included, so the summary shows what was checked and passed.
    public var principleSummary: [(principle: Principle, error: Int, warning: Int, info: Int, suppressed: Int)] {
        ruleSet.principles.map { p in
            let mine = findings.filter { $0.principle == p.id }
            return (p, mine.filter { $0.severity == .error }.count, mine.filter { $0.severity == .warning }.count,
                    mine.filter { $0.severity == .info }.count, suppressed.filter { $0.principle == p.id }.count)
        }
    }
}

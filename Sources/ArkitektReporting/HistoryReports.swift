import ArkitektGit
import ArkitektHistory
import ArkitektModel
import ArkitektRules

public enum DiffFormat: String, Sendable, CaseIterable { case text, json, markdown }
public enum ChangelogFormat: String, Sendable, CaseIterable { case markdown, json }
public enum TransitionsFormat: String, Sendable, CaseIterable { case text, json }

/// What `diff` reports.
public struct DiffReport: Sendable {
    public let from: String
    public let to: String
    public let diff: LandscapeDiff
    public let delta: FindingDelta
    public let old: Landscape
    public let new: Landscape
    public let language: Language
    /// The libraries whose pins differ between the two sides (`spec.libraries`).
    public let libraries: [LibraryMove]

    public init(from: String, to: String, diff: LandscapeDiff, delta: FindingDelta, old: Landscape, new: Landscape, language: Language,
                libraries: [LibraryMove] = []) {
        self.from = from
        self.to = to
        self.diff = diff
        self.delta = delta
        self.old = old
        self.new = new
        self.language = language
        self.libraries = libraries
    }
}

/// A library pinned to another commit on the newer side (or taken in, or dropped), and what
/// changed in its landscape between the two.
public struct LibraryMove: Sendable {
    public let name: String
    /// The revision asked for and the commit pinned; nil on the side without the library.
    public let from: LibraryPin?
    public let to: LibraryPin?
    public let diff: LandscapeDiff

    /// A moved pin, with what changed in the library's landscape.
    public init(_ move: LibraryPinMove, diff: LandscapeDiff) {
        name = move.name
        from = move.from
        to = move.to
        self.diff = diff
    }
}

/// One commit of the changelog.
public struct ChangelogEntry: Sendable {
    public let step: HistoryStep
    public let tags: [String]
    public let sentences: [LocalizedText]
    public let transitions: [TransitionChange]
    /// The libraries whose pins the commit moved, with what changed in each.
    public var libraries: [LibraryMove] = []

    public init(step: HistoryStep, tags: [String], sentences: [LocalizedText], transitions: [TransitionChange], libraries: [LibraryMove] = []) {
        self.step = step
        self.tags = tags
        self.sentences = sentences
        self.transitions = transitions
        self.libraries = libraries
    }
}

public struct ChangelogReport: Sendable {
    public let range: String
    /// Commits that touched the landscape, newest first.
    public let entries: [ChangelogEntry]
    public let tags: [String: [String]]
    /// Every commit of the range, newest first (tags may sit on commits that changed nothing).
    public let commits: [CommitInfo]
    public let language: Language

    public init(range: String, entries: [ChangelogEntry], tags: [String: [String]], commits: [CommitInfo], language: Language) {
        self.range = range
        self.entries = entries
        self.tags = tags
        self.commits = commits
        self.language = language
    }
}

public struct TransitionsReport: Sendable {
    public let revision: CommitInfo
    public let transitions: [TransitionProgress]
    public let language: Language

    public init(revision: CommitInfo, transitions: [TransitionProgress], language: Language) {
        self.revision = revision
        self.transitions = transitions
        self.language = language
    }
}

/// Shared pieces of the history reporters.
public enum HistoryText {
    public static func short(_ id: String) -> String { String(id.prefix(10)) }

    public static func day(_ commit: CommitInfo) -> String { HistoryWalker.day(of: commit).description }

    static func value(_ v: FieldValue?) -> JSON {
        guard let v else { return .null }
        switch v {
        case .text(let t): return .string(t)
        case .ref(let r): return .string(r.description)
        case .bool(let b): return .bool(b)
        case .day(let d): return .string(d.description)
        case .list(let items), .set(let items): return .array(items.map { value($0) })
        case .map(let m): return .object(m.keys.sorted(by: ByteOrder.less).map { ($0, value(m[$0])) })
        }
    }

    static func commit(_ c: CommitInfo) -> JSON {
        .object([("id", .string(c.id)), ("date", .string(day(c))), ("author", .string(c.authorName)), ("subject", .string(c.summary))])
    }

    public static func conditionText(_ c: TransitionCondition, _ language: Language) -> String {
        switch c.test {
        case .exists(let b):
            let word = b ? LocalizedText(nb: "finnes", en: "exists") : LocalizedText(nb: "finnes ikke", en: "does not exist")
            return "\(c.ref) \(word.text(language))"
        case .equals(let path, let v): return "\(c.ref) \(path) = \(v.text)"
        case .contains(let path, let v): return "\(c.ref) \(path) ∋ \(v.text)"
        }
    }

    public static func status(_ s: TransitionEvaluator.Status, _ language: Language) -> String {
        switch (s, language) {
        case (.achieved, .nb): return "oppnådd"
        case (.inProgress, .nb): return "pågår"
        case (.overdue, .nb): return "forsinket"
        case (.achieved, .en): return "achieved"
        case (.inProgress, .en): return "in progress"
        case (.overdue, .en): return "overdue"
        }
    }

    public static func title(_ element: Element) -> String { element.metadata.title?.value ?? element.transition?.title?.value ?? element.name }

    /// Findings counted per principle: "eierskap-til-data: 2".
    static func perPrinciple(_ findings: [Finding]) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for f in findings { counts[f.principle, default: 0] += 1 }
        return counts.keys.sorted(by: ByteOrder.less).map { ($0, counts[$0] ?? 0) }
    }
}

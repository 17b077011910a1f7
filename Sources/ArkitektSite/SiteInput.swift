import ArkitektGit
import ArkitektHistory
import ArkitektModel
import ArkitektRules

/// Everything the site is made from. The pages are a function of it and nothing else: no clock,
/// no environment, so the same input gives the same bytes.
public struct SiteInput: @unchecked Sendable {
    public var landscape: Landscape
    /// The findings in force, and those exemptions suppress.
    public var findings: [Finding]
    public var suppressed: [Finding]
    public var ruleSet: RuleSet
    public var language: Language
    /// The day the findings and transitions were judged on.
    public var today: Day
    /// Where the landscape was read from, for people: a commit id, or the work tree.
    public var source: String
    /// The history of the landscape; nil when it was not read (no repository, `--no-history`).
    public var history: SiteHistory?
    /// The arkitekt that made the site (in every page's footer).
    public var version: String

    public init(landscape: Landscape, findings: [Finding], suppressed: [Finding], ruleSet: RuleSet, language: Language,
                today: Day, source: String, history: SiteHistory?, version: String) {
        self.landscape = landscape
        self.findings = findings
        self.suppressed = suppressed
        self.ruleSet = ruleSet
        self.language = language
        self.today = today
        self.source = source
        self.history = history
        self.version = version
    }
}

/// What the site shows of the history: the commits that changed the landscape, what each did to
/// each element, the findings in force after each (the trend), the tags, and the transitions.
public struct SiteHistory: @unchecked Sendable {
    public struct Commit: Sendable, Equatable {
        public let id: String
        public let summary: String
        public let author: String
        public let day: Day
        public let tags: [String]
        public init(id: String, summary: String, author: String, day: Day, tags: [String]) {
            self.id = id
            self.summary = summary
            self.author = author
            self.day = day
            self.tags = tags
        }
    }

    /// One element's change in one commit.
    public struct Change: Sendable {
        /// Index into `commits`.
        public let commit: Int
        public let sentences: [LocalizedText]
        public init(commit: Int, sentences: [LocalizedText]) {
            self.commit = commit
            self.sentences = sentences
        }
    }

    /// The commits that touched the landscape, oldest first.
    public var commits: [Commit] = []
    /// Per element, its changes, oldest first.
    public var changes: [Ref: [Change]] = [:]
    /// Per touched commit (index into `commits`), the findings in force after it, per principle.
    public var trend: [(commit: Int, counts: [String: Int])] = []
    /// Every tag of the walked history with the day of its commit (also tags of commits that
    /// did not touch the landscape), by day then name.
    public var tags: [(name: String, day: Day)] = []
    /// The transitions with when they were achieved and each condition first met.
    public var transitions: [TransitionProgress] = []
    /// Commits walked in all (touched or not).
    public var walked = 0

    public init() {}
}

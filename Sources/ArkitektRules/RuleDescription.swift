import ArkitektModel

/// One of the architecture principles a rule serves (the 13 KS principles, plus `kjerne` for the
/// core rules that keep the landscape readable).
public struct Principle: Sendable, Hashable {
    public let id: String
    /// The principle's name; in Bokmål as KS writes it.
    public let name: LocalizedText
    public let rationale: LocalizedText
    /// Where the principle comes from, e.g. "KS 2019, kapittel 6" / "KS 2019, chapter 6".
    public let source: LocalizedText?
    /// Position in the pack, for listing principles in their own order.
    public let order: Int
}

/// What a rule looks at: elements of one kind that satisfy every named predicate.
public struct Selector: Sendable, Hashable {
    public let kind: Kind
    public let predicates: [String]
}

/// How a rule decides. Declarative checks are data; functions are Swift, registered by name.
public enum Check: Sendable, Hashable {
    /// A finding when the field is absent (or has one of `absentValues`).
    case require(path: String, absentValues: [String])
    /// A finding when none of the fields is present.
    case requireAny(paths: [String])
    /// One finding naming every field that is absent.
    case requireAll(paths: [String])
    /// A check written in Swift (see `CheckRegistry`), with its validated options.
    case function(name: String, options: [String: String])
    /// Findings that the loader itself produces (`yaml-syntax`, `schema`, ...).
    case loader
}

/// A small landscape that shows a rule at work.
public struct RuleExample: Sendable {
    public struct Expected: Sendable, Hashable {
        public let element: String?
        public let detail: String?
        public init(element: String?, detail: String?) {
            self.element = element
            self.detail = detail
        }
    }
    /// What the example shows, in both languages (a plain text serves both).
    public let description: LocalizedText?
    /// Files of the example landscape (path -> text), read as if under `architecture/`. A file
    /// named `.arkitekt.yaml` is the configuration.
    public let files: [(path: String, text: String)]
    /// For a rule that compares two states (`policy-weakened`): the files at the merge base; the
    /// example's `files` are then the change.
    public var base: [(path: String, text: String)]? = nil
    /// For failing examples: exactly the findings of this rule that it must give.
    public let expected: [Expected]
    public let passes: Bool
    /// "Today" for the example (dates of exemptions and transitions).
    public let date: Day
    public let location: SourceLocation
}

/// Everything about one rule: identity, principle, texts in both languages, what it selects,
/// how it checks, and the examples that prove it.
public struct RuleDescription: Sendable {
    public let id: String
    public let aliases: [String]
    public let principle: String
    public let severity: Severity
    public let title: LocalizedText
    public let rationale: LocalizedText
    /// The finding's message, with `{element}`, `{name}`, `{title}` and check-specific placeholders.
    public let message: LocalizedText?
    public let selector: Selector?
    public let check: Check
    public let examples: [RuleExample]
    /// The pack the rule came from (`core`, `ks`, or a repository path).
    public let pack: String
    public let location: SourceLocation
    /// Where `principle` is written, for the error when it names no principle.
    public let principleLocation: SourceLocation

    /// The Swift check of the rule, if it has one.
    public var function: (any CheckFunction.Type)? {
        guard case .function(let name, _) = check else { return nil }
        return CheckRegistry.functions[name]
    }

    /// What the rule's findings on an element depend on: its check's and its predicates' reads.
    public var scope: RuleScope {
        var scope = RuleScope()
        if let function { scope.formUnion(function.scope) }
        for name in selector?.predicates ?? [] { scope.formUnion(Predicates.named[name]?.scope ?? []) }
        return scope
    }

    /// Core rules and the exemption rules themselves cannot be exempted.
    public var exemptable: Bool {
        principle != corePrinciple && id != "exemption-expired" && id != "exemption-unused"
    }
}

/// The principle of the core rules.
public let corePrinciple = "kjerne"

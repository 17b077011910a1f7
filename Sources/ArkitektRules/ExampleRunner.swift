import ArkitektLoading
import ArkitektModel

/// Runs a rule's examples: each passing example must give no finding of the rule, each failing
/// example exactly the findings it lists, and every example must be a valid landscape (no finding
/// of a core rule other than the one it illustrates: no dangling reference, no schema error).
/// The built-in rules are proved by the test suite with this runner, and `arkitekt rules test`
/// proves a repository's own packs with it.
public enum ExampleRunner {
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public let rule: String
        public let location: SourceLocation?
        public let problem: LocalizedText
        public func text(_ language: Language) -> String { "\(location.map { "\($0): " } ?? "")\(rule): \(problem.text(language))" }
        public var description: String { text(.en) }
    }

    /// One side of an example, read: its configuration (the defaults when it has none) and landscape.
    struct Side {
        let config: Config
        let landscape: Landscape
        let loaderFindings: [Finding]

        init(_ files: [(path: String, text: String)]) throws(ConfigError) {
            var config = Config()
            if let file = files.first(where: { $0.path == Config.fileName }) {
                config = try Config.parse(Array(file.text.utf8))
            }
            self.config = config
            let inputs = files.filter { $0.path != Config.fileName }.map { LandscapeInput(path: $0.path, bytes: Array($0.text.utf8)) }
            (landscape, loaderFindings) = LandscapeLoader.loadAll(inputs)
        }

        func policy(_ ruleSet: RuleSet) -> PolicySide {
            PolicySide(config: config, configFile: Config.fileName, ruleSet: ruleSet,
                       exemptions: landscape.unorderedElements(of: .exemption), files: landscape.elements.map(\.file))
        }
    }

    /// Every finding in an example landscape; for an example with a `base`, as `check --against`
    /// gives them: under the base's configuration, with what the change does to the policy, and
    /// with the change from the base as the history the history rules read (made on the example's
    /// day). Without a base there is no history.
    static func findings(head: Side, base: Side?, on day: Day, ruleSet: RuleSet) -> [Finding] {
        var engine = RuleEngine(ruleSet: ruleSet, overrides: (base ?? head).config.severity.mapValues(\.value))
        if let base {
            // The change from the base is what a check of the work tree sees as uncommitted: made
            // on the day of the check. Nothing earlier is known.
            var history = ChangeHistory()
            history.record(from: base.landscape, to: head.landscape, day: day)
            engine.history = history
        }
        var found = engine.run(head.landscape, loaderFindings: head.loaderFindings, today: day).findings
        if let base {
            found += PolicyComparison.findings(base: base.policy(ruleSet), head: head.policy(ruleSet), engine: engine)
        }
        return found
    }

    /// The findings of core rules other than `rule` in an example's landscapes (the change and,
    /// when it has one, the base), judged without the example's severities (which may turn a core
    /// rule off): an example must be a valid landscape.
    static func invalidity(of rule: RuleDescription, in sides: [Side], on day: Day, ruleSet: RuleSet) -> [Finding] {
        let engine = RuleEngine(ruleSet: ruleSet)
        return sides.flatMap { side in
            engine.run(side.landscape, loaderFindings: side.loaderFindings, today: day).findings
                .filter { $0.rule != rule.id && ruleSet.rule($0.rule)?.principle == corePrinciple }
        }
    }

    /// Every problem with the rule's examples; empty when the rule is proved.
    public static func check(_ rule: RuleDescription, ruleSet: RuleSet) -> [Failure] {
        var failures: [Failure] = []
        if !rule.examples.contains(where: \.passes) {
            failures.append(Failure(rule: rule.id, location: rule.location,
                                    problem: LocalizedText(nb: "har ikke noe eksempel som består", en: "has no passing example")))
        }
        if !rule.examples.contains(where: { !$0.passes }) {
            failures.append(Failure(rule: rule.id, location: rule.location,
                                    problem: LocalizedText(nb: "har ikke noe eksempel som feiler", en: "has no failing example")))
        }
        for example in rule.examples {
            let head: Side, base: Side?
            do {
                head = try Side(example.files)
                base = try example.base.map { files throws(ConfigError) in try Side(files) }
            } catch {
                failures.append(Failure(rule: rule.id, location: example.location, problem: LocalizedText(
                    nb: "eksemplets konfigurasjon kan ikke leses: \(error.message.nb)", en: "the example's configuration cannot be read: \(error.message.en)")))
                continue
            }
            let found = findings(head: head, base: base, on: example.date, ruleSet: ruleSet).filter { $0.rule == rule.id }
            let invalid = invalidity(of: rule, in: [head] + (base.map { [$0] } ?? []), on: example.date, ruleSet: ruleSet)
            if !invalid.isEmpty {
                failures.append(Failure(rule: rule.id, location: example.location, problem: LocalizedText(
                    nb: "eksemplet er ikke et gyldig landskap: \(describeWithRule(invalid, .nb))",
                    en: "the example is not a valid landscape: \(describeWithRule(invalid, .en))")))
            }
            if example.passes {
                if !found.isEmpty {
                    failures.append(Failure(rule: rule.id, location: example.location, problem: LocalizedText(
                        nb: "eksemplet som skal bestå, gir \(Noun.finding.counted(found.count, .nb)): \(describe(found, .nb))",
                        en: "the passing example gives \(Noun.finding.counted(found.count, .en)): \(describe(found, .en))")))
                }
                continue
            }
            var unmatched = found
            var missing: [RuleExample.Expected] = []
            for expected in example.expected {
                if let i = unmatched.firstIndex(where: { matches($0, expected) }) {
                    unmatched.remove(at: i)
                } else {
                    missing.append(expected)
                }
            }
            if !missing.isEmpty {
                func text(_ language: Language) -> String {
                    missing.map { "\($0.element ?? fileWord.text(language))\($0.detail.map { " [\($0)]" } ?? "")" }.joined(separator: ", ")
                }
                failures.append(Failure(rule: rule.id, location: example.location, problem: LocalizedText(
                    nb: "eksemplet som skal feile, gir ikke: \(text(.nb)); det gir: \(describe(found, .nb))",
                    en: "the failing example does not give: \(text(.en)); it gives: \(describe(found, .en))")))
            }
            if !unmatched.isEmpty {
                failures.append(Failure(rule: rule.id, location: example.location, problem: LocalizedText(
                    nb: "eksemplet som skal feile, gir funn det ikke lister: \(describe(unmatched, .nb))",
                    en: "the failing example gives findings it does not list: \(describe(unmatched, .en))")))
            }
        }
        return failures
    }

    static func matches(_ finding: Finding, _ expected: RuleExample.Expected) -> Bool {
        guard finding.element?.description == expected.element else { return false }
        guard let detail = expected.detail else { return true }
        return finding.detail == detail
    }

    static let fileWord = LocalizedText(nb: "(filen)", en: "(the file)")

    /// The findings with the rule that gave each (for findings of other rules than the example's).
    static func describeWithRule(_ findings: [Finding], _ language: Language) -> String {
        findings.map { "\($0.rule) \(describe([$0], language))" }.joined(separator: "; ")
    }

    static func describe(_ findings: [Finding], _ language: Language) -> String {
        let at = language == .nb ? "i" : "at"
        return findings.isEmpty ? (language == .nb ? "ingen" : "none")
            : findings.map { "\($0.element?.description ?? fileWord.text(language))\($0.detail.map { " [\($0)]" } ?? "") \(at) \($0.location)" }
                .joined(separator: "; ")
    }
}

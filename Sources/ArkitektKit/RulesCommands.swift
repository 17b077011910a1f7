import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules

extension Kit {
    /// The rules in force for the repository at `path` (its configuration's packs), or the built-in
    /// ones when `path` is no repository or directory.
    static func ruleSetAndLanguage(path: String, language: Language?) throws(KitError) -> (RuleSet, Config, Language) {
        let workspace = try Workspace(path: path, selection: .workTree)
        let config = try workspace.config()
        let set = try workspace.ruleSet(config)
        return (set, config, language ?? config.language ?? .nb)
    }

    /// `arkitekt rules`: a table of id, principle, severity and title.
    public static func rules(path: String, language: Language?) throws(KitError) -> CommandOutput {
        let (set, config, lang) = try ruleSetAndLanguage(path: path, language: language)
        let overrides = config.severity.mapValues(\.value)
        return CommandOutput(stdout: RuleDocs.table(set, overrides: overrides, language: lang), exitCode: 0)
    }

    /// `arkitekt explain RULE`.
    public static func explain(rule id: String, path: String, language: Language?) throws(KitError) -> CommandOutput {
        let (set, _, lang) = try ruleSetAndLanguage(path: path, language: language)
        guard let rule = set.rule(id) else {
            let dym = Suggest.closest(to: id, in: set.ruleIDs)
            throw KitError(nb: "Ukjent regel «\(id)».\(dym.map { " Mente du «\($0)»?" } ?? "") Se «arkitekt rules».",
                           en: "Unknown rule '\(id)'.\(dym.map { " Did you mean '\($0)'?" } ?? "") See 'arkitekt rules'.")
        }
        return CommandOutput(stdout: RuleDocs.explain(rule, in: set, language: lang), exitCode: 0)
    }
}

import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import Foundation

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
    public static func rules(path: String, language: Language?, markdown: Bool = false) throws(KitError) -> CommandOutput {
        let (set, config, lang) = try ruleSetAndLanguage(path: path, language: language)
        if markdown { return CommandOutput(stdout: RuleDocs.reference(set), exitCode: 0) }
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

extension Kit {
    /// `arkitekt rules test PATH`: runs the examples of the pack at PATH (a pack file or a folder of
    /// them) the way the built-in rules are proved. Exit 1 when an example fails.
    /// `shownAs` is the path as the user wrote it (before `-C` made it absolute): the files are
    /// named that way in what it says.
    public static func testRules(packPath: String, shownAs: String? = nil, language: Language?) throws(KitError) -> CommandOutput {
        let lang = language ?? .nb
        let files = try readPackFiles(packPath, shownAs: shownAs ?? packPath)
        let pack: RulePack
        let set: RuleSet
        do {
            pack = try RulePackParser.parse(name: packPath, files: files)
            set = try RuleSet(packs: [try BuiltInPacks.pack(named: "core"), try BuiltInPacks.pack(named: "ks"), pack])
        } catch {
            throw KitError(error.message, at: error.location)
        }
        var out = ""
        var failed = 0
        for rule in pack.rules.sorted(by: { ByteOrder.less($0.id, $1.id) }) {
            let failures = ExampleRunner.check(rule, ruleSet: set)
            let passes = rule.examples.filter(\.passes).count, fails = rule.examples.count - passes
            if failures.isEmpty {
                out += "ok    \(rule.id) (\(passes) + \(fails) \(lang == .nb ? "eksempler" : "examples"))\n"
            } else {
                failed += 1
                out += (lang == .nb ? "FEIL  " : "FAIL  ") + rule.id + "\n"
                for failure in failures { out += "      \(failure.text(lang))\n" }
            }
        }
        let total = pack.rules.count
        out += lang == .nb
            ? "\(total - failed) av \(total) \(total == 1 ? "regel" : "regler") bevist av eksemplene sine.\n"
            : "\(total - failed) of \(total) \(total == 1 ? "rule" : "rules") proved by \(total == 1 ? "its" : "their") examples.\n"
        return CommandOutput(stdout: out, exitCode: failed > 0 ? 1 : 0)
    }

    /// The YAML files of a pack given on the command line: one file, or every file in a folder.
    static func readPackFiles(_ given: String, shownAs shownGiven: String) throws(KitError) -> [(path: String, bytes: [UInt8])] {
        // `rules/` and `rules` name the same folder; a trailing slash must not double in the names.
        func trimmed(_ p: String) -> String { p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p }
        let path = trimmed(given), shown = trimmed(shownGiven)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KitError(nb: "Fant ikke regelpakken «\(shown)».", en: "Rule pack '\(shown)' not found.")
        }
        var paths: [String] = []
        if isDirectory.boolValue {
            // A link to a folder is read as the folder (its files keep the names under the link).
            let folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let entries = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
            paths = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted(by: ByteOrder.less)
                .map { path + "/" + $0 }
        } else {
            paths = [path]
        }
        var files: [(path: String, bytes: [UInt8])] = []
        for p in paths {
            let name = shown + p.dropFirst(path.count)
            guard let data = FileManager.default.contents(atPath: p) else {
                throw KitError(nb: "Kan ikke lese «\(name)».", en: "Cannot read '\(name)'.")
            }
            files.append((name, Array(data)))
        }
        guard !files.isEmpty else {
            throw KitError(nb: "Ingen YAML-filer i «\(shown)».", en: "No YAML files in '\(shown)'.")
        }
        return files
    }
}

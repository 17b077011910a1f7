import ArgumentParser
import ArkitektKit
import ArkitektModel

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules in force: id, principle, severity and title."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        do {
            try finish(try Kit.rules(path: global.resolve(nil), language: global.lang))
        } catch let error as KitError {
            throw fail(error, language: global.lang)
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one rule: its principle, rationale, examples and how to exempt from it."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The rule id, e.g. data-owner-required.")
    var rule: String

    func run() throws {
        do {
            try finish(try Kit.explain(rule: rule, path: global.resolve(nil), language: global.lang))
        } catch let error as KitError {
            throw fail(error, language: global.lang)
        }
    }
}

import ArgumentParser
import ArkitektKit
import ArkitektModel

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules in force: id, principle, severity and title.",
        usage: """
        arkitekt rules [--format <format>] [-C <PATH>] [--lang <lang>]
        arkitekt rules test <pack>
        """,
        discussion: "The rules of the repository's configuration (.arkitekt.yaml): the core pack, ks or the packs it names. The subcommand test is optional: without it, the rules are listed.",
        subcommands: [RulesTestCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output: text (a table) or markdown (the rule reference, as in docs/rules.md).")
    var format: RulesFormat = .text

    func run() throws {
        try execute(global) { () throws(KitError) in try Kit.rules(path: global.resolve(nil), language: global.lang, markdown: format == .markdown) }
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
        try execute(global) { () throws(KitError) in try Kit.explain(rule: rule, path: global.resolve(nil), language: global.lang) }
    }
}

enum RulesFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown
}

struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the examples of a rule pack: each passing example must give no finding, each failing one exactly those it lists."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A rule pack file, or a folder of pack files.")
    var pack: String

    func run() throws {
        try execute(global) { () throws(KitError) in try Kit.testRules(packPath: global.resolve(pack), shownAs: pack, language: global.language()) }
    }
}

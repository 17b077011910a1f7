import ArgumentParser
import ArkitektKit
import ArkitektModel

struct LibraryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library",
        abstract: "The landscapes this one imports (spec.libraries): list them, or fetch them and pin them in .arkitekt.lock.",
        subcommands: [LibraryListCommand.self, LibraryUpdateCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    /// `arkitekt library` alone: how to use it, on stderr, and exit 2 (it did nothing).
    func run() throws {
        try needsSubcommand(global, LocalizedText(nb: "«library» trenger en underkommando: list eller update.",
                                                  en: "'library' needs a subcommand: list or update."),
                            usages: ["arkitekt library list [--format text|json]", "arkitekt library update [NAME ...]"])
    }
}

struct LibraryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each library: where from, the revision asked for, the commit it is pinned to, and whether that commit is fetched.",
        discussion: "Reads .arkitekt.yaml and .arkitekt.lock; never fetches."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output: text or json.")
    var format: ListFormat = .text

    func run() throws {
        try execute(global) { () throws(KitError) in try Libraries.list(path: global.resolve(nil), format: format, language: global.language()) }
    }
}

struct LibraryUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch libraries with libgit2 and pin each to the commit its rev names now, in .arkitekt.lock.",
        discussion: """
        Without NAME every library is updated; with NAMEs only those, and the others keep their pins. \
        The copies are kept under the git directory (arkitekt/libraries/), so that later runs read \
        them without the network. A tag or branch that has moved is said so.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Libraries to update (their names in spec.libraries).", valueName: "NAME"))
    var names: [String] = []

    func run() throws {
        try execute(global) { () throws(KitError) in try Libraries.update(path: global.resolve(nil), names: names, language: global.language()) }
    }
}

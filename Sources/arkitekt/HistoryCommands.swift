import ArgumentParser
import ArkitektKit
import ArkitektModel
import ArkitektReporting

extension DiffFormat: ExpressibleByArgument {}
extension ChangelogFormat: ExpressibleByArgument {}
extension TransitionsFormat: ExpressibleByArgument {}

struct HistoryArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Judge dates (exemptions, transitions) as of this day, on both sides of every comparison.", valueName: "YYYY-MM-DD"))
    var date: Day?

    func options(_ global: GlobalOptions) -> HistoryOptions {
        var options = HistoryOptions()
        options.path = global.resolve(nil)
        options.language = global.lang
        options.date = date
        options.colour = useColour(global.colour)
        return options
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The semantic difference of the landscape between two revisions.",
        discussion: """
        Elements added, removed and changed (field by field, before and after), and the findings \
        introduced and resolved. Identity is the element's ref: moving an element to another file \
        or reformatting it is no change. B defaults to the work tree. Both sides are judged on \
        one day: --date, else the day of B (its commit date; today for the work tree), so that \
        what time did (an exemption running out) is not taken for what the change did.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var history: HistoryArguments

    @Argument(help: "The older revision.")
    var from: String

    @Argument(help: "The newer revision (default: the work tree).")
    var to: String?

    @Option(name: .long, help: "Output format: text, json or markdown.")
    var format: DiffFormat = .text

    func run() throws {
        let options = history.options(global)
        try execute(global) { () throws(KitError) in try Kit.diff(from: from, to: to, format: format, options: options) }
    }
}

struct ChangelogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "The history of the landscape: what changed, commit by commit, grouped by tag.",
        discussion: """
        For each commit that touched the landscape (newest first): its id, date, author and subject, \
        the changes in words, the findings it introduced and resolved per principle, and how the \
        transitions progressed. RANGE is anything git log takes: v1..v2, main, HEAD~20..HEAD \
        (default: HEAD's first-parent history).
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var history: HistoryArguments

    @Argument(help: "The revision range (default: HEAD).")
    var range: String?

    @Option(name: .long, help: "Output format: markdown or json.")
    var format: ChangelogFormat = .markdown

    @Flag(name: .customLong("all-parents"), help: "Follow every parent of merges, not only the first.")
    var allParents = false

    func run() throws {
        var options = history.options(global)
        options.firstParent = !allParents
        let progress = Progress()
        try execute(global) { () throws(KitError) in
            try Kit.changelog(range: range, format: format, options: options, progress: { progress.update($0, $1) })
        }
    }
}

struct TransitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transitions",
        abstract: "Each transition with its progress, status and the commit where each condition was first met."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var history: HistoryArguments

    @Option(name: .long, help: ArgumentHelp("The revision to report on (default: HEAD).", valueName: "REV"))
    var rev: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: TransitionsFormat = .text

    func run() throws {
        let options = history.options(global)
        let progress = Progress()
        try execute(global) { () throws(KitError) in
            try Kit.transitions(rev: rev, format: format, options: options, progress: { progress.update($0, $1) })
        }
    }
}

extension GraphFormat: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the landscape, or the neighbourhood of elements, as Mermaid, DOT or SVG.",
        discussion: """
        With REFs (kind:name, or a name only one element has): those elements and what is within \
        --depth relations of them, both ways (an integration counts as one relation between the \
        systems it joins). Without: every system, in one box per owner, with the integrations \
        between them and the shared solutions they use. Mermaid renders in Markdown on GitHub and \
        GitLab; DOT is Graphviz's language; SVG is laid out by Graphviz in this process.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Elements to draw the neighbourhood of, e.g. system:sak.", valueName: "REF"))
    var refs: [String] = []

    @Option(name: .long, help: ArgumentHelp("How many relations away from the REFs to draw.", valueName: "N"))
    var depth = 1

    @Option(name: .long, help: "Output: mermaid, dot or svg.")
    var format: GraphFormat = .mermaid

    @Option(name: .long, help: ArgumentHelp("Read the landscape from this revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    func run() throws {
        var options = GraphOptions()
        options.path = global.resolve(nil)
        options.rev = rev
        options.refs = refs
        options.depth = depth
        options.format = format
        options.language = global.lang
        try execute(global) { () throws(KitError) in try Kit.graph(options) }
    }
}

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Publish the landscape as a static website: the architecture library, with diagrams, findings, history and the roadmap.",
        discussion: """
        Writes plain HTML pages into a folder (-o, default: site): a front page with the principle \
        scorecard, the trend of findings over the history and the roadmap; a page per element with \
        its fields, relations both ways, findings, exemptions, history and a diagram of its \
        neighbourhood; pages per principle and per rule; the systems by owner; and a filter over \
        every element. No server, no network: open index.html from the folder, or publish it on \
        any web server (GitLab/GitHub Pages). Every page reads without JavaScript.

        The landscape is read from the work tree (default) or --rev; the history from the commits \
        of HEAD (or REV). A folder that exists and was not made by arkitekt is refused unless \
        --force; arkitekt never deletes a file it did not write. Running again rewrites only the \
        files whose content changed.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The folder of the landscape (default: the current one).", valueName: "PATH"))
    var path: String?

    @Option(name: .long, help: ArgumentHelp("Read the landscape and its history from this revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("The folder to write the site to.", valueName: "DIR"))
    var output = "site"

    @Option(name: .long, help: ArgumentHelp("Judge dates (exemptions, transitions) as of this day instead of today (UTC).", valueName: "YYYY-MM-DD"))
    var date: Day?

    @Flag(name: .long, help: "Write into a folder that exists and was not made by arkitekt (no file in it is deleted).")
    var force = false

    @Flag(name: .customLong("no-history"), help: "Do not read the history (no trend, no per-element history): faster on a long history.")
    var noHistory = false

    @Flag(name: .customLong("no-cache"), help: "Parse every file and check every element, without what earlier runs left under the git directory.")
    var noCache = false

    func run() throws {
        var options = SiteOptions()
        options.path = global.resolve(path)
        options.rev = rev
        options.output = global.resolve(output)
        options.language = global.lang
        options.date = date
        options.force = force
        options.history = !noHistory
        if noCache { options.useCache = false }
        let progress = Progress()
        try execute(global, at: path) { () throws(KitError) in
            try Kit.site(options) { unit, done, total in progress.update(done, total, unit: unit) }
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take a model from another tool into the landscape format.",
        subcommands: [ImportArchimateCommand.self],
        defaultSubcommand: ImportArchimateCommand.self
    )
}

struct ImportArchimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archimate",
        abstract: "Import an ArchiMate model (Open Group exchange format 3.0/3.1, or an Archi .archimate file) as YAML files.",
        discussion: """
        Writes one file per element in folders by kind (-o, default: architecture), and a README \
        with what was read and what became of it: every element and relationship mapped, not \
        mapped (listed) or pointing at nothing (listed). The mapping is in docs/INTEROP.md. Each \
        file keeps the element's ArchiMate identifier: importing a newer version of the model \
        rewrites only the files of elements that changed in it, keeps their names, and removes \
        files of elements gone from the model unless they were edited. A folder that did not \
        come from an import is refused unless --force, and no file of yours is ever replaced.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The model file (.xml or .archimate).", valueName: "FILE"))
    var file: String

    @Option(name: .customShort("o"), help: ArgumentHelp("The folder to write the landscape to.", valueName: "DIR"))
    var output = "architecture"

    @Flag(name: .long, help: "Import into a folder that holds other files and no earlier import (none of them is replaced).")
    var force = false

    func run() throws {
        var options = ImportOptions()
        options.file = global.resolve(file)
        options.output = global.resolve(output)
        options.force = force
        options.language = global.language()
        try execute(global) { () throws(KitError) in try Kit.importArchimate(options) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Hand the landscape to another tool.",
        subcommands: [ExportArchimateCommand.self],
        defaultSubcommand: ExportArchimateCommand.self
    )
}

struct ExportArchimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archimate",
        abstract: "Write the landscape as an ArchiMate model in the Open Group exchange format (3.1), for Archi and other tools.",
        discussion: """
        Every element becomes an ArchiMate element, every integration a Flow relationship; owners, \
        hosting, capabilities, processes, data and uses become relationships; every other field is \
        a property named arkitekt: and its path. The model has folders by kind and owner, and a view \
        per owner laid out by Graphviz. Importing the file again (arkitekt import archimate) gives \
        the same landscape. The mapping is in docs/INTEROP.md. Without -o, the model goes to \
        standard output. A file that an earlier export did not write is not replaced unless --force.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The repository or folder of the landscape (default: the current folder).", valueName: "PATH"))
    var path: String?

    @Option(name: .long, help: ArgumentHelp("Read the landscape from this revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE"))
    var output: String?

    @Flag(name: .long, help: "Replace a file that an earlier export did not write.")
    var force = false

    func run() throws {
        var options = ExportOptions()
        options.path = global.resolve(path)
        options.rev = rev
        options.output = output.map { global.resolve($0) }
        options.force = force
        options.language = global.lang
        try execute(global) { () throws(KitError) in try Kit.exportArchimate(options) }
    }
}

extension ListFormat: ExpressibleByArgument {}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the elements of the landscape, one a line, sorted.",
        discussion: """
        Each line is the element's reference, title, owner and lifecycle, separated by tabs (empty \
        where the element has none). --kind, --owner and --lifecycle narrow the list; a filter \
        that names nothing the landscape has is an error with the nearest names.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The repository or folder of the landscape (default: the current folder).", valueName: "PATH"))
    var path: String?

    @Option(name: .long, help: ArgumentHelp("Only elements of this kind (system, data, group, ... or System, DataEntity, ...).", valueName: "K"))
    var kind: String?

    @Option(name: .long, help: ArgumentHelp("Only elements this group owns.", valueName: "G"))
    var owner: String?

    @Option(name: .long, help: ArgumentHelp("Only systems and platforms in this lifecycle (planned, development, production, phasing-out, retired).", valueName: "L"))
    var lifecycle: String?

    @Option(name: .long, help: "Output: text or json.")
    var format: ListFormat = .text

    @Option(name: .long, help: ArgumentHelp("Read the landscape from this revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    func run() throws {
        var options = ListOptions()
        options.path = global.resolve(path)
        options.rev = rev
        options.kind = kind
        options.owner = owner
        options.lifecycle = lifecycle
        options.format = format
        try execute(global) { () throws(KitError) in try Kit.list(options) }
    }
}

extension ShowFormat: ExpressibleByArgument {}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one element: its fields as read, what refers to it, its findings and the exemptions that cover it.",
        discussion: """
        REF is kind:name (system:sak-arkiv), or a name that only one element has. An unknown REF \
        is an error with the nearest names.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The element, e.g. system:sak-arkiv.", valueName: "REF"))
    var ref: String

    @Option(name: .long, help: "Output: text, yaml (the element as a document of the format, the rest as comments) or json.")
    var format: ShowFormat = .text

    @Option(name: .long, help: ArgumentHelp("Read the landscape from this revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("Judge dates (exemptions, transitions) as of this day instead of today (UTC).", valueName: "YYYY-MM-DD"))
    var date: Day?

    func run() throws {
        var options = ShowOptions()
        options.path = global.resolve(nil)
        options.rev = rev
        options.ref = ref
        options.format = format
        options.language = global.lang
        options.date = date
        try execute(global) { () throws(KitError) in try Kit.show(options) }
    }
}

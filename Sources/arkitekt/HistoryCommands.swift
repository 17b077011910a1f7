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
            try Kit.changelog(range: range, format: format, options: options, progress: progress.update)
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
            try Kit.transitions(rev: rev, format: format, options: options, progress: progress.update)
        }
    }
}

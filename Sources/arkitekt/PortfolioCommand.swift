import ArgumentParser
import ArkitektKit
import ArkitektModel

struct PortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "Many landscapes side by side: which shared solutions each uses, its capabilities and its findings by principle.",
        discussion: """
        FILE is a portfolio (kind: Portfolio) that lists landscapes in spec.landscapes, each with \
        name, git (a path from FILE's folder, or a URL), rev and optionally path (the landscape's \
        folder in its repository). Each landscape is checked at that revision with its own \
        configuration, rules and libraries, as 'arkitekt check --rev' does.

        The portfolio shows the reuse matrix (which landscape uses which shared solution, a \
        System of scope sector or national, and which runs a local look-alike instead), the \
        capability coverage (the systems each landscape supports each capability with) and the \
        principle scorecard (findings per landscape and principle, and the sector's totals).

        Landscapes given by URL are fetched with libgit2 into the cache folder \
        ($XDG_CACHE_HOME/arkitekt, else ~/.cache/arkitekt) on every run, unless --offline. What \
        each landscape gave is kept there too, by its commit: the next run reads again only the \
        landscapes that moved (-v says how many). Nothing is written into the landscapes' \
        repositories. docs/LIBRARIES.md has the details.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The portfolio file.", valueName: "FILE"))
    var file: String

    @Option(name: .long, help: "Output: text or json.")
    var format: ListFormat = .text

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the portfolio as a page of the site into this folder instead.", valueName: "DIR"))
    var output: String?

    @Flag(name: .long, help: "Write into a folder that exists and was not made by arkitekt (no file in it is deleted).")
    var force = false

    @Flag(name: .long, help: "Read the copies of landscapes given by URL as they were last fetched; fetch nothing.")
    var offline = false

    @Option(name: .long, help: ArgumentHelp("Judge dates (exemptions, transitions) as of this day instead of today (UTC).", valueName: "YYYY-MM-DD"))
    var date: Day?

    @Flag(name: .customLong("no-cache"), help: "Read every landscape again, without what earlier runs kept.")
    var noCache = false

    func run() throws {
        var options = PortfolioOptions()
        options.file = global.resolve(file)
        options.format = format
        options.output = output.map { global.resolve($0) }
        options.force = force
        options.offline = offline
        options.language = global.language()
        options.date = date
        if noCache { options.useCache = false }
        let progress = Progress()
        let verbose = global.verbose
        let unit = options.language == .en ? "landscapes" : "landskap"
        try execute(global) { () throws(KitError) in
            var result = try Portfolio.run(options) { done, total in progress.update(done, total, unit: unit) }
            if !verbose { result.notes = [] }
            return result
        }
    }
}

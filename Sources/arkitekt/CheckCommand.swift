import ArgumentParser
import ArkitektKit
import ArkitektModel
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the landscape against the rules.",
        discussion: """
        Reads the landscape from the work tree (default), a revision (--rev) or the index \
        (--staged) and prints every finding as file:line:col: severity: message [rule]. The \
        landscape is the YAML under architecture/ (or the paths .arkitekt.yaml names); Backstage \
        catalog descriptors are read too, and a repository that holds only those is read as a \
        landscape with no configuration (docs/INTEROP.md).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The folder to check (default: the current one), or files of a landscape: then only the findings in those files are reported.", valueName: "PATH"))
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read the landscape from this revision (branch, tag, commit id, HEAD~3, v1^{tree}), never from the disk.", valueName: "REV"))
    var rev: String?

    @Flag(name: .long, help: "Read the landscape from the index: what the next commit will contain (for pre-commit hooks).")
    var staged = false

    @Option(name: .long, help: ArgumentHelp("Report only findings that are new relative to the merge base of REF and the checked revision (HEAD for the work tree and the index).", valueName: "REF"))
    var against: String?

    @Option(name: .customLong("policy-from"), help: ArgumentHelp("With --against: read the configuration, the rule packs and the baseline from the merge base (base, the default: a change cannot switch off the gate that checks it) or from the change itself (head, for a change to the policy).", valueName: "base|head"))
    var policyFrom: PolicySource?

    @Option(name: .long, help: "Output format on stdout: text, json, sarif, junit, github (workflow annotations), gitlab (Code Quality) or markdown (a pull-request comment). Give it once.")
    var format: [OutputFormat] = []

    @Option(name: .long, help: ArgumentHelp("Also write the report in FORMAT to FILE, from the same evaluation; repeat it for several reports (sarif=arkitekt.sarif).", valueName: "FORMAT=FILE"))
    var output: [String] = []

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this level: error, warning, info or never.")
    var failOn: FailOn = .error

    @Option(name: .long, help: ArgumentHelp("Judge dates (exemptions, transitions) as of this day instead of today (UTC).", valueName: "YYYY-MM-DD"))
    var date: Day?

    @Option(name: .long, help: ArgumentHelp("Report only findings not recorded in this baseline file; list entries that no longer match.", valueName: "FILE"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record today's findings in this file (sorted JSON), for adopting arkitekt on an existing landscape.", valueName: "FILE"))
    var writeBaseline: String?

    @Flag(name: .customLong("show-suppressed"), help: "Also list the findings that exemptions suppress.")
    var showSuppressed = false

    @Flag(name: .long, help: "Print a summary per principle after the findings (text format).")
    var summary = false

    @Option(name: .customLong("max-findings"), parsing: .unconditional, help: ArgumentHelp("List at most N findings, the most severe first chosen (text format); the summary still counts all.", valueName: "N"))
    var maxFindings: Int?

    @Flag(name: [.customShort("q"), .long], help: "Print only the summary line (text format).")
    var quiet = false

    @Flag(name: .customLong("no-cache"), help: "Parse every file and check every element, without what earlier runs left under the git directory: the parse cache and the check state (also: ARKITEKT_NO_CACHE=1).")
    var noCache = false

    /// Mistakes the parser cannot see, reported in the run's language (what `validate()` throws
    /// the parser reports in its own words).
    /// The one format of stdout.
    var stdoutFormat: OutputFormat { format.first ?? .text }

    /// `--output FORMAT=FILE` values, checked.
    func outputs() throws -> [(format: OutputFormat, path: String)] {
        var seen = Set<String>()
        return try output.map { value in
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let names = OutputFormat.allCases.map(\.rawValue)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw UsageError(nb: "--output tar FORMAT=FIL, f.eks. «sarif=arkitekt.sarif», ikke «\(value)».",
                                 en: "--output takes FORMAT=FILE, e.g. 'sarif=arkitekt.sarif', not '\(value)'.")
            }
            guard let format = OutputFormat(rawValue: String(parts[0])) else {
                let meant = Suggest.closest(to: String(parts[0]), in: names)
                throw UsageError(nb: "Ukjent format «\(parts[0])» i --output.\(meant.map { " Mente du «\($0)»?" } ?? "") Formatene er: \(names.joined(separator: ", ")).",
                                 en: "Unknown format '\(parts[0])' in --output.\(meant.map { " Did you mean '\($0)'?" } ?? "") The formats are: \(names.joined(separator: ", ")).")
            }
            let path = global.resolve(String(parts[1]))
            guard seen.insert(path).inserted else {
                throw UsageError(nb: "To rapporter kan ikke skrives til samme fil («\(parts[1])»).",
                                 en: "Two reports cannot go to the same file ('\(parts[1])').")
            }
            return (format, path)
        }
    }

    func refuseMistakes() throws {
        if policyFrom != nil && against == nil {
            throw UsageError(nb: "--policy-from gjelder bare sammen med --against.", en: "--policy-from applies only together with --against.")
        }
        if format.count > 1 {
            throw UsageError(nb: "--format er gitt \(format.count) ganger; stdout har ett format. Skriv flere rapporter med --output FORMAT=FIL.",
                             en: "--format is given \(format.count) times; stdout has one format. Write more reports with --output FORMAT=FILE.")
        }
        if rev != nil && staged {
            throw UsageError(nb: "--rev og --staged kan ikke brukes sammen: velg én kilde.",
                             en: "--rev and --staged cannot be used together: choose one source.")
        }
        if let maxFindings, maxFindings < 0 {
            throw UsageError(nb: "--max-findings må være 0 eller mer.", en: "--max-findings must be 0 or more.")
        }
        if (quiet || maxFindings != nil) && stdoutFormat != .text {
            let option = quiet ? "--quiet" : "--max-findings"
            throw UsageError(nb: "\(option) gjelder tekstformatet; de andre formatene tar med alle funn.",
                             en: "\(option) applies to the text format; the other formats keep every finding.")
        }
        if quiet && (summary || global.verbose) {
            throw UsageError(nb: "--quiet kan ikke brukes sammen med \(summary ? "--summary" : "--verbose").",
                             en: "--quiet cannot be used together with \(summary ? "--summary" : "--verbose").")
        }
        if paths.count > 1, let missing = paths.first(where: { !FileManager.default.fileExists(atPath: global.resolve($0)) }) {
            throw UsageError(nb: "«\(missing)» finnes ikke.", en: "'\(missing)' does not exist.")
        }
        if paths.count > 1 && paths.contains(where: { isFile(global.resolve($0)) }) && paths.contains(where: { !isFile(global.resolve($0)) }) {
            throw UsageError(nb: "Gi mapper (ett landskap hver) eller filer i ett landskap, ikke begge deler.",
                             en: "Give folders (a landscape each) or files of one landscape, not both.")
        }
    }

    func run() throws {
        try refuseMistakes()
        var options = CheckOptions()
        let resolved = paths.map { global.resolve($0) }
        if let first = resolved.first, isFile(first) {
            options.files = resolved
        } else if resolved.count > 1 {
            options.folders = resolved
        } else {
            options.path = resolved.first ?? global.resolve(nil)
        }
        if let rev { options.selection = .revision(rev) } else if staged { options.selection = .staged }
        options.format = stdoutFormat
        options.outputs = try outputs()
        options.failOn = failOn
        options.language = global.lang
        options.date = date
        options.showSuppressed = showSuppressed
        options.against = against
        options.policyFromHead = policyFrom == .head
        if noCache { options.useCache = false }
        options.verbose = global.verbose
        options.maxFindings = maxFindings
        options.quiet = quiet
        options.githubStepSummary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"]
        options.baseline = baseline.map { global.resolve($0) }
        options.writeBaseline = writeBaseline.map { global.resolve($0) }
        options.principleSummary = summary
        options.colour = stdoutFormat == .text && useColour(global.colour)
        try execute(global, at: options.files.first ?? options.folders.first ?? options.path) { () throws(KitError) in try Kit.check(options) }
    }
}

/// Where `check --against` reads the policy (configuration, rule packs, baseline) from.
enum PolicySource: String, ExpressibleByArgument, CaseIterable {
    case base, head
}

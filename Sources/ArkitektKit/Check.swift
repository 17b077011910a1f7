import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import Foundation

/// The output formats of `check`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, gitlab, markdown
}

/// The level at or above which findings make the run fail (exit 1).
public enum FailOn: String, Sendable, CaseIterable {
    case error, warning, info, never

    /// The lowest severity that fails the run; nil for `never`.
    public var threshold: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }

    public func fails(_ findings: [Finding]) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}

/// Everything `check` is asked to do.
public struct CheckOptions: Sendable {
    public var path: String = "."
    /// Whether a staged check at the top of a repository without a landscape of its own looks
    /// for the landscapes in its folders (off for the checks of those landscapes themselves).
    public var discoversLandscapes = true
    /// Several folders named on the command line: each is (or lies in) a landscape of its own,
    /// checked with its own configuration and reported on its own (`Kit.checkLandscapes`).
    public var folders: [String] = []
    /// Files named on the command line (as an editor or a lint-staged tool passes them): the
    /// landscape they belong to is checked, and only the findings located in them are reported.
    public var files: [String] = []
    public var selection: SourceSelection = .workTree
    public var format: OutputFormat = .text
    public var failOn: FailOn = .error
    /// The command line's language; nil: the configuration's, else Bokmål.
    public var language: Language?
    /// "Today"; nil: the current UTC date.
    public var date: Day?
    public var showSuppressed = false
    public var principleSummary = false
    public var colour = false
    /// Only findings new relative to the merge base of this ref and the checked revision.
    public var against: String?
    /// With `against`: read the configuration, the rule packs and the baseline from the checked
    /// source (the change) rather than from the merge base.
    public var policyFromHead = false
    /// Only findings not recorded in this baseline file.
    public var baseline: String?
    /// Record today's findings in this file (and report as usual).
    public var writeBaseline: String?
    /// Reuse what earlier runs parsed (the parse cache under the git directory).
    public var useCache = Kit.cacheEnabled
    /// List every file read and every file skipped, with why, on stderr.
    public var verbose = false
    /// Text: list at most this many findings (the most severe).
    public var maxFindings: Int?
    /// Text: only the summary line.
    public var quiet = false
    /// Reports written to files besides the one on stdout (`--output FORMAT=FILE`).
    public var outputs: [(format: OutputFormat, path: String)] = []
    /// GitHub's `GITHUB_STEP_SUMMARY` file: with `--format github`, the Markdown report is added
    /// to it, so that the findings the annotations cannot show are in the job's summary.
    public var githubStepSummary: String?

    public init() {}
}

/// What a command produced: the text for stdout and the exit code.
public struct CommandOutput: Sendable {
    public let stdout: String
    public let exitCode: Int32
    /// Lines for stderr, printed before stdout (`--verbose`).
    public var notes: [String] = []
    /// The analysis the output reports, for a caller that exits right after printing: holding it
    /// until then spares freeing the whole landscape object by object.
    public var analysis: Analysis? = nil
}

/// The result of checking one source, before it is reported.
public struct Analysis: Sendable {
    public let landscape: Landscape
    public let result: EngineResult
    public let ruleSet: RuleSet
    public let config: Config
    /// The landscape paths read: the configuration's, and any added (`alsoUnder`).
    public var paths: [String] = []
    /// Whether the findings were taken up from an earlier run's evaluation (`CheckState`)
    /// rather than evaluated over the whole landscape.
    public var resumed = false
    /// Why the rules that read the history had none to read, when they had none.
    public var historyNote: LocalizedText?
    /// What the landscape took in from its libraries (`spec.libraries`): in `landscape`, never
    /// reported on.
    public var imported = ImportedLibraries()
    /// What reading took (the repository, its index, the parse cache), kept as long as the
    /// analysis is: a command that exits right after printing does not free it piece by piece.
    var kept: KeptAlive?
}

/// Values held only so that they live as long as their holder; never read.
final class KeptAlive: @unchecked Sendable {
    private let values: [Any]
    init(_ values: [Any]) { self.values = values }
}

public enum Kit {
    /// Work a command is about to need, started on other threads at once, before the command
    /// line is parsed: libgit2's initialisation, most of which is reading CA certificates.
    public static func prepare() {
        GitRepository.prepareInBackground()
    }

    /// Waits for what `prepare` started; the process must call this before it exits.
    public static func settle() {
        GitRepository.finishPreparing()
    }

    /// The parse cache is on unless `ARKITEKT_NO_CACHE` is set (to anything but 0).
    public static var cacheEnabled: Bool {
        guard let value = ProcessInfo.processInfo.environment["ARKITEKT_NO_CACHE"] else { return true }
        return value == "0"
    }

    /// The `language` of the configuration of the landscape at PATH, if it can be read (for the
    /// messages of a run that stops before it reads the configuration itself). Never throws: a
    /// configuration that cannot be read has no language.
    public static func configuredLanguage(path given: String) -> Language? {
        // A path that does not exist (a deleted file an editor passes, a typo) speaks for the
        // nearest folder above it that does.
        var path = given
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard parent != path, !parent.isEmpty else { break }
            path = parent
        }
        guard let workspace = try? Workspace(path: path, selection: .workTree) else {
            // A bare repository: the configuration of HEAD.
            return (try? Workspace(path: path, selection: .revision("HEAD")))?.configLanguage
        }
        return workspace.configLanguage
    }

    /// Today in UTC.
    public static func today() -> Day {
        Day(unixSeconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// config -> source -> landscape -> rules -> exemptions: the findings of one source.
    ///
    /// A landscape of no file is an error (exit 2) unless `allowEmpty`: the side of a comparison
    /// from before the landscape existed.
    ///
    /// `policy`: where the configuration and the rule packs are read from, when not from the
    /// landscape's own source (`check --against` reads them from the merge base).
    /// `alsoUnder`: landscape paths read besides the configuration's (the paths a change adds,
    /// when the policy comes from the merge base: adding a path weakens nothing).
    public static func analyse(_ workspace: Workspace, today: Day, useCache: Bool = cacheEnabled,
                               allowEmpty: Bool = false, policy: Workspace? = nil, alsoUnder: [String] = []) throws(KitError) -> Analysis {
        // The other cores read the parse cache and parse the built-in rule packs meanwhile.
        try workspace.refuseConflicts()
        let rules = policy ?? workspace
        let config = try rules.config()
        var limits = Limits()
        limits.catalog = workspace.catalogSettings(config, alsoUnder: alsoUnder)
        let cache = useCache ? workspace.readParseCache(limits: limits) : nil
        BuiltInPacks.prepare()
        let ruleSet = try rules.ruleSet(config)
        let engine = Kit.engine(ruleSet, config)
        // The history is read ahead while the landscape is read, and walked on another core
        // while the rules that do not read it run.
        let readAhead = engine.readsHistory
            ? CheckHistory.readAhead(workspace, paths: workspace.landscapePaths(config, alsoUnder: alsoUnder), limits: limits, keep: useCache)
            : nil
        let loaded: (source: LoadedSource, paths: [String])
        do {
            loaded = try workspace.loadLandscape(config, alsoUnder: alsoUnder, limits: limits, cache: cache)
        } catch {
            readAhead?.finish()
            throw error
        }
        var (source, paths) = loaded
        if source.landscape.fileCount == 0 && !allowEmpty {
            readAhead?.finish()
            throw workspace.noLandscape(config)
        }
        // The libraries' elements, at their pinned commits, beside the landscape's own. They are
        // what the landscape is made of, not policy: the landscape's own configuration names them
        // (under --against too, where the rules come from the merge base), and its lock pins them.
        let imported: ImportedLibraries
        do {
            imported = try Libraries.read(workspace, policy == nil ? config : try workspace.config(), limits: limits)
        } catch {
            readAhead?.finish()
            throw error
        }
        if !imported.elements.isEmpty {
            let merged = (imported.elements + source.landscape.elements).enumerated().sorted { a, b in
                let order = ByteOrder.compare(a.element.file, b.element.file)
                return order == 0 ? a.offset < b.offset : order < 0
            }.map(\.element)
            source.landscape = Landscape(elements: merged, fileCount: source.landscape.fileCount + imported.fileCount)
        }
        let walk = engine.readsHistory ? CheckHistory.Walk(workspace, source: source, paths: paths, today: today, limits: limits,
                                                           keep: useCache, readAhead: readAhead) : nil
        // The index and the work tree keep their evaluation for the next run (`CheckState`).
        // A catalog's descriptors depend on one another: its evaluation is not kept.
        // Nor is one that takes in libraries: its lookups hold elements no file of its own has.
        let kept = source.hasCatalog || !workspace.overlay.isEmpty || !imported.pins.isEmpty ? nil : workspace.repository.flatMap { repository in
            CheckState.evaluate(source, engine: engine, history: { walk?.made.history }, today: today,
                                directory: repository.gitDirectory + "/arkitekt",
                                signature: CheckState.signature(limits: limits, prefix: workspace.prefix,
                                                                inputs: rules.inputsRead + (policy == nil ? [] : workspace.inputsRead)))
        }
        var later: (@Sendable () -> ChangeHistory?)?
        if let walk { later = { walk.made.history } }
        var result = kept?.result ?? engine.run(source.landscape, loaderFindings: source.findings, today: today, history: later)
        if !imported.elements.isEmpty {
            // Findings are the landscape's own: what the rules say of a library's elements is the library's business.
            var own = EngineResult(findings: result.findings.filter { !Libraries.isImported($0.location.file) },
                                   suppressed: result.suppressed.filter { !Libraries.isImported($0.location.file) })
            own.checked = result.checked.mapValues { refs in refs.filter { ref in source.landscape[ref].map { !Libraries.isImported($0.file) } ?? true } }
            result = own
        }
        let historyNote = walk?.made.note
        return Analysis(landscape: source.landscape, result: result, ruleSet: ruleSet, config: config, paths: paths, resumed: kept?.resumed ?? false,
                        historyNote: historyNote, imported: imported, kept: KeptAlive([workspace, source.cache as Any, source.files]))
    }

    /// A `duplicate-name` finding in the work tree or the index also says which copy is new since
    /// HEAD, when only one of them is (the one most likely made by mistake, or on purpose).
    static func newerCopies(_ findings: [Finding], workspace: Workspace, landscape: Landscape) -> [Finding] {
        guard workspace.selection == .workTree || workspace.selection == .staged, let repository = workspace.repository,
              !repository.isEmpty, findings.contains(where: { $0.rule == "duplicate-name" }) else { return findings }
        var inHead: [String: Bool] = [:]
        func committed(_ file: String) -> Bool {
            if let known = inHead[file] { return known }
            let present = ((try? repository.file(at: file, .revision("HEAD"), maxBytes: 0)) ?? nil) != nil
            inHead[file] = present
            return present
        }
        return findings.map { finding in
            guard finding.rule == "duplicate-name", let ref = finding.element else { return finding }
            let files = Set(landscape.all(ref).map(\.file)).sorted(by: ByteOrder.less)
            let new = files.filter { !committed($0) }
            guard files.count > 1, new.count == 1, let file = new.first else { return finding }
            var annotated = finding
            annotated.message = LocalizedText(nb: finding.message.nb + " Kopien i \(file) er ny: den finnes ikke i HEAD.",
                                              en: finding.message.en + " The copy in \(file) is new: it is not in HEAD.")
            return annotated
        }
    }

    /// GitHub keeps at most 1 MiB of a step's summary.
    static let maxStepSummaryBytes = 1 << 20

    /// Adds the Markdown report to the step summary file (never replacing what is there), as
    /// large as the room GitHub leaves in it allows; when not even the counts fit, a line that
    /// says so instead.
    static func appendStepSummary(_ report: CheckReport, to path: String, language: Language) throws(KitError) {
        var info = stat()
        let existing = stat(path, &info) == 0 ? Int(info.st_size) : 0
        let room = maxStepSummaryBytes - existing - 1
        var text = "\n" + MarkdownReporter.render(report, maxBytes: max(0, room))
        if existing + text.utf8.count > maxStepSummaryBytes {
            text = LocalizedText(nb: "\narkitekt: rapporten får ikke plass i sammendraget (GitHub tar høyst 1 MiB per steg).\n",
                                 en: "\narkitekt: the report does not fit in the summary (GitHub takes at most 1 MiB per step).\n").text(language)
            guard existing + text.utf8.count <= maxStepSummaryBytes else { return }
        }
        try ReportFile.writeInPlace(Array(text.utf8), to: path, flags: O_WRONLY | O_APPEND | O_CREAT,
                                    failure: LocalizedText(nb: "Kan ikke skrive til GITHUB_STEP_SUMMARY («\(path)»).",
                                                           en: "Cannot write to GITHUB_STEP_SUMMARY ('\(path)')."))
    }

    /// Baselines name the findings of one landscape: several landscapes in one run take none.
    static func refuseSeveralWithBaselines(_ options: CheckOptions) throws(KitError) {
        guard options.baseline != nil || options.writeBaseline != nil else { return }
        throw KitError(nb: "En baseline hører til ett landskap, og denne kjøringen gjelder flere. Kjør arkitekt i landskapets mappe (-C MAPPE) med baseline, også i en pre-commit-krok.",
                       en: "A baseline belongs to one landscape, and this run covers several. Run arkitekt in the landscape's folder (-C FOLDER) with the baseline, in a pre-commit hook too.")
    }

    /// Several landscapes, each checked on its own (its configuration, its rules) and reported on
    /// its own: text under a heading per landscape, JSON as a list; the exit code is the worst.
    static func checkLandscapes(_ folders: [String], _ options: CheckOptions) throws(KitError) -> CommandOutput {
        try refuseSeveralWithBaselines(options)
        guard options.format == .text || options.format == .json, options.outputs.isEmpty else {
            throw KitError(nb: "Flere landskap i én kjøring gir tekst eller JSON (--format text|json), uten --output. Kjør arkitekt én gang per landskap for de andre rapportene.",
                           en: "Several landscapes in one run give text or JSON (--format text|json), without --output. Run arkitekt once per landscape for the other reports.")
        }
        // Each folder stands for the landscape it lies in; two folders of one landscape are one.
        // A folder in no landscape is an error of its own, never the whole repository.
        var landscapes: [(shown: String, path: String)] = []
        for folder in folders {
            let workspace = try Workspace(path: folder, selection: options.selection)
            guard workspace.rootFound else { throw workspace.noLandscape(Config()) }
            let path = workspace.prefix.isEmpty ? workspace.root : workspace.root + "/" + workspace.prefix
            guard !landscapes.contains(where: { $0.path == path }) else { continue }
            let shown = workspace.repository == nil || workspace.prefix.isEmpty ? path : workspace.prefix
            landscapes.append((shown, path))
        }
        // One language for the whole run: the first landscape's, as for its errors.
        let language = options.language ?? folders.first.flatMap { Kit.configuredLanguage(path: $0) } ?? .nb
        landscapes.sort { ByteOrder.less($0.shown, $1.shown) }
        var texts: [String] = []
        var exitCode: Int32 = 0
        var notes: [String] = []
        var analyses: [Analysis] = []
        for landscape in landscapes {
            var one = options
            one.folders = []
            one.path = landscape.path
            one.language = language
            one.discoversLandscapes = false
            let output = try check(one)
            exitCode = max(exitCode, output.exitCode)
            notes += output.notes
            if let analysis = output.analysis { analyses.append(analysis) }
            if options.format == .json {
                let report = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
                texts.append("  {\"path\": \(JSON.string(landscape.shown).rendered()), \"report\": \(report)}")
            } else {
                texts.append("== \(landscape.shown) ==\n" + output.stdout)
            }
        }
        let stdout = options.format == .json ? "{\"landscapes\": [\n" + texts.joined(separator: ",\n") + "\n]}\n" : texts.joined(separator: "\n")
        return CommandOutput(stdout: stdout, exitCode: exitCode, notes: notes, analysis: analyses.first)
    }

    /// The folder of a file named on the command line.
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    /// The repository paths of the files named on the command line; each must lie in the
    /// landscape (one of its paths), or the run stops: a file arkitekt does not read cannot pass.
    static func focusedFiles(_ files: [String], workspace: Workspace, paths: [String]) throws(KitError) -> Set<String> {
        var focus = Set<String>()
        let prefixes = paths.map(workspace.inRepository)
        for file in files {
            guard let path = workspace.repositoryPath(ofFile: file), FileFilter.isLandscapeFileName(path),
                  prefixes.contains(where: { $0.isEmpty || path.hasPrefix($0 + "/") }) else {
                let folders = paths.map(workspace.shown).joined(separator: ", ")
                throw KitError(nb: "«\(file)» ligger ikke i landskapet (\(folders)), så arkitekt leser den ikke.",
                               en: "'\(file)' is not part of the landscape (\(folders)), so arkitekt does not read it.")
            }
            // A file the source does not hold is not read: say so rather than report it clean.
            if let repository = workspace.repository, ((try? repository.file(at: path, workspace.selection, maxBytes: 0)) ?? nil) == nil {
                let why: LocalizedText
                switch workspace.selection {
                case .workTree: why = LocalizedText(nb: "git ignorerer den (.gitignore)", en: "git ignores it (.gitignore)")
                case .staged: why = LocalizedText(nb: "den er ikke i indeksen; kjør «git add» først", en: "it is not in the index; 'git add' it first")
                case .revision(let rev): why = LocalizedText(nb: "den finnes ikke i revisjon «\(rev)»", en: "it is not in revision '\(rev)'")
                }
                throw KitError(nb: "«\(file)» er ikke lest: \(why.nb).", en: "'\(file)' was not read: \(why.en).")
            }
            focus.insert(path)
        }
        return focus
    }

    /// The rule engine of a rule set with the configuration's severity overrides.
    static func engine(_ ruleSet: RuleSet, _ config: Config) -> RuleEngine {
        RuleEngine(ruleSet: ruleSet, overrides: config.severity.mapValues(\.value))
    }

    /// Turns source files into a landscape and the findings of reading them.
    public static func load(_ files: [SourceFile], limits: Limits = Limits()) -> (Landscape, [Finding]) {
        let (landscape, findings) = LandscapeLoader.assemble(SourceLoading.load(files, limits: limits), fileCount: files.count, limits: limits)
        return (landscape, findings)
    }

    /// `arkitekt check`.
    public static func check(_ options: CheckOptions) throws(KitError) -> CommandOutput {
        if !options.folders.isEmpty {
            return try checkLandscapes(options.folders, options)
        }
        let workspace = try Workspace(path: options.files.isEmpty ? options.path : directory(of: options.files[0]), selection: options.selection)
        // A staged check at the top of a repository that holds landscapes in folders of its own
        // (a monorepo, with the hook at the top) checks each landscape the staged change touches.
        if options.selection == .staged, options.files.isEmpty, options.discoversLandscapes {
            if !workspace.rootFound, let touched = try workspace.landscapesTouchedByTheIndex() {
                try workspace.refuseConflicts()
                try refuseSeveralWithBaselines(options)
                guard !touched.isEmpty else {
                    let language = options.language ?? Kit.configuredLanguage(path: options.path) ?? .nb
                    return CommandOutput(stdout: "", exitCode: 0, notes: [LocalizedText(
                        nb: "arkitekt: ingen av landskapene i depotet er berørt av det som er lagt til for commit.",
                        en: "arkitekt: the staged change touches none of the repository's landscapes.").text(language)])
                }
                return try checkLandscapes(touched.map { $0.isEmpty ? workspace.root : workspace.root + "/" + $0 }, options)
            }
        }
        // Every report of the run comes from this one evaluation; none may go over a baseline (checked before anything is written).
        for output in options.outputs {
            let target = ReportFile.target(of: output.path)
            for (option, path) in [("--baseline", options.baseline), ("--write-baseline", options.writeBaseline)] {
                guard let path, ReportFile.target(of: path) == target else { continue }
                throw KitError(nb: "--output og \(option) peker på samme fil («\(output.path)»); rapporten ville skrevet over baseline.",
                               en: "--output and \(option) name the same file ('\(output.path)'); the report would overwrite the baseline.")
            }
        }
        let day = options.date ?? today()
        // With --against, the rules in force are those of the merge base: a change cannot turn
        // off the gate that checks it.
        let mergeBase = try options.against.map { ref throws(KitError) in try Kit.mergeBase(ref, workspace: workspace) }
        let policy = options.policyFromHead ? nil : mergeBase.map { workspace.at(.revision($0)) }
        // The change's own configuration, read once: its landscape paths are read too (a path it
        // adds is checked in the change), and it is compared with the merge base's below.
        let changeConfig = policy == nil ? nil : try workspace.config()
        let analysis = try analyse(workspace, today: day, useCache: options.useCache, policy: policy, alsoUnder: changeConfig?.paths ?? [])
        let language = options.language ?? analysis.config.language ?? .nb
        var findings = Self.newerCopies(analysis.result.findings, workspace: workspace, landscape: analysis.landscape)
        let allFindings = findings
        // The baseline records the whole landscape, whatever part of it is reported.
        if let path = options.writeBaseline {
            try AtomicFile.write(Baseline(findings).rendered, to: path)
        }
        var suppressed = analysis.result.suppressed
        if !options.files.isEmpty {
            let focus = try focusedFiles(options.files, workspace: workspace, paths: analysis.paths)
            findings = findings.filter { focus.contains($0.location.file) }
            suppressed = suppressed.filter { focus.contains($0.location.file) }
        }
        var known: [Finding] = []
        var stale: [FindingIdentity] = []
        var weakened: [Finding] = []
        // The rules in force at the merge base place what the change does to them: a change
        // cannot silence its own policy-weakened findings, even with --policy-from head.
        var baseEngine: RuleEngine?
        var moves: [LibraryMove] = []
        if let base = mergeBase {
            let (new, baseAnalysis) = try newSince(base: base, workspace: workspace, analysis: analysis, today: day, useCache: options.useCache)
            moves = Libraries.moves(from: baseAnalysis, to: analysis)
            let newIDs = Set(new.map(\.identity))
            known = findings.filter { !newIDs.contains($0.identity) }
            findings = findings.filter { newIDs.contains($0.identity) }
            let placing = engine(baseAnalysis.ruleSet, baseAnalysis.config)
            baseEngine = placing
            let headConfig = changeConfig ?? analysis.config
            let headRules = changeConfig == nil ? analysis.ruleSet : try workspace.ruleSet(headConfig)
            let configFile = workspace.inRepository(Config.fileName)
            weakened = PolicyComparison.findings(
                base: PolicySide(config: baseAnalysis.config, configFile: configFile, ruleSet: baseAnalysis.ruleSet,
                                 exemptions: baseAnalysis.landscape.unorderedElements(of: .exemption),
                                 files: Set(baseAnalysis.landscape.elements.map(\.file)).map(workspace.inLandscape)),
                head: PolicySide(config: headConfig, configFile: configFile, ruleSet: headRules,
                                 exemptions: analysis.landscape.unorderedElements(of: .exemption),
                                 files: Set(analysis.landscape.elements.map(\.file)).map(workspace.inLandscape)),
                engine: placing)
        }
        if let path = options.baseline {
            let head = try Baseline.read(path)
            // A baseline kept in the repository (tracked at HEAD) is the merge base's, like the
            // configuration; one made during the run (untracked) is taken as it is.
            var baseline = head
            if let base = mergeBase, let placing = baseEngine, let repository = workspace.repository,
               let inRepo = workspace.repositoryPath(ofFile: path),
               ((try? repository.file(at: inRepo, .revision("HEAD"), maxBytes: 0)) ?? nil) != nil {
                var older = Baseline(entries: [])
                if let file = (try? repository.file(at: inRepo, .revision(base))) ?? nil {
                    older = try Baseline.parse(Data(file.content), path: path)
                }
                if !options.policyFromHead { baseline = older }
                let added = Set(head.entries).subtracting(older.entries).count
                if let finding = PolicyComparison.baselineFinding(added: added, file: inRepo, engine: placing) {
                    weakened.append(finding)
                }
            }
            let split = baseline.apply(findings)
            findings = split.new
            known += split.known
            // Stale: an entry no finding of the whole landscape matches, whatever this run reports.
            stale = baseline.apply(allFindings).stale
        }
        if !weakened.isEmpty {
            findings = (findings + weakened).sorted(by: Finding.sortedOrder)
        }
        var report = CheckReport(findings: findings, suppressed: suppressed,
                                 showSuppressed: options.showSuppressed, elementCount: analysis.landscape.elements.count - analysis.imported.elements.count,
                                 fileCount: analysis.landscape.fileCount - analysis.imported.fileCount, ruleSet: analysis.ruleSet, language: language)
        report.known = known.sorted(by: Finding.sortedOrder)
        report.staleBaseline = stale
        report.libraries = moves
        // A check taken up from an earlier run's state did not look at every element; JUnit lists
        // what passed, so it is worked out for it.
        let formats = [options.format] + options.outputs.map(\.format)
        report.checked = formats.contains(.junit) && analysis.result.checked.isEmpty
            ? engine(analysis.ruleSet, analysis.config).checked(analysis.landscape, today: day)
            : analysis.result.checked
        report.comparesWithBase = options.against != nil || options.baseline != nil
        report.failThreshold = options.failOn.threshold
        // policy-weakened compares two states: it looked at no element of this one.
        report.checked[PolicyComparison.ruleID] = nil
        var summaryNote: String?
        func render(_ format: OutputFormat, forStdout: Bool) throws(KitError) -> String {
            switch format {
            case .text:
                var style = TextReporter.Style(colour: forStdout && options.colour, principleSummary: options.principleSummary)
                if forStdout {
                    style.maxFindings = options.maxFindings
                    style.quiet = options.quiet
                }
                return TextReporter.render(report, style: style)
            case .json: return JSONReporter.render(report)
            case .sarif: return SARIFReporter.render(report, version: ArkitektVersion.current)
            case .junit: return JUnitReporter.render(report)
            case .github:
                if forStdout, let path = options.githubStepSummary, !path.isEmpty {
                    // The summary is extra: when it cannot be written, the annotations and the
                    // exit code still stand, and stderr says why it is missing.
                    do {
                        try appendStepSummary(report, to: path, language: language)
                    } catch {
                        summaryNote = "arkitekt: \(Severity.warning.displayName.text(language)): \(error.text(language))"
                    }
                }
                return GitHubReporter.render(report)
            case .gitlab: return GitLabReporter.render(report)
            case .markdown: return MarkdownReporter.render(report)
            }
        }
        // Every report of the run comes from this one evaluation.
        for output in options.outputs {
            try ReportFile.write(try render(output.format, forStdout: false), to: output.path)
        }
        let text = try render(options.format, forStdout: true)
        var output = CommandOutput(stdout: text, exitCode: options.failOn.fails(findings) ? 1 : 0, analysis: analysis)
        if options.verbose {
            var limits = Limits()
            limits.catalog = workspace.catalogSettings(analysis.config)
            output.notes = try workspace.fileAccount(analysis.config, paths: analysis.paths, limits: limits).map { $0.line(language) }
        }
        if let summaryNote { output.notes.append(summaryNote) }
        if let note = analysis.historyNote { output.notes.append(note.text(language)) }
        return output
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules

/// The configuration and rules in force at each commit of a walk, read once per distinct
/// configuration (and rule pack contents).
final class CommitRules {
    let workspace: Workspace
    var byKey: [String: (Config, RuleSet)] = [:]
    var configByBlob: [String: Config] = [:]
    /// The walk reads Backstage descriptors from the whole repository (`Config.discovery`):
    /// decided once, at the newest commit, whose landscape paths held nothing.
    var discovery = false
    /// The libraries of each commit, by its configuration's and lock's blobs; read once each
    /// (one store, so that a library pinned to one commit in many commits is parsed once).
    var librariesByKey: [String: Result<(files: [String: LoadedFile], pins: [LibraryPin]), KitError>] = [:]
    /// The commits whose libraries must be read (the newest of a walk): elsewhere a commit whose
    /// libraries cannot be read is walked without them, and the step says why.
    var strict = Set<String>()
    let libraryStore = LibraryStore(directory: nil)

    init(_ workspace: Workspace) { self.workspace = workspace }

    /// The configuration of a commit and a key that changes whenever it or a pack it names does.
    func context(_ commit: CommitInfo) throws(KitError) -> (CommitContext, Config, RuleSet) {
        let at = workspace.at(.revision(commit.id))
        let configFile = try at.file(Config.fileName)
        let configKey = configFile?.blobID ?? "none"
        let config: Config
        if let cached = configByBlob[configKey] {
            config = cached
        } else {
            config = try at.config()
            configByBlob[configKey] = config
        }
        var key = configKey
        for pack in config.rulePacks where !BuiltInPacks.isBuiltIn(pack.value) {
            guard let path = Config.normalise(path: pack.value) else { continue }
            let files = try at.files(under: [path])
            key += "|" + files.map { "\($0.path)=\($0.blobID ?? "")" }.joined(separator: ",")
        }
        let rules: RuleSet
        if let cached = byKey[key] {
            rules = cached.1
        } else {
            rules = try at.ruleSet(config)
            byKey[key] = (config, rules)
        }
        let engine = Kit.engine(rules, config)
        let paths = discovery && config.discovers ? Config.union(config.readPaths, Config.discovery) : config.readPaths
        var context = CommitContext(prefixes: paths.map(workspace.inRepository), key: key, engine: engine)
        if !config.libraries.isEmpty {
            // The libraries at the commit's pins: a moved pin reads the landscape whole again.
            let lockKey = configKey + "|" + ((try at.file(Lock.fileName))?.blobID ?? "none")
            let read: Result<(files: [String: LoadedFile], pins: [LibraryPin]), KitError>
            if let known = librariesByKey[lockKey] {
                read = known
            } else {
                at.libraryStore = libraryStore
                var limits = Limits()
                limits.catalog.ownPaths = nil
                do {
                    let imported = try Libraries.read(at, config, limits: limits)
                    read = .success((Dictionary(imported.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }), imported.pins))
                } catch {
                    read = .failure(error)
                }
                librariesByKey[lockKey] = read
            }
            switch read {
            case .success(let (files, pins)):
                context.libraryFiles = files
                context.libraries = pins
                context.key += "|libraries:" + pins.map { "\($0.name)=\($0.commit)" }.joined(separator: ",")
            case .failure(let error):
                if strict.contains(commit.id) { throw error }
                context.libraryProblem = error.message
                context.key += "|libraries:unread"
            }
        }
        return (context, config, rules)
    }
}

/// Options of the history commands.
public struct HistoryOptions: Sendable {
    public var path: String = "."
    public var language: Language?
    public var firstParent = true
    public var date: Day?
    /// ANSI colour in text and Markdown output (the command line decides: a terminal, NO_COLOR, --color).
    public var colour = false
    public init() {}
}

extension Kit {
    static func repository(_ workspace: Workspace, for command: String) throws(KitError) -> GitRepository {
        guard let repository = workspace.repository else {
            throw KitError(nb: "«\(command)» trenger et git-depot.", en: "'\(command)' needs a git repository.")
        }
        return repository
    }

    static func commit(_ rev: String, in repository: GitRepository) throws(KitError) -> CommitInfo {
        do {
            return try repository.commit(rev)
        } catch {
            throw Workspace.unknownRevision(rev, in: repository, detail: error)
        }
    }

    /// What to do about a shallow clone, the same wherever history is missing.
    static let shallowAdvice = LocalizedText(
        nb: "Hent hele historikken, f.eks. «git fetch --unshallow», eller «fetch-depth: 0» i GitHub Actions (GIT_DEPTH: 0 i GitLab CI).",
        en: "Fetch the full history, e.g. 'git fetch --unshallow', or 'fetch-depth: 0' in GitHub Actions (GIT_DEPTH: 0 in GitLab CI).")

    /// A walk over `commits` that would reach the boundary of a shallow clone (a commit whose
    /// parents the clone does not have) is refused: it would report the boundary commit as the one
    /// that added everything.
    static func refuseShallowBoundary(_ commits: [CommitInfo], in repository: GitRepository, command: String) throws(KitError) {
        guard repository.isShallow else { return }
        let boundary: Set<String>
        do {
            boundary = try repository.shallowCommits()
        } catch {
            throw gitFailure(error)
        }
        guard let reached = commits.first(where: { boundary.contains($0.id) }) else { return }
        let short = String(reached.id.prefix(12))
        throw KitError(
            nb: "Historikken er ufullstendig: klonen er grunn (shallow), og «arkitekt \(command)» når grensen ved commit \(short), der eldre historikk mangler. \(shallowAdvice.nb)",
            en: "The history is incomplete: this is a shallow clone, and 'arkitekt \(command)' reaches its boundary at commit \(short), beyond which the history is missing. \(shallowAdvice.en)")
    }

    /// Walks the history of a range with the rules of each commit; `visit` sees each step
    /// (oldest first) while its landscapes are at hand. Returns the steps, newest first.
    static func walk(_ workspace: Workspace, commits: [CommitInfo], progress: ((Int, Int) -> Void)?, reportsFindings: Bool = false,
                     visit: HistoryWalker.Visit) throws(KitError) -> [HistoryStep] {
        let repository = try repository(workspace, for: "history")
        let rules = CommitRules(workspace)
        // Which files are arkitekt's own and which are read for Backstage descriptors: as the
        // newest commit's configuration says.
        // Without catalog paths every file read is arkitekt's own, at every commit, whatever its
        // configuration names (as before Backstage descriptors were read).
        var limits = Limits()
        limits.catalog.ownPaths = nil
        if let newest = commits.first {
            // The newest commit's libraries must be there: the walk ends on what a check reads now.
            rules.strict = [newest.id]
            let config = try rules.context(newest).1
            let own = FileFilter(prefixes: config.readPaths.map(workspace.inRepository), extensions: FileFilter.landscapeExtensions)
            if config.discovers, (try? repository.entries(newest.id, filter: own))?.isEmpty == true {
                rules.discovery = true
            }
            if rules.discovery || config.catalogPaths != nil {
                limits.catalog = workspace.catalogSettings(config)
            } else {
                limits.catalog.placeholderOwners = config.placeholderOwners.map { $0.lowercased() }
            }
        }
        let walker = HistoryWalker(repository: repository, limits: limits, context: { commit in
            try rules.context(commit).0
        })
        walker.reportsFindings = reportsFindings
        // What the rules say of a library's elements is the library's business, in history too.
        walker.reports = { !Libraries.isImported($0.location.file) }
        var steps: [HistoryStep] = []
        do {
            try walker.walk(commits, progress: progress) { step, landscapes in
                steps.append(step)
                try visit(step, landscapes)
            }
        } catch {
            throw gitFailure(error)
        }
        return steps.reversed()
    }

    /// `arkitekt diff A [B]`: B is the work tree when not given.
    public static func diff(from: String, to: String?, format: DiffFormat, options: HistoryOptions) throws(KitError) -> CommandOutput {
        let workspace = try Workspace(path: options.path, selection: .revision(from), command: "diff")
        let repository = try repository(workspace, for: "diff")
        let fromCommit = try commit(from, in: repository)
        // Both sides are judged on one day (`judgementDay`): what changed is then what the change
        // did, never what time did (an exemption running out between the two commits).
        let newWorkspace: Workspace
        let newDay: Day
        let toLabel: String
        if let to {
            let toCommit = try commit(to, in: repository)
            newWorkspace = workspace.at(.revision(to))
            newDay = options.date ?? HistoryWalker.day(of: toCommit)
            toLabel = toCommit.id
        } else {
            newWorkspace = try Workspace(path: options.path, selection: .workTree)
            newDay = options.date ?? today()
            toLabel = "worktree"
        }
        // The older side is history (`at`): a configuration of the past that cannot be mended does
        // not stop the comparison.
        let old = try analyse(workspace.at(.revision(from)), today: newDay, allowEmpty: true)
        let new = try analyse(newWorkspace, today: newDay, allowEmpty: true)
        // Neither side has a landscape file: nothing was compared.
        if old.landscape.fileCount == 0 && new.landscape.fileCount == 0 {
            throw newWorkspace.noLandscape(new.config)
        }
        let language = options.language ?? new.config.language ?? .nb
        // The landscape's own changes; what moved in its libraries is told library by library.
        let report = DiffReport(from: fromCommit.id, to: toLabel,
                                diff: LandscapeDiff(from: Libraries.own(old.landscape, old.imported), to: Libraries.own(new.landscape, new.imported)),
                                delta: FindingDelta(from: old.result.findings, to: new.result.findings),
                                old: old.landscape, new: new.landscape, language: language,
                                libraries: Libraries.moves(from: old, to: new))
        let text: String
        switch format {
        case .text: text = DiffReporter.text(report, paint: Paint(options.colour))
        case .json: text = DiffReporter.json(report)
        case .markdown: text = DiffReporter.markdown(report)
        }
        return CommandOutput(stdout: text, exitCode: 0)
    }

    /// The merge base of REF and the checked revision (HEAD for the work tree and the index).
    static func mergeBase(_ ref: String, workspace: Workspace) throws(KitError) -> String {
        let repository = try repository(workspace, for: "check --against")
        let checked: String
        if case .revision(let rev) = workspace.selection { checked = rev } else { checked = "HEAD" }
        let refCommit = try commit(ref, in: repository)
        let checkedCommit = try commit(checked, in: repository)
        let base: String?
        do {
            base = try repository.mergeBase(refCommit.id, checkedCommit.id)
        } catch {
            throw gitFailure(error)
        }
        guard let base else {
            if repository.isShallow {
                throw KitError(
                    nb: "Fant ikke felles opphav (merge base) for «\(ref)» og «\(checked)»: klonen er grunn (shallow). \(shallowAdvice.nb)",
                    en: "No merge base of '\(ref)' and '\(checked)': this is a shallow clone. \(shallowAdvice.en)")
            }
            throw KitError(nb: "«\(ref)» og «\(checked)» har ingen felles historikk (ingen merge base).",
                           en: "'\(ref)' and '\(checked)' share no history (no merge base).")
        }
        return base
    }

    /// `check --against REF`: the findings of the checked source that the merge base did not
    /// have, by identity, and the merge base's own analysis (which reads the parse cache only
    /// when the run may: `--no-cache` holds for both sides).
    static func newSince(base: String, workspace: Workspace, analysis: Analysis, today: Day, useCache: Bool) throws(KitError) -> (new: [Finding], base: Analysis) {
        let baseAnalysis = try analyse(workspace.at(.revision(base)), today: today, useCache: useCache, allowEmpty: true)
        let known = Set(baseAnalysis.result.findings.map(\.identity))
        return (analysis.result.findings.filter { !known.contains($0.identity) }, baseAnalysis)
    }

    /// `arkitekt changelog [RANGE]`.
    public static func changelog(range: String?, format: ChangelogFormat, options: HistoryOptions,
                                 progress: ((Int, Int) -> Void)? = nil) throws(KitError) -> CommandOutput {
        let workspace = try Workspace(path: options.path, selection: .revision("HEAD"), command: "changelog")
        let repository = try repository(workspace, for: "changelog")
        let commits: [CommitInfo]
        let tags: [String: [String]]
        do {
            commits = try repository.log(range, firstParent: options.firstParent)
            tags = try repository.tagsByCommit()
        } catch {
            if repository.isEmpty {
                throw Workspace.unknownRevision(range ?? "HEAD", in: repository, detail: error)
            }
            throw KitError(nb: "Ukjent revisjonsområde «\(range ?? "HEAD")»: ingen gren, tagg eller commit heter det.",
                           en: "Unknown revision range '\(range ?? "HEAD")': no branch, tag or commit has that name.", detail: "\(error)")
        }
        try refuseShallowBoundary(commits, in: repository, command: "changelog")
        var entries: [ChangelogEntry] = []
        let steps = try walk(workspace, commits: commits, progress: progress) { step, landscapes in
            guard step.touched, let landscapes else { return }
            // The landscape's own changes in words; what moved in a library, library by library.
            let own = step.diff.restricted { !Libraries.isImported($0) }
            let moves = step.libraryMoves.map { move in
                LibraryMove(move, diff: step.diff.restricted { Landscape.library(of: $0) == move.name })
            }
            entries.append(ChangelogEntry(step: step.with(diff: own), tags: tags[step.commit.id] ?? [],
                                          sentences: ChangeNarrator.sentences(own, old: landscapes.before, new: landscapes.after),
                                          transitions: TransitionTracker.changes(at: step, landscapes), libraries: moves))
        }
        entries.reverse()
        if entries.isEmpty, let tip = commits.first {
            // No commit of the range touched the landscape: fine when there is one at its end (the
            // range only changed other files), an error when there is none at all.
            _ = try analyse(workspace.at(.revision(tip.id)), today: HistoryWalker.day(of: tip))
        }
        let language = options.language ?? (try? workspace.config().language) ?? .nb
        let report = ChangelogReport(range: range ?? "HEAD", entries: entries, tags: tags, commits: steps.map(\.commit), language: language)
        let text = format == .json ? ChangelogReporter.json(report) : ChangelogReporter.markdown(report, paint: Paint(options.colour))
        return CommandOutput(stdout: text, exitCode: 0)
    }

    /// `arkitekt transitions [--rev REV]`.
    public static func transitions(rev: String?, format: TransitionsFormat, options: HistoryOptions,
                                   progress: ((Int, Int) -> Void)? = nil) throws(KitError) -> CommandOutput {
        let revision = rev ?? "HEAD"
        let workspace = try Workspace(path: options.path, selection: .revision(revision), command: "transitions")
        let repository = try repository(workspace, for: "transitions")
        let head = try commit(revision, in: repository)
        let commits: [CommitInfo]
        do {
            commits = try repository.log(head.id, firstParent: options.firstParent)
        } catch {
            throw gitFailure(error)
        }
        try refuseShallowBoundary(commits, in: repository, command: "transitions")
        let today = options.date ?? today()
        let final = try analyse(workspace, today: today)
        let tracker = TransitionTracker.Progress(final: final.landscape)
        _ = try walk(workspace, commits: commits, progress: progress) { step, landscapes in
            tracker.observe(step, landscapes)
        }
        let progressList = tracker.finish(final: final.landscape, commit: head, today: today)
        let language = options.language ?? final.config.language ?? .nb
        let report = TransitionsReport(revision: head, transitions: progressList, language: language)
        return CommandOutput(stdout: format == .json ? TransitionsReporter.json(report) : TransitionsReporter.text(report, paint: Paint(options.colour)), exitCode: 0)
    }
}

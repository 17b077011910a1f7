import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektSite
import Foundation

public struct PortfolioOptions: Sendable {
    /// The portfolio file (`kind: Portfolio`).
    public var file = "portfolio.yaml"
    public var format: ListFormat = .text
    /// Where to write the portfolio's page (a site folder), when given.
    public var output: String?
    public var force = false
    /// Read the copies of landscapes given by URL as they are, without fetching.
    public var offline = false
    public var language: Language?
    public var date: Day?
    /// Keep each landscape's summary for the next run (and use what the last run kept).
    public var useCache = Kit.cacheEnabled
    public init() {}
}

/// `arkitekt portfolio FILE`: many landscapes (a sector's municipalities) read side by side, each
/// at a revision of its own repository with its libraries, and shown as a reuse matrix of the
/// shared solutions, the capabilities each supports and a principle scorecard.
///
/// What a landscape gives the portfolio depends only on its commit, its `path`, the day and this
/// version of arkitekt (its libraries are pinned in that commit): it is kept under the cache
/// folder by those, so that the next run reads again only the landscapes that moved.
public enum Portfolio {
    /// `$XDG_CACHE_HOME/arkitekt`, or `~/.cache/arkitekt`.
    static func cacheRoot() throws(KitError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/arkitekt" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/arkitekt" }
        throw KitError(nb: "arkitekt portfolio trenger en mappe for kopiene av landskapene, og verken XDG_CACHE_HOME eller HOME er satt til en absolutt sti.",
                       en: "arkitekt portfolio needs a folder for its copies of the landscapes, and neither XDG_CACHE_HOME nor HOME is set to an absolute path.")
    }

    /// How many landscapes a run read, and how many came from the last run's summaries.
    public struct Counts: Sendable, Equatable {
        public var read = 0
        public var kept = 0
    }

    public static func run(_ options: PortfolioOptions, progress: ((Int, Int) -> Void)? = nil) throws(KitError) -> CommandOutput {
        let (report, counts, language) = try read(options, progress: progress)
        var output: CommandOutput
        if let folder = options.output {
            let written = try writePage(report, to: folder, force: options.force, language: language)
            let index = folder.hasSuffix("/") ? folder + "index.html" : folder + "/index.html"
            output = CommandOutput(stdout: LocalizedText(
                nb: "Skrev porteføljen til \(folder): \(written.files) filer, \(written.changed) endret. Åpne \(index) i en nettleser.\n",
                en: "Wrote the portfolio to \(folder): \(written.files) files, \(written.changed) changed. Open \(index) in a browser.\n").text(language), exitCode: 0)
        } else {
            output = CommandOutput(stdout: options.format == .json ? report.json() : report.text(language), exitCode: 0)
        }
        output.notes = [LocalizedText(nb: "arkitekt portfolio: \(counts.read) landskap lest, \(counts.kept) uendret siden forrige kjøring",
                                      en: "arkitekt portfolio: \(counts.read) landscapes read, \(counts.kept) unchanged since the last run").text(language)]
        return output
    }

    /// Reads every landscape of the portfolio (or takes its summary from the last run).
    static func read(_ options: PortfolioOptions, progress: ((Int, Int) -> Void)?) throws(KitError) -> (PortfolioReport, Counts, Language) {
        let file = options.file
        guard let bytes = FileManager.default.contents(atPath: file) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                throw KitError(nb: "«\(file)» er en mappe. Gi porteføljefilen (kind: Portfolio).", en: "'\(file)' is a folder. Give the portfolio file (kind: Portfolio).")
            }
            throw KitError(nb: "Porteføljefilen «\(file)» finnes ikke.", en: "The portfolio file '\(file)' does not exist.")
        }
        let portfolio = try Kit.strictly { () throws(ConfigError) in try PortfolioFile.parse(Array(bytes), file: file) }
        let language = options.language ?? .nb
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
        let root = try cacheRoot()
        let store = LibraryStore(directory: root + "/libraries")
        let today = options.date ?? Kit.today()
        var counts = Counts()
        var landscapes: [PortfolioLandscape] = []
        let opened = openAll(portfolio.landscapes, folder: folder, cache: root, offline: options.offline)
        for (done, (entry, opening)) in zip(portfolio.landscapes, opened).enumerated() {
            let name = entry.name.value
            func failed(_ error: KitError) -> KitError {
                KitError(LocalizedText(nb: "\(name): " + error.message.nb, en: "\(name): " + error.message.en),
                         at: error.location ?? entry.name.location, detail: error.detail)
            }
            do {
                let commit = try opening.get()
                // The build too, as for the parse cache: a rebuilt binary may judge differently under one version.
                let key = SHA256.hex(["arkitekt-portfolio 1", ArkitektVersion.current, CheckState.build, name, entry.git.value, entry.rev.value, commit,
                                      entry.path?.value ?? "", today.description].joined(separator: "\n"))
                let keptPath = root + "/portfolio/" + key + ".json"
                if options.useCache, let data = FileManager.default.contents(atPath: keptPath),
                   let kept = try? JSONDecoder().decode(PortfolioLandscape.self, from: data) {
                    landscapes.append(kept)
                    counts.kept += 1
                    // Used now: kept from pruning for another while.
                    try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: keptPath)
                } else {
                    // Opened again here, one at a time: a portfolio of a thousand repositories
                    // never holds a thousand open at once. What was fetched above is there now.
                    let repository = try Portfolio.repository(entry, folder: folder, cache: root, offline: true)
                    // A library's relative `git:` is beside the landscape's source, wherever its copy is.
                    let source = Libraries.source(entry, root: folder)
                    let base = source.hasPrefix("/") ? (repository.workDirectory ?? source) : source
                    let summary = try summarise(entry, repository: repository, commit: commit, base: base, store: store, today: today)
                    landscapes.append(summary)
                    counts.read += 1
                    if options.useCache, let data = try? JSONEncoder().encode(summary),
                       (try? FileManager.default.createDirectory(atPath: root + "/portfolio", withIntermediateDirectories: true)) != nil {
                        // A summary that cannot be kept is read again next time.
                        _ = AtomicFile.writeRebuildable(Array(data), to: keptPath)
                    }
                }
            } catch {
                throw failed(error)
            }
            progress?(done + 1, portfolio.landscapes.count)
        }
        if options.useCache { prune(root + "/portfolio", unusedFor: 14) }
        return (PortfolioReport(landscapes: landscapes), counts, language)
    }

    /// Removes the summaries no run has used for `days` days: each day judged (and each commit)
    /// makes new ones, and the folder would otherwise only grow. Only arkitekt's own `.json`
    /// files there are touched.
    static func prune(_ folder: String, unusedFor days: Int) {
        let limit = Date().addingTimeInterval(-Double(days) * 86_400)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".json") && name.count == 69 {
            let path = folder + "/" + name
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < limit else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// How many landscapes are opened (and fetched) at once: mostly waiting for disks and
    /// networks, not for the cores.
    static let openers = 8

    /// The commit of every landscape, in the portfolio's order, opened (and fetched) `openers` at
    /// a time; the repositories are closed again.
    static func openAll(_ entries: [LibrarySpec], folder: String, cache: String, offline: Bool) -> [Result<String, KitError>] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Result<String, KitError>?]
            init(_ count: Int) { values = Array(repeating: nil, count: count) }
        }
        let results = Results(entries.count)
        let slots = DispatchSemaphore(value: openers)
        let group = DispatchGroup()
        for index in entries.indices {
            slots.wait()
            DispatchQueue.global().async(group: group) {
                defer { slots.signal() }
                let result: Result<String, KitError>
                do throws(KitError) {
                    let entry = entries[index]
                    result = .success(try commit(of: entry, in: try repository(entry, folder: folder, cache: cache, offline: offline)))
                } catch {
                    result = .failure(error)
                }
                results.lock.lock()
                results.values[index] = result
                results.lock.unlock()
            }
        }
        group.wait()
        return results.values.map { $0 ?? .failure(KitError(nb: "Landskapet ble ikke åpnet.", en: "The landscape was not opened.")) }
    }

    /// The landscape's repository. A path is read where it lies; a URL from a copy under the
    /// cache folder, fetched first unless `offline`.
    static func repository(_ entry: LibrarySpec, folder: String, cache: String, offline: Bool) throws(KitError) -> GitRepository {
        let url = Libraries.source(entry, root: folder)
        let repository: GitRepository
        if url.hasPrefix("/") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw KitError(nb: "Landskapet skal ligge i \(url), men den mappen finnes ikke. Rett «git:» i porteføljen (en sti er fra porteføljefilens mappe).",
                               en: "The landscape should be at \(url), but that folder does not exist. Correct 'git:' in the portfolio (a path is taken from the portfolio file's folder).",
                               at: entry.git.location)
            }
            let found: GitRepository?
            do {
                found = try GitRepository.discover(from: url)
            } catch {
                throw KitError(Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke åpne git-depotet i \(url)", en: "Cannot open the git repository at \(url)")).message,
                               at: entry.git.location, detail: "\(error)")
            }
            guard let found else {
                throw KitError(nb: "\(url) er ikke et git-depot. Porteføljen leser hvert landskap fra git, ved revisjonen «rev:».",
                               en: "\(url) is not a git repository. The portfolio reads each landscape from git, at its 'rev:'.", at: entry.git.location)
            }
            repository = found
        } else {
            let path = cache + "/landscapes/" + entry.name.value + "-" + SHA256.hex(url).prefix(12) + ".git"
            do {
                if offline {
                    guard let copy = try GitRepository.openBare(at: path) else {
                        throw KitError(nb: "Landskapet er ikke hentet før, og --offline henter ingenting. Kjør uten --offline én gang.",
                                       en: "The landscape has not been fetched before, and --offline fetches nothing. Run once without --offline.",
                                       at: entry.git.location)
                    }
                    repository = copy
                } else {
                    let existed = FileManager.default.fileExists(atPath: path)
                    repository = try GitRepository.openOrCreateBare(at: path)
                    do {
                        try repository.fetchAll(from: url)
                    } catch {
                        // A copy made for this fetch and left empty would pass for one made before.
                        if !existed { try? FileManager.default.removeItem(atPath: path) }
                        throw error
                    }
                }
            } catch {
                let failure = Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke hente landskapet fra \(entry.git.value)",
                                                                         en: "Cannot fetch the landscape from \(entry.git.value)"))
                throw KitError(failure.message, at: entry.git.location, detail: failure.detail)
            }
        }
        return repository
    }

    /// The commit the landscape's `rev` names in its repository.
    static func commit(of entry: LibrarySpec, in repository: GitRepository) throws(KitError) -> String {
        do {
            return try repository.commit(entry.rev.value).id
        } catch {
            let rev = entry.rev.value
            let near = Suggest.closest(to: rev, in: (try? repository.branchAndTagNames()) ?? [])
            throw KitError(nb: "Depotet har ingen tag, gren eller commit «\(rev)»." + (near.map { " Mente du «\($0)»?" } ?? ""),
                           en: "The repository has no tag, branch or commit '\(rev)'." + (near.map { " Did you mean '\($0)'?" } ?? ""),
                           at: entry.rev.location, detail: "\(error)")
        }
    }

    /// Checks one landscape at `commit`, with its libraries, and keeps what the portfolio shows.
    static func summarise(_ entry: LibrarySpec, repository: GitRepository, commit: String, base: String, store: LibraryStore, today: Day) throws(KitError) -> PortfolioLandscape {
        let workspace = Workspace(backing: .repository(repository), selection: .revision(commit),
                                  root: repository.workDirectory ?? repository.gitDirectory, prefix: entry.path?.value ?? "")
        workspace.libraryStore = store
        workspace.libraryBase = base
        // Nothing is written into the landscapes' repositories: the portfolio keeps its own cache.
        let analysis = try Kit.analyse(workspace, today: today, useCache: false)
        let imported = analysis.imported
        return PortfolioLandscape.summarise(
            name: entry.name.value, git: entry.git.value, rev: entry.rev.value, commit: commit, landscape: analysis.landscape,
            ownFiles: analysis.landscape.fileCount - imported.fileCount,
            libraries: imported.pins,
            findings: analysis.result.findings, principles: analysis.ruleSet.principles, isOwn: { !Libraries.isImported($0.file) })
    }

    /// Writes the portfolio's page and the site's style sheet into `folder`, with the same care
    /// as `arkitekt site`: nothing of the user's is replaced.
    static func writePage(_ report: PortfolioReport, to folder: String, force: Bool, language: Language) throws(KitError) -> (files: Int, changed: Int) {
        let previous = try Kit.siteFolder(folder, force: force)
        let files = PortfolioPage.files(report, language: language, version: ArkitektVersion.current)
        try Kit.refuseOthersFiles(files.map(\.path), in: folder, previous: previous)
        let writer = Kit.SiteWriter(output: folder, previous: previous)
        for file in files where !writer.write(file) { break }
        let written = try writer.finish()
        return (written.files, written.changed)
    }
}

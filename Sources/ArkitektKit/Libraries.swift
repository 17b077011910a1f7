import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import Foundation

/// `arkitekt library list` and `arkitekt library update`: the libraries `.arkitekt.yaml` names,
/// the commits `.arkitekt.lock` pins them to, and the copies of their repositories kept under the
/// git directory (`arkitekt/libraries/`), fetched with libgit2.
public enum Libraries {
    /// Where the fetched copy of a library lives: under the repository's own git directory (the
    /// common one, for linked worktrees), one bare repository per library and source, so that a
    /// library whose `git:` changes starts a copy of its own.
    static func cachePath(_ repository: GitRepository, _ library: LibrarySpec, url: String, store: LibraryStore? = nil) -> String {
        (store?.directory ?? repository.commonDirectory + "/arkitekt/libraries") + "/" + library.name.value + "-" + SHA256.hex(url).prefix(12) + ".git"
    }

    /// `git:` as libgit2 is to read it: a URL as written (`scheme://…`, or git's scp-like
    /// `[user@]host:path`, a colon before any slash); a path made absolute against the
    /// repository's work tree.
    static func source(_ library: LibrarySpec, root: String) -> String {
        let git = library.git.value
        if git.contains("://") { return git }
        if let colon = git.firstIndex(of: ":"), colon != git.startIndex, !git[..<colon].contains("/") { return git }
        if git.hasPrefix("/") { return URL(fileURLWithPath: git).standardizedFileURL.path }
        if root.contains("://") {
            // Relative to a URL, as git takes a submodule's relative URL: `../felles` beside it.
            if root.hasPrefix("file://") { return source(library, root: String(root.dropFirst("file://".count))) }
            return URL(string: git, relativeTo: URL(string: root.hasSuffix("/") ? root : root + "/"))?.standardized.absoluteString ?? git
        }
        return URL(fileURLWithPath: root + "/" + git).standardizedFileURL.path
    }

    /// The landscape's workspace, its configuration and its lock (nil when there is none yet).
    static func open(_ path: String) throws(KitError) -> (workspace: Workspace, repository: GitRepository, config: Config, lock: Lock?, lockPath: String) {
        let workspace = try Workspace(path: path, selection: .workTree)
        guard let repository = workspace.repository, let root = repository.workDirectory else {
            throw KitError(nb: "Biblioteker hentes med git: kjør arkitekt i et git-depot med arbeidskatalog.",
                           en: "Libraries are fetched with git: run arkitekt in a git repository with a work tree.")
        }
        let config = try workspace.config()
        let lockPath = root + "/" + workspace.inRepository(Lock.fileName)
        var lock: Lock?
        if let bytes = FileManager.default.contents(atPath: lockPath) {
            lock = try Kit.strictly { () throws(ConfigError) in try Lock.parse(Array(bytes), file: workspace.inRepository(Lock.fileName)) }
        }
        return (workspace, repository, config, lock, lockPath)
    }

    /// One line per library: its name, where from, the revision asked for, the commit pinned and
    /// whether that commit is in the local copy.
    public static func list(path: String, format: ListFormat, language: Language) throws(KitError) -> CommandOutput {
        let (_, repository, config, lock, _) = try open(path)
        let root = repository.workDirectory ?? ""
        struct Row { let name, git, rev: String; let commit: String?; let cached: Bool; let stale: Bool }
        var rows: [Row] = []
        for library in config.libraries.sorted(by: { ByteOrder.less($0.name.value, $1.name.value) }) {
            let entry = lock?.entry(library.name.value)
            let url = source(library, root: root)
            let copy = try? GitRepository.openBare(at: cachePath(repository, library, url: url))
            let cached = entry.map { entry in ((try? copy?.commit(entry.commit)) ?? nil) != nil } ?? false
            let stale = entry.map { $0.git != library.git.value || $0.rev != library.rev.value } ?? false
            rows.append(Row(name: library.name.value, git: library.git.value, rev: library.rev.value, commit: entry?.commit, cached: cached, stale: stale))
        }
        if format == .json {
            let items = rows.map { row in
                "{\"cached\":\(row.cached),\"commit\":\(row.commit.map(JSONText.quoted) ?? "null"),\"git\":\(JSONText.quoted(row.git)),"
                    + "\"name\":\(JSONText.quoted(row.name)),\"rev\":\(JSONText.quoted(row.rev)),\"stale\":\(row.stale)}"
            }
            return CommandOutput(stdout: "{\"libraries\":[" + items.joined(separator: ",") + "]}\n", exitCode: 0)
        }
        if rows.isEmpty {
            return CommandOutput(stdout: LocalizedText(nb: "Ingen biblioteker i \(Config.fileName) (spec.libraries).\n",
                                                       en: "No libraries in \(Config.fileName) (spec.libraries).\n").text(language), exitCode: 0)
        }
        var text = ""
        for row in rows {
            let pin: String
            if let commit = row.commit {
                pin = String(commit.prefix(12)) + (row.cached ? "" : LocalizedText(nb: " (ikke hentet)", en: " (not fetched)").text(language))
                    + (row.stale ? LocalizedText(nb: " (låsen gjelder en annen git/rev: kjør «arkitekt library update \(row.name)»)",
                                                 en: " (the lock is for another git/rev: run 'arkitekt library update \(row.name)')").text(language) : "")
            } else {
                pin = LocalizedText(nb: "ikke låst: kjør «arkitekt library update»", en: "not locked: run 'arkitekt library update'").text(language)
            }
            text += "\(row.name)  \(row.git)  \(row.rev)  \(pin)\n"
        }
        return CommandOutput(stdout: text, exitCode: 0)
    }

    /// Fetches the named libraries (all when `names` is empty), pins each to the commit its `rev`
    /// names now, and writes `.arkitekt.lock`. Says for each what moved.
    public static func update(path: String, names: [String], language: Language) throws(KitError) -> CommandOutput {
        let (_, repository, config, lock, lockPath) = try open(path)
        let root = repository.workDirectory ?? ""
        let known = Set(config.libraries.map(\.name.value))
        for name in names where !known.contains(name) {
            let suggestion = Suggest.closest(to: name, in: known.sorted())
            throw KitError(nb: "\(Config.fileName) har ikke noe bibliotek som heter «\(name)»" + (suggestion.map { ". Mente du «\($0)»?" } ?? ".")
                               + (known.isEmpty ? " Legg bibliotekene i spec.libraries." : ""),
                           en: "\(Config.fileName) has no library named '\(name)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? ".")
                               + (known.isEmpty ? " Put the libraries in spec.libraries." : ""))
        }
        let chosen = config.libraries.filter { names.isEmpty || names.contains($0.name.value) }
        var entries: [String: Lock.Entry] = [:]
        // Libraries not updated now keep their pin; those gone from the configuration are dropped.
        for entry in lock?.entries ?? [] where known.contains(entry.name) { entries[entry.name] = entry }
        var lines: [String] = []
        for library in chosen.sorted(by: { ByteOrder.less($0.name.value, $1.name.value) }) {
            let name = library.name.value
            let url = source(library, root: root)
            if url.hasPrefix("/"), !FileManager.default.fileExists(atPath: url) {
                throw KitError(nb: "Biblioteket «\(name)» skal ligge i \(url), men den mappen finnes ikke. Rett «git:» i \(Config.fileName).",
                               en: "The library '\(name)' should be at \(url), but that folder does not exist. Correct 'git:' in \(Config.fileName).",
                               at: library.git.location)
            }
            let copy: GitRepository
            do {
                copy = try GitRepository.openOrCreateBare(at: cachePath(repository, library, url: url))
                try copy.fetchAll(from: url)
            } catch {
                let failure = Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke hente biblioteket «\(name)» fra \(library.git.value)",
                                                                         en: "Cannot fetch the library '\(name)' from \(library.git.value)"))
                throw KitError(failure.message, at: library.git.location, detail: failure.detail)
            }
            guard let commit = try? copy.commit(library.rev.value) else {
                let rev = library.rev.value
                let names = (try? copy.branchAndTagNames()) ?? []
                let hint: LocalizedText
                if let near = Suggest.closest(to: rev, in: names) {
                    hint = LocalizedText(nb: " Mente du «\(near)»?", en: " Did you mean '\(near)'?")
                } else if rev == "HEAD" {
                    hint = LocalizedText(nb: " Skriv grenen (for eksempel main) eller en tag i stedet for HEAD.",
                                         en: " Write the branch (main, say) or a tag instead of HEAD.")
                } else {
                    hint = LocalizedText(nb: "", en: "")
                }
                throw KitError(nb: "Biblioteket «\(name)» har ingen tag, gren eller commit «\(rev)».\(hint.nb)",
                               en: "The library '\(name)' has no tag, branch or commit '\(rev)'.\(hint.en)", at: library.rev.location)
            }
            let old = entries[name]
            entries[name] = Lock.Entry(name: name, git: library.git.value, rev: library.rev.value, commit: commit.id)
            let short = String(commit.id.prefix(12))
            let line: LocalizedText
            switch old {
            case nil:
                line = LocalizedText(nb: "\(name): låst til \(short) (\(library.rev.value))", en: "\(name): pinned to \(short) (\(library.rev.value))")
            case let old? where old.commit == commit.id:
                line = LocalizedText(nb: "\(name): uendret, \(short) (\(library.rev.value))", en: "\(name): unchanged, \(short) (\(library.rev.value))")
            case let old? where old.rev == library.rev.value:
                line = LocalizedText(nb: "\(name): «\(library.rev.value)» har flyttet seg fra \(old.commit.prefix(12)) til \(short)",
                                     en: "\(name): '\(library.rev.value)' has moved from \(old.commit.prefix(12)) to \(short)")
            case let old?:
                line = LocalizedText(nb: "\(name): fra \(old.rev) (\(old.commit.prefix(12))) til \(library.rev.value) (\(short))",
                                     en: "\(name): from \(old.rev) (\(old.commit.prefix(12))) to \(library.rev.value) (\(short))")
            }
            lines.append(line.text(language))
            if let old, old.commit != commit.id {
                lines += changes(in: copy, library, from: old.commit, to: commit.id, language: language).map { "  " + $0 }
            }
        }
        for entry in lock?.entries ?? [] where !known.contains(entry.name) {
            lines.append(LocalizedText(nb: "\(entry.name): fjernet fra låsen (ikke lenger i \(Config.fileName))",
                                       en: "\(entry.name): removed from the lock (no longer in \(Config.fileName))").text(language))
        }
        let updated = Lock(entries: Array(entries.values))
        if updated != lock || lock == nil {
            try AtomicFile.write(updated.rendered(), to: lockPath)
        }
        return CommandOutput(stdout: lines.map { $0 + "\n" }.joined(), exitCode: 0)
    }
}

extension Libraries {
    /// What changed in a library's landscape between two pins, element by element, as `diff`
    /// shows it (the library's own findings are its business, and are left out).
    static func changes(in copy: GitRepository, _ library: LibrarySpec, from old: String, to new: String, language: Language) -> [String] {
        var limits = Limits()
        limits.catalog = CatalogSettings()
        func files(_ commit: String) -> [LoadedFile]? {
            try? landscapeFiles(copy, library, commit: commit, config: (try? libraryConfig(copy, library, commit: commit)) ?? nil, limits: limits)
        }
        guard let before = files(old), let after = files(new) else {
            return [LocalizedText(nb: "(hva som er endret, kan ikke vises: den ene commiten har ikke noe landskap i kopien)",
                                  en: "(what changed cannot be shown: one of the commits has no landscape in the copy)").text(language)]
        }
        let diff = LandscapeDiff(from: LandscapeLoader.assemble(before, fileCount: before.count, limits: limits).landscape,
                                 to: LandscapeLoader.assemble(after, fileCount: after.count, limits: limits).landscape)
        if diff.isEmpty {
            return [LocalizedText(nb: "ingen endring i bibliotekets landskap", en: "no change to the library's landscape").text(language)]
        }
        return DiffReporter.elementLines(diff) + [DiffReporter.elementCounts(diff, language)]
    }
}

extension Libraries {
    /// The landscape's own elements, without what libraries gave.
    static func own(_ landscape: Landscape, _ imported: ImportedLibraries) -> Landscape {
        guard !imported.elements.isEmpty else { return landscape }
        return Landscape(elements: landscape.elements.filter { !isImported($0.file) }, fileCount: landscape.fileCount - imported.fileCount)
    }

    /// The libraries whose pins differ between two analyses, with what changed in each.
    static func moves(from old: Analysis, to new: Analysis) -> [LibraryMove] {
        LibraryPinMove.between(old.imported.pins, new.imported.pins).map { move in
            func elements(_ landscape: Landscape) -> Landscape {
                Landscape(elements: landscape.elements.filter { Landscape.library(of: $0.file) == move.name }, fileCount: 0)
            }
            return LibraryMove(move, diff: LandscapeDiff(from: elements(old.landscape), to: elements(new.landscape)))
        }
    }
}

/// What a landscape took in from its libraries.
public struct ImportedLibraries: Sendable {
    /// The elements read from the libraries that the landscape took in, in library order.
    public var elements: [Element] = []
    /// How many files the libraries' landscapes have.
    public var fileCount: Int { files.count }
    /// The libraries, by name, with the commit read.
    public var pins: [LibraryPin] = []
    /// The libraries' files with their building blocks, as a history walk keeps files.
    public var files: [LoadedFile] = []

    public init() {}
}

extension Libraries {
    /// Where an imported file is said to lie: `@NAME//` and its path in the library's repository.
    static func importedPath(_ library: String, _ path: String) -> String { Landscape.importedPath(library: library, path) }

    /// Whether an element or a finding's file is one a library gave.
    public static func isImported(_ file: String) -> Bool { Landscape.isImported(file) }

    /// The kinds a landscape takes in from a library: the building blocks. A library's own
    /// exemptions and transitions govern the library, not the landscapes that use it.
    static let importedKinds: Set<Kind> = Set(Kind.allCases).subtracting([.exemption, .transition])

    /// Reads every library of `config` at the commit `.arkitekt.lock` pins, from the copy under the
    /// git directory; fetches only when the copy lacks that commit. A library that is not pinned,
    /// pinned for another `git`/`rev`, unreachable without a copy, or without a landscape at that
    /// commit stops the run (exit 2): a check never runs on less than it was told to read.
    ///
    /// An element whose kind and name the landscape itself has stays the landscape's (the
    /// library's is there too, for `library-name-taken` and `name@library`); of two libraries
    /// that both have one, the first by name gives it.
    static func read(_ workspace: Workspace, _ config: Config, limits: Limits) throws(KitError) -> ImportedLibraries {
        guard !config.libraries.isEmpty else { return ImportedLibraries() }
        guard let repository = workspace.repository else {
            throw KitError(nb: "\(Config.fileName) nevner biblioteker, men landskapet ligger ikke i et git-depot som kan hente dem.",
                           en: "\(Config.fileName) names libraries, but the landscape is not in a git repository that can fetch them.")
        }
        let lockFile = workspace.inRepository(Lock.fileName)
        guard let lockBytes = try workspace.file(Lock.fileName)?.content else {
            throw KitError(nb: "\(Config.fileName) nevner biblioteker, men \(lockFile) finnes ikke. Kjør «arkitekt library update» og commit \(lockFile).",
                           en: "\(Config.fileName) names libraries, but \(lockFile) does not exist. Run 'arkitekt library update' and commit \(lockFile).")
        }
        let lock = try Kit.strictly { () throws(ConfigError) in try Lock.parse(lockBytes, file: lockFile) }
        // A library's files are its landscape whatever the importing landscape's paths are.
        var limits = limits
        limits.catalog = CatalogSettings()
        let root = workspace.libraryBase ?? repository.workDirectory ?? workspace.root
        var reading = Reading(repository: repository, store: workspace.libraryStore, limits: limits)
        // The landscape itself starts the chain: a library that imports it back is a cycle too.
        try reading.take(config.libraries, lock: lock, lockFile: lockFile, root: root,
                         chain: [(LocalizedText(nb: "dette landskapet", en: "this landscape"), Workspace.real(root))])
        return reading.imported
    }

    /// A walk through the libraries of a landscape and, in turn, their own libraries (each pinned
    /// by the lock of the library that names it), each taken in once.
    struct Reading {
        let repository: GitRepository
        let store: LibraryStore?
        let limits: Limits
        var imported = ImportedLibraries()
        /// Each library taken in so far, by name: where from and at which commit.
        var taken: [String: (source: String, commit: String, by: String)] = [:]

        /// Takes in `libraries` (named in one configuration, pinned by `lock`) and theirs. `root`:
        /// what their relative `git:` is taken from. `chain`: the landscapes that led here, by name
        /// and source, for a cycle.
        mutating func take(_ libraries: [LibrarySpec], lock: Lock, lockFile: String, root: String,
                           chain: [(name: LocalizedText, source: String)]) throws(KitError) {
            for library in libraries.sorted(by: { ByteOrder.less($0.name.value, $1.name.value) }) {
                let name = library.name.value
                guard let entry = lock.entry(name) else {
                    throw KitError(nb: "Biblioteket «\(name)» er ikke låst i \(lockFile). Kjør «arkitekt library update \(name)».",
                                   en: "The library '\(name)' is not pinned in \(lockFile). Run 'arkitekt library update \(name)'.", at: library.name.location)
                }
                guard entry.git == library.git.value, entry.rev == library.rev.value else {
                    throw KitError(nb: "\(lockFile) låser «\(name)» for \(entry.git) \(entry.rev), men \(Config.fileName) ber om \(library.git.value) \(library.rev.value). Kjør «arkitekt library update \(name)».",
                                   en: "\(lockFile) pins '\(name)' for \(entry.git) \(entry.rev), but \(Config.fileName) asks for \(library.git.value) \(library.rev.value). Run 'arkitekt library update \(name)'.",
                                   at: library.rev.location)
                }
                let url = Libraries.source(library, root: root)
                let identity = url.hasPrefix("/") ? Workspace.real(url) : url
                if let start = chain.firstIndex(where: { $0.source == identity }) {
                    let names = chain[start...].map(\.name) + [LocalizedText(nb: name, en: name)]
                    throw KitError(nb: "Bibliotekene går i ring: \(names.map(\.nb).joined(separator: " → ")). Et bibliotek kan ikke ta inn seg selv gjennom andre; fjern ett av leddene fra spec.libraries.",
                                   en: "The libraries form a cycle: \(names.map(\.en).joined(separator: " → ")). A library cannot take itself in through others; remove one link from spec.libraries.",
                                   at: library.git.location)
                }
                let by = chain.last?.name.en ?? ""
                if let earlier = taken[name] {
                    if earlier.source == identity && earlier.commit == entry.commit { continue }
                    throw KitError(nb: "To biblioteker heter «\(name)»: det \(earlier.by == by ? "ene" : "som \(earlier.by) tar inn") er \(earlier.source) ved \(earlier.commit.prefix(12)), dette er \(url) ved \(entry.commit.prefix(12)). Lås dem til samme commit, eller gi dem ulike navn.",
                                   en: "Two libraries are named '\(name)': the one \(earlier.by == by ? "before" : "\(earlier.by) takes in") is \(earlier.source) at \(earlier.commit.prefix(12)), this one is \(url) at \(entry.commit.prefix(12)). Pin them to the same commit, or give them different names.",
                                   at: library.name.location)
                }
                taken[name] = (identity, entry.commit, by)
                let key = [name, url, entry.commit, library.path?.value ?? "\u{0}"].joined(separator: "\u{0}")
                let read: LibraryStore.Read
                if let known = store?.read(key) {
                    read = known
                } else {
                    let copy = try Libraries.pinnedCopy(repository, library, entry: entry, root: root, store: store)
                    // Its configuration says where its landscape is and which libraries it takes in.
                    let config = try Libraries.libraryConfig(copy, library, commit: entry.commit)
                    let files = try Libraries.landscapeFiles(copy, library, commit: entry.commit, config: config, limits: limits)
                    let elements = LandscapeLoader.assemble(files, fileCount: files.count, limits: limits).landscape.resolvedElements
                    // As a history walk keeps files: the building blocks only, and none of the library's findings.
                    let loaded = files.map { file in
                        LoadedFile(path: file.path, elements: file.elements.filter { Libraries.importedKinds.contains($0.kind) }, findings: [])
                    }
                    read = LibraryStore.Read(files: loaded, elements: elements.filter { Libraries.importedKinds.contains($0.kind) },
                                             nested: try config.flatMap { config throws(KitError) in try Libraries.ownLibraries(copy, library, config: config, commit: entry.commit) })
                    store?.keep(key, read)
                }
                imported.pins.append(LibraryPin(name: name, rev: entry.rev, commit: entry.commit))
                imported.elements += read.elements
                imported.files += read.files
                // The library's own libraries, pinned by its own lock at that commit.
                if let nested = read.nested {
                    try take(nested.libraries, lock: nested.lock, lockFile: nested.lockFile, root: url,
                             chain: chain + [(LocalizedText(nb: name, en: name), identity)])
                }
            }
        }
    }

    /// A library's own `.arkitekt.yaml` at `commit`, read strictly; nil when it has none.
    static func libraryConfig(_ copy: GitRepository, _ library: LibrarySpec, commit: String) throws(KitError) -> Config? {
        let configSource: SourceFile? = (try? copy.file(at: Config.fileName, .revision(commit))) ?? nil
        guard let configFile = configSource else { return nil }
        return try Kit.strictly { () throws(ConfigError) in try Config.parse(configFile.content, file: importedPath(library.name.value, Config.fileName)) }
    }

    /// The libraries a library takes in itself, by its configuration (`own`) and its lock at
    /// `commit` (nil when it names none).
    static func ownLibraries(_ copy: GitRepository, _ library: LibrarySpec, config own: Config, commit: String) throws(KitError)
        -> (libraries: [LibrarySpec], lock: Lock, lockFile: String)? {
        let name = library.name.value
        guard !own.libraries.isEmpty else { return nil }
        let lockFile = importedPath(name, Lock.fileName)
        let lockSource: SourceFile? = (try? copy.file(at: Lock.fileName, .revision(commit))) ?? nil
        guard let lockBytes = lockSource?.content else {
            throw KitError(nb: "Biblioteket «\(name)» tar inn biblioteker, men har ingen \(Lock.fileName) ved \(commit.prefix(12)): bibliotekets eiere må kjøre «arkitekt library update» og committe låsen.",
                           en: "The library '\(name)' takes in libraries, but has no \(Lock.fileName) at \(commit.prefix(12)): the library's owners must run 'arkitekt library update' and commit the lock.",
                           at: library.name.location)
        }
        return (own.libraries, try Kit.strictly { () throws(ConfigError) in try Lock.parse(lockBytes, file: lockFile) }, lockFile)
    }

    /// The library's copy, holding the pinned commit: fetched when it does not (yet).
    static func pinnedCopy(_ repository: GitRepository, _ library: LibrarySpec, entry: Lock.Entry, root: String,
                           store: LibraryStore? = nil) throws(KitError) -> GitRepository {
        let name = library.name.value
        let url = source(library, root: root)
        let path = cachePath(repository, library, url: url, store: store)
        func holds(_ copy: GitRepository?) -> Bool { ((try? copy?.commit(entry.commit))?.id ?? nil) == entry.commit }
        if let copy = try? GitRepository.openBare(at: path), holds(copy) { return copy }
        do {
            let copy = try GitRepository.openOrCreateBare(at: path)
            try copy.fetchAll(from: url)
            if holds(copy) { return copy }
        } catch {
            let failure = Kit.gitFailure(error, while: LocalizedText(
                nb: "Biblioteket «\(name)» er ikke hentet, og det kan ikke hentes fra \(library.git.value)",
                en: "The library '\(name)' is not fetched, and it cannot be fetched from \(library.git.value)"))
            throw KitError(failure.message, at: library.git.location, detail: failure.detail)
        }
        throw KitError(nb: "\(library.git.value) har ikke commiten \(entry.commit) som \(Lock.fileName) låser «\(name)» til. Kjør «arkitekt library update \(name)» hvis biblioteket skal flyttes.",
                       en: "\(library.git.value) does not have the commit \(entry.commit) that \(Lock.fileName) pins '\(name)' to. Run 'arkitekt library update \(name)' if the library is to move.",
                       at: library.git.location)
    }

    /// The library's landscape files at `commit`, read and parsed, with paths under `@NAME//`: from
    /// `path:` when given, else from the library's own configuration (`config`), else `architecture`.
    static func landscapeFiles(_ copy: GitRepository, _ library: LibrarySpec, commit: String, config: Config?, limits: Limits) throws(KitError) -> [LoadedFile] {
        let name = library.name.value
        let prefixes = library.path.map { [$0.value] } ?? config?.paths ?? Config.defaultPaths
        let filter = FileFilter(prefixes: prefixes, extensions: FileFilter.landscapeExtensions, maxBytes: limits.maxFileBytes)
        // Read on this thread (the copy's handle is confined to it), parsed on every core.
        var inputs: [LandscapeInput] = []
        do {
            for entry in try copy.entries(commit, filter: filter) {
                guard case .regular = entry.kind, let blob = entry.contentBlobID else { continue }
                let bytes = try copy.blob(blob)
                guard bytes.count <= limits.maxFileBytes else { continue }
                inputs.append(LandscapeInput(path: importedPath(name, entry.path), bytes: bytes))
            }
        } catch {
            throw KitError(Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke lese biblioteket «\(name)»", en: "Cannot read the library '\(name)'")).message,
                           at: library.name.location, detail: "\(error)")
        }
        let files = LandscapeLoader.loadFiles(inputs, limits: limits)
        guard !files.isEmpty else {
            let shown = prefixes.map { $0.isEmpty ? "." : $0 }.joined(separator: ", ")
            throw KitError(nb: "Biblioteket «\(name)» har ingen landskapsfiler i \(shown) ved \(commit.prefix(12)). Rett «path:» i \(Config.fileName), eller lås en annen revisjon.",
                           en: "The library '\(name)' has no landscape files in \(shown) at \(commit.prefix(12)). Correct 'path:' in \(Config.fileName), or pin another revision.",
                           at: (library.path ?? library.name).location)
        }
        return files
    }
}

/// Copies of libraries kept outside any one repository, and the libraries read so far: a
/// portfolio's landscapes that pin one library to one commit read it once.
final class LibraryStore: @unchecked Sendable {
    /// One library as read at one commit: its files (the building blocks only) and its elements.
    struct Read {
        let files: [LoadedFile]
        let elements: [Element]
        /// The libraries it takes in itself.
        let nested: (libraries: [LibrarySpec], lock: Lock, lockFile: String)?
    }

    /// Under the repository's git directory, for a landscape of its own.
    let directory: String?
    private let lock = NSLock()
    private var known: [String: Read] = [:]

    init(directory: String?) { self.directory = directory }

    func read(_ key: String) -> Read? {
        lock.lock()
        defer { lock.unlock() }
        return known[key]
    }

    func keep(_ key: String, _ read: Read) {
        lock.lock()
        defer { lock.unlock() }
        known[key] = read
    }
}

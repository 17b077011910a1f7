import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Foundation

/// Where the landscape is read from: a git repository with a selection (work tree, a revision,
/// the index), or a plain directory. Every read of the run goes through it, so the configuration,
/// the rule packs and the landscape always come from the same content.
public final class Workspace {
    public enum Backing {
        case repository(GitRepository)
        case directory(DirectorySource)
    }

    public let backing: Backing
    public let selection: SourceSelection
    /// The repository's work tree or the directory; for a bare repository its git directory.
    public let root: String
    /// Where PATH lies inside the repository ("" at its root). The configuration and the landscape
    /// paths are read relative to it, so one repository can hold several landscapes; findings keep
    /// repository-relative paths.
    public let prefix: String
    /// The configuration and rule pack files read so far (path and content; nil content: absent),
    /// in reading order: what, besides the landscape, decides the findings (`CheckState`).
    private(set) var inputsRead: [(path: String, content: [UInt8]?)] = []
    /// A workspace made by `at` for another commit than the one asked for (history, a diff's other
    /// side, a merge base): what it reads cannot be mended by the user.
    fileprivate(set) var isHistory = false

    /// An editor's unsaved buffers, by repository-relative path: read in place of the work
    /// tree's files (the language server). Only for the work tree.
    public var overlay: [String: [UInt8]] = [:]

    /// Where the copies of the libraries are kept, and the libraries already read in this run,
    /// when not under the repository's own git directory: a portfolio shares one store among
    /// all its landscapes.
    var libraryStore: LibraryStore?
    /// What a library's relative `git:` is taken from, when not the repository's work tree: the
    /// source a portfolio read the landscape from (a folder, or a URL).
    var libraryBase: String?

    /// Whether something is at a repository-relative path of the work tree (or directory).
    func onDisk(_ path: String) -> Bool {
        var info = stat()
        return lstat(root + "/" + path, &info) == 0
    }

    /// Whether the landscape root was found by going up from PATH (a folder holding
    /// `.arkitekt.yaml` or `architecture/`); false when none was, and PATH's repository top (or
    /// PATH itself, outside git) stands in.
    public private(set) var rootFound = true
    /// The folder the search for the landscape started in (PATH, or the folder of a file named).
    public private(set) var searchStart = ""

    /// `command`: the history command the workspace is for, named in the error when PATH is not
    /// in a git repository.
    public init(path: String, selection: SourceSelection, command: String? = nil) throws(KitError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KitError(nb: "«\(path)» finnes ikke.", en: "'\(path)' does not exist.")
        }
        guard isDirectory.boolValue else {
            throw KitError(nb: "«\(path)» er ikke en mappe.", en: "'\(path)' is not a folder.")
        }
        let repository: GitRepository?
        do {
            repository = try GitRepository.discover(from: path)
        } catch let error as GitError where error.problem == .owner {
            throw KitError(
                nb: "Git-depotet i «\(path)» eies av en annen bruker, så det leses ikke (gits kontroll av eierskap). Stoler du på det, kjør «git config --global --add safe.directory \(error.path ?? Workspace.real(path))»; i en container-jobb er arbeidsmappen ofte eid av en annen bruker enn den som kjører.",
                en: "The git repository at '\(path)' is owned by another user, so it is not read (git's ownership check). If you trust it, run 'git config --global --add safe.directory \(error.path ?? Workspace.real(path))'; in a container job the workspace often belongs to another user than the one running.",
                detail: "\(error)")
        } catch {
            throw KitError(nb: "Kan ikke åpne git-depotet i «\(path)». Er .git-mappen skadet?",
                           en: "Cannot open the git repository at '\(path)'. Is its .git folder damaged?", detail: "\(error)")
        }
        self.selection = selection
        let start = Workspace.real(path)
        searchStart = start
        if let repository {
            if repository.isBare && selection == .workTree {
                throw KitError(nb: "«\(path)» er et depot uten arbeidskatalog (bare); bruk --rev REV.",
                               en: "'\(path)' is a bare repository with no work tree; use --rev REV.")
            }
            if repository.isBare && selection == .staged {
                throw KitError(nb: "«\(path)» er et depot uten arbeidskatalog (bare), og det har ingen indeks å lese; bruk --rev REV.",
                               en: "'\(path)' is a bare repository: it has no index to read; use --rev REV.")
            }
            if case .revision(let rev) = selection {
                try Workspace.requireRevision(rev, in: repository)
            }
            backing = .repository(repository)
            root = repository.workDirectory ?? repository.gitDirectory
            if let work = repository.workDirectory {
                let top = Workspace.real(work)
                let found = Workspace.landscapeRoot(from: start, upTo: top)
                rootFound = found != nil
                prefix = Workspace.relative(found ?? top, to: top)
            } else {
                prefix = ""
            }
        } else {
            if let command {
                throw KitError(nb: "«arkitekt \(command)» leser historikken i git, og «\(path)» ligger ikke i et git-depot.",
                               en: "'arkitekt \(command)' reads the history in git, and '\(path)' is not in a git repository.")
            }
            guard selection == .workTree else {
                let option = selection == .staged ? "--staged" : "--rev"
                throw KitError(nb: "«\(path)» er ikke et git-depot, og \(option) leser fra git. Uten git kan arkitekt bare lese filene på disk.",
                               en: "'\(path)' is not a git repository, and \(option) reads from git. Without git, arkitekt can only read the files on disk.")
            }
            let found = Workspace.landscapeRoot(from: start, upTo: "/")
            rootFound = found != nil
            let absolute = found ?? start
            backing = .directory(DirectorySource(root: absolute))
            root = absolute
            prefix = ""
        }
    }

    /// Throws the plain "unknown revision" (or "no commits yet") error unless `rev` names a commit
    /// or a tree.
    static func requireRevision(_ rev: String, in repository: GitRepository) throws(KitError) {
        do {
            _ = try repository.commit(rev)
        } catch let error as GitError where error.isNotFound || error.message.contains("unknown revision") {
            throw Workspace.unknownRevision(rev, in: repository, detail: error)
        } catch {
            // A tree-ish that is not a commit (`v1^{tree}`) is fine: files() peels to a tree.
            // Empty prefixes match nothing: this only peels the revision to a tree.
            if (try? repository.entries(rev, filter: FileFilter(prefixes: [], extensions: []))) == nil {
                throw Workspace.unknownRevision(rev, in: repository, detail: error)
            }
        }
    }

    /// The folder names that make a folder the root of a landscape.
    static let landscapeMarkers = (config: Config.fileName, folder: Config.defaultPaths[0])

    /// The nearest folder, from `start` up to `top` (both absolute, links resolved), that holds
    /// `.arkitekt.yaml` or an `architecture/` folder, as git finds the nearest `.git`; nil when none
    /// does, or when `start` is not below `top`.
    static func landscapeRoot(from start: String, upTo top: String) -> String? {
        guard start == top || top == "/" || start.hasPrefix(top + "/") else { return nil }
        var candidate = start
        let files = FileManager.default
        while true {
            let base = candidate == "/" ? "" : candidate
            var isDirectory: ObjCBool = false
            if files.fileExists(atPath: base + "/" + landscapeMarkers.config) { return candidate }
            if files.fileExists(atPath: base + "/" + landscapeMarkers.folder, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            guard candidate != top, candidate != "/", let slash = candidate.lastIndex(of: "/") else { return nil }
            candidate = slash == candidate.startIndex ? "/" : String(candidate[..<slash])
        }
    }

    /// A path with links resolved and made absolute (as given when it cannot be resolved).
    static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// PATH relative to the work tree, both with links resolved ("" when they are the same).
    static func relative(_ path: String, to workDirectory: String) -> String {
        let target = real(path), base = real(workDirectory)
        guard target != base, target.hasPrefix(base + "/") else { return "" }
        return String(target.dropFirst(base.count + 1))
    }

    /// The repository-relative path of a file on disk, nil when it lies outside the work tree (or
    /// the directory).
    public func repositoryPath(ofFile path: String) -> String? {
        let target = Workspace.real(path), base = Workspace.real(root)
        guard target.hasPrefix(base == "/" ? "/" : base + "/"), target != base else { return nil }
        return String(target.dropFirst(base == "/" ? 1 : base.count + 1))
    }

    /// A path of the landscape's project (configuration, landscape path, pack) in the repository.
    public func inRepository(_ path: String) -> String {
        guard !prefix.isEmpty else { return path }
        return path.isEmpty ? prefix : prefix + "/" + path
    }

    /// A repository path relative to the landscape's root (the inverse of `inRepository`).
    public func inLandscape(_ path: String) -> String {
        guard !prefix.isEmpty else { return path }
        return path.hasPrefix(prefix + "/") ? String(path.dropFirst(prefix.count + 1)) : path
    }

    init(backing: Backing, selection: SourceSelection, root: String, prefix: String) {
        self.backing = backing
        self.selection = selection
        self.root = root
        self.prefix = prefix
    }

    /// The same repository and landscape, read from another selection (a commit of the history).
    public func at(_ selection: SourceSelection) -> Workspace {
        let other = Workspace(backing: backing, selection: selection, root: root, prefix: prefix)
        other.isHistory = true
        return other
    }

    static func unknownRevision(_ rev: String, in repository: GitRepository? = nil, detail: (any Error)? = nil) -> KitError {
        if let repository, repository.isEmpty {
            return KitError(nb: "Depotet har ingen commits ennå, så «\(rev)» finnes ikke. Lag den første commiten først; «arkitekt check» leser arbeidskatalogen allerede nå.",
                            en: "The repository has no commits yet, so '\(rev)' does not exist. Make the first commit first; 'arkitekt check' reads the work tree already.",
                            detail: detail.map { "\($0)" })
        }
        if let repository, repository.isShallow {
            return KitError(nb: "Ukjent revisjon «\(rev)»: ingen gren, tagg eller commit heter det her, og klonen er grunn (shallow), så eldre commits mangler. \(Kit.shallowAdvice.nb)",
                            en: "Unknown revision '\(rev)': no branch, tag or commit has that name here, and this is a shallow clone, so older commits are missing. \(Kit.shallowAdvice.en)",
                            detail: detail.map { "\($0)" })
        }
        return KitError(nb: "Ukjent revisjon «\(rev)»: ingen gren, tagg eller commit heter det.",
                        en: "Unknown revision '\(rev)': no branch, tag or commit has that name.", detail: detail.map { "\($0)" })
    }

    public var repository: GitRepository? {
        if case .repository(let r) = backing { return r }
        return nil
    }

    /// One file of the selection (configuration, a rule pack), or nil.
    public func file(_ path: String) throws(KitError) -> SourceFile? {
        if selection == .workTree, let content = overlay[inRepository(path)] {
            inputsRead.append((path, content))
            return SourceFile(path: inRepository(path), kind: .regular, content: content, size: content.count, omitted: false, blobID: nil)
        }
        do {
            let file: SourceFile?
            switch backing {
            case .repository(let repo): file = try repo.file(at: inRepository(path), selection, maxBytes: Limits().maxFileBytes)
            case .directory(let dir): file = try dir.file(at: path, maxBytes: Limits().maxFileBytes)
            }
            inputsRead.append((path, file?.content))
            return file
        } catch {
            throw Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke lese «\(path)»", en: "Cannot read '\(path)'"))
        }
    }

    /// The files below `prefixes` with a YAML extension, sorted by path.
    public func files(under prefixes: [String]) throws(KitError) -> [SourceFile] {
        let filter = FileFilter(prefixes: prefixes.map(inRepository), extensions: FileFilter.landscapeExtensions, maxBytes: Limits().maxFileBytes)
        do {
            switch backing {
            case .repository(let repo): return filter.overlaid(try repo.files(selection, filter: filter), with: selection == .workTree ? overlay : [:], onDisk: onDisk)
            case .directory(let dir): return filter.overlaid(try dir.files(filter: filter), with: overlay, onDisk: onDisk)
            }
        } catch {
            throw Kit.gitFailure(error, while: Kit.cannotReadLandscape)
        }
    }

    /// A check of the index while a merge has left conflicts in the landscape's folder stops: the
    /// index then holds several versions of those files, and whichever one was read, the check
    /// would not be of what the commit will hold.
    func refuseConflicts() throws(KitError) {
        guard selection == .staged, let repository else { return }
        let conflicted: [String]
        do {
            conflicted = try repository.conflictedPaths()
        } catch {
            throw Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke lese indeksen", en: "Cannot read the index"))
        }
        let mine = conflicted.filter { prefix.isEmpty || $0.hasPrefix(prefix + "/") }
        guard !mine.isEmpty else { return }
        let shown = mine.prefix(10).joined(separator: ", ") + (mine.count > 10 ? " (+\(mine.count - 10))" : "")
        throw KitError(nb: "Indeksen har uløste flettekonflikter i \(shown). Løs dem (rett filene og kjør «git add») før du sjekker det som skal committes.",
                       en: "The index has unresolved merge conflicts in \(shown). Resolve them (fix the files, then 'git add' them) before checking what will be committed.")
    }

    /// A configuration or a rule pack that is a link out of the repository (or to nothing) is
    /// refused: arkitekt never reads outside the repository, and reading the landscape under the
    /// default configuration instead would judge it by rules its owners did not choose.
    static func refuseLinkOut(_ file: SourceFile, named name: String, at location: SourceLocation?) throws(KitError) {
        guard case .symlink(let target, escapes: true) = file.kind else { return }
        throw KitError(nb: "«\(name)» er en symbolsk lenke til «\(target)», som er utenfor depotet eller ikke finnes; arkitekt følger den ikke. Legg filen selv i depotet, eller la lenken peke på en fil inne i det.",
                       en: "'\(name)' is a symbolic link to '\(target)', which is outside the repository or does not exist; arkitekt does not follow it. Put the file itself in the repository, or point the link at a file inside it.",
                       at: location)
    }

    /// The configuration's language, nil when it names none or cannot be read.
    var configLanguage: Language? { (try? config())?.language }

    /// The configuration, or the defaults when there is none.
    /// What the loader needs of the configuration to tell arkitekt's own files from those read
    /// only for Backstage descriptors, as repository paths.
    func catalogSettings(_ config: Config, alsoUnder: [String] = []) -> CatalogSettings {
        CatalogSettings(ownPaths: Config.union(config.paths, alsoUnder).map(inRepository),
                        placeholderOwners: config.placeholderOwners.map { $0.lowercased() })
    }

    public func config() throws(KitError) -> Config {
        guard let file = try file(Config.fileName) else { return Config() }
        // What is checked must have its own configuration; a commit of the past cannot be mended,
        // so there (the walk of changelog and transitions, the other side of a diff, the merge
        // base) such a link reads as no configuration, as it always did.
        if isHistory, case .symlink(_, escapes: true) = file.kind { return Config() }
        try Self.refuseLinkOut(file, named: inRepository(Config.fileName), at: nil)
        return try Kit.strictly { () throws(ConfigError) in try Config.parse(file.content, file: inRepository(Config.fileName)) }
    }

    /// The rules in force: the core pack, the configured packs (`ks` when none are configured),
    /// with every severity override checked against them.
    public func ruleSet(_ config: Config) throws(KitError) -> RuleSet {
        do {
            var packs = [try BuiltInPacks.pack(named: "core")]
            if !config.rulePacksGiven {
                packs.append(try BuiltInPacks.pack(named: "ks"))
            }
            for entry in config.rulePacks {
                if BuiltInPacks.isBuiltIn(entry.value) {
                    guard entry.value != "core" else { continue }
                    packs.append(try BuiltInPacks.pack(named: entry.value))
                    continue
                }
                guard let path = Config.normalise(path: entry.value), !path.isEmpty else {
                    throw KitError(nb: "Regelpakken «\(entry.value)» må være en innebygd pakke (\(BuiltInPacks.names.joined(separator: ", "))) eller en sti inne i depotet.",
                                   en: "Rule pack '\(entry.value)' must be a built-in pack (\(BuiltInPacks.names.joined(separator: ", "))) or a path inside the repository.",
                                   at: entry.location)
                }
                var files: [SourceFile] = []
                let single = try file(path)
                if let single { try Self.refuseLinkOut(single, named: inRepository(path), at: entry.location) }
                if let single, case .regular = single.kind {
                    files = [single]
                } else {
                    files = try self.files(under: [path])
                    inputsRead += files.map { ($0.path, $0.content) }
                }
                guard !files.isEmpty else {
                    throw KitError(nb: "Fant ingen regelpakke i «\(path)» (en YAML-fil eller en mappe med YAML-filer).",
                                   en: "No rule pack found at '\(path)' (a YAML file or a folder of YAML files).", at: entry.location)
                }
                packs.append(try RulePackParser.parse(name: path, files: files.map { ($0.path, $0.content) }))
            }
            let set = try RuleSet(packs: packs)
            for (id, value) in config.severity.sorted(by: { ByteOrder.less($0.key, $1.key) }) where set.rule(id) == nil {
                let dym = Suggest.closest(to: id, in: set.ruleIDs)
                throw KitError(nb: "Ukjent regel «\(id)» i spec.severity.\(dym.map { " Mente du «\($0)»?" } ?? "") Se «arkitekt rules».",
                               en: "Unknown rule '\(id)' in spec.severity.\(dym.map { " Did you mean '\($0)'?" } ?? "") See 'arkitekt rules'.",
                               at: value.location)
            }
            return set
        } catch let error as PackError {
            throw KitError(error.message, at: error.location)
        } catch let error as KitError {
            throw error
        } catch {
            throw Kit.gitFailure(error)
        }
    }
}

extension Workspace {
    /// Where the run reads from, in words: "i arbeidskatalogen", "in revision 'main'", ...
    var sourceDescription: LocalizedText {
        switch selection {
        case .workTree: return LocalizedText(nb: "på disk", en: "on disk")
        case .staged: return LocalizedText(nb: "i indeksen (--staged)", en: "in the index (--staged)")
        case .revision(let rev): return LocalizedText(nb: "i revisjon «\(rev)»", en: "in revision '\(rev)'")
        }
    }

    /// A folder of the landscape as a person finds it: absolute on disk, repository-relative in git.
    func shown(_ path: String) -> String {
        let inRepo = inRepository(path)
        guard selection == .workTree else { return inRepo.isEmpty ? "." : inRepo + "/" }
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return inRepo.isEmpty ? base + "/" : base + "/" + inRepo + "/"
    }

    /// The error of a run that found no landscape file: it names the folders searched, and what to
    /// do. A linter that read nothing never reports "0 errors".
    func noLandscape(_ config: Config) -> KitError {
        let folders = config.paths.map(shown)
        let list = folders.isEmpty ? "(spec.paths er tom)" : folders.joined(separator: ", ")
        let listEn = folders.isEmpty ? "(spec.paths is empty)" : folders.joined(separator: ", ")
        let source = sourceDescription
        var hintNb: String, hintEn: String
        if config.pathsLocation != nil {
            hintNb = "Sjekk «paths» i \(inRepository(Config.fileName))."
            hintEn = "Check 'paths' in \(inRepository(Config.fileName))."
            if let typo = misspeltPath(config) {
                hintNb += " Mente du «\(typo.meant)» (ikke «\(typo.written)»)?"
                hintEn += " Did you mean '\(typo.meant)' (not '\(typo.written)')?"
            }
        } else if !rootFound {
            hintNb = "Fant verken \(Config.fileName) eller en mappe architecture/ fra \(searchStart) og oppover. Kjør arkitekt i landskapets mappe, eller legg landskapet i architecture/."
            hintEn = "Found neither \(Config.fileName) nor an architecture/ folder from \(searchStart) upwards. Run arkitekt in the landscape's folder, or put the landscape in architecture/."
        } else {
            hintNb = "Legg landskapet i architecture/, eller nevn mappene i \(Config.fileName) (spec.paths)."
            hintEn = "Put the landscape in architecture/, or name its folders in \(Config.fileName) (spec.paths)."
        }
        return KitError(nb: "Fant ikke noe landskap: ingen .yaml- eller .yml-fil under \(list) \(source.nb). \(hintNb)",
                        en: "No landscape found: no .yaml or .yml file under \(listEn) \(source.en). \(hintEn)",
                        at: config.pathsLocation)
    }

    /// A configured landscape path that does not exist on disk while a folder of a close name does.
    func misspeltPath(_ config: Config) -> (written: String, meant: String)? {
        guard selection == .workTree else { return nil }
        for path in config.paths {
            let full = shown(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) { continue }
            let parts = path.split(separator: "/").map(String.init)
            guard let last = parts.last else { continue }
            let parent = shown(parts.dropLast().joined(separator: "/"))
            let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter {
                var dir: ObjCBool = false
                return FileManager.default.fileExists(atPath: parent + $0, isDirectory: &dir) && dir.boolValue
            }.sorted(by: ByteOrder.less)
            if let meant = Suggest.closest(to: last, in: siblings) {
                return (path, (parts.dropLast() + [meant]).joined(separator: "/"))
            }
        }
        return nil
    }
}

extension Workspace {
    /// In a repository without a landscape at its top: the landscapes in its folders (a folder
    /// with `.arkitekt.yaml`, or one holding `architecture/`, as the index has them) that the
    /// staged change touches, relative to the top of the work tree and sorted. Nil when the index
    /// holds no landscape at all (the usual "no landscape found" then applies).
    func landscapesTouchedByTheIndex() throws(KitError) -> [String]? {
        guard let repository, selection == .staged else { return nil }
        let yaml = FileFilter(prefixes: [""], extensions: FileFilter.landscapeExtensions)
        let staged: [TreeEntryInfo]
        do {
            staged = try repository.stagedEntries(filter: yaml)
        } catch {
            throw Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke lese indeksen", en: "Cannot read the index"))
        }
        var roots = Set<String>()
        for entry in staged {
            let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.last == Config.fileName { roots.insert(parts.dropLast().joined(separator: "/")) }
            if let at = parts.dropLast().firstIndex(of: Workspace.landscapeMarkers.folder) {
                roots.insert(parts[..<at].joined(separator: "/"))
            }
        }
        guard !roots.isEmpty else { return nil }
        // What HEAD has (nothing, before the first commit): a landscape is touched when a file it
        // reads (under its own configuration's paths, as the index has it) differs, or its
        // configuration does.
        let head = (try? repository.entries("HEAD", filter: yaml)) ?? []
        var touched: [String] = []
        for root in roots {
            let landscape = Workspace(backing: backing, selection: .staged, root: self.root, prefix: root)
            let config = (try? landscape.config()) ?? Config()
            let packs = config.rulePacks.map(\.value).filter { !BuiltInPacks.isBuiltIn($0) }.compactMap { Config.normalise(path: $0) }
            let prefixes = (config.paths + packs + [Config.fileName]).map(landscape.inRepository)
            func files(_ entries: [TreeEntryInfo]) -> [String: String] {
                var out: [String: String] = [:]
                for entry in entries where prefixes.contains(where: { $0.isEmpty || entry.path == $0 || entry.path.hasPrefix($0 + "/") }) {
                    out[entry.path] = entry.blobID
                }
                return out
            }
            if files(staged) != files(head) { touched.append(root) }
        }
        return touched.sorted(by: ByteOrder.less)
    }
}

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

    public init(path: String, selection: SourceSelection) throws(KitError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KitError(nb: "«\(path)» er verken et git-depot eller en mappe.",
                           en: "'\(path)' is neither a git repository nor a directory.")
        }
        let repository: GitRepository?
        do {
            repository = try GitRepository.discover(from: path)
        } catch {
            throw KitError(nb: "Kan ikke åpne git-depotet i «\(path)»: \(error)", en: "Cannot open the git repository at '\(path)': \(error)")
        }
        self.selection = selection
        if let repository {
            if repository.isBare && selection == .workTree {
                throw KitError(nb: "«\(path)» er et depot uten arbeidskatalog (bare); bruk --rev REV.",
                               en: "'\(path)' is a bare repository with no work tree; use --rev REV.")
            }
            if case .revision(let rev) = selection {
                do {
                    _ = try repository.commit(rev)
                } catch let error as GitError where error.isNotFound || error.message.contains("unknown revision") {
                    throw Workspace.unknownRevision(rev)
                } catch {
                    // A tree-ish that is not a commit (`v1^{tree}`) is fine: files() peels to a tree.
                    // Empty prefixes match nothing: this only peels the revision to a tree.
                    if (try? repository.entries(rev, filter: FileFilter(prefixes: [], extensions: []))) == nil {
                        throw Workspace.unknownRevision(rev)
                    }
                }
            }
            backing = .repository(repository)
            root = repository.workDirectory ?? repository.gitDirectory
            prefix = repository.workDirectory.map { Workspace.relative(path, to: $0) } ?? ""
        } else {
            guard selection == .workTree else {
                throw KitError(nb: "«\(path)» er ikke et git-depot; --rev og --staged krever git.",
                               en: "'\(path)' is not a git repository; --rev and --staged need git.")
            }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            backing = .directory(DirectorySource(root: absolute))
            root = absolute
            prefix = ""
        }
    }

    /// PATH relative to the work tree, both with links resolved ("" when they are the same).
    static func relative(_ path: String, to workDirectory: String) -> String {
        func real(_ p: String) -> String {
            guard let resolved = realpath(p, nil) else { return p }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let target = real(path), base = real(workDirectory)
        guard target != base, target.hasPrefix(base + "/") else { return "" }
        return String(target.dropFirst(base.count + 1))
    }

    /// A path of the landscape's project (configuration, landscape path, pack) in the repository.
    public func inRepository(_ path: String) -> String {
        guard !prefix.isEmpty else { return path }
        return path.isEmpty ? prefix : prefix + "/" + path
    }

    init(backing: Backing, selection: SourceSelection, root: String, prefix: String) {
        self.backing = backing
        self.selection = selection
        self.root = root
        self.prefix = prefix
    }

    /// The same repository and landscape, read from another selection (a commit of the history).
    public func at(_ selection: SourceSelection) -> Workspace {
        Workspace(backing: backing, selection: selection, root: root, prefix: prefix)
    }

    static func unknownRevision(_ rev: String) -> KitError {
        KitError(nb: "Ukjent revisjon «\(rev)»: ingen gren, tagg eller commit heter det.",
                 en: "Unknown revision '\(rev)': no branch, tag or commit has that name.")
    }

    public var repository: GitRepository? {
        if case .repository(let r) = backing { return r }
        return nil
    }

    /// One file of the selection (configuration, a rule pack), or nil.
    public func file(_ path: String) throws(KitError) -> SourceFile? {
        do {
            let file: SourceFile?
            switch backing {
            case .repository(let repo): file = try repo.file(at: inRepository(path), selection, maxBytes: Limits().maxFileBytes)
            case .directory(let dir): file = try dir.file(at: path, maxBytes: Limits().maxFileBytes)
            }
            inputsRead.append((path, file?.content))
            return file
        } catch {
            throw KitError(nb: "Kan ikke lese «\(path)»: \(error)", en: "Cannot read '\(path)': \(error)")
        }
    }

    /// The files below `prefixes` with a YAML extension, sorted by path.
    public func files(under prefixes: [String]) throws(KitError) -> [SourceFile] {
        let filter = FileFilter(prefixes: prefixes.map(inRepository), extensions: ["yaml", "yml"], maxBytes: Limits().maxFileBytes)
        do {
            switch backing {
            case .repository(let repo): return try repo.files(selection, filter: filter)
            case .directory(let dir): return try dir.files(filter: filter)
            }
        } catch {
            throw KitError(nb: "Kan ikke lese landskapet: \(error)", en: "Cannot read the landscape: \(error)")
        }
    }

    /// The configuration, or the defaults when there is none.
    public func config() throws(KitError) -> Config {
        guard let file = try file(Config.fileName) else { return Config() }
        do {
            return try Config.parse(file.content, file: inRepository(Config.fileName))
        } catch {
            throw KitError(error.message, at: error.location)
        }
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
                if let single = try file(path), case .regular = single.kind {
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
            throw KitError(nb: "\(error)", en: "\(error)")
        }
    }
}

import ArkitektGit
import ArkitektLoading
import ArkitektModel

/// What `--verbose` tells about the files of a check: every file read, and every file that was
/// not, with why. Nothing the landscape paths hold is passed over without a word.
public struct FileAccount: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Under a landscape path, but not named `.yaml` or `.yml`.
        case notYAML
        /// A YAML file of the repository outside every landscape path.
        case outsidePaths([String])
        /// A git submodule inside a landscape path.
        case submodule
        /// A symbolic link that leads out of the repository or to nothing.
        case linkOut(String)
        /// Larger than the file size limit.
        case tooLarge(Int)
        /// On disk under a landscape path, but ignored by git (`.gitignore`).
        case ignored
        /// Where only Backstage descriptors are looked for, and it holds none.
        case noDescriptor
    }

    public let path: String
    /// Nil: read. What it is when it is not a landscape file but read all the same.
    public let role: LocalizedText?
    /// Nil when the file was read.
    public let skipped: Reason?

    /// The line of stderr, in the run's language.
    public func line(_ language: Language) -> String {
        let read = LocalizedText(nb: "lest", en: "read")
        let skip = LocalizedText(nb: "hoppet over", en: "skipped")
        guard let skipped else {
            return "arkitekt: \(read.text(language)): \(path)" + (role.map { " (\($0.text(language)))" } ?? "")
        }
        let why: LocalizedText
        switch skipped {
        case .notYAML:
            why = LocalizedText(nb: "ikke .yaml eller .yml", en: "not .yaml or .yml")
        case .outsidePaths(let paths):
            let list = paths.map { $0.isEmpty ? "." : $0 + "/" }.joined(separator: ", ")
            why = LocalizedText(nb: "utenfor landskapets stier (\(list))", en: "outside the landscape paths (\(list))")
        case .submodule:
            why = LocalizedText(nb: "git-undermodul", en: "git submodule")
        case .linkOut(let target):
            why = LocalizedText(nb: "symbolsk lenke til «\(target)», ut av depotet eller til ingenting", en: "symbolic link to '\(target)', out of the repository or to nothing")
        case .tooLarge(let limit):
            why = LocalizedText(nb: "større enn grensen på \(limit) byte", en: "larger than the limit of \(limit) bytes")
        case .ignored:
            why = LocalizedText(nb: "git ignorerer den (.gitignore)", en: "git ignores it (.gitignore)")
        case .noDescriptor:
            why = LocalizedText(nb: "ingen Backstage-beskrivelse (her leses bare slike)", en: "no Backstage descriptor (only those are read here)")
        }
        return "arkitekt: \(skip.text(language)): \(path): \(why.text(language))"
    }
}

extension Workspace {
    /// Every file of the repository (or folder) that concerns the landscape, in path order: the
    /// configuration and rule packs read, each file under the landscape paths, and each YAML file
    /// outside them. Lists the selection again, without contents: only `--verbose` pays for it.
    func fileAccount(_ config: Config, paths: [String], limits: Limits = Limits()) throws(KitError) -> [FileAccount] {
        let prefixes = paths.map(inRepository)
        func inPaths(_ path: String) -> Bool {
            prefixes.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
        }
        let everything = FileFilter(prefixes: [inRepository("")], extensions: [], maxBytes: 0)
        /// Read as a check reads it: whether it is part of the landscape.
        func holdsDescriptor(_ path: String) -> Bool {
            guard case .repository(let repository) = backing,
                  let file = (try? repository.file(at: path, selection, maxBytes: limits.maxFileBytes)) ?? nil else { return true }
            return !LandscapeLoader.load(path: path, bytes: file.content, limits: limits).ignored
        }
        let listed: [SourceFile]
        do {
            switch backing {
            case .repository(let repository): listed = try repository.files(selection, filter: everything)
            case .directory(let directory): listed = try directory.files(filter: everything)
            }
        } catch {
            throw Kit.gitFailure(error, while: Kit.cannotReadLandscape)
        }
        var roles: [String: LocalizedText] = [inRepository(Config.fileName): LocalizedText(nb: "konfigurasjonen", en: "the configuration")]
        for (path, content) in inputsRead where content != nil && path != Config.fileName {
            roles[inRepository(path)] = LocalizedText(nb: "regelpakke", en: "rule pack")
        }
        var account: [FileAccount] = []
        var seen = Set<String>()
        for file in listed {
            seen.insert(file.path)
            let yaml = FileFilter.isLandscapeFileName(file.path)
            if let role = roles[file.path] {
                account.append(FileAccount(path: file.path, role: role, skipped: nil))
            } else if !inPaths(file.path) {
                if yaml { account.append(FileAccount(path: file.path, role: nil, skipped: .outsidePaths(prefixes))) }
            } else if case .submodule = file.kind {
                account.append(FileAccount(path: file.path, role: nil, skipped: .submodule))
            } else if !yaml {
                account.append(FileAccount(path: file.path, role: nil, skipped: .notYAML))
            } else if case .symlink(let target, let escapes) = file.kind, escapes {
                account.append(FileAccount(path: file.path, role: nil, skipped: .linkOut(target)))
            } else if file.size > limits.maxFileBytes {
                account.append(FileAccount(path: file.path, role: nil, skipped: .tooLarge(limits.maxFileBytes)))
            } else if limits.catalog.isCatalogOnly(file.path), !holdsDescriptor(file.path) {
                account.append(FileAccount(path: file.path, role: nil, skipped: .noDescriptor))
            } else {
                account.append(FileAccount(path: file.path, role: nil, skipped: nil))
            }
        }
        // In a work tree, what git leaves out (ignored files) is still on the disk.
        if selection == .workTree, case .repository = backing {
            let disk = DirectorySource(root: root)
            let onDisk = (try? disk.files(filter: FileFilter(prefixes: prefixes, extensions: [], maxBytes: 0))) ?? []
            for file in onDisk where !seen.contains(file.path) {
                account.append(FileAccount(path: file.path, role: nil, skipped: .ignored))
            }
        }
        return account.sorted { ByteOrder.less($0.path, $1.path) }
    }
}

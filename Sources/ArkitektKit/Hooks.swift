import ArkitektGit
import ArkitektModel
import ArkitektReporting
import Foundation

/// `arkitekt hook install|uninstall`: a git pre-commit hook that runs `check --staged`.
///
/// Nothing of the user's is lost: an existing hook is never overwritten unless asked. `--force`
/// moves it aside to `pre-commit.arkitekt-backup`; `--chain` keeps it and runs it first. Uninstall
/// removes only a hook that install wrote, and puts back what was there before.
public enum Hooks {
    static let marker = "# arkitekt-hook: installed by `arkitekt hook install`; remove with `arkitekt hook uninstall`"
    static let backupSuffix = ".arkitekt-backup"
    static let chainedSuffix = ".arkitekt-chained"
    /// Where a hook of ours that someone edited is kept when `--force` replaces or removes it.
    static let editedSuffix = ".arkitekt-edited"
    /// The line that records the digest of the rest of the script, to tell an edited hook.
    static let digestPrefix = "# arkitekt-hook-sha256: "

    public enum Mode: Sendable { case refuse, force, chain }

    /// `baseline`: a path for `check --baseline`, relative to the top of the work tree (where git
    /// runs hooks) or absolute.
    /// `landscape`: the landscape's folder relative to the top of the work tree (where git runs
    /// hooks), "" when it is the top.
    static func script(executable: String, chained: Bool, baseline: String? = nil, landscape: String = "") -> String {
        var s = "#!/bin/sh\n\(marker)\n"
        if chained {
            s += "# The hook that was here before runs first; a failure stops the commit.\n"
            s += "\"$(dirname \"$0\")/pre-commit\(chainedSuffix)\" \"$@\" || exit $?\n"
        }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let options = baseline.map { " --baseline " + quoted($0) } ?? ""
        let folder = landscape.isEmpty ? "" : " -C " + quoted(landscape)
        s += """
        ARKITEKT="${ARKITEKT:-\(executable)}"
        if ! command -v "$ARKITEKT" >/dev/null 2>&1; then ARKITEKT=arkitekt; fi
        exec "$ARKITEKT"\(folder) check --staged\(options)

        """
        // The digest of everything else goes on the second line.
        let digest = SHA256.hex(s)
        return s.replacingOccurrences(of: marker + "\n", with: marker + "\n" + digestPrefix + digest + "\n", options: [], range: s.range(of: marker + "\n"))
    }

    /// Whether a hook of ours was changed since install wrote it (a hook without a digest, from an
    /// older arkitekt, cannot tell and counts as unchanged).
    static func isEdited(_ file: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        guard let at = lines.firstIndex(where: { $0.hasPrefix(digestPrefix) }) else { return false }
        let recorded = String(lines[at].dropFirst(digestPrefix.count))
        lines.remove(at: at)
        return SHA256.hex(lines.joined(separator: "\n")) != recorded
    }

    /// Moves an edited hook of ours aside (`--force`), or refuses.
    static func keepEdited(_ hook: String, force: Bool, action: LocalizedText) throws(KitError) {
        guard isEdited(hook) else { return }
        guard force else {
            throw KitError(nb: "Kroken i \(hook) er endret siden arkitekt installerte den, så den er ikke rørt. Bruk --force for å \(action.nb) likevel (den endrede kroken tas vare på som pre-commit\(editedSuffix)).",
                           en: "The hook at \(hook) was edited since arkitekt installed it, so it was left alone. Use --force to \(action.en) all the same (the edited hook is kept as pre-commit\(editedSuffix)).")
        }
        try moveAside(hook, to: hook + editedSuffix)
    }

    /// Renames a hook to `target`, never over something that is there.
    static func moveAside(_ hook: String, to target: String) throws(KitError) {
        if exists(target) {
            throw KitError(nb: "\(target) finnes allerede; flytt den bort først, så ingenting overskrives.",
                           en: "\(target) already exists; move it away first so that nothing is overwritten.")
        }
        guard rename(hook, target) == 0 else {
            throw KitError(nb: "Kan ikke flytte \(hook). Har du skrivetilgang til mappen?", en: "Cannot move \(hook). Do you have write access to the folder?",
                           detail: String(cString: strerror(errno)))
        }
    }

    /// The repository's hooks folder, and the landscape's folder in the repository ("" at its top).
    static func hooksDirectory(_ path: String) throws(KitError) -> (hooks: String, workspace: Workspace) {
        let workspace = try Workspace(path: path, selection: .staged)
        guard let repository = workspace.repository else {
            throw KitError(nb: "«\(path)» er ikke et git-depot; en pre-commit-krok trenger git.",
                           en: "'\(path)' is not a git repository; a pre-commit hook needs git.")
        }
        do {
            return (try repository.hooksDirectory(home: ProcessInfo.processInfo.environment["HOME"]), workspace)
        } catch {
            throw Kit.gitFailure(error, while: LocalizedText(nb: "Kan ikke lese git-konfigurasjonen", en: "Cannot read the git configuration"))
        }
    }

    static func isOurs(_ file: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file) else { return false }
        return String(decoding: data, as: UTF8.self).contains(marker)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func install(path: String, executable: String, mode: Mode, language: Language, baseline: String? = nil) throws(KitError) -> CommandOutput {
        let (dir, workspace) = try hooksDirectory(path)
        let landscape = workspace.prefix
        let hook = dir + "/pre-commit"
        var chained = false
        var note = ""
        let baselineOption = try baseline.map { file throws(KitError) in try hookBaseline(file, in: workspace) }
        if exists(hook) && isOurs(hook) {
            try keepEdited(hook, force: mode == .force, action: LocalizedText(nb: "installere på nytt", en: "install again"))
        }
        if exists(hook) && !isOurs(hook) {
            switch mode {
            case .refuse:
                throw KitError(
                    nb: "Det finnes allerede en pre-commit-krok i \(hook); den er ikke endret. Bruk --chain for å kjøre den før arkitekt, eller --force for å erstatte den (den tas vare på som pre-commit\(backupSuffix)).",
                    en: "A pre-commit hook already exists at \(hook); it was left alone. Use --chain to run it before arkitekt, or --force to replace it (it is kept as pre-commit\(backupSuffix)).")
            case .force, .chain:
                let target = hook + (mode == .force ? backupSuffix : chainedSuffix)
                try moveAside(hook, to: target)
                chained = mode == .chain
                note = mode == .force
                    ? LocalizedText(nb: " (den gamle kroken er tatt vare på som \(target))", en: " (the earlier hook is kept as \(target))").text(language)
                    : LocalizedText(nb: " (den gamle kroken kjøres først, fra \(target))", en: " (the earlier hook runs first, from \(target))").text(language)
            }
        } else if exists(hook + chainedSuffix) {
            chained = true
        }
        try AtomicFile.write(script(executable: executable, chained: chained, baseline: baselineOption, landscape: landscape),
                             to: hook, permissions: 0o755)
        let done = LocalizedText(nb: "arkitekt: pre-commit-kroken er installert i \(hook)", en: "arkitekt: pre-commit hook installed at \(hook)")
        return CommandOutput(stdout: done.text(language) + note + ".\n", exitCode: 0)
    }

    /// The baseline as the hook names it: relative to the landscape's folder (where the hook's
    /// `-C` takes it) when it lies in the work tree, else absolute. It must exist and read as a
    /// baseline now, not first at the next commit.
    static func hookBaseline(_ file: String, in workspace: Workspace) throws(KitError) -> String {
        _ = try Baseline.read(file)
        // A baseline is one landscape's: a hook for the landscapes of a whole repository takes none.
        guard workspace.rootFound else {
            throw KitError(nb: "En baseline hører til ett landskap, og her er det ikke noe landskap (fant verken .arkitekt.yaml eller architecture/). Installer kroken med --baseline fra landskapets mappe (-C MAPPE).",
                           en: "A baseline belongs to one landscape, and there is no landscape here (neither .arkitekt.yaml nor architecture/). Install the hook with --baseline from the landscape's folder (-C FOLDER).")
        }
        guard let inRepository = workspace.repositoryPath(ofFile: file) else { return Workspace.real(file) }
        // From the landscape's folder up to the top, then down to the file.
        var from = workspace.prefix.split(separator: "/").map(String.init)
        var to = inRepository.split(separator: "/").map(String.init)
        while let a = from.first, let b = to.first, a == b, to.count > 1 {
            from.removeFirst()
            to.removeFirst()
        }
        return (Array(repeating: "..", count: from.count) + to).joined(separator: "/")
    }

    public static func uninstall(path: String, language: Language, force: Bool = false) throws(KitError) -> CommandOutput {
        let dir = try hooksDirectory(path).hooks
        let hook = dir + "/pre-commit"
        guard exists(hook) else {
            return CommandOutput(stdout: LocalizedText(nb: "arkitekt: det er ingen pre-commit-krok i \(hook); ingenting å gjøre.\n",
                                                       en: "arkitekt: no pre-commit hook at \(hook); nothing to do.\n").text(language), exitCode: 0)
        }
        guard isOurs(hook) else {
            throw KitError(nb: "Pre-commit-kroken i \(hook) er ikke installert av arkitekt; den er ikke rørt.",
                           en: "The pre-commit hook at \(hook) was not installed by arkitekt; it was left alone.")
        }
        try keepEdited(hook, force: force, action: LocalizedText(nb: "fjerne den", en: "remove it"))
        do {
            if exists(hook) { try FileManager.default.removeItem(atPath: hook) }
        } catch {
            throw KitError(nb: "Kan ikke fjerne \(hook). Har du skrivetilgang til mappen?", en: "Cannot remove \(hook). Do you have write access to the folder?",
                           detail: error.localizedDescription)
        }
        for suffix in [backupSuffix, chainedSuffix] where exists(hook + suffix) {
            guard rename(hook + suffix, hook) == 0 else {
                throw KitError(nb: "Kan ikke sette tilbake \(hook + suffix).", en: "Cannot restore \(hook + suffix).")
            }
            return CommandOutput(stdout: LocalizedText(nb: "arkitekt: pre-commit-kroken er fjernet; den forrige kroken er tilbake i \(hook).\n",
                                                       en: "arkitekt: pre-commit hook removed; the earlier hook is back at \(hook).\n").text(language), exitCode: 0)
        }
        return CommandOutput(stdout: LocalizedText(nb: "arkitekt: pre-commit-kroken er fjernet fra \(hook).\n",
                                                   en: "arkitekt: pre-commit hook removed from \(hook).\n").text(language), exitCode: 0)
    }
}

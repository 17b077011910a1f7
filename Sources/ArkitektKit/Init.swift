import ArkitektGit
import ArkitektModel
import ArkitektReporting
import Foundation

/// Options of `arkitekt init`.
public struct InitOptions: Sendable {
    /// The folder to start in (made when missing).
    public var path = "."
    public var language: Language?
    /// Replace files that exist.
    public var force = false
    /// Say what would be written; write nothing.
    public var dryRun = false
    public init() {}
}

extension Kit {
    /// `arkitekt init [PATH]`: a configuration, a starter landscape, the schema and the editor's
    /// mapping of it. Nothing of the user's is replaced: existing files stop it, with their list,
    /// unless `force`. The editor settings are only written when there are none.
    public static func initialise(_ options: InitOptions) throws(KitError) -> CommandOutput {
        let language = options.language ?? configuredLanguage(path: options.path) ?? .nb
        let nb = language == .nb
        let root = options.path
        var info = stat()
        if stat(root, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw KitError(nb: "«\(root)» er en fil; init trenger en mappe.", en: "'\(root)' is a file; init needs a folder.")
        }
        let schema = JSONSchema.document(language: language).rendered() + "\n"
        let files = StarterFiles.files(language) + [(StarterFiles.schemaPath, schema)]
        /// Whether something (a file, a folder, a link, even a broken one) is at the path.
        func exists(_ path: String) -> Bool {
            var info = stat()
            return lstat(root + "/" + path, &info) == 0
        }
        let existing = files.map(\.path).filter(exists)
        // A landscape that is there already gets no made-up elements beside its own.
        let starter = Set(files.map(\.path))
        let landscape = (FileManager.default.enumerator(atPath: root + "/architecture")?.allObjects as? [String] ?? [])
            .filter { FileFilter.isLandscapeFileName($0) && !starter.contains("architecture/" + $0) }
        // A file where a folder must go would stop the writing halfway: it stops it before.
        var blocking: [String] = []
        for file in files + [(StarterFiles.settingsPath, "")] {
            let parts = file.0.split(separator: "/").dropLast()
            for i in parts.indices {
                let folder = parts[...i].joined(separator: "/")
                var info = stat()
                if lstat(root + "/" + folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR, !blocking.contains(folder) { blocking.append(folder) }
            }
        }
        if !blocking.isEmpty {
            let list = blocking.joined(separator: ", ")
            throw KitError(nb: "Disse skal være mapper, men er filer i «\(root)», så ingenting ble skrevet: \(list).",
                           en: "These must be folders but are files in '\(root)', so nothing was written: \(list).")
        }
        if !options.dryRun && !options.force {
            if !existing.isEmpty {
                let list = existing.joined(separator: ", ")
                throw KitError(nb: "Disse filene finnes alt i «\(root)», så ingenting ble skrevet: \(list). Bruk --force for å erstatte dem, eller --dry-run for å se hva som ville blitt skrevet.",
                               en: "These files already exist in '\(root)', so nothing was written: \(list). Use --force to replace them, or --dry-run to see what would be written.")
            }
            if !landscape.isEmpty {
                throw KitError(nb: "«\(root)/architecture» har alt et landskap (\(landscape.count) YAML-\(landscape.count == 1 ? "fil" : "filer")), så ingenting ble skrevet. For bare skjemaet og redigeringsoppsettet: «arkitekt schema -o \(StarterFiles.schemaPath)» og docs/EDITORS.md. --force legger startfilene til likevel.",
                               en: "'\(root)/architecture' already holds a landscape (\(landscape.count) YAML \(landscape.count == 1 ? "file" : "files")), so nothing was written. For the schema and the editor set-up alone: 'arkitekt schema -o \(StarterFiles.schemaPath)' and docs/EDITORS.md. --force adds the starter files all the same.")
            }
        }
        let settings = !exists(StarterFiles.settingsPath)
        var written = files.map(\.path)
        if settings { written.append(StarterFiles.settingsPath) }

        var out = ""
        let mark: String
        if options.force { mark = nb ? " (erstattes)" : " (replaced)" } else { mark = nb ? " (finnes: init stopper uten --force)" : " (exists: init stops without --force)" }
        func list(_ paths: [String]) { for p in paths { out += "  \(p)\(existing.contains(p) ? mark : "")\n" } }
        if options.dryRun {
            out += nb ? "Ville skrevet \(written.count) filer i \(root) (--dry-run: ingenting er skrevet):\n"
                      : "Would write \(written.count) files in \(root) (--dry-run: nothing was written):\n"
            list(written)
            if !landscape.isEmpty && !options.force {
                out += nb ? "«architecture» har alt et landskap (\(landscape.count) YAML-\(landscape.count == 1 ? "fil" : "filer")): init stopper uten --force.\n"
                          : "'architecture' already holds a landscape (\(landscape.count) YAML \(landscape.count == 1 ? "file" : "files")): init stops without --force.\n"
            }
        } else {
            for file in files { try AtomicFile.write(file.text, to: root + "/" + file.path) }
            if settings { try AtomicFile.write(StarterFiles.settings(), to: root + "/" + StarterFiles.settingsPath) }
            out += nb ? "Skrev \(written.count) filer i \(root):\n" : "Wrote \(written.count) files in \(root):\n"
            list(written)
        }
        if !settings {
            out += nb ? "\(StarterFiles.settingsPath) finnes og ble ikke endret; legg til skjemaet selv (docs/EDITORS.md):\n"
                      : "\(StarterFiles.settingsPath) exists and was left as it is; add the schema yourself (docs/EDITORS.md):\n"
            out += "  \"yaml.schemas\": { \"\(StarterFiles.schemaPath)\": [\".arkitekt.yaml\", \"architecture/**/*.yaml\", \"architecture/**/*.yml\"] }\n"
        }
        out += nb ? """

            Neste steg:
              arkitekt check             sjekker landskapet; to advarsler ber om datoer bare dere kjenner
              arkitekt explain REGEL     forklarer en regel, med eksempler
            Rediger filene under architecture/, eller erstatt dem med deres egne.

            """ : """

            Next:
              arkitekt check             checks the landscape; two warnings ask for dates only you know
              arkitekt explain RULE      explains a rule, with examples
            Edit the files under architecture/, or replace them with your own.

            """
        return CommandOutput(stdout: out, exitCode: 0)
    }
}

import ArkitektInterop
import ArkitektModel
import ArkitektReporting
import Foundation

/// Options of `arkitekt import archimate`.
public struct ImportOptions: Sendable {
    public var file = ""
    public var output = "architecture"
    public var force = false
    public var language: Language = .nb
    public init() {}
}

extension Kit {
    /// The list of what an import wrote: identifier, name, path and the SHA-256 of the text
    /// written, so that a later import knows its own files, keeps their names, and leaves alone
    /// a file whose element did not change in the model (and so any edit made to it since).
    static let importManifest = ".arkitekt-import"

    struct ImportManifestEntry {
        let identifier: String
        let name: String
        let path: String
        let hash: String
    }

    /// `arkitekt import archimate FILE [-o DIR]`.
    public static func importArchimate(_ options: ImportOptions) throws(KitError) -> CommandOutput {
        let model: ArchiMateModel
        do {
            model = try ArchiMateReader.read(path: options.file)
        } catch {
            // Where in the file, when the reader got that far.
            let place = error.line > 0 ? "\(options.file):\(error.line):\(error.column)" : options.file
            throw KitError(nb: "\(place): kan ikke leses som en ArchiMate-modell: \(error.message.nb)",
                           en: "\(place): cannot be read as an ArchiMate model: \(error.message.en)")
        }
        guard !model.elements.isEmpty else {
            throw KitError(nb: "\(options.file): modellen har ingen elementer; ingenting ble skrevet.",
                           en: "\(options.file): the model has no elements; nothing was written.")
        }
        let output = options.output
        let earlier = try readImportManifest(output, force: options.force)
        let imported = ArchiMateImport(model, names: Dictionary(earlier.values.map { ($0.identifier, $0.name) }, uniquingKeysWith: { a, _ in a }))
        // A landscape of no file is no import: said, and nothing written.
        if imported.files.isEmpty {
            let types = imported.unmappedElements.map { ($0.key, $0.value.count) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let list = types.prefix(5).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + (types.count > 5 ? ", …" : "")
            throw KitError(nb: "\(options.file): ingen av modellens \(model.elements.count) elementer er av en type landskapet tar imot (\(list)); ingenting ble skrevet. Typene som tas imot står i docs/INTEROP.md.",
                           en: "\(options.file): none of the model's \(model.elements.count) elements is of a type the landscape takes (\(list)); nothing was written. The types it takes are in docs/INTEROP.md.")
        }
        let manager = FileManager.default
        // Files of someone else's are never replaced: named before anything is written.
        let ours = Set(earlier.values.map(\.path))
        let theirs = imported.files.map(\.path).filter { !ours.contains($0) && manager.fileExists(atPath: output + "/" + $0) }
        if !theirs.isEmpty {
            let shown = theirs.prefix(5).joined(separator: ", ") + (theirs.count > 5 ? " (+\(theirs.count - 5))" : "")
            throw KitError(nb: "I «\(output)» ligger allerede filer som importen ville ha erstattet, og som ikke kom fra en import: \(shown). Ingenting ble skrevet.",
                           en: "'\(output)' already holds files the import would replace, which did not come from an import: \(shown). Nothing was written.")
        }
        var written = 0, kept = 0, removed = 0
        var keptEdited: [String] = []
        var manifest: [ImportManifestEntry] = []
        for file in imported.files {
            let hash = SHA256.hex(file.text)
            manifest.append(ImportManifestEntry(identifier: file.identifier, name: file.name, path: file.path, hash: hash))
            if let before = earlier[file.identifier], before.path == file.path, before.hash == hash, manager.fileExists(atPath: output + "/" + file.path) {
                kept += 1
                continue
            }
            try AtomicFile.write(file.text, to: output + "/" + file.path)
            written += 1
        }
        let current = Set(imported.files.map(\.identifier))
        for entry in earlier.values.sorted(by: { $0.path < $1.path }) where !current.contains(entry.identifier) {
            let path = output + "/" + entry.path
            guard let data = manager.contents(atPath: path) else { continue }
            if SHA256.hex(String(decoding: data, as: UTF8.self)) == entry.hash {
                try? manager.removeItem(atPath: path)
                removed += 1
            } else {
                keptEdited.append(entry.path)
            }
        }
        let report = imported.report(source: (options.file as NSString).lastPathComponent, language: options.language)
        try AtomicFile.write(report, to: output + "/README.md")
        let lines = manifest.sorted { $0.identifier < $1.identifier }.map { "\($0.identifier)\t\($0.name)\t\($0.path)\t\($0.hash)" }
        try AtomicFile.write("arkitekt-import 1\n" + lines.joined(separator: "\n") + "\n", to: output + "/" + importManifest)
        let nb = options.language == .nb
        var text = report + "\n"
        text += nb ? "Skrev \(written) filer i \(output), \(kept) uendret, \(removed) fjernet.\n" : "Wrote \(written) files to \(output), \(kept) unchanged, \(removed) removed.\n"
        for path in keptEdited {
            text += nb ? "Beholdt \(path): elementet er borte fra modellen, men filen er endret etter importen.\n"
                : "Kept \(path): the element is gone from the model, but the file was edited after the import.\n"
        }
        return CommandOutput(stdout: text, exitCode: 0)
    }

    /// The earlier import's list, by identifier; refuses a folder that holds other files and
    /// no list, unless `force`.
    static func readImportManifest(_ output: String, force: Bool) throws(KitError) -> [String: ImportManifestEntry] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: output, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else {
            throw KitError(nb: "«\(output)» finnes og er ingen mappe.", en: "'\(output)' exists and is not a folder.")
        }
        guard let text = try? String(contentsOfFile: output + "/" + importManifest, encoding: .utf8), text.hasPrefix("arkitekt-import 1\n") else {
            let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
            if contents.isEmpty || force { return [:] }
            throw KitError(
                nb: "Mappen «\(output)» finnes og kommer ikke fra en import (den mangler \(importManifest)); ingenting ble skrevet. Velg en annen mappe med -o, eller bruk --force for å importere ved siden av det som ligger der (ingen fil blir erstattet).",
                en: "The folder '\(output)' exists and did not come from an import (it has no \(importManifest)); nothing was written. Choose another folder with -o, or use --force to import beside what is there (no file is replaced).")
        }
        var entries: [String: ImportManifestEntry] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, isSafeSitePath(parts[2]) else { continue }
            entries[parts[0]] = ImportManifestEntry(identifier: parts[0], name: parts[1], path: parts[2], hash: parts[3])
        }
        return entries
    }
}

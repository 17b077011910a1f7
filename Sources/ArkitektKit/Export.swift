import ArkitektGit
import ArkitektGraph
import ArkitektInterop
import ArkitektModel
import Foundation

/// Options of `arkitekt export archimate`.
public struct ExportOptions: Sendable {
    public var path = "."
    public var rev: String?
    /// The file to write; nil writes to standard output.
    public var output: String?
    public var force = false
    public var language: Language?
    public init() {}
}

extension Kit {
    /// `arkitekt export archimate [PATH] [--rev REV] [-o FILE]`.
    public static func exportArchimate(_ options: ExportOptions) throws(KitError) -> CommandOutput {
        // The file is checked before anything is read: a file of the user's is never replaced.
        if let output = options.output { try refuseForeign(output, force: options.force, marker: ArchiMateExport.marker, writer: "arkitekt export") }
        let (workspace, config, source) = try readLandscape(options.path, rev: options.rev)
        let language = options.language ?? config.language ?? .nb
        let name = (workspace.root as NSString).lastPathComponent
        let export = ArchiMateExport(source.landscape, modelName: name, language: language, layout: graphvizLayout)
        let nb = language == .nb
        var summary = nb
            ? "\(export.elementCount) elementer, \(export.relationshipCount) relasjoner og \(export.viewCount) visninger"
            : "\(export.elementCount) elements, \(export.relationshipCount) relationships and \(export.viewCount) views"
        let notes = export.notExported.map { ref in
            nb ? "Ikke eksportert: \(ref), fordi en ArchiMate-relasjon trenger begge endene i modellen (from og to må finnes)."
                : "Not exported: \(ref), because an ArchiMate relationship needs both its ends in the model (from and to must exist)."
        }
        guard let output = options.output else {
            return CommandOutput(stdout: export.text, exitCode: 0, notes: notes)
        }
        try AtomicFile.write(export.text, to: output)
        summary = nb ? "Skrev \(summary) til \(output).\n" : "Wrote \(summary) to \(output).\n"
        return CommandOutput(stdout: summary + notes.map { $0 + "\n" }.joined(), exitCode: 0)
    }

    /// An existing file is replaced only when `writer` wrote it, as `marker` in its first bytes
    /// shows (or with `force`).
    static func refuseForeign(_ output: String, force: Bool, marker: String, writer: String) throws(KitError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue else {
            throw KitError(nb: "«\(output)» er en mappe; -o tar navnet på en fil.",
                           en: "'\(output)' is a folder; -o takes the name of a file.")
        }
        guard !force else { return }
        let head = FileHandle(forReadingAtPath: output).flatMap { try? $0.read(upToCount: 512) } ?? Data()
        if String(decoding: head, as: UTF8.self).contains(marker) { return }
        throw KitError(nb: "«\(output)» finnes og ble ikke skrevet av \(writer); ingenting ble skrevet. Velg en annen fil, eller bruk --force for å erstatte den.",
                       en: "'\(output)' exists and was not written by \(writer); nothing was written. Choose another file, or use --force to replace it.")
    }

    /// Lays a view out with Graphviz's `dot`, top to bottom, in the size ArchiMate tools give an
    /// element; nil (a grid) when Graphviz cannot.
    static func graphvizLayout(_ sketch: ArchiMateExport.Sketch) -> [String: ArchiMateExport.Box]? {
        let size = ArchiMateExport.nodeSize
        var dot = "digraph view {\n  graph [rankdir=TB, nodesep=0.5, ranksep=0.6, pad=0.3];\n"
        dot += "  node [shape=box, fixedsize=true, width=\(Double(size.w) / 72), height=\(Double(size.h) / 72), label=\"\"];\n"
        for i in sketch.nodes.indices { dot += "  n\(i);\n" }
        let index = Dictionary(sketch.nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for edge in sketch.edges {
            guard let a = index[edge.from], let b = index[edge.to] else { continue }
            dot += "  n\(a) -> n\(b);\n"
        }
        dot += "}\n"
        guard let placed = try? Graphviz.layout(dot: dot) else { return nil }
        var boxes: [String: ArchiMateExport.Box] = [:]
        for (i, node) in sketch.nodes.enumerated() {
            guard let p = placed["n\(i)"] else { return nil }
            // Archi draws on a grid of 12 pixels: the corners are put on it.
            func grid(_ v: Double) -> Int { Int((v / 12).rounded()) * 12 + 12 }
            boxes[node] = ArchiMateExport.Box(x: grid(p.x), y: grid(p.y), w: size.w, h: size.h)
        }
        return boxes
    }
}

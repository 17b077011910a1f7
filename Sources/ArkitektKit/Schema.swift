import ArkitektLoading
import ArkitektModel
import ArkitektReporting

/// Options of `arkitekt schema`.
public struct SchemaOptions: Sendable {
    /// The repository or folder whose configuration gives the language.
    public var path = "."
    /// One kind only (System, system, data, Config, ...); nil for the schema of every document.
    public var kind: String?
    /// The file to write; nil writes to standard output.
    public var output: String?
    public var force = false
    public var language: Language?
    public init() {}
}

extension Kit {
    /// `arkitekt schema [--kind K] [-o FILE]`: the JSON Schema of format v1.
    public static func schema(_ options: SchemaOptions) throws(KitError) -> CommandOutput {
        if let output = options.output { try refuseForeign(output, force: options.force, marker: JSONSchema.marker, writer: JSONSchema.marker) }
        let language = options.language ?? configuredLanguage(path: options.path) ?? .nb
        var only: FormatSchema.DocumentKind?
        if let text = options.kind { only = try documentKind(text) }
        let text = JSONSchema.document(only: only, language: language).rendered() + "\n"
        guard let output = options.output else { return CommandOutput(stdout: text, exitCode: 0) }
        try AtomicFile.write(text, to: output)
        return CommandOutput(stdout: language == .nb ? "Skrev skjemaet til \(output).\n" : "Wrote the schema to \(output).\n", exitCode: 0)
    }

    /// A document kind by its name (System), its reference prefix (system, data) or either in any
    /// case; an unknown one is an error with the nearest name.
    static func documentKind(_ text: String) throws(KitError) -> FormatSchema.DocumentKind {
        if text.lowercased() == "config" { return FormatSchema.config }
        if text.lowercased() == "portfolio" { return FormatSchema.portfolio }
        if let kind = Kind(named: text) { return FormatSchema.element(kind) }
        let names = FormatSchema.all.map(\.name)
        let hint = Suggest.closest(to: text, in: names + Kind.allCases.map(\.refPrefix)).map { (nb: " Mente du «\($0)»?", en: " Did you mean '\($0)'?") }
        throw KitError(nb: "Ukjent type «\(text)».\(hint?.nb ?? "") Typene: \(names.joined(separator: ", ")).",
                       en: "Unknown kind '\(text)'.\(hint?.en ?? "") The kinds: \(names.joined(separator: ", ")).")
    }
}

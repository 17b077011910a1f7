import ArgumentParser
import ArkitektKit
import ArkitektServer

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schema (draft-07) of the landscape format, for editors.",
        discussion: """
        One schema checks any document of format arkitekt/v1 (every element kind, .arkitekt.yaml \
        and a portfolio file) by its kind: every field, value and pattern arkitekt reads, with \
        descriptions in the run's language. Editors read it through yaml-language-server \
        (docs/EDITORS.md). --kind gives the schema of one kind. A file that this command did not \
        write is not replaced unless --force.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only this kind (System, system, data, Config, ...).", valueName: "K"))
    var kind: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE"))
    var output: String?

    @Flag(name: .long, help: "Replace a file that arkitekt schema did not write.")
    var force = false

    func run() throws {
        var options = SchemaOptions()
        options.path = global.resolve(nil)
        options.kind = kind
        options.output = output.map { global.resolve($0) }
        options.force = force
        options.language = global.lang
        try execute(global) { () throws(KitError) in try Kit.schema(options) }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a landscape: a configuration, one commented element of each main kind, the schema and the editor settings.",
        discussion: """
        Writes .arkitekt.yaml, a starter landscape under architecture/ (groups, capabilities, a \
        system that reuses the shared solution ID-porten, a data entity with personal data and an \
        integration), the JSON Schema at .arkitekt/schema.json with a yaml-language-server \
        modeline in each file, and .vscode/settings.json when there is none. arkitekt check passes \
        it with no error. Existing files are never replaced: they stop init, with their list, \
        unless --force. The files are in the language of --lang (default nb).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The folder to start in (default: the current folder; made when missing).", valueName: "PATH"))
    var path: String?

    @Flag(name: .long, help: "Replace the files that exist.")
    var force = false

    @Flag(name: .long, help: "Say what would be written, and write nothing.")
    var dryRun = false

    func run() throws {
        var options = InitOptions()
        options.path = global.resolve(path)
        options.language = global.lang
        options.force = force
        options.dryRun = dryRun
        try execute(global) { () throws(KitError) in try Kit.initialise(options) }
    }
}

struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server over standard input and output (LSP 3.17), for editors.",
        discussion: """
        Started by the editor, not by hand (docs/EDITORS.md). It checks the landscape of the \
        folder the editor opened with the open files' unsaved text, and publishes the findings of \
        every open file as you type, cross-file rules included; it goes to the definition of a \
        reference and finds the references to an element, completes field names, values and \
        element names, shows what an element or a field is on hover, and offers the nearest name \
        for a misspelt field, value or reference.
        """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let status = LanguageServer(language: global.lang, folder: global.resolve(nil)).run()
        leave(withError: status == 0 ? nil : ExitCode(status))
    }
}

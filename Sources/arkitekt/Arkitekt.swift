import ArgumentParser
import ArkitektKit
import ArkitektModel
import ArkitektReporting
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line: argument parsing only; every command is one call into ArkitektKit.
struct Arkitekt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arkitekt",
        abstract: "Lint an architecture landscape described in YAML, straight from git.",
        discussion: """
        arkitekt reads the landscape (systems, data, integrations, owners, shared solutions, \
        exemptions, transitions) from the work tree, the index or any revision, and checks it \
        against the architecture principles of the municipal sector (KS) and the core rules.

        Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 usage or input error.
        """,
        version: ArkitektVersion.current,
        subcommands: [CheckCommand.self, DiffCommand.self, ChangelogCommand.self, TransitionsCommand.self, GraphCommand.self, SiteCommand.self, ImportCommand.self, ExportCommand.self, ListCommand.self, ShowCommand.self, SchemaCommand.self, InitCommand.self, LspCommand.self, RulesCommand.self, ExplainCommand.self, HookCommand.self, LibraryCommand.self, PortfolioCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in PATH (as git -C does).", valueName: "PATH"))
    var directory: String?

    @Option(name: .long, help: "Language of messages: nb (Bokmål) or en (English). Default: the configuration's, else nb.")
    var lang: Language?

    @Option(name: .customLong("color"), help: ArgumentHelp("Colour in text output: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never.", valueName: "WHEN"))
    var colour: ColourChoice = .auto

    @Flag(name: [.customShort("v"), .long], help: "Say more on stderr: every file read and every file skipped, with why, and what git said when it failed.")
    var verbose = false

    /// The run's language: --lang, else the configuration's (of the landscape at PATH), else Bokmål.
    func language(at path: String? = nil) -> Language { lang ?? Kit.configuredLanguage(path: path ?? resolve(nil)) ?? .nb }

    /// Resolves a path argument against -C.
    func resolve(_ path: String?) -> String {
        let base = directory ?? "."
        guard let path else { return base }
        if path.hasPrefix("/") { return path }
        return base == "." ? path : base + "/" + path
    }
}

extension Language: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard argument.utf8.count == 10 else { return nil }
        self.init(parsing: argument)
    }
}

/// Runs one call into the kit: writes its output and exits with its exit code; a KitError becomes
/// one line on stderr and exit 2.
///
/// The process exits here, with the output (and the analysis behind it) still alive: the kernel
/// takes back the memory at once, where freeing a large landscape object by object would not.
func execute(_ global: GlobalOptions, at path: String? = nil, _ body: () throws(KitError) -> CommandOutput) throws -> Never {
    let output: CommandOutput
    do {
        output = try body()
    } catch {
        throw fail(error, global, language: global.language(at: path))
    }
    if !output.notes.isEmpty {
        var stderr = StandardError()
        print(output.notes.joined(separator: "\n"), to: &stderr)
    }
    print(output.stdout, terminator: "")
    withExtendedLifetime(output) {
        leave(withError: output.exitCode == 0 ? nil : ExitCode(output.exitCode))
    }
}

/// Ends the process the way swift-argument-parser does (`error` nil: success), once what
/// `Kit.prepare` started has finished: exiting in the middle of libgit2's initialisation can
/// crash. Every way out of the program goes through here.
func leave(withError error: Error?) -> Never {
    Kit.settle()
    Arkitekt.exit(withError: error)
}

/// A KitError on stderr, one line, exit 2 (with --verbose, what the layer below said on a second).
func fail(_ error: KitError, _ global: GlobalOptions, language: Language) -> ExitCode {
    var stderr = StandardError()
    print(errorLine(error.text(language), language), to: &stderr)
    if global.verbose, let detail = error.detail {
        print("arkitekt: \(language == .en ? "detail" : "detalj"): \(detail)", to: &stderr)
    }
    return ExitCode(2)
}

/// "arkitekt: feil: ..." / "arkitekt: error: ...": how every error line begins.
func errorLine(_ text: String, _ language: Language) -> String {
    "arkitekt: \(Severity.error.displayName.text(language)): \(text)"
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// A progress line on stderr for long history walks, only when stderr is a terminal, and only
/// once the walk has taken more than a second.
final class Progress {
    let start = Date()
    var shown = false
    let enabled = isatty(STDERR_FILENO) == 1

    func update(_ done: Int, _ total: Int, unit: String = "commits") {
        guard enabled, Date().timeIntervalSince(start) > 1 || shown else { return }
        shown = true
        var stderr = StandardError()
        print("\r\u{1B}[Karkitekt: \(done)/\(total) \(unit)", terminator: done == total ? "\n" : "", to: &stderr)
    }
}

/// When text output is coloured (`--color`).
enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Colour as `--color` says; by default only on a terminal, never when NO_COLOR is set to
/// anything (https://no-color.org) or the terminal is dumb.
func useColour(_ choice: ColourChoice) -> Bool {
    switch choice {
    case .always: return true
    case .never: return false
    case .auto:
        if let noColour = getenv("NO_COLOR"), noColour.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}

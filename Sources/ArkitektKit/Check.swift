import ArkitektGit
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import Foundation

/// The output formats of `check`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, gitlab, markdown
}

/// The level at or above which findings make the run fail (exit 1).
public enum FailOn: String, Sendable, CaseIterable {
    case error, warning, info, never

    public func fails(_ findings: [Finding]) -> Bool {
        let threshold: Severity
        switch self {
        case .error: threshold = .error
        case .warning: threshold = .warning
        case .info: threshold = .info
        case .never: return false
        }
        return findings.contains { $0.severity >= threshold }
    }
}

/// Everything `check` is asked to do.
public struct CheckOptions: Sendable {
    public var path: String = "."
    public var selection: SourceSelection = .workTree
    public var format: OutputFormat = .text
    public var failOn: FailOn = .error
    /// The command line's language; nil: the configuration's, else Bokmål.
    public var language: Language?
    /// "Today"; nil: the current UTC date.
    public var date: Day?
    public var showSuppressed = false
    public var principleSummary = false
    public var colour = false

    public init() {}
}

/// What a command produced: the text for stdout and the exit code.
public struct CommandOutput: Sendable {
    public let stdout: String
    public let exitCode: Int32
}

/// The result of checking one source, before it is reported.
public struct Analysis: Sendable {
    public let landscape: Landscape
    public let result: EngineResult
    public let ruleSet: RuleSet
    public let config: Config
}

public enum Kit {
    /// Today in UTC.
    public static func today() -> Day {
        Day(unixSeconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// config -> source -> landscape -> rules -> exemptions: the findings of one source.
    public static func analyse(_ workspace: Workspace, today: Day) throws(KitError) -> Analysis {
        let config = try workspace.config()
        let ruleSet = try workspace.ruleSet(config)
        let files = try workspace.files(under: config.paths)
        let (landscape, loaderFindings) = load(files)
        let engine = RuleEngine(ruleSet: ruleSet, overrides: config.severity.mapValues(\.value))
        let result = engine.run(landscape, loaderFindings: loaderFindings, today: today)
        return Analysis(landscape: landscape, result: result, ruleSet: ruleSet, config: config)
    }

    /// Turns source files into a landscape. Files that cannot be YAML (a submodule, a link out of
    /// the repository, a file over the size limit) become findings here.
    public static func load(_ files: [SourceFile], limits: Limits = Limits()) -> (Landscape, [Finding]) {
        var inputs: [LandscapeInput] = []
        var findings: [Finding] = []
        for file in files {
            let start = SourceLocation(file: file.path, line: 1, column: 1)
            switch file.kind {
            case .submodule:
                findings.append(Finding(rule: "skipped-document", element: nil, location: start, message: LocalizedText(
                    nb: "En git-undermodul ligger i landskapsstien; den er hoppet over. Beskriv innholdet i dette depotet eller flytt undermodulen ut.",
                    en: "A git submodule sits inside the landscape path; it was skipped. Describe its contents in this repository or move the submodule out."),
                    detail: "submodule"))
                continue
            case .symlink(let target, let escapes) where escapes:
                findings.append(Finding(rule: "skipped-document", element: nil, location: start, message: LocalizedText(
                    nb: "Den symbolske lenken peker til «\(target)», utenfor depotet eller til noe som ikke finnes; den følges ikke.",
                    en: "The symbolic link points to '\(target)', outside the repository or to nothing; it is not followed."),
                    detail: "symlink"))
                continue
            default:
                break
            }
            if file.omitted || file.size > limits.maxFileBytes {
                findings.append(LandscapeLoader.fileTooLargeFinding(path: file.path, limit: limits.maxFileBytes))
                continue
            }
            inputs.append(LandscapeInput(path: file.path, bytes: file.content))
        }
        let (landscape, loaded) = LandscapeLoader.loadAll(inputs, limits: limits)
        return (Landscape(elements: landscape.elements, fileCount: files.count), findings + loaded)
    }

    /// `arkitekt check`.
    public static func check(_ options: CheckOptions) throws(KitError) -> CommandOutput {
        let workspace = try Workspace(path: options.path, selection: options.selection)
        let analysis = try analyse(workspace, today: options.date ?? today())
        let language = options.language ?? analysis.config.language ?? .nb
        let report = CheckReport(findings: analysis.result.findings, suppressed: analysis.result.suppressed,
                                 showSuppressed: options.showSuppressed, elementCount: analysis.landscape.elements.count,
                                 fileCount: analysis.landscape.fileCount, ruleSet: analysis.ruleSet, language: language)
        let text: String
        switch options.format {
        case .text:
            text = TextReporter.render(report, style: .init(colour: options.colour, principleSummary: options.principleSummary))
        case .json:
            text = JSONReporter.render(report)
        default:
            throw KitError(nb: "Formatet «\(options.format.rawValue)» kommer i en senere versjon; bruk text eller json.",
                           en: "The format '\(options.format.rawValue)' comes in a later version; use text or json.")
        }
        return CommandOutput(stdout: text, exitCode: options.failOn.fails(analysis.result.findings) ? 1 : 0)
    }
}

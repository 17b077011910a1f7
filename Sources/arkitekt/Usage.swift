import ArgumentParser
import ArkitektKit
import ArkitektModel
import Foundation

/// A mistake on the command line found by arkitekt itself (rather than by the argument parser):
/// one line on stderr in the run's language, exit 2.
struct UsageError: Error, CustomStringConvertible {
    let text: LocalizedText
    init(nb: String, en: String) { text = LocalizedText(nb: nb, en: en) }
    var description: String { text.en }
}

/// Whether PATH names something other than a folder that exists (a file to check).
func isFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
}

/// The commands, as a user types them.
let commandNames = Arkitekt.configuration.subcommands.map { $0._commandName }

/// The options of the commands that take a value: what follows them is no PATH.
let optionsWithValue: Set<String> = ["-C", "--lang", "--rev", "--against", "--format", "--fail-on", "--date", "--baseline",
                                     "--write-baseline", "--output", "--max-findings", "--policy-from", "-o", "--depth"]

/// The language of a run, decided once before anything is printed: `--lang`, else the
/// configuration's `language` (read from the landscape the run would find: the one at `check`'s
/// PATH, or where -C points), else Bokmål.
func runLanguage(_ arguments: [String]) -> Language {
    var directory = "."
    var explicit: Language?
    var path: String?
    var command: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        let next = index + 1 < arguments.count ? arguments[index + 1] : nil
        if argument == "--lang", let next {
            explicit = Language(rawValue: next) ?? explicit
            index += 1
        } else if argument.hasPrefix("--lang=") {
            explicit = Language(rawValue: String(argument.dropFirst(7))) ?? explicit
        } else if argument == "-C", let next {
            directory = next
            index += 1
        } else if optionsWithValue.contains(argument), let next, !next.hasPrefix("-") {
            index += 1
        } else if argument == "--" {
            break
        } else if command == nil, commandNames.contains(argument) {
            command = argument
        } else if !argument.hasPrefix("-"), command != "graph", path == nil, index > 0 || !commandNames.contains(argument) {
            // `graph` takes elements, not a PATH.
            path = argument
        }
        index += 1
    }
    if let explicit { return explicit }
    let at = path.map { $0.hasPrefix("/") ? $0 : (directory == "." ? $0 : directory + "/" + $0) } ?? directory
    return Kit.configuredLanguage(path: at) ?? .nb
}

/// Whether `next` is a subcommand of the command `first` (`rules test`, `hook install`).
func isNestedCommand(_ first: String, _ next: String) -> Bool {
    (first == "rules" && next == "test") || (first == "hook" && ["install", "uninstall"].contains(next)) || (["import", "export"].contains(first) && next == "archimate")
}

/// The subcommand a command line names (`check` when it names none), for "see --help" hints.
func commandPath(_ arguments: [String]) -> String {
    guard let first = arguments.first(where: { commandNames.contains($0) }) else { return "arkitekt" }
    if let at = arguments.firstIndex(of: first), at + 1 < arguments.count, isNestedCommand(first, arguments[at + 1]) {
        return "arkitekt \(first) \(arguments[at + 1])"
    }
    return "arkitekt \(first)"
}

/// A mistyped command (`arkitekt chekc`): the first word is no command, no option and no path
/// that exists. Nil when the word may well be a folder or a file to check.
/// The arguments after the global options that may stand before the command (`-C PATH`,
/// `--lang L`, `-v`), and the folder -C names.
func afterGlobalOptions(_ arguments: [String]) -> ArraySlice<String> {
    globalOptions(arguments).rest
}

func globalOptions(_ arguments: [String]) -> (rest: ArraySlice<String>, directory: String?) {
    var rest = arguments[...]
    var directory: String?
    while let head = rest.first {
        if head == "-C" || head == "--lang", rest.count >= 2 {
            if head == "-C" { directory = rest.dropFirst().first }
            rest = rest.dropFirst(2)
        } else if head == "-v" || head == "--verbose" {
            rest = rest.dropFirst()
        } else {
            break
        }
    }
    return (rest, directory)
}

func unknownCommand(_ arguments: [String]) -> UsageError? {
    let (rest, directory) = globalOptions(arguments)
    guard let first = rest.first, !first.hasPrefix("-"), !commandNames.contains(first), first != "help" else { return nil }
    let base = directory ?? "."
    let path = first.hasPrefix("/") ? first : (base == "." ? first : base + "/" + first)
    guard !FileManager.default.fileExists(atPath: path) else { return nil }
    // Something written as a path (a slash, a dot, a YAML name) is taken for one: check says it is missing.
    if first.contains("/") || first.contains(".") { return nil }
    let list = commandNames.joined(separator: ", ")
    if let meant = Suggest.closest(to: first, in: commandNames) {
        return UsageError(nb: "Ukjent kommando «\(first)». Mente du «\(meant)»? Kommandoene er: \(list).",
                          en: "Unknown command '\(first)'. Did you mean '\(meant)'? The commands are: \(list).")
    }
    return UsageError(nb: "Ukjent kommando «\(first)», og ingen fil eller mappe heter det. Kommandoene er: \(list).",
                      en: "Unknown command '\(first)', and no file or folder has that name. The commands are: \(list).")
}

/// An error of the argument parser as one line in the run's language, with where to read more.
func usageLine(for error: Error, arguments: [String], language: Language) -> String {
    let hint = LocalizedText(nb: "Se «\(commandPath(arguments)) --help».", en: "See '\(commandPath(arguments)) --help'.")
    let text: LocalizedText
    if let usage = error as? UsageError {
        text = usage.text
    } else {
        text = translate(Arkitekt.message(for: error))
    }
    return text.line(language) + " " + hint.text(language)
}

/// The argument parser's English message, in both languages and on one line.
func translate(_ message: String) -> LocalizedText {
    let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
    func quoted(_ text: Substring) -> [String] {
        // 'x' spans; the parser quotes names and values this way.
        var out: [String] = []
        var current: String?
        for character in text {
            if character == "'" {
                if let c = current { out.append(c); current = nil } else { current = "" }
            } else if current != nil {
                current?.append(character)
            }
        }
        return out
    }
    let firstLine = message.split(separator: "\n", omittingEmptySubsequences: false).first ?? Substring(message)
    let names = quoted(firstLine)
    if message.hasPrefix("Unknown option"), let option = names.first {
        if names.count > 1 {
            return LocalizedText(nb: "Ukjent valg «\(option)». Mente du «\(names[1])»?", en: "Unknown option '\(option)'. Did you mean '\(names[1])'?")
        }
        return LocalizedText(nb: "Ukjent valg «\(option)».", en: "Unknown option '\(option)'.")
    }
    if message.hasPrefix("Missing value for"), let option = names.first {
        return LocalizedText(nb: "Valget «\(option)» mangler en verdi.", en: "Option '\(option)' needs a value.")
    }
    if message.hasPrefix("Missing expected argument"), let argument = names.first {
        return LocalizedText(nb: "Argumentet «\(argument)» mangler.", en: "Argument '\(argument)' is missing.")
    }
    if message.hasPrefix("Unexpected argument"), let argument = names.first {
        return LocalizedText(nb: "Uventet argument «\(argument)».", en: "Unexpected argument '\(argument)'.")
    }
    if message.contains("unexpected arguments:") {
        let list = quoted(Substring(message)).joined(separator: ", ")
        return LocalizedText(nb: "Uventede argumenter: \(list).", en: "Unexpected arguments: \(list).")
    }
    if message.hasPrefix("The option"), message.contains("does not take any value"), names.count >= 2 {
        return LocalizedText(nb: "Valget «\(names[0])» tar ingen verdi, men fikk «\(names[1])».",
                             en: "Option '\(names[0])' takes no value, but was given '\(names[1])'.")
    }
    if message.hasPrefix("The value"), names.count >= 2 {
        let value = names[0], option = names[1]
        // The allowed values: "one of 'a', 'b' or 'c'." or a list of "- a" lines.
        var allowed: [String] = []
        if let range = message.range(of: "Please provide one of") {
            let rest = message[range.upperBound...]
            let bullets = rest.split(separator: "\n").compactMap { line -> String? in
                let t = line.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix("- ") ? String(t.dropFirst(2)) : nil
            }
            allowed = bullets.isEmpty ? quoted(rest) : bullets
        }
        let format = option.contains("YYYY-MM-DD") ? LocalizedText(nb: " Skriv datoen som ÅÅÅÅ-MM-DD.", en: " Write the date as YYYY-MM-DD.") : nil
        let list = allowed.joined(separator: ", ")
        return LocalizedText(
            nb: "Verdien «\(value)» er ugyldig for «\(option)».\(allowed.isEmpty ? "" : " Gyldige verdier: \(list).")\(format?.nb ?? "")",
            en: "The value '\(value)' is invalid for '\(option)'.\(allowed.isEmpty ? "" : " Valid values: \(list).")\(format?.en ?? "")")
    }
    if message.hasPrefix("Missing required subcommand") {
        return LocalizedText(nb: "Kommandoen trenger en underkommando.", en: "The command needs a subcommand.")
    }
    let oneLine = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    return LocalizedText(nb: "Ugyldig kommandolinje.", en: "Invalid command line: \(oneLine)")
}

import ArgumentParser
import ArkitektKit
import Foundation

/// `arkitekt -C PATH check ...` as git takes it: a leading `-C PATH` (or `--lang L`) is moved
/// behind the subcommand, where the options are declared.
func normalisedArguments(_ arguments: [String]) -> [String] {
    let rest = afterGlobalOptions(arguments)
    let leading = arguments[..<rest.startIndex]
    guard !leading.isEmpty, let first = rest.first, commandNames.contains(first) else { return arguments }
    var result = [first]
    var tail = rest.dropFirst()
    // Nested subcommands (`rules test`) come before the options too.
    if let next = tail.first, isNestedCommand(first, next) {
        result.append(next)
        tail = tail.dropFirst()
    }
    return result + leading + tail
}

Kit.prepare()

// Usage errors exit with 2, as the contract says (swift-argument-parser's default is 64). Every
// way out goes through `leave`, which waits for what `Kit.prepare` started.
let arguments = normalisedArguments(Array(CommandLine.arguments.dropFirst()))
do {
    // `arkitekt version`, also before or after the global options (-C, --lang, -v, which every
    // command takes), prints the version as --version does.
    let words = afterGlobalOptions(arguments)
    if words.first == "version" {
        guard afterGlobalOptions(Array(words.dropFirst())).isEmpty else {
            throw UsageError(nb: "«version» tar ingen argumenter.", en: "'version' takes no arguments.")
        }
        // The options around it are checked as every command checks them: a language it does not
        // know, or a folder that does not exist, is an error here too.
        var options = arguments
        options.remove(at: words.startIndex)
        let global = try GlobalOptions.parse(options)
        if let directory = global.directory, !FileManager.default.fileExists(atPath: directory) {
            throw UsageError(nb: "«\(directory)» finnes ikke.", en: "'\(directory)' does not exist.")
        }
        print(ArkitektVersion.current)
        leave(withError: nil)
    }
    if let typo = unknownCommand(arguments) {
        throw typo
    }
    var command = try Arkitekt.parseAsRoot(arguments)
    try command.run()
    leave(withError: nil)
} catch let code as ExitCode {
    leave(withError: code)
} catch {
    let code = Arkitekt.exitCode(for: error)
    if code == .success {
        leave(withError: error)
    }
    var stderr = StandardError()
    let language = runLanguage(arguments)
    print(errorLine(usageLine(for: error, arguments: arguments, language: language), language), to: &stderr)
    leave(withError: ExitCode(2))
}

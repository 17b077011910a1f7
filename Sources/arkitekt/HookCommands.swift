import ArgumentParser
import ArkitektKit
import ArkitektModel
import Foundation

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Install or remove a git pre-commit hook that runs `arkitekt check --staged`.",
        subcommands: [HookInstallCommand.self, HookUninstallCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    /// `arkitekt hook` alone: how to use it, on stderr, and exit 2 (it did nothing).
    func run() throws {
        try needsSubcommand(global, LocalizedText(nb: "«hook» trenger en underkommando: install eller uninstall.",
                                                  en: "'hook' needs a subcommand: install or uninstall."),
                            usages: ["arkitekt hook install [--force | --chain]", "arkitekt hook uninstall"])
    }
}

/// A command of subcommands run alone: what it needs and how to use it, on stderr, and exit 2
/// (it did nothing).
func needsSubcommand(_ global: GlobalOptions, _ what: LocalizedText, usages: [String]) throws -> Never {
    let language = global.language()
    var stderr = StandardError()
    let usage = LocalizedText(nb: "Bruk", en: "Usage").text(language)
    print(errorLine(what.text(language), language), to: &stderr)
    for (i, line) in usages.enumerated() {
        print((i == 0 ? usage + ": " : String(repeating: " ", count: usage.count + 2)) + line, to: &stderr)
    }
    throw ExitCode(2)
}

struct HookInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write the pre-commit hook (honours core.hooksPath and linked worktrees).",
        discussion: "An existing hook is never overwritten: install refuses unless --chain or --force is given."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Replace an existing hook, keeping it as pre-commit.arkitekt-backup (an arkitekt hook edited since install: pre-commit.arkitekt-edited).")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Have the hook report only findings this baseline does not know (check --staged --baseline FILE), for adopting arkitekt on an existing landscape.", valueName: "FILE"))
    var baseline: String?

    @Flag(name: .long, help: "Keep an existing hook and run it before arkitekt.")
    var chain = false

    func run() throws {
        if force && chain {
            throw UsageError(nb: "--force og --chain kan ikke brukes sammen.", en: "--force and --chain cannot be used together.")
        }
        let mode: Hooks.Mode = force ? .force : (chain ? .chain : .refuse)
        let executable = currentExecutable()
        try execute(global) { () throws(KitError) in try Hooks.install(path: global.resolve(nil), executable: executable, mode: mode, language: global.language(),
                              baseline: baseline.map { global.resolve($0) })
        }
    }

    /// The absolute path of this arkitekt, recorded in the hook (PATH is the fallback).
    func currentExecutable() -> String {
        let argument0 = CommandLine.arguments.first ?? "arkitekt"
        guard argument0.contains("/") else { return argument0 }
        return URL(fileURLWithPath: argument0).standardizedFileURL.path
    }
}

struct HookUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove the hook that install wrote and put back what was there before.",
        discussion: "A hook that was edited since install is left alone unless --force is given; then it is kept as pre-commit.arkitekt-edited."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Remove the hook even if it was edited since install (the edited hook is kept as pre-commit.arkitekt-edited).")
    var force = false

    func run() throws {
        try execute(global) { () throws(KitError) in try Hooks.uninstall(path: global.resolve(nil), language: global.language(), force: force) }
    }
}

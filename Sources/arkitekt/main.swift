import ArgumentParser

// Usage errors exit with 2, as the contract says (swift-argument-parser's default is 64).
do {
    var command = try Arkitekt.parseAsRoot()
    try command.run()
} catch let code as ExitCode {
    Arkitekt.exit(withError: code)
} catch {
    let code = Arkitekt.exitCode(for: error)
    if code == .success {
        Arkitekt.exit(withError: error)
    }
    var stderr = StandardError()
    print(Arkitekt.fullMessage(for: error), to: &stderr)
    Arkitekt.exit(withError: ExitCode(2))
}

import ArkitektTestSupport
import Foundation
import Testing

/// A scripted client of `arkitekt lsp`: JSON-RPC with Content-Length framing over the server's
/// standard input and output, as an editor speaks it.
final class LSPClient: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private var closed = false
    private var nextID = 1
    /// Every message the server sent, in order.
    private(set) var received: [[String: Any]] = []
    private var consumed = 0

    init(root: String, arguments: [String] = ["lsp", "--lang", "en"]) throws {
        let binary = try #require(arkitektBinary())
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = root
        process.environment = environment
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.lock()
            if data.isEmpty { self.closed = true } else { self.buffer.append(contentsOf: data) }
            self.parse()
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }

    /// Frames whole messages out of the buffer (the lock is held).
    private func parse() {
        while let end = headerEnd() {
            let header = String(decoding: buffer[..<end], as: UTF8.self)
            guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                  let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
                  buffer.count >= end + 4 + length else { return }
            let body = Data(buffer[(end + 4)..<(end + 4 + length)])
            buffer.removeFirst(end + 4 + length)
            if let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any] { received.append(message) }
        }
    }

    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
        return nil
    }

    func writeRaw(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    static func frame(_ object: [String: Any]) -> [UInt8] {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + [UInt8](body)
    }

    func send(_ object: [String: Any]) { writeRaw(Self.frame(object)) }

    @discardableResult
    func request(_ method: String, _ params: [String: Any] = [:]) -> Int {
        let id = nextID
        nextID += 1
        send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return id
    }

    func notify(_ method: String, _ params: [String: Any] = [:]) {
        send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    /// The next message not seen yet that matches, waiting up to `timeout` seconds.
    func next(timeout: TimeInterval = 20, _ matches: ([String: Any]) -> Bool) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while consumed < received.count {
                let message = received[consumed]
                consumed += 1
                if matches(message) { return message }
            }
            if closed || Date() > deadline { return nil }
            _ = condition.wait(until: min(deadline, Date().addingTimeInterval(0.5)))
        }
    }

    func response(_ id: Int) -> [String: Any]? { next { ($0["id"] as? Int) == id } }

    func result(_ method: String, _ params: [String: Any] = [:]) -> Any? {
        response(request(method, params))?["result"]
    }

    /// The next diagnostics published for a document.
    func diagnostics(_ uri: String) -> [[String: Any]]? {
        let message = next { $0["method"] as? String == "textDocument/publishDiagnostics" && (($0["params"] as? [String: Any])?["uri"] as? String) == uri }
        return (message?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]
    }

    func initialize(_ root: String) -> [String: Any]? {
        let result = self.result("initialize", ["processId": NSNull(), "rootUri": URL(fileURLWithPath: root).absoluteString, "capabilities": [:]])
        notify("initialized")
        return result as? [String: Any]
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": version, "text": text]])
    }

    func change(_ uri: String, _ text: String, version: Int) {
        notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version], "contentChanges": [["text": text]]])
    }

    /// Shuts down and exits; the server's exit status.
    func finish() -> Int32 {
        _ = result("shutdown")
        notify("exit")
        return waitForExit()
    }

    func waitForExit(timeout: TimeInterval = 20) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? -1 : process.terminationStatus
    }

    func closeInput() { try? input.fileHandleForWriting.close() }
}

/// `arkitekt lsp` through a scripted client, on a small landscape in a git repository.
@Suite struct LanguageServerTests {
    static let group = """
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: dokumentsenteret
          title: Dokumentsenteret
        spec:
          type: department

        """

    static let system = """
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: sak-arkiv
          title: Sak/arkiv
          description: Saker og arkiv.
        spec:
          owner: dokumentsenteret
          lifecycle: production
          capabilities: [arkivering]
          security: {confidentiality: low, integrity: low, availability: low}

        """

    static let capability = """
        apiVersion: arkitekt/v1
        kind: Capability
        metadata:
          name: arkivering
          title: Arkivering

        """

    struct Landscape {
        let repo: RepoFixture
        var root: String { repo.root }
        func uri(_ path: String) -> String { URL(fileURLWithPath: root + "/" + path).absoluteString }
    }

    static func landscape() throws -> Landscape {
        let repo = try RepoFixture(prefix: "lsp", initialise: true)
        _ = try repo.write("architecture/group.yaml", group)
        _ = try repo.write("architecture/system.yaml", system)
        _ = try repo.write("architecture/capability.yaml", capability)
        _ = try repo.commitAll("landscape")
        return Landscape(repo: repo)
    }

    /// The landscape, and a client that has initialised a server on it.
    static func started() throws -> (Landscape, LSPClient) {
        let l = try landscape()
        let client = try LSPClient(root: l.root)
        _ = client.initialize(l.root)
        return (l, client)
    }

    /// Opens the system's file as it is on disk and waits for its first diagnostics; its URI.
    static func openSystem(_ l: Landscape, _ client: LSPClient) -> String {
        let uri = l.uri("architecture/system.yaml")
        client.open(uri, system)
        _ = client.diagnostics(uri)
        return uri
    }

    static func codes(_ diagnostics: [[String: Any]]?) -> [String] { (diagnostics ?? []).compactMap { $0["code"] as? String } }

    static func range(_ d: [String: Any]?) -> [Int] {
        let range = d?["range"] as? [String: Any]
        let start = range?["start"] as? [String: Any], end = range?["end"] as? [String: Any]
        return [start?["line"], start?["character"], end?["line"], end?["character"]].map { $0 as? Int ?? -1 }
    }

    @Test func lifecycleAndErrorCodes() throws {
        let l = try Self.landscape()
        let client = try LSPClient(root: l.root)
        // Before initialize, a request is refused with ServerNotInitialized.
        let early = client.response(client.request("textDocument/hover", ["textDocument": ["uri": l.uri("architecture/system.yaml")], "position": ["line": 0, "character": 0]]))
        #expect((early?["error"] as? [String: Any])?["code"] as? Int == -32002)
        let capabilities = try #require(client.initialize(l.root)?["capabilities"] as? [String: Any])
        #expect(capabilities["definitionProvider"] as? Bool == true && capabilities["referencesProvider"] as? Bool == true)
        #expect(capabilities["hoverProvider"] as? Bool == true && capabilities["codeActionProvider"] != nil && capabilities["completionProvider"] != nil)
        #expect(capabilities["positionEncoding"] as? String == "utf-16")
        // An unknown method; a notification nobody knows is ignored.
        client.notify("arkitekt/nothing")
        let unknown = client.response(client.request("workspace/unknownThing"))
        #expect((unknown?["error"] as? [String: Any])?["code"] as? Int == -32601)
        // Malformed frames and messages: answered with a parse error (id null) or an invalid
        // request, and the server goes on.
        client.writeRaw(Array("Content-Length: 9\r\n\r\n{not json".utf8))
        let notJSON = client.next { $0["error"] != nil && $0["id"] is NSNull }
        #expect((notJSON?["error"] as? [String: Any])?["code"] as? Int == -32700)
        client.writeRaw(Array("X-Nothing: 1\r\n\r\n".utf8))
        let noLength = client.next { $0["error"] != nil && $0["id"] is NSNull }
        #expect((noLength?["error"] as? [String: Any])?["code"] as? Int == -32700)
        client.writeRaw(Array("Content-Length: 2\r\n\r\n[]".utf8))
        let array = client.next { $0["error"] != nil && $0["id"] is NSNull }
        #expect((array?["error"] as? [String: Any])?["code"] as? Int == -32700)
        client.send(["jsonrpc": "2.0", "id": 99])
        let noMethod = client.response(99)
        #expect((noMethod?["error"] as? [String: Any])?["code"] as? Int == -32600)
        let badParams = client.response(client.request("textDocument/definition", ["textDocument": ["uri": 5]]))
        #expect((badParams?["error"] as? [String: Any])?["code"] as? Int == -32602)
        // Still serving.
        #expect(client.result("textDocument/hover", ["textDocument": ["uri": l.uri("architecture/system.yaml")], "position": ["line": 7, "character": 12]]) is [String: Any])
        // After shutdown, requests are invalid; exit then ends the process with 0.
        #expect(client.result("shutdown") is NSNull)
        let late = client.response(client.request("textDocument/hover", [:]))
        #expect((late?["error"] as? [String: Any])?["code"] as? Int == -32600)
        client.notify("exit")
        #expect(client.waitForExit() == 0)
        #expect(client.process.terminationReason == .exit)
    }

    @Test func exitWithoutShutdownAndAClientThatDisappears() throws {
        let l = try Self.landscape()
        let quitter = try LSPClient(root: l.root)
        _ = quitter.initialize(l.root)
        quitter.notify("exit")
        #expect(quitter.waitForExit() == 1, "exit without shutdown is status 1")

        let gone = try LSPClient(root: l.root)
        _ = gone.initialize(l.root)
        gone.open(l.uri("architecture/system.yaml"), Self.system)
        _ = gone.diagnostics(l.uri("architecture/system.yaml"))
        gone.closeInput()
        #expect(gone.waitForExit() == 1)
        #expect(gone.process.terminationReason == .exit, "no crash")
    }

    @Test func diagnosticsFollowTheBuffersAcrossFiles() throws {
        let (l, client) = try Self.started()
        let systemURI = l.uri("architecture/system.yaml")
        client.open(systemURI, Self.system)
        #expect(Self.codes(client.diagnostics(systemURI)).isEmpty, "a clean file")

        // A misspelt owner: a dangling reference as soon as it is typed, with its fix.
        client.change(systemURI, Self.system.replacingOccurrences(of: "owner: dokumentsenteret", with: "owner: dokumentsentret"), version: 2)
        let dangling = try #require(client.diagnostics(systemURI))
        #expect(Self.codes(dangling) == ["ref-resolves"])
        #expect(Self.range(dangling.first) == [7, 9, 7, 24], "the reference's own range")
        #expect((dangling.first?["message"] as? String)?.contains("Did you mean 'group:dokumentsenteret'?") == true)
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": systemURI], "range": dangling[0]["range"] ?? [:],
                                                                "context": ["diagnostics": dangling]]) as? [[String: Any]]
        let edit = ((actions?.first?["edit"] as? [String: Any])?["changes"] as? [String: Any])?[systemURI] as? [[String: Any]]
        #expect(actions?.first?["title"] as? String == "Change to 'dokumentsenteret'" && edit?.first?["newText"] as? String == "dokumentsenteret")

        // Fixed: gone.
        client.change(systemURI, Self.system, version: 3)
        #expect(Self.codes(client.diagnostics(systemURI)).isEmpty)

        // Cross-file: renaming the group in its own (unsaved) buffer breaks the system's reference.
        let groupURI = l.uri("architecture/group.yaml")
        client.open(groupURI, Self.group.replacingOccurrences(of: "name: dokumentsenteret", with: "name: dokumentarkivet"))
        #expect(Self.codes(client.diagnostics(systemURI)) == ["ref-resolves"])
        client.change(groupURI, Self.group, version: 2)
        #expect(Self.codes(client.diagnostics(systemURI)).isEmpty)

        // A misspelt field: an unknown field, fixed by a code action.
        client.change(systemURI, Self.system.replacingOccurrences(of: "  lifecycle:", with: "  lifecycel:"), version: 4)
        let unknown = try #require(client.diagnostics(systemURI))
        #expect(Self.codes(unknown) == ["unknown-field"])
        let fix = client.result("textDocument/codeAction", ["textDocument": ["uri": systemURI], "range": unknown[0]["range"] ?? [:],
                                                            "context": ["diagnostics": unknown]]) as? [[String: Any]]
        #expect(fix?.first?["title"] as? String == "Change to 'lifecycle'")

        // Closing a document clears what it showed.
        client.notify("textDocument/didClose", ["textDocument": ["uri": systemURI]])
        #expect(client.diagnostics(systemURI)?.isEmpty == true)
        #expect(client.finish() == 0)
    }

    @Test func definitionReferencesHoverAndCompletion() throws {
        let (l, client) = try Self.started()
        let systemURI = l.uri("architecture/system.yaml"), groupURI = l.uri("architecture/group.yaml")
        client.open(systemURI, Self.system)
        _ = client.diagnostics(systemURI)
        let onOwner: [String: Any] = ["textDocument": ["uri": systemURI], "position": ["line": 7, "character": 12]]

        let definition = client.result("textDocument/definition", onOwner) as? [String: Any]
        #expect(definition?["uri"] as? String == groupURI)
        #expect(Self.range(definition) == [3, 8, 3, 24], "metadata.name of the group")

        var references = onOwner
        references["context"] = ["includeDeclaration": true]
        let places = client.result("textDocument/references", references) as? [[String: Any]]
        #expect(places?.map { $0["uri"] as? String ?? "" } == [groupURI, systemURI])
        // From the element's own name, too.
        let fromName = client.result("textDocument/references", ["textDocument": ["uri": l.uri("architecture/capability.yaml")],
                                                                 "position": ["line": 3, "character": 10], "context": ["includeDeclaration": false]]) as? [[String: Any]]
        #expect(fromName?.count == 1 && fromName.map { Self.range($0.first) } == [9, 17, 9, 27], "\(String(describing: fromName))")

        let hover = ((client.result("textDocument/hover", onOwner) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String
        #expect(hover?.hasPrefix("**Dokumentsenteret** `group:dokumentsenteret`\n\nGroup") == true, "\(hover ?? "")")
        let fieldHover = ((client.result("textDocument/hover", ["textDocument": ["uri": systemURI], "position": ["line": 8, "character": 4]]) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String
        #expect(fieldHover == "`lifecycle`: Lifecycle; absent means production.")

        func labels(_ text: String, line: Int, character: Int) -> [String] {
            client.change(systemURI, text, version: line * 100 + character)
            let result = client.result("textDocument/completion", ["textDocument": ["uri": systemURI], "position": ["line": line, "character": character]])
            return ((result as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
        }
        // Element names for a reference field, of its kind only.
        #expect(labels(Self.system.replacingOccurrences(of: "owner: dokumentsenteret", with: "owner: dok"), line: 7, character: 12) == ["dokumentsenteret"])
        #expect(labels(Self.system, line: 9, character: 17) == ["arkivering"], "in a flow list")
        // Values of an enum.
        #expect(labels(Self.system.replacingOccurrences(of: "lifecycle: production", with: "lifecycle: "), line: 8, character: 13)
                == ["development", "phasing-out", "planned", "production", "retired"])
        // Field names where a key is written.
        let keys = labels(Self.system.replacingOccurrences(of: "  lifecycle: production", with: "  sec"), line: 8, character: 5)
        #expect(keys.contains("security") && keys.contains("owner") && !keys.contains("metadata"), "\(keys)")
        #expect(client.finish() == 0)
    }

    /// The shapes YAML allows and people write: lists at their key's column, flow style inside
    /// flow style, the cursor right after a key's colon, quoted values, CR line breaks.
    @Test func ordinaryYAMLInItsManyShapes() throws {
        let (l, client) = try Self.started()
        let uri = l.uri("architecture/portal.yaml")
        func definition(_ text: String, _ line: Int, _ character: Int) -> String? {
            client.change(uri, text, version: line * 1000 + character)
            let result = client.result("textDocument/definition", ["textDocument": ["uri": uri], "position": ["line": line, "character": character]])
            return (result as? [String: Any])?["uri"] as? String
        }
        func labels(_ line: Int, _ character: Int) -> [[String: Any]] {
            let result = client.result("textDocument/completion", ["textDocument": ["uri": uri], "position": ["line": line, "character": character]])
            return (result as? [String: Any])?["items"] as? [[String: Any]] ?? []
        }
        let head = "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: portal}\n"
        client.open(uri, head)
        _ = client.diagnostics(uri)

        // A list written at its key's column, of names and of objects.
        let indentless = head + "spec:\n  capabilities:\n  - arkivering\n  data:\n  - entity: x\n    access: \n"
        #expect(definition(indentless, 5, 6) == l.uri("architecture/capability.yaml"))
        #expect(labels(8, 12).compactMap { $0["label"] as? String } == ["master", "read", "write"])
        // Flow style inside flow style.
        let flow = head + "spec: {owner: dokumentsenteret, security: {authentication: sak-arkiv}, capabilities: [arkivering]}\n"
        #expect(definition(flow, 3, 20) == l.uri("architecture/group.yaml"))
        #expect(definition(flow, 3, 64) == l.uri("architecture/system.yaml"))
        #expect(definition(flow, 3, 92) == l.uri("architecture/capability.yaml"))
        // Right after `owner:`: no word under the cursor, and a completion brings its space.
        let colon = head + "spec:\n  owner:\n"
        #expect(definition(colon, 4, 8) == nil)
        let after = labels(4, 8)
        #expect(after.map { ($0["textEdit"] as? [String: Any])?["newText"] as? String } == [" dokumentsenteret"], "\(after)")
        // What is typed is what the item replaces.
        _ = definition(head + "spec:\n  owner: dok\n", 0, 0)
        let typed = labels(4, 12).first?["textEdit"] as? [String: Any]
        #expect(Self.range(typed) == [4, 9, 4, 12] && typed?["newText"] as? String == "dokumentsenteret")

        // A quoted misspelt reference: the fix replaces what is inside the quotes.
        client.change(uri, head + "spec:\n  owner: \"dokumentsentret\"\n", version: 90_001)
        let quoted = try #require(client.diagnostics(uri)?.first { $0["code"] as? String == "ref-resolves" })
        #expect(Self.range(quoted) == [4, 10, 4, 25])
        #expect((quoted["data"] as? [String: Any])?["replacement"] as? String == "dokumentsenteret")
        // Lines that end with a lone CR are lines too.
        client.change(uri, (head + "spec:\n  owner: dokumentsentret\n").replacingOccurrences(of: "\n", with: "\r"), version: 90_002)
        let cr = try #require(client.diagnostics(uri)?.first { $0["code"] as? String == "ref-resolves" })
        #expect(Self.range(cr) == [4, 9, 4, 24])
        #expect(client.finish() == 0)
    }

    @Test func oddRequestsAreAnsweredAndHarmless() throws {
        let (l, client) = try Self.started()
        let uri = Self.openSystem(l, client)
        // A line past the end: nothing there. One past what a position can be: invalid.
        #expect(client.result("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 99, "character": 0]]) is NSNull)
        let items = (client.result("textDocument/completion", ["textDocument": ["uri": uri], "position": ["line": 99, "character": 5]]) as? [String: Any])?["items"] as? [Any]
        #expect(items?.isEmpty == true)
        for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
            let huge = client.response(client.request(method, ["textDocument": ["uri": uri], "position": ["line": Int.max, "character": Int.max]]))
            #expect((huge?["error"] as? [String: Any])?["code"] as? Int == -32602, "\(method)")
        }
        // A boolean is no id, and no line number.
        client.send(["jsonrpc": "2.0", "id": true, "method": "textDocument/hover", "params": [:]])
        let boolean = client.next { $0["error"] != nil && $0["id"] is NSNull }
        #expect((boolean?["error"] as? [String: Any])?["code"] as? Int == -32600)
        let flag = client.response(client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": true, "character": 0]]))
        #expect((flag?["error"] as? [String: Any])?["code"] as? Int == -32602)
        // A header whose length is no number, with its body: both are skipped, the next message is read.
        client.writeRaw(Array("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}".utf8))
        #expect((client.next { $0["id"] is NSNull }?["error"] as? [String: Any])?["code"] as? Int == -32700)
        let after = client.response(client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 7, "character": 12]]))
        #expect(after?["result"] is [String: Any], "\(String(describing: after))")
        // Bare LF line breaks in the header are read too.
        let body = "{\"jsonrpc\":\"2.0\",\"id\":78,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\"},\"position\":{\"line\":7,\"character\":12}}}"
        client.writeRaw(Array("Content-Length: \(body.utf8.count)\n\n\(body)".utf8))
        #expect(client.response(78)?["result"] is [String: Any])
        #expect(client.finish() == 0)
    }

    @Test func itSurvivesWhatIsNotALandscape() throws {
        let (l, client) = try Self.started()
        // Not YAML at all.
        let broken = l.uri("architecture/broken.yaml")
        client.open(broken, "apiVersion: [unclosed\n\t: :\n")
        #expect(Self.codes(client.diagnostics(broken)) == ["yaml-syntax"])
        // A huge buffer: a resource limit, not a crash.
        let huge = l.uri("architecture/huge.yaml")
        client.open(huge, "# " + String(repeating: "x", count: 17 << 20) + "\n")
        #expect(Self.codes(client.diagnostics(huge)) == ["resource-limit"])
        // A file outside the landscape: nothing to say, and nowhere to go.
        let outside = l.uri("notes/todo.yaml")
        client.open(outside, "owner: dokumentsenteret\n")
        #expect(client.diagnostics(outside)?.isEmpty == true)
        #expect(client.result("textDocument/definition", ["textDocument": ["uri": outside], "position": ["line": 0, "character": 9]]) is NSNull)
        // A position past the end of a document, and a document never opened.
        #expect(client.result("textDocument/hover", ["textDocument": ["uri": broken], "position": ["line": 99, "character": 99]]) is NSNull)
        #expect(client.result("textDocument/completion", ["textDocument": ["uri": l.uri("nowhere.yaml")], "position": ["line": 0, "character": 0]]) != nil)
        #expect(client.finish() == 0)
    }

    @Test func aBrokenConfigurationIsShownWhereItIs() throws {
        let (l, client) = try Self.started()
        let config = l.uri(".arkitekt.yaml")
        client.open(config, "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  pahts: [architecture]\n")
        let shown = client.next { $0["method"] as? String == "window/showMessage" }
        #expect(((shown?["params"] as? [String: Any])?["message"] as? String)?.contains("'spec.pahts'") == true, "\(String(describing: shown))")
        let diagnostics = try #require(client.diagnostics(config))
        #expect(diagnostics.count == 1 && Self.range(diagnostics.first)[0...1] == [3, 2], "\(diagnostics)")
        client.change(config, "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  paths: [architecture]\n", version: 2)
        #expect(client.diagnostics(config)?.isEmpty == true)
        #expect(client.finish() == 0)
    }

    @Test func aCancelledRequestThatStillWaitsIsAnsweredAsCancelled() throws {
        let (l, client) = try Self.started()
        let systemURI = Self.openSystem(l, client)
        // In one write: a change that takes the server a while to read (a large buffer), a
        // request, and its cancellation. The cancellation comes in while the server still reads.
        let big = Self.system + (0..<3000).map { "---\napiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g\($0)}\nspec: {type: unit}\n" }.joined()
        var bytes = LSPClient.frame(["jsonrpc": "2.0", "method": "textDocument/didChange",
                                     "params": ["textDocument": ["uri": systemURI, "version": 2], "contentChanges": [["text": big]]]])
        bytes += LSPClient.frame(["jsonrpc": "2.0", "id": 500, "method": "textDocument/hover",
                                  "params": ["textDocument": ["uri": systemURI], "position": ["line": 7, "character": 12]]])
        bytes += LSPClient.frame(["jsonrpc": "2.0", "id": 501, "method": "textDocument/hover",
                                  "params": ["textDocument": ["uri": systemURI], "position": ["line": 7, "character": 12]]])
        bytes += LSPClient.frame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 501]])
        client.writeRaw(bytes)
        #expect(client.response(500)?["result"] is [String: Any], "the request before it is answered")
        let cancelled = client.response(501)
        #expect((cancelled?["error"] as? [String: Any])?["code"] as? Int == -32800)
        #expect(client.finish() == 0)
    }
}

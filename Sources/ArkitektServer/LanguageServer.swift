import ArkitektKit
import ArkitektModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON-RPC error code of the base protocol.
enum ErrorCode: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestCancelled = -32800
}

/// A message as it came in, parsed or not.
enum Incoming {
    case message([String: Any])
    case unparsable(String)
}

/// Messages read on their own thread, waiting to be handled; a `$/cancelRequest` marks a
/// request that still waits here.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Incoming] = []
    private var cancelled = Set<String>()
    private var finished = false

    func put(_ item: Incoming) {
        condition.lock()
        // A cancellation counts only for a request that still waits: editors cancel many a
        // request that was answered long ago.
        if case .message(let m) = item, m["method"] as? String == "$/cancelRequest",
           let params = m["params"] as? [String: Any], let id = params["id"] {
            let key = Inbox.key(id)
            let waiting = items.contains { waiting in
                if case .message(let w) = waiting, let wid = w["id"], w["method"] != nil { return Inbox.key(wid) == key }
                return false
            }
            if waiting { cancelled.insert(key) }
        }
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    /// The next message; with `wait` false, nil when none is waiting. Nil at the end of input.
    func take(wait: Bool) -> Incoming?? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty {
            if finished { return .some(nil) }
            if !wait { return nil }
            condition.wait()
        }
        return .some(items.removeFirst())
    }

    /// Whether the request with this id was cancelled while it waited (and forgets it).
    func wasCancelled(_ id: Any) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled.remove(Inbox.key(id)) != nil
    }

    /// A JSON number that is a whole number (not a boolean, which Foundation also gives as a number).
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9e15 else { return nil }
        return number.intValue
    }

    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func key(_ id: Any) -> String {
        if let s = id as? String { return "s:" + s }
        if let n = id as? NSNumber { return "n:" + n.stringValue }
        return "?"
    }
}

/// `arkitekt lsp`: a language server over standard input and output (LSP 3.17, the subset the
/// features need), built on Foundation's JSON.
public final class LanguageServer {
    let writer: MessageWriter
    let inbox = Inbox()
    /// The language of `--lang`; else the configuration's, else the client's locale, else Bokmål.
    let forcedLanguage: Language?
    var clientLanguage: Language?

    var initialised = false
    var shuttingDown = false
    var session: EditorSession?
    var documents: [String: DocumentText] = [:]
    var versions: [String: Int] = [:]
    /// Documents changed since the findings were last published.
    var dirty = false
    var analysis: EditorSession.Result?
    var analysisError: KitError?
    var lastShownError: String?
    /// What was last published for each open document, and for which version of it.
    var published: [String: Data] = [:]
    var publishedVersions: [String: Int] = [:]

    /// The folder when the client names none (`-C`, else the current folder).
    let defaultFolder: String

    public init(language: Language?, folder: String = FileManager.default.currentDirectoryPath, output: Int32 = STDOUT_FILENO) {
        forcedLanguage = language
        defaultFolder = folder
        writer = MessageWriter(fd: output)
    }

    var language: Language { forcedLanguage ?? analysis?.language ?? clientLanguage ?? .nb }

    /// Serves until `exit` or the end of input; the process's exit status (0 after a shutdown).
    public func run(input: Int32 = STDIN_FILENO) -> Int32 {
        // A client that goes away is a failed write, not a signal that ends the process.
        signal(SIGPIPE, SIG_IGN)
        let reader = MessageReader(fd: input)
        let inbox = self.inbox
        let thread = Thread {
            while true {
                switch reader.next() {
                case .message(let bytes):
                    if let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let message = object as? [String: Any] {
                        inbox.put(.message(message))
                    } else if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil {
                        inbox.put(.unparsable("the message is JSON but not an object"))
                    } else {
                        inbox.put(.unparsable("the message is not JSON"))
                    }
                case .malformed(let why):
                    inbox.put(.unparsable(why))
                case .end:
                    inbox.finish()
                    return
                }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        while true {
            var next = inbox.take(wait: false)
            if next == nil {
                if dirty { publishDiagnostics() }
                next = inbox.take(wait: true)
            }
            guard let item = next ?? nil else { return shuttingDown ? 0 : 1 }
            if let status = handle(item) { return status }
            if !writer.open { return 1 }
        }
    }

    // MARK: Messages

    /// Handles one message; an exit status when the server is to stop.
    func handle(_ item: Incoming) -> Int32? {
        guard case .message(let message) = item else {
            if case .unparsable(let why) = item { sendError(id: NSNull(), .parseError, "Parse error: \(why)") }
            return nil
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            // A response to a request of ours (none is sent), or no message at all.
            if id != nil, message["result"] != nil || message["error"] != nil { return nil }
            sendError(id: id ?? NSNull(), .invalidRequest, "Invalid request: no method")
            return nil
        }
        let params = message["params"]
        guard let id, !(id is NSNull) else {
            return notification(method, params as? [String: Any] ?? [:])
        }
        guard id is String || (id as? NSNumber).map({ !Inbox.isBoolean($0) }) == true else {
            sendError(id: NSNull(), .invalidRequest, "Invalid request: the id must be a number or a string")
            return nil
        }
        if inbox.wasCancelled(id) {
            sendError(id: id, .requestCancelled, "Request cancelled")
            return nil
        }
        if shuttingDown {
            sendError(id: id, .invalidRequest, "The server is shutting down")
            return nil
        }
        if !initialised && method != "initialize" {
            sendError(id: id, .serverNotInitialized, "The server is not initialized")
            return nil
        }
        if params != nil && !(params is [String: Any]) && !(params is [Any]) {
            sendError(id: id, .invalidParams, "Invalid params")
            return nil
        }
        request(id, method, params as? [String: Any] ?? [:])
        return nil
    }

    func notification(_ method: String, _ params: [String: Any]) -> Int32? {
        if method == "exit" { return shuttingDown ? 0 : 1 }
        guard initialised else { return nil }
        switch method {
        case "textDocument/didOpen":
            guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String,
                  let text = item["text"] as? String else { return nil }
            documents[uri] = DocumentText(text)
            versions[uri] = Inbox.int(item["version"]) ?? 0
            dirty = true
        case "textDocument/didChange":
            guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String,
                  let changes = params["contentChanges"] as? [[String: Any]], documents[uri] != nil else { return nil }
            // Full synchronisation: the last change holds the whole text.
            if let text = changes.last?["text"] as? String {
                documents[uri] = DocumentText(text)
                versions[uri] = Inbox.int(item["version"]) ?? versions[uri]
                dirty = true
            }
        case "textDocument/didClose":
            guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String else { return nil }
            documents[uri] = nil
            versions[uri] = nil
            // The findings of a closed document are no longer shown.
            if published.removeValue(forKey: uri) != nil { publish(uri, []) }
            publishedVersions[uri] = nil
            dirty = true
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            dirty = true
        default:
            break   // `initialized`, `$/cancelRequest` (taken when it came in), `$/setTrace` and others
        }
        return nil
    }

    func request(_ id: Any, _ method: String, _ params: [String: Any]) {
        switch method {
        case "initialize":
            initialize(id, params)
        case "shutdown":
            shuttingDown = true
            respond(id, NSNull())
        case "textDocument/definition", "textDocument/references", "textDocument/hover", "textDocument/completion":
            guard let at = position(params) else { return invalidParams(id) }
            // A position past the document's last line is on nothing.
            let inside = at.line < at.text.lines.count
            switch method {
            case "textDocument/definition":
                respond(id, (inside ? definition(at) : nil) ?? NSNull())
            case "textDocument/references":
                let context = params["context"] as? [String: Any]
                respond(id, inside ? references(at, includeDeclaration: context?["includeDeclaration"] as? Bool ?? true) : [])
            case "textDocument/hover":
                respond(id, (inside ? hover(at) : nil) ?? NSNull())
            default:
                respond(id, ["isIncomplete": false, "items": inside ? completion(at) : []])
            }
        case "textDocument/codeAction":
            guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String else { return invalidParams(id) }
            let context = params["context"] as? [String: Any]
            respond(id, codeActions(uri, diagnostics: context?["diagnostics"] as? [[String: Any]] ?? []))
        default:
            sendError(id: id, .methodNotFound, "Method not found: \(method)")
        }
    }

    func invalidParams(_ id: Any) { sendError(id: id, .invalidParams, "Invalid params: textDocument.uri and position are required") }

    func initialize(_ id: Any, _ params: [String: Any]) {
        if initialised {
            sendError(id: id, .invalidRequest, "The server is already initialized")
            return
        }
        var folder = defaultFolder
        if let folders = params["workspaceFolders"] as? [[String: Any]], let uri = folders.first?["uri"] as? String, let path = Self.path(of: uri) {
            folder = path
        } else if let uri = params["rootUri"] as? String, let path = Self.path(of: uri) {
            folder = path
        } else if let path = params["rootPath"] as? String {
            folder = path
        }
        if let locale = params["locale"] as? String {
            clientLanguage = locale.hasPrefix("en") ? .en : (locale.hasPrefix("nb") || locale.hasPrefix("no") || locale.hasPrefix("nn")) ? .nb : nil
        }
        session = EditorSession(folder: folder)
        initialised = true
        dirty = true
        respond(id, [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                "definitionProvider": true,
                "referencesProvider": true,
                "hoverProvider": true,
                "completionProvider": ["triggerCharacters": [":", " ", "-"], "resolveProvider": false],
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
            ],
            "serverInfo": ["name": "arkitekt", "version": ArkitektVersion.current],
        ] as [String: Any])
    }

    // MARK: Sending

    func send(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        writer.send([UInt8](data))
    }

    func respond(_ id: Any, _ result: Any) {
        send(["jsonrpc": "2.0", "id": id, "result": result])
    }

    func sendError(id: Any, _ code: ErrorCode, _ message: String) {
        send(["jsonrpc": "2.0", "id": id, "error": ["code": code.rawValue, "message": message]])
    }

    func notify(_ method: String, _ params: [String: Any]) {
        send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    // MARK: Paths

    /// The absolute path of a `file:` URI, nil for any other scheme.
    static func path(of uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    static func uri(of path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    /// The path of a finding's file (relative to the analysis's root) on disk, as the editor
    /// names it: below the folder it opened, also when that folder is a link.
    func absolute(_ file: String, _ result: EditorSession.Result) -> String { clientRoot(result) + "/" + file }

    /// The analysis's root as the editor reaches it: the folder it opened, less the part of it
    /// below the root (a landscape in a subfolder of the repository).
    func clientRoot(_ result: EditorSession.Result) -> String {
        guard let folder = session?.folder else { return result.root }
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: result.root).resolvingSymlinksInPath().path
        if real == root { return folder }
        guard real.hasPrefix(root + "/") else { return result.root }
        let below = String(real.dropFirst(root.count + 1))
        return folder.hasSuffix("/" + below) ? String(folder.dropLast(below.count + 1)) : result.root
    }

    /// An open document's path relative to the analysis's root, when it lies below it.
    func relative(_ uri: String, _ result: EditorSession.Result) -> String? {
        relative(uri, root: result.root) ?? relative(uri, root: clientRoot(result))
    }

    func relative(_ uri: String, root given: String) -> String? {
        guard let path = Self.path(of: uri) else { return nil }
        let root = URL(fileURLWithPath: given).standardizedFileURL.path
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        for (p, r) in [(path, root), (real, realRoot)] where p.hasPrefix(r + "/") { return String(p.dropFirst(r.count + 1)) }
        return nil
    }

    /// A request's document and position, as a line and a scalar index in it.
    func position(_ params: [String: Any]) -> (uri: String, text: DocumentText, line: Int, scalar: Int)? {
        guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String,
              let position = params["position"] as? [String: Any], let line = Inbox.int(position["line"]),
              let character = Inbox.int(position["character"]), line >= 0, character >= 0 else { return nil }
        let text = self.text(of: uri)
        return (uri, text, line, text.scalar(line: line, utf16: character))
    }

    /// A document's text: the open buffer, else the file on disk, else nothing.
    func text(of uri: String) -> DocumentText {
        documents[uri] ?? Self.path(of: uri).flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map(DocumentText.init) ?? DocumentText("")
    }

    func range(_ text: DocumentText, line: Int, start: Int, end: Int) -> [String: Any] {
        ["start": ["line": line, "character": text.utf16(line: line, scalar: start)],
         "end": ["line": line, "character": text.utf16(line: line, scalar: end)]]
    }
}

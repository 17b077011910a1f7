import ArkitektKit
import ArkitektLoading
import ArkitektModel
import Foundation

extension LanguageServer {
    // MARK: Analysis and diagnostics

    /// Analyses the landscape with the open buffers, if anything changed since the last time.
    func refresh() {
        guard dirty, let session else { return }
        dirty = false
        var buffers: [String: [UInt8]] = [:]
        for (uri, text) in documents {
            if let path = Self.path(of: uri) { buffers[path] = Array(text.text.utf8) }
        }
        do {
            analysis = try session.analyse(buffers: buffers)
            analysisError = nil
            lastShownError = nil
        } catch {
            analysisError = error
        }
    }

    /// The findings of every open document, published; a document whose findings are gone gets
    /// an empty list.
    func publishDiagnostics() {
        refresh()
        if let error = analysisError {
            let text = error.text(language)
            if text != lastShownError {
                lastShownError = text
                notify("window/showMessage", ["type": 1, "message": "arkitekt: " + text])
            }
        }
        for uri in documents.keys.sorted() {
            guard let text = documents[uri] else { continue }
            var diagnostics: [[String: Any]] = []
            if let analysis, let file = relative(uri, analysis) {
                let mine = analysis.findings.filter { $0.location.file == file }.sorted { ($0.location, $0.rule) < ($1.location, $1.rule) }
                diagnostics = mine.map { diagnostic($0, text, analysis) }
            }
            // Until an analysis succeeds, the folder the editor opened stands for the root.
            if let error = analysisError, let location = error.location,
               relative(uri, root: analysis?.root ?? session?.folder ?? "") == location.file {
                let line = max(0, location.line - 1)
                diagnostics.append(["range": range(text, line: line, start: max(0, location.column - 1), end: text.line(line).count),
                                    "severity": 1, "source": "arkitekt", "message": error.message.line(language)])
            }
            // Every open document hears once, and again whenever what it has changes.
            let rendered = (try? JSONSerialization.data(withJSONObject: diagnostics, options: [.sortedKeys])) ?? Data()
            if published[uri] == rendered && versions[uri] == publishedVersions[uri] { continue }
            published[uri] = rendered
            publishedVersions[uri] = versions[uri]
            publish(uri, diagnostics)
        }
    }

    func publish(_ uri: String, _ diagnostics: [[String: Any]]) {
        var params: [String: Any] = ["uri": uri, "diagnostics": diagnostics]
        if let version = versions[uri] { params["version"] = version }
        notify("textDocument/publishDiagnostics", params)
    }

    /// A finding as a diagnostic: from its place to the end of the word there, with the fix a
    /// code action offers when there is a nearest name.
    func diagnostic(_ f: Finding, _ text: DocumentText, _ analysis: EditorSession.Result) -> [String: Any] {
        let line = max(0, f.location.line - 1)
        let start = max(0, f.location.column - 1)
        let word = text.word(line: line, startingAt: start)
        let end = word?.end ?? max(start + 1, text.line(line).count)
        var d: [String: Any] = [
            "range": range(text, line: line, start: word?.start ?? start, end: end),
            "severity": f.severity == .error ? 1 : f.severity == .warning ? 2 : 3,
            "source": "arkitekt",
            "code": f.rule,
            "message": f.message.line(language),
        ]
        if let word, let fix = fix(f, word: word.text, text: text, line: line, analysis) { d["data"] = ["replacement": fix] }
        return d
    }

    /// The nearest right word for a finding that names a wrong one: a misspelt field, an
    /// unknown value, a reference to nothing.
    func fix(_ f: Finding, word: String, text: DocumentText, line: Int, _ analysis: EditorSession.Result) -> String? {
        guard let detail = f.detail else { return nil }
        let document = text.document(at: line)
        switch f.rule {
        case "unknown-field":
            guard let document else { return nil }
            let parent = Self.withoutIndices(detail).split(separator: ".").dropLast().joined(separator: ".")
            return Suggest.closest(to: word, in: FormatSchema.keys(document, parent))
        case "schema":
            guard let document, case .choice(let values)? = Self.item(FormatSchema.field(document, Self.withoutIndices(detail))?.shape) else { return nil }
            return Suggest.closest(to: word, in: values)
        case "ref-resolves":
            guard let written = detail.split(separator: " ").last, let ref = Ref(parsing: String(written)) else { return nil }
            guard let name = Suggest.closest(to: ref.name, in: analysis.landscape.refs(of: ref.kind).map(\.name)) else { return nil }
            return word.contains(":") ? "\(ref.kind.refPrefix):\(name)" : name
        default:
            return nil
        }
    }

    static func withoutIndices(_ path: String) -> String {
        var out = ""
        var skipping = false
        for c in path {
            if c == "[" { skipping = true } else if c == "]" { skipping = false } else if !skipping { out.append(c) }
        }
        return out
    }

    /// A list's item shape, or the shape itself.
    static func item(_ shape: FormatSchema.Shape?) -> FormatSchema.Shape? {
        if case .list(let item)? = shape { return item }
        return shape
    }

    // MARK: Navigation

    /// The element a reference under the cursor names (or, on `metadata.name`, the element the
    /// document is), with the word's range.
    func target(_ at: (uri: String, text: DocumentText, line: Int, scalar: Int)) -> (ref: Ref, word: (text: String, start: Int, end: Int))? {
        guard let word = at.text.word(line: at.line, at: at.scalar), let place = at.text.place(line: at.line, at: at.scalar) else { return nil }
        if place.path == ["metadata"], place.key == "name", let document = place.document, let kind = Kind(rawValue: document.name) {
            return (Ref(kind, word.text), word)
        }
        guard case .ref(let kind)? = Self.item(place.field?.shape), let ref = Ref(parsing: word.text, defaultKind: kind) else { return nil }
        return (ref, word)
    }

    /// A place of a finding or an element as an LSP location: from its column to `length`
    /// scalars on, or (without) to the end of the word there.
    func location(_ l: SourceLocation, _ analysis: EditorSession.Result, length: Int? = nil) -> [String: Any] {
        let uri = Self.uri(of: absolute(l.file, analysis))
        let text = self.text(of: uri)
        let line = max(0, l.line - 1), start = max(0, l.column - 1)
        let end = length.map { start + $0 } ?? text.word(line: line, at: start).map(\.end) ?? start + 1
        return ["uri": uri, "range": range(text, line: line, start: start, end: end)]
    }

    func definition(_ at: (uri: String, text: DocumentText, line: Int, scalar: Int)) -> [String: Any]? {
        refresh()
        guard let analysis, let (ref, _) = target(at), let element = analysis.landscape[ref] else { return nil }
        return location(element.located.location, analysis, length: element.name.unicodeScalars.count)
    }

    func references(_ at: (uri: String, text: DocumentText, line: Int, scalar: Int), includeDeclaration: Bool) -> [[String: Any]] {
        refresh()
        guard let analysis, let (ref, _) = target(at) else { return [] }
        var places: [SourceLocation] = []
        if includeDeclaration, let element = analysis.landscape[ref] { places.append(element.located.location) }
        let landscape = analysis.landscape
        for element in Set(landscape.referrers(of: ref)).flatMap({ landscape.all($0) }) {
            for (_, written) in element.references where written.value == ref { places.append(written.location) }
            for condition in element.transition?.conditions ?? [] where condition.ref == ref { places.append(condition.location) }
        }
        return places.sorted().map { location($0, analysis) }
    }

    func hover(_ at: (uri: String, text: DocumentText, line: Int, scalar: Int)) -> [String: Any]? {
        refresh()
        let nb = language == .nb
        if let (ref, word) = target(at) {
            var out: String
            if let analysis, let element = analysis.landscape[ref] {
                out = "**\(element.metadata.title?.value ?? element.name)** `\(ref)`\n\n"
                out += element.kind.displayName.text(language)
                if let owner = element.owner { out += nb ? " · eier `\(owner)`" : " · owner `\(owner)`" }
                out += "\n"
                if let description = element.metadata.description?.value { out += "\n" + description + "\n" }
                let findings = analysis.findings.filter { $0.element == ref }
                out += "\n" + (nb ? "Funn: \(findings.count)" : "Findings: \(findings.count)") + "\n"
                for f in findings.prefix(10) { out += "- \(f.severity.rawValue) `\(f.rule)`: \(f.message.line(language))\n" }
            } else {
                out = nb ? "Landskapet har ikke `\(ref)`." : "The landscape has no `\(ref)`."
            }
            return ["contents": ["kind": "markdown", "value": out], "range": range(at.text, line: at.line, start: word.start, end: word.end)]
        }
        // A key: what the field is.
        guard let word = at.text.word(line: at.line, at: at.scalar), let place = at.text.place(line: at.line, at: at.scalar),
              place.key == nil, let document = place.document,
              let field = FormatSchema.field(document, (place.path + [word.text]).joined(separator: ".")) else { return nil }
        return ["contents": ["kind": "markdown", "value": "`\(field.name)`: \(field.about.text(language))"],
                "range": range(at.text, line: at.line, start: word.start, end: word.end)]
    }

    // MARK: Completion

    func completion(_ at: (uri: String, text: DocumentText, line: Int, scalar: Int)) -> [[String: Any]] {
        refresh()
        guard let place = at.text.place(line: at.line, at: at.scalar) else { return [] }
        var items: [[String: Any]] = []
        // Each item replaces what is typed of the word; right after `key:` it brings its space.
        let line = at.text.line(at.line)
        let replaced = range(at.text, line: at.line, start: place.typedStart, end: min(at.scalar, line.count))
        let space = place.typedStart > 0 && place.typedStart <= line.count && line[place.typedStart - 1] == ":" ? " " : ""
        func add(_ label: String, kind: Int, detail: String? = nil, insert: String? = nil) {
            var item: [String: Any] = ["label": label, "kind": kind]
            if let detail { item["detail"] = detail }
            item["textEdit"] = ["range": replaced, "newText": space + (insert ?? label)]
            items.append(item)
        }
        guard let key = place.key else {
            // A key: the fields of the object there.
            let document = place.document ?? FormatSchema.element(.system)
            let fields = place.path.isEmpty ? document.fields : FormatSchema.fields(of: FormatSchema.field(document, place.path.joined(separator: "."))?.shape)
            for field in fields { add(field.name, kind: 5, detail: field.about.text(language), insert: field.name + ": ") }
            return items
        }
        if place.path.isEmpty && key == "kind" {
            for kind in FormatSchema.all { add(kind.name, kind: 20, detail: kind.about.text(language)) }
            return items
        }
        switch Self.item(place.field?.shape) {
        case .choice(let values)?:
            for value in values { add(value, kind: 20) }
        case .bool?:
            for value in ["true", "false"] { add(value, kind: 12) }
        case .ref(let kind)?:
            guard let analysis else { break }
            let kinds = kind.map { [$0] } ?? Kind.allCases
            let prefixed = kind == nil || place.typed.contains(":")
            for k in kinds {
                for element in analysis.landscape.elements(of: k) {
                    add(prefixed ? element.ref.description : element.name, kind: 18, detail: element.metadata.title?.value)
                }
            }
        default:
            break
        }
        return items.sorted { ($0["label"] as? String ?? "") < ($1["label"] as? String ?? "") }
    }

    // MARK: Code actions

    func codeActions(_ uri: String, diagnostics: [[String: Any]]) -> [[String: Any]] {
        var actions: [[String: Any]] = []
        for d in diagnostics {
            guard let data = d["data"] as? [String: Any], let replacement = data["replacement"] as? String, let range = d["range"] else { continue }
            let title = language == .nb ? "Endre til «\(replacement)»" : "Change to '\(replacement)'"
            actions.append([
                "title": title,
                "kind": "quickfix",
                "diagnostics": [d],
                "isPreferred": true,
                "edit": ["changes": [uri: [["range": range, "newText": replacement]]]],
            ])
        }
        return actions
    }
}

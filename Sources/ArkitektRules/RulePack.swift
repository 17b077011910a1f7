import ArkitektModel
import ArkitektLoading

/// A rule pack that cannot be used: where, and what is wrong. Exit code 2, never ignored.
public struct PackError: Error, Sendable, Equatable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: LocalizedText

    public init(location: SourceLocation, message: LocalizedText) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message.en)" }
}

/// The contents of one pack: its principles and its rules, in file and document order.
public struct RulePack: Sendable {
    public let name: String
    public var principles: [Principle]
    public var rules: [RuleDescription]
}

/// Reads rule packs: YAML documents of kind `RulePack` (the pack's name and principles) and
/// `Rule` (one rule each). A pack is one file or a folder of files; the built-in packs are a
/// folder each under `rules/`, one file per rule.
public enum RulePackParser {
    public static func parse(name: String, files: [(path: String, bytes: [UInt8])]) throws(PackError) -> RulePack {
        var pack = RulePack(name: name, principles: [], rules: [])
        for file in files.sorted(by: { ByteOrder.less($0.path, $1.path) }) {
            let documents: [YAMLDocument]
            switch YAMLParser.parse(file.bytes) {
            case .failure(let failure):
                let f = LandscapeLoader.finding(for: failure, path: file.path)
                throw PackError(location: f.location, message: f.message)
            case .documents(let docs):
                documents = docs
            }
            for doc in documents {
                guard let root = doc.root else { continue }
                var reader = PackReader(decoder: DocumentDecoder(doc: doc, file: file.path), pack: name)
                try reader.read(root, into: &pack)
            }
        }
        return pack
    }
}

/// Reads one document of a pack.
struct PackReader {
    var decoder: DocumentDecoder
    let pack: String

    func fail(_ node: Int32, nb: String, en: String) -> PackError {
        PackError(location: decoder.location(node), message: LocalizedText(nb: nb, en: en))
    }

    func missing(_ node: Int32, _ path: String) -> PackError {
        fail(node, nb: "Feltet «\(path)» mangler i regelpakken.", en: "Field '\(path)' is missing in the rule pack.")
    }

    mutating func rethrowFirst() throws(PackError) {
        if let first = decoder.findings.first {
            throw PackError(location: first.location, message: first.message)
        }
    }

    mutating func fields(_ node: Int32?, _ path: String, _ allowed: [String]) throws(PackError) -> [String: Int32] {
        let f = decoder.fields(node, path: path, allowed: allowed)
        try rethrowFirst()
        return f ?? [:]
    }

    mutating func requiredText(_ f: [String: Int32], _ key: String, _ path: String, at node: Int32) throws(PackError) -> Located<String> {
        let t = decoder.text(f[key], path)
        try rethrowFirst()
        guard let t else { throw missing(node, path) }
        return t
    }

    /// `{nb: ..., en: ...}`: both languages are required.
    mutating func localized(_ f: [String: Int32], _ key: String, _ path: String, at node: Int32) throws(PackError) -> LocalizedText {
        guard let n = f[key], !decoder.isAbsent(n) else { throw missing(node, path) }
        let l = try fields(n, path, ["nb", "en"])
        let nb = try requiredText(l, "nb", path + ".nb", at: n)
        let en = try requiredText(l, "en", path + ".en", at: n)
        return LocalizedText(nb: nb.value, en: en.value)
    }

    /// A text, the same in both languages, or `{nb: ..., en: ...}`; nil when absent.
    mutating func textOrLocalized(_ f: [String: Int32], _ key: String, _ path: String, at node: Int32) throws(PackError) -> LocalizedText? {
        guard let n = f[key], !decoder.isAbsent(n) else { return nil }
        if decoder.doc.node(n).kind == .mapping { return try localized(f, key, path, at: node) }
        return decoder.text(n, path).map { LocalizedText(nb: $0.value, en: $0.value) }
    }

    mutating func read(_ root: Int32, into pack: inout RulePack) throws(PackError) {
        let top = try fields(root, "", ["apiVersion", "kind", "metadata", "spec"])
        let api = try requiredText(top, "apiVersion", "apiVersion", at: root)
        guard api.value == currentAPIVersion else {
            throw fail(top["apiVersion"] ?? root, nb: "Ukjent apiVersion «\(api.value)» i regelpakken; bruk «\(currentAPIVersion)».",
                       en: "Unknown apiVersion '\(api.value)' in the rule pack; use '\(currentAPIVersion)'.")
        }
        let kind = try requiredText(top, "kind", "kind", at: root)
        let metadata = try fields(top["metadata"], "metadata", ["name"])
        let name = try requiredText(metadata, "name", "metadata.name", at: top["metadata"] ?? root)
        let specNode = top["spec"] ?? root
        switch kind.value {
        case "RulePack":
            let spec = try fields(top["spec"], "spec", ["principles"])
            for (i, item) in decoder.list(spec["principles"], "spec.principles") {
                let path = "spec.principles[\(i)]"
                let p = try fields(item, path, ["id", "name", "rationale", "source"])
                let id = try requiredText(p, "id", path + ".id", at: item)
                let source = try textOrLocalized(p, "source", path + ".source", at: item)
                let principle = Principle(id: id.value, name: try localized(p, "name", path + ".name", at: item),
                                          rationale: try localized(p, "rationale", path + ".rationale", at: item),
                                          source: source, order: pack.principles.count)
                if pack.principles.contains(where: { $0.id == principle.id }) {
                    throw fail(item, nb: "Prinsippet «\(id.value)» er definert to ganger.", en: "Principle '\(id.value)' is defined twice.")
                }
                pack.principles.append(principle)
            }
            try rethrowFirst()
        case "Rule":
            let rule = try readRule(id: name, spec: try fields(top["spec"], "spec", Self.ruleKeys), specNode: specNode, root: root)
            pack.rules.append(rule)
        default:
            throw fail(top["kind"] ?? root, nb: "«kind» i en regelpakke skal være «RulePack» eller «Rule», ikke «\(kind.value)».",
                       en: "'kind' in a rule pack must be 'RulePack' or 'Rule', not '\(kind.value)'.")
        }
    }

    static let ruleKeys = ["aliases", "principle", "severity", "title", "rationale", "message", "select", "check", "examples"]

    mutating func readRule(id: Located<String>, spec: [String: Int32], specNode: Int32, root: Int32) throws(PackError) -> RuleDescription {
        guard ElementName.isValid(id.value) else {
            throw PackError(location: id.location, message: LocalizedText(
                nb: "Regel-id «\(id.value)» er ugyldig: bruk små bokstaver, sifre og bindestrek.",
                en: "Rule id '\(id.value)' is malformed: use lower-case letters, digits and hyphens."))
        }
        let principle = try requiredText(spec, "principle", "spec.principle", at: specNode)
        let severity = decoder.enumValue(spec["severity"], "spec.severity", Severity.self)
        try rethrowFirst()
        guard let severity else { throw missing(specNode, "spec.severity") }
        let aliases = decoder.list(spec["aliases"], "spec.aliases").compactMap { decoder.text($0.node, "spec.aliases") }.map(\.value)
        try rethrowFirst()
        let title = try localized(spec, "title", "spec.title", at: specNode)
        let rationale = try localized(spec, "rationale", "spec.rationale", at: specNode)
        var message: LocalizedText?
        if spec["message"] != nil { message = try localized(spec, "message", "spec.message", at: specNode) }

        var selector: Selector?
        if let selectNode = spec["select"], !decoder.isAbsent(selectNode) {
            let s = try fields(selectNode, "spec.select", ["kind", "where"])
            let kindText = try requiredText(s, "kind", "spec.select.kind", at: selectNode)
            guard let kind = Kind(rawValue: kindText.value) else {
                let dym = Suggest.closest(to: kindText.value, in: Kind.allCases.map(\.rawValue)).map { " (\($0)?)" } ?? ""
                throw PackError(location: kindText.location, message: LocalizedText(
                    nb: "Ukjent kind «\(kindText.value)» i spec.select.kind\(dym).", en: "Unknown kind '\(kindText.value)' in spec.select.kind\(dym)."))
            }
            var predicates: [String] = []
            for (i, item) in decoder.list(s["where"], "spec.select.where") {
                guard let p = decoder.text(item, "spec.select.where[\(i)]") else { continue }
                guard Predicates.named[p.value] != nil else {
                    let known = Predicates.named.keys.sorted(by: ByteOrder.less)
                    let dym = Suggest.closest(to: p.value, in: known).map { " Mente du «\($0)»? / Did you mean '\($0)'?" } ?? ""
                    throw PackError(location: p.location, message: LocalizedText(
                        nb: "Ukjent utvalg «\(p.value)». Kjente: \(known.joined(separator: ", ")).\(dym)",
                        en: "Unknown selector predicate '\(p.value)'. Known: \(known.joined(separator: ", ")).\(dym)"))
                }
                predicates.append(p.value)
            }
            try rethrowFirst()
            selector = Selector(kind: kind, predicates: predicates)
        }

        guard let checkNode = spec["check"], !decoder.isAbsent(checkNode) else { throw missing(specNode, "spec.check") }
        let c = try fields(checkNode, "spec.check", ["require", "absentValues", "requireAny", "requireAll", "function", "options", "loader"])
        let forms = ["require", "requireAny", "requireAll", "function", "loader"].filter { c[$0] != nil }
        guard forms.count == 1 else {
            throw fail(checkNode, nb: "«spec.check» skal ha nøyaktig én av require, requireAny, requireAll, function eller loader.",
                       en: "'spec.check' needs exactly one of require, requireAny, requireAll, function or loader.")
        }
        let check: Check
        switch forms[0] {
        case "require":
            let path = try requiredText(c, "require", "spec.check.require", at: checkNode)
            let absent = decoder.list(c["absentValues"], "spec.check.absentValues").compactMap { decoder.text($0.node, "spec.check.absentValues") }.map(\.value)
            try rethrowFirst()
            check = .require(path: path.value, absentValues: absent)
        case "requireAny", "requireAll":
            let key = forms[0]
            let paths = decoder.list(c[key], "spec.check.\(key)").compactMap { decoder.text($0.node, "spec.check.\(key)") }.map(\.value)
            try rethrowFirst()
            guard !paths.isEmpty else { throw missing(checkNode, "spec.check.\(key)") }
            check = key == "requireAny" ? .requireAny(paths: paths) : .requireAll(paths: paths)
        case "loader":
            check = .loader
        default:
            let fname = try requiredText(c, "function", "spec.check.function", at: checkNode)
            guard let function = CheckRegistry.functions[fname.value] else {
                let known = CheckRegistry.functions.keys.sorted(by: ByteOrder.less)
                let dym = Suggest.closest(to: fname.value, in: known).map { " Mente du «\($0)»? / Did you mean '\($0)'?" } ?? ""
                throw PackError(location: fname.location, message: LocalizedText(
                    nb: "Ukjent kontrollfunksjon «\(fname.value)».\(dym)", en: "Unknown check function '\(fname.value)'.\(dym)"))
            }
            var options: [String: String] = [:]
            if let optionsNode = c["options"], !decoder.isAbsent(optionsNode) {
                let o = try fields(optionsNode, "spec.check.options", function.options)
                for (key, node) in o {
                    guard let value = decoder.text(node, "spec.check.options.\(key)") else { continue }
                    options[key] = value.value
                }
                try rethrowFirst()
            }
            check = .function(name: fname.value, options: options)
        }

        var examples: [RuleExample] = []
        let e = try fields(spec["examples"], "spec.examples", ["pass", "fail"])
        for (passes, key) in [(true, "pass"), (false, "fail")] {
            for (i, item) in decoder.list(e[key], "spec.examples.\(key)") {
                examples.append(try readExample(item, path: "spec.examples.\(key)[\(i)]", passes: passes))
            }
        }
        try rethrowFirst()
        return RuleDescription(id: id.value, aliases: aliases, principle: principle.value, severity: severity.value,
                               title: title, rationale: rationale, message: message, selector: selector, check: check,
                               examples: examples, pack: pack, location: decoder.location(root),
                               principleLocation: principle.location)
    }

    static let defaultExampleDate = Day(year: 2026, month: 1, day: 15)

    mutating func readExample(_ node: Int32, path: String, passes: Bool) throws(PackError) -> RuleExample {
        let f = try fields(node, path, ["description", "landscape", "files", "base", "findings", "date"])
        let description = try textOrLocalized(f, "description", path + ".description", at: node)
        var files: [(path: String, text: String)] = []
        if let landscape = decoder.text(f["landscape"], path + ".landscape") {
            files.append(("architecture/example.yaml", landscape.value))
        }
        if let filesNode = f["files"], !decoder.isAbsent(filesNode) {
            files += try fileMap(filesNode, path + ".files")
        }
        var base: [(path: String, text: String)]?
        if let baseNode = f["base"], !decoder.isAbsent(baseNode) {
            base = try fileMap(baseNode, path + ".base")
        }
        try rethrowFirst()
        guard !files.isEmpty else { throw missing(node, path + ".landscape") }
        var expected: [RuleExample.Expected] = []
        // `{}` is a finding with no element and no detail (a file-level finding): not skipped.
        let findingItems: [(Int, Int32)] = f["findings"].map { node in
            decoder.doc.node(node).kind == .sequence ? Array(decoder.doc.items(node).enumerated()) : []
        } ?? []
        if let node = f["findings"], !decoder.isAbsent(node), decoder.doc.node(node).kind != .sequence {
            throw fail(node, nb: "«\(path).findings» skal være en liste.", en: "'\(path).findings' must be a list.")
        }
        for (i, item) in findingItems {
            let x = try fields(item, path + ".findings[\(i)]", ["element", "detail"])
            let element = decoder.text(x["element"], path + ".findings[\(i)].element")?.value
            let detail = decoder.text(x["detail"], path + ".findings[\(i)].detail")?.value
            expected.append(RuleExample.Expected(element: element, detail: detail))
        }
        try rethrowFirst()
        if passes && !expected.isEmpty {
            throw fail(node, nb: "Et bestått eksempel kan ikke liste funn.", en: "A passing example cannot list findings.")
        }
        if !passes && expected.isEmpty {
            throw fail(node, nb: "Et feilende eksempel må liste funnene det gir (findings).",
                       en: "A failing example must list the findings it gives (findings).")
        }
        let date = decoder.date(f["date"], path + ".date")?.value
        try rethrowFirst()
        var example = RuleExample(description: description, files: files, expected: expected, passes: passes,
                                  date: date ?? Self.defaultExampleDate ?? Day(unixSeconds: 0), location: decoder.location(node))
        example.base = base
        return example
    }

    /// `{path: text, ...}`, in path order.
    mutating func fileMap(_ node: Int32, _ path: String) throws(PackError) -> [(path: String, text: String)] {
        let fm = try fields(node, path, decoder.doc.pairs(node).compactMap { decoder.doc.scalar($0.key) })
        var files: [(path: String, text: String)] = []
        for key in fm.keys.sorted(by: ByteOrder.less) {
            guard let text = decoder.text(fm[key], path + "." + key) else { continue }
            files.append((key, text.value))
        }
        return files
    }
}

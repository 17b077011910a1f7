@testable import ArkitektLoading
import ArkitektModel
import Testing

/// Parses text that must be valid YAML and returns its documents.
func yamlDocuments(_ text: String, limits: Limits = Limits(),
                   sourceLocation: SourceLocation_ = #_sourceLocation) throws -> [YAMLDocument] {
    switch YAMLParser.parse(Array(text.utf8), limits: limits) {
    case .documents(let documents):
        return documents
    case .failure(let failure):
        Issue.record("expected YAML to parse, got \(failure)", sourceLocation: sourceLocation)
        throw ParseExpectation.unexpectedFailure(failure)
    }
}

/// Parses bytes that must fail and returns the failure.
func yamlFailure(_ bytes: [UInt8], limits: Limits = Limits(),
                 sourceLocation: SourceLocation_ = #_sourceLocation) throws -> YAMLFailure {
    switch YAMLParser.parse(bytes, limits: limits) {
    case .documents(let documents):
        Issue.record("expected a failure, got \(documents.count) document(s)", sourceLocation: sourceLocation)
        throw ParseExpectation.unexpectedSuccess
    case .failure(let failure):
        return failure
    }
}

func yamlFailure(_ text: String, limits: Limits = Limits(),
                 sourceLocation: SourceLocation_ = #_sourceLocation) throws -> YAMLFailure {
    try yamlFailure(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
}

typealias SourceLocation_ = Testing.SourceLocation

enum ParseExpectation: Error {
    case unexpectedFailure(YAMLFailure)
    case unexpectedSuccess
}


/// Loads one landscape file from text.
func loadFile(_ text: String, path: String = "architecture/test.yaml", limits: Limits = Limits()) -> LoadedFile {
    // Linked on its own, as a landscape of this one file would be: Backstage descriptors decoded.
    CatalogLinker.link([LandscapeLoader.load(path: path, bytes: Array(text.utf8), limits: limits)], limits: limits)[0]
}

extension LoadedFile {
    func findings(_ rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
    var rules: [String] { findings.map(\.rule) }
    /// The single element; records an issue when there is not exactly one.
    func only(sourceLocation: SourceLocation_ = #_sourceLocation) throws -> Element {
        try #require(elements.count == 1, "expected one element, got \(elements.count); findings: \(findings.map { "\($0.rule) \($0.detail ?? "") \($0.message.en)" })",
                     sourceLocation: sourceLocation)
        return elements[0]
    }
}

extension YAMLDocument {
    /// Follows a path of mapping keys from the root.
    func lookup(_ keys: String...) -> Int32? {
        guard var node = root else { return nil }
        for key in keys {
            guard let next = value(node, key) else { return nil }
            node = next
        }
        return node
    }

    func mark(_ node: Int32) -> [Int] {
        let n = self.node(node)
        return [Int(n.line), Int(n.column)]
    }
}

/// An element document with the envelope filled in.
func element(_ kind: String, _ name: String, spec: String = "", metadata: String = "") -> String {
    var text = "apiVersion: arkitekt/v1\nkind: \(kind)\nmetadata:\n  name: \(name)\n"
    if !metadata.isEmpty { text += metadata.hasSuffix("\n") ? metadata : metadata + "\n" }
    if !spec.isEmpty { text += "spec:\n" + (spec.hasSuffix("\n") ? spec : spec + "\n") }
    return text
}

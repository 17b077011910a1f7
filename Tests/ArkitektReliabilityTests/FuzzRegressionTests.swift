@testable import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Foundation
import Testing

/// What one hostile input does to every YAML reader of arkitekt: the landscape loader (and the rules
/// over what it loaded), the configuration parser and the rule pack parser, as the fuzz target
/// `fuzz/LoaderFuzz` drives them.
struct HostileRun: Sendable {
    let loaded: LoadedFile
    let engineFindings: Int
}

enum Hostile {
    static let path = "architecture/hostile.yaml"
    static let today = Day(year: 2025, month: 6, day: 1)!

    static func run(_ bytes: [UInt8], limits: Limits = Limits()) -> HostileRun? {
        withHangGuard(seconds: 10) {
            let loaded = LandscapeLoader.load(path: path, bytes: bytes, limits: limits)
            let (landscape, findings) = LandscapeLoader.assemble([loaded], fileCount: 1, limits: limits)
            var engineFindings = -1
            if let rules = try? RuleSet.builtIn() {
                engineFindings = RuleEngine(ruleSet: rules).run(landscape, loaderFindings: findings, today: today).findings.count
            }
            _ = try? Config.parse(bytes, file: ".arkitekt.yaml")
            _ = try? RulePackParser.parse(name: "hostile", files: [(path: "hostile-pack.yaml", bytes: bytes)])
            return HostileRun(loaded: loaded, engineFindings: engineFindings)
        }
    }

    /// The invariants every input must keep: it finishes, it gives findings with real places, and a
    /// file-level failure (syntax, encoding, limit) gives exactly one finding and no element.
    static func checkInvariants(_ name: String, _ run: HostileRun?, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> HostileRun? {
        guard let run else {
            Issue.record("\(name): still running after 10 s (hang)", sourceLocation: sourceLocation)
            return nil
        }
        for finding in run.loaded.findings {
            #expect(finding.location.file == path, "\(name): \(finding.location)", sourceLocation: sourceLocation)
            #expect(finding.location.line >= 1 && finding.location.column >= 1, "\(name): \(finding.location) \(finding.rule)",
                    sourceLocation: sourceLocation)
            #expect(!finding.message.en.isEmpty && !finding.message.nb.isEmpty, "\(name): \(finding.rule) without a message",
                    sourceLocation: sourceLocation)
        }
        let fileLevel = run.loaded.findings.filter { ["yaml-syntax", "resource-limit"].contains($0.rule) }
        if !fileLevel.isEmpty {
            #expect(fileLevel.count == 1 && run.loaded.findings.count == 1 && run.loaded.elements.isEmpty,
                    "\(name): a file that is not read gives one finding and no element; got \(run.loaded.findings.map(\.rule)), \(run.loaded.elements.count) element(s)",
                    sourceLocation: sourceLocation)
        }
        #expect(run.engineFindings >= run.loaded.findings.count, "\(name): the rules lost loader findings", sourceLocation: sourceLocation)
        return run
    }
}

/// One input kept under FuzzRegressions/ (what a fuzz run found, or a hand-made hostile file).
struct RegressionFile: Sendable, CustomTestStringConvertible {
    let name: String
    var testDescription: String { name }

    static let none = RegressionFile(name: "<no files in FuzzRegressions>")

    static let all: [RegressionFile] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ReliabilityPaths.fuzzRegressions)) ?? []
        let files = names.filter { !$0.hasPrefix(".") }.sorted().map { RegressionFile(name: $0) }
        return files.isEmpty ? [none] : files
    }()
}

@Suite struct FuzzRegressionTests {
    @Test("every file in FuzzRegressions/: no crash, no hang, a finding or a clean load", arguments: RegressionFile.all)
    func regressionFile(_ file: RegressionFile) throws {
        try #require(file.name != RegressionFile.none.name, "no inputs found in \(ReliabilityPaths.fuzzRegressions)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ReliabilityPaths.fuzzRegressions + "/" + file.name)))
        _ = Hostile.checkInvariants(file.name, Hostile.run(bytes))
    }

    // MARK: Hand-made hostile inputs, each with what it must give.

    static func element(title: String) -> String {
        "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: g\n  title: \(title)\nspec:\n  type: team\n"
    }

    static func expectLimit(_ name: String, _ bytes: [UInt8], _ limit: ResourceLimit, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let run = Hostile.checkInvariants(name, Hostile.run(bytes), sourceLocation: sourceLocation) else { return }
        #expect(run.loaded.findings.map(\.rule) == ["resource-limit"], "\(name): \(run.loaded.findings.map(\.message.en))", sourceLocation: sourceLocation)
        #expect(run.loaded.findings.first?.detail == limit.rawValue, sourceLocation: sourceLocation)
    }

    static func expectSyntax(_ name: String, _ bytes: [UInt8], detail: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Finding? {
        guard let run = Hostile.checkInvariants(name, Hostile.run(bytes), sourceLocation: sourceLocation) else { return nil }
        #expect(run.loaded.findings.map(\.rule) == ["yaml-syntax"], "\(name): \(run.loaded.findings.map(\.message.en))", sourceLocation: sourceLocation)
        #expect(run.loaded.findings.first?.detail == detail, sourceLocation: sourceLocation)
        return run.loaded.findings.first
    }

    static func expectElements(_ name: String, _ bytes: [UInt8], _ refs: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> HostileRun? {
        guard let run = Hostile.checkInvariants(name, Hostile.run(bytes), sourceLocation: sourceLocation) else { return nil }
        #expect(run.loaded.elements.map(\.ref.description) == refs, "\(name): findings \(run.loaded.findings.map(\.message.en))",
                sourceLocation: sourceLocation)
        #expect(!run.loaded.findings.contains { $0.rule == "yaml-syntax" || $0.rule == "resource-limit" }, sourceLocation: sourceLocation)
        return run
    }

    @Test func deepFlowNesting() {
        Self.expectLimit("[ x 100000", Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8), .nestingDepth)
        Self.expectLimit("{a: x 100000", Array(String(repeating: "{a: ", count: 100_000).utf8) + Array(String(repeating: "}", count: 100_000).utf8), .nestingDepth)
        // Unclosed: the limit comes before libyaml notices the missing brackets.
        Self.expectLimit("[{ unclosed", Array(String(repeating: "[{", count: 50_000).utf8), .nestingDepth)
        let block = (0..<200).map { String(repeating: "  ", count: $0) + "-\n" }.joined()
        Self.expectLimit("block sequence x 200", Array(block.utf8), .nestingDepth)
        // Just inside the limit is read (64 levels: 63 flow sequences inside the document's mapping).
        let inside = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\nx: " +
            String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        _ = Self.expectElements("63 levels", Array(inside.utf8), ["group:g"])
    }

    @Test func aliasBombs() {
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        Self.expectLimit("billion laughs", Array(laughs.utf8), .aliasExpansion)
        // Wide instead of deep: one anchor, many aliases.
        let wide = "a: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\nb: [" +
            Array(repeating: "*a", count: 20_000).joined(separator: ", ") + "]\n"
        Self.expectLimit("20000 aliases of 21 nodes", Array(wide.utf8), .aliasExpansion)
        // Merge keys expand too.
        let merges = "a: &a {" + (0..<400).map { "k\($0): v" }.joined(separator: ", ") + "}\n" +
            (0..<400).map { "m\($0): {<<: *a}" }.joined(separator: "\n") + "\n"
        Self.expectLimit("400 merges of 400 keys", Array(merges.utf8), .aliasExpansion)
    }

    @Test func hugeAnchors() {
        let name = String(repeating: "a", count: 1 << 20)
        _ = Self.expectElements("1 MiB anchor name", Array(Self.element(title: "&\(name) x").utf8), ["group:g"])
        let aliased = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: &\(name)\n  name: g\nx: *\(name)\nspec: {type: team}\n"
        _ = Self.expectElements("1 MiB anchor and alias", Array(aliased.utf8), ["group:g"])
        // Undefined alias (libyaml's event parser does not check; the tree builder must).
        let finding = Self.expectSyntax("undefined alias", Array("a: *\(name.prefix(100))\n".utf8))
        #expect(finding?.location.line == 1 && finding?.location.column == 4)
    }

    /// A collection that contains an alias of itself is a cycle in the node DAG: merge keys would
    /// recurse through it and the condition copy would expand it into a tree (the alias-expansion
    /// limit counts such a back-reference as one node). Such a file is refused with one
    /// `yaml-syntax` finding at the alias.
    @Test func recursiveAliases() {
        for (name, text, line, column) in [
            ("self merge", "&a {<<: *a}\n", 1, 9),
            ("self merge in metadata", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: &m\n  name: g\n  <<: *m\nspec: {type: team}\n", 5, 7),
            ("merge through a child", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\nspec: &a\n  type: team\n  x: &b {<<: *a}\n  <<: *b\n", 6, 14),
            ("self list", "a: &a [*a, *a, *a]\n", 1, 8),
            ("labels in themselves", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g, labels: &l {a: *l, b: *l}}\nspec: {type: team}\n", 3, 36),
        ] {
            let finding = Self.expectSyntax(name, Array(text.utf8))
            #expect(finding?.location.line == line && finding?.location.column == column,
                    "\(name): \(String(describing: finding?.location))")
        }
        // An alias of a finished sibling is no cycle, however often it is used.
        _ = Self.expectElements("shared, not recursive",
                                Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g, labels: &l {a: b}}\nx: [*l, *l, {<<: *l}]\nspec: {type: team}\n".utf8),
                                ["group:g"])
    }

    /// Transition conditions copy their `equals`/`contains` values into a tree. With the value an
    /// alias of the conditions list itself, n conditions make about n^16 copies (the copy stops at
    /// depth 32): two give about a million nodes out of a 7-line file, three exhaust time and memory.
    /// The loaded values must stay in proportion to the input.
    @Test func recursiveConditionValues() throws {
        let text = """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: t}
            spec:
              conditions: &c
                - {ref: system:a, path: spec.uses, equals: *c}
                - {ref: system:b, path: spec.uses, contains: *c}

            """
        let run = try #require(Hostile.checkInvariants("conditions equal to themselves", Hostile.run(Array(text.utf8))))
        func size(_ value: ConditionValue) -> Int {
            switch value {
            case .scalar, .null: return 1
            case .list(let items): return 1 + items.reduce(0) { $0 + size($1) }
            case .map(let entries): return 1 + entries.values.reduce(0) { $0 + size($1) }
            }
        }
        let conditions = run.loaded.elements.first?.transition?.conditions ?? []
        let nodes = conditions.reduce(0) { total, condition in
            switch condition.test {
            case .equals(_, let value), .contains(_, let value): return total + size(value)
            case .exists: return total + 1
            }
        }
        #expect(nodes <= 1_000, "a 7-line file expanded into \(nodes) condition value nodes")
    }

    @Test func nulBytes() {
        // A raw NUL is a control character libyaml refuses; the finding must point at it (line 4), not at 1:1.
        let raw = Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\nspec: {type: \"te".utf8) + [0] + Array("am\"}\n".utf8)
        let finding = Self.expectSyntax("raw NUL", raw)
        #expect(finding?.location.line == 4, "position of the NUL: \(String(describing: finding?.location))")
        #expect(finding?.location.column == 17, "position of the NUL: \(String(describing: finding?.location))")
        // An escaped NUL is valid YAML: the text holds U+0000.
        let escaped = Self.element(title: "\"a\\0b\"")
        if let run = Self.expectElements("escaped NUL", Array(escaped.utf8), ["group:g"]) {
            #expect(run.loaded.elements.first?.metadata.title?.value == "a\u{0}b")
        }
        _ = Self.expectSyntax("only NUL bytes", [UInt8](repeating: 0, count: 4096))
    }

    /// A UTF-8 file may start with a byte order mark (Windows editors write one): it is still UTF-8,
    /// and reads exactly as the same file without it.
    @Test func byteOrderMarks() {
        let text = Self.element(title: "Med BOM")
        let plain = Hostile.run(Array(text.utf8))
        let bom = Self.expectElements("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8), ["group:g"])
        #expect(bom?.loaded.elements.first?.location == plain?.loaded.elements.first?.location, "the BOM shifts no position")
        // YAML 1.2 allows a BOM at the start of every document of a stream; libyaml skips one there
        // but counts it as a column, so the document's mapping no longer lines up: a known libyaml
        // limitation (docs/RELIABILITY.md). It must stay a finding at the second document.
        let second = Self.expectSyntax("BOM per document", [0xEF, 0xBB, 0xBF] + Array(text.utf8) + Array("---\n".utf8) + [0xEF, 0xBB, 0xBF] +
                                       Array(text.replacingOccurrences(of: "name: g", with: "name: h").utf8))
        #expect((second?.location.line ?? 0) > 8, "\(String(describing: second?.location))")
        // UTF-16 and UTF-32 are not UTF-8: an encoding finding, never a guess.
        _ = Self.expectSyntax("UTF-16LE with BOM", [0xFF, 0xFE] + Array(text.utf8).flatMap { [$0, 0] }, detail: "encoding")
        _ = Self.expectSyntax("UTF-16BE with BOM", [0xFE, 0xFF] + Array(text.utf8).flatMap { [0, $0] }, detail: "encoding")
        _ = Self.expectSyntax("UTF-32LE with BOM", [0xFF, 0xFE, 0, 0] + Array(text.utf8).flatMap { [$0, 0, 0, 0] }, detail: "encoding")
        // A BOM alone is an empty file.
        if let run = Hostile.checkInvariants("BOM alone", Hostile.run([0xEF, 0xBB, 0xBF])) {
            #expect(run.loaded.elements.isEmpty && run.loaded.findings.isEmpty, "\(run.loaded.findings.map(\.message.en))")
        }
    }

    @Test func surrogatesAndEscapes() {
        for escape in ["\\ud800", "\\uDFFF", "\\uD83D\\u0041", "\\U00110000", "\\UFFFFFFFF"] {
            _ = Self.expectSyntax("escape \(escape)", Array(Self.element(title: "\"\(escape)\"").utf8))
        }
        // A surrogate pair written as two escapes is not how YAML spells U+1F600 (libyaml refuses it).
        _ = Self.expectSyntax("escaped surrogate pair", Array(Self.element(title: "\"\\uD83D\\uDE00\"").utf8))
        if let run = Self.expectElements("astral escape", Array(Self.element(title: "\"\\U0001F600 \\u00E6\"").utf8), ["group:g"]) {
            #expect(run.loaded.elements.first?.metadata.title?.value == "😀 æ")
        }
        // Surrogates and overlong forms encoded as bytes are not UTF-8.
        for bytes: [UInt8] in [[0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]] {
            let input = Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g, title: \"".utf8) + bytes + Array("\"}\n".utf8)
            let finding = Self.expectSyntax("bytes \(bytes)", input, detail: "encoding")
            #expect(finding?.location.line == 3 && finding?.location.column == 29, "\(bytes): \(String(describing: finding?.location))")
        }
        // A file cut in the middle of a character.
        _ = Self.expectSyntax("truncated character", Array(Self.element(title: "æ").utf8) + [0xC3], detail: "encoding")
    }

    @Test func longLines() {
        let title = String(repeating: "x", count: 2 << 20)
        if let run = Self.expectElements("2 MiB title", Array(Self.element(title: title).utf8), ["group:g"]) {
            #expect(run.loaded.elements.first?.metadata.title?.value.utf8.count == title.utf8.count)
        }
        let quoted = "\"" + String(repeating: "æ\\t", count: 300_000) + "\""
        _ = Self.expectElements("long quoted title with escapes", Array(Self.element(title: quoted).utf8), ["group:g"])
        // libyaml refuses implicit keys longer than 1024 characters: a syntax finding, not a crash.
        _ = Self.expectSyntax("2000-character key", Array((String(repeating: "k", count: 2000) + ": v\n").utf8))
        // A long line of flow items: many nodes in one collection, under the node limit.
        let items = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\nx: [" +
            Array(repeating: "y", count: 50_000).joined(separator: ",") + "]\n"
        _ = Self.expectElements("50000 flow items", Array(items.utf8), ["group:g"])
    }

    @Test func manyDocuments() {
        Self.expectLimit("10001 documents", Array(String(repeating: "---\n", count: 10_001).utf8), .documents)
        var text = ""
        for i in 0..<2000 { text += "---\napiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g\(i)}\nspec: {type: team}\n" }
        if let run = Hostile.checkInvariants("2000 elements", Hostile.run(Array(text.utf8))) {
            #expect(run.loaded.elements.count == 2000)
        }
    }

    @Test func oddButValid() {
        for (name, text) in [
            ("tags everywhere", "!!map {? !!str apiVersion : !!str arkitekt/v1, kind: !foo Group, metadata: !!map {name: g}, spec: {type: !!str team}}\n"),
            ("complex keys", "? [a, b]\n: c\n? {d: e}\n: f\napiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\n"),
            ("alias keys", "k: &k kind\napiVersion: arkitekt/v1\n*k : Group\nmetadata: {name: g}\n"),
            ("CR line ends", "apiVersion: arkitekt/v1\rkind: Group\rmetadata:\r  name: g\r"),
            ("CRLF line ends", "apiVersion: arkitekt/v1\r\nkind: Group\r\nmetadata:\r\n  name: g\r\n"),
            ("NEL and LS quoted", "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: g\n  title: \"a\u{85}b\u{2028}c\"\n"),
            ("directives", "%YAML 1.1\n%TAG !a! tag:example.com,2000:\n--- !a!x\napiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g}\n...\n"),
            ("binary", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g, title: !!binary AAEC}\n"),
            ("explicit null everywhere", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: g, title: ~, labels: null}\nspec: ~\n"),
        ] {
            if let run = Hostile.checkInvariants(name, Hostile.run(Array(text.utf8))) {
                #expect(!run.loaded.findings.contains { $0.rule == "yaml-syntax" }, "\(name): \(run.loaded.findings.map(\.message.en))")
            }
        }
    }
}

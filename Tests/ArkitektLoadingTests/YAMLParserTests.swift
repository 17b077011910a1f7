@testable import ArkitektLoading
import ArkitektModel
import Testing

@Suite("YAML parser: trees and marks")
struct YAMLParserTreeTests {
    static let system = """
    apiVersion: arkitekt/v1
    kind: System
    metadata:
      name: sak-arkiv
      labels: {domene: felles, eier: "x"}
    spec:
      uses:
        - id-porten
        - svarut
      data:
        - entity: person
          access: read

    """

    @Test func marksAreOneBasedLineAndColumn() throws {
        let docs = try yamlDocuments(Self.system)
        try #require(docs.count == 1)
        let doc = docs[0]
        let root = try #require(doc.root)
        #expect(doc.mark(root) == [1, 1])
        #expect(doc.node(root).kind == .mapping)

        let kind = try #require(doc.lookup("kind"))
        #expect(doc.scalar(kind) == "System")
        #expect(doc.mark(kind) == [2, 7])

        let metadata = try #require(doc.lookup("metadata"))
        #expect(doc.node(metadata).kind == .mapping)
        #expect(doc.mark(metadata) == [4, 3], "a block mapping starts at its first key")

        let name = try #require(doc.lookup("metadata", "name"))
        #expect(doc.scalar(name) == "sak-arkiv")
        #expect(doc.mark(name) == [4, 9])

        let labels = try #require(doc.lookup("metadata", "labels"))
        #expect(doc.mark(labels) == [5, 11], "a flow mapping starts at its brace")
        let eier = try #require(doc.value(labels, "eier"))
        #expect(doc.mark(eier) == [5, 34], "a quoted scalar starts at its quote")

        let uses = try #require(doc.lookup("spec", "uses"))
        #expect(doc.node(uses).kind == .sequence)
        #expect(doc.mark(uses) == [8, 5], "a block sequence starts at its first dash")
        let items = Array(doc.items(uses))
        #expect(items.map { doc.scalar($0) } == ["id-porten", "svarut"])
        #expect(items.map { doc.mark($0) } == [[8, 7], [9, 7]])

        let data = try #require(doc.lookup("spec", "data"))
        let first = try #require(doc.items(data).first)
        #expect(doc.mark(first) == [11, 7])
        let access = try #require(doc.value(first, "access"))
        #expect(doc.mark(access) == [12, 15])
    }

    @Test func keysKeepTheirMarksInWrittenOrder() throws {
        let doc = try #require(try yamlDocuments("b: 1\na: 2\nc:\n  d: 3\n").first)
        let pairs = doc.pairs(try #require(doc.root))
        #expect(pairs.map { doc.scalar($0.key) } == ["b", "a", "c"])
        #expect(pairs.map { doc.mark($0.key) } == [[1, 1], [2, 1], [3, 1]])
    }

    @Test func scalarsAreReadAsWritten() throws {
        let doc = try #require(try yamlDocuments("""
        int: 2024
        float: 1.50
        bool: yes
        date: 2027-01-01
        octal: 0755
        text: "quoted: text"
        folded: >-
          one
          two
        literal: |
          a
          b

        """).first)
        #expect(doc.lookup("int").flatMap(doc.scalar) == "2024")
        #expect(doc.lookup("float").flatMap(doc.scalar) == "1.50")
        #expect(doc.lookup("bool").flatMap(doc.scalar) == "yes")
        #expect(doc.lookup("date").flatMap(doc.scalar) == "2027-01-01")
        #expect(doc.lookup("octal").flatMap(doc.scalar) == "0755")
        #expect(doc.lookup("text").flatMap(doc.scalar) == "quoted: text")
        #expect(doc.lookup("folded").flatMap(doc.scalar) == "one two")
        #expect(doc.lookup("literal").flatMap(doc.scalar) == "a\nb\n")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        // "navn: æøå, x: " is 14 characters but 17 bytes before `y`.
        let doc = try #require(try yamlDocuments("{navn: æøå, x: y}\n").first)
        let x = try #require(doc.lookup("x"))
        #expect(doc.scalar(x) == "y")
        #expect(doc.mark(x) == [1, 16])
        let navn = try #require(doc.lookup("navn"))
        #expect(doc.scalar(navn) == "æøå")
        #expect(doc.mark(navn) == [1, 8])
    }

    @Test func emptyFileHasNoDocuments() throws {
        #expect(try yamlDocuments("").isEmpty)
        #expect(try yamlDocuments("\n\n").isEmpty)
        #expect(try yamlDocuments("# only a comment\n# and another\n").isEmpty)
    }

    @Test func multipleDocumentsKeepTheirOrderAndIndex() throws {
        let docs = try yamlDocuments("a: 1\n---\nb: 2\n---\n# nothing here\n---\nc: 3\n")
        try #require(docs.count == 4)
        #expect(docs.map(\.index) == [0, 1, 2, 3])
        #expect(docs[0].lookup("a").flatMap(docs[0].scalar) == "1")
        #expect(docs[1].lookup("b").flatMap(docs[1].scalar) == "2")
        // An empty document is there, but its root is a null (nothing was written).
        let emptyRoot = try #require(docs[2].root)
        #expect(docs[2].isNull(emptyRoot))
        #expect(docs[3].lookup("c").flatMap(docs[3].scalar) == "3")
        // Marks are file lines, not document lines.
        let c = try #require(docs[3].lookup("c"))
        #expect(docs[3].mark(c) == [7, 4])
    }

    @Test func documentEndMarkersAndExplicitStart() throws {
        let docs = try yamlDocuments("---\na: 1\n...\n---\nb: 2\n...\n")
        #expect(docs.count == 2)
        #expect(docs.map { $0.lookup("a") != nil } == [true, false])
        #expect(docs.map { $0.lookup("b") != nil } == [false, true])
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let doc = try #require(try yamlDocuments("""
        base: &b {x: 1, y: [1, 2]}
        other: *b
        list: [*b, *b]

        """).first)
        let base = try #require(doc.lookup("base"))
        let other = try #require(doc.lookup("other"))
        #expect(base == other, "an alias is the anchored node itself, not a copy")
        let list = try #require(doc.lookup("list"))
        #expect(Array(doc.items(list)) == [base, base])
        #expect(doc.nodes.count < 14, "nothing was expanded")
    }

    @Test func laterAnchorWithTheSameNameWins() throws {
        let doc = try #require(try yamlDocuments("a: &x one\nb: *x\nc: &x two\nd: *x\n").first)
        #expect(doc.lookup("b").flatMap(doc.scalar) == "one")
        #expect(doc.lookup("d").flatMap(doc.scalar) == "two")
    }

    @Test func anchorsDoNotCrossDocuments() throws {
        let failure = try yamlFailure("a: &x 1\n---\nb: *x\n")
        #expect(failure.reason == .aliasAcrossDocuments("x"))
        #expect(failure.line == 3)
    }

    @Test func mergeKeysAddEntriesThatDoNotOverride() throws {
        let doc = try #require(try yamlDocuments("""
        defaults: &d {lifecycle: production, scope: local}
        extra: &e {scope: sector, vendor: Acme, lifecycle: retired}
        system:
          scope: national
          <<: [*d, *e]
          owner: oppvekst

        """).first)
        let system = try #require(doc.lookup("system"))
        let pairs = doc.pairs(system).map { (doc.scalar($0.key) ?? "?", doc.scalar($0.value) ?? "?") }
        // Own entries first, in written order; then merged ones, the first source winning.
        #expect(pairs.map(\.0) == ["scope", "owner", "lifecycle", "vendor"])
        #expect(pairs.map(\.1) == ["national", "oppvekst", "production", "Acme"])
        #expect(doc.value(system, "lifecycle").flatMap(doc.scalar) == "production")
        #expect(doc.value(system, "<<") == nil)
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let doc = try #require(try yamlDocuments("d: &d {a: 1}\nm: {\"<<\": *d}\n").first)
        let m = try #require(doc.lookup("m"))
        #expect(doc.pairs(m).map { doc.scalar($0.key) } == ["<<"])
        #expect(doc.value(m, "a") == nil)
    }

    @Test(arguments: [
        ("~", true), ("null", true), ("Null", true), ("NULL", true), ("", true),
        ("\"null\"", false), ("'null'", false), ("\"~\"", false), ("''", false), ("!!str null", false),
        ("nil", false), ("none", false), ("0", false), ("! null", false), ("! ~", false), ("!custom null", false),
    ])
    func nullIsOnlyPlain(written: String, isNull: Bool) throws {
        let doc = try #require(try yamlDocuments("value: \(written)\n").first)
        let value = try #require(doc.lookup("value"))
        #expect(doc.isNull(value) == isNull)
    }

    @Test func plainFlagDistinguishesQuotedScalars() throws {
        let doc = try #require(try yamlDocuments("a: x\nb: 'x'\nc: \"x\"\nd: !!str x\n").first)
        #expect(doc.lookup("a").map { doc.node($0).plain } == true)
        #expect(doc.lookup("b").map { doc.node($0).plain } == false)
        #expect(doc.lookup("c").map { doc.node($0).plain } == false)
        #expect(doc.lookup("d").map { doc.node($0).plain } == false)
    }

    @Test func windowsLineEndingsKeepLinesAndColumns() throws {
        let doc = try #require(try yamlDocuments("a: 1\r\nb:\r\n  c: x\r\n").first)
        let c = try #require(doc.lookup("b", "c"))
        #expect(doc.scalar(c) == "x")
        #expect(doc.mark(c) == [3, 6])
    }

    @Test func byteOrderMarkIsAccepted() throws {
        // A UTF-8 file saved with a byte order mark (as some Windows editors do) is still UTF-8;
        // YAML allows the mark at the start of the stream and it is not content.
        let docs = try yamlDocuments("\u{FEFF}a: 1\nb: 2\n")
        let doc = try #require(docs.first)
        #expect(doc.pairs(try #require(doc.root)).map { doc.scalar($0.key) } == ["a", "b"])
        #expect(doc.lookup("b").flatMap(doc.scalar) == "2")
        #expect(doc.lookup("b").map(doc.mark) == [2, 4])
    }

    @Test func byteOrderMarkOnASingleLine() throws {
        let docs = try yamlDocuments("\u{FEFF}a: 1\n")
        #expect(docs.first?.lookup("a").flatMap { docs[0].scalar($0) } == "1")
    }
}

@Suite("YAML parser: failures")
struct YAMLParserFailureTests {
    @Test func syntaxErrorHasAPosition() throws {
        let failure = try yamlFailure("a: 1\nb: [1, 2\nc: 3\n")
        guard case .syntax(let problem) = failure.reason else {
            Issue.record("expected a syntax failure, got \(failure.reason)")
            return
        }
        #expect(problem == "while parsing a flow sequence: did not find expected ',' or ']'")
        // libyaml notices at the next line, where `c:` cannot continue the list.
        #expect("\(failure.line):\(failure.column)" == "3:2")
    }

    @Test func mappingValueInPlainScalarIsPlaced() throws {
        // libyaml reports "mapping values are not allowed in this context" at the second colon.
        let failure = try yamlFailure("kind: System\nname: a: b\n")
        #expect(failure.reason.isSyntax)
        #expect(failure.line == 2)
        #expect(failure.column == 8)
    }

    @Test func syntaxErrorColumnCountsCharacters() throws {
        // Same as above with three two-byte letters before the error: the column moves by 3, not 6.
        let failure = try yamlFailure("kind: System\nnavn: æøå: b\n")
        #expect(failure.reason.isSyntax)
        #expect(failure.line == 2)
        #expect(failure.column == 10)
    }

    @Test func tabInIndentationFailsWithPosition() throws {
        let failure = try yamlFailure("apiVersion: arkitekt/v1\nmetadata:\n\tname: x\n")
        #expect(failure.reason == .tabIndentation)
        #expect(failure.line == 3)
        #expect(failure.column == 1)
    }

    @Test(arguments: [0x01, 0x00, 0x07, 0x1B] as [UInt8])
    func controlCharacterFailsAtItsPosition(byte: UInt8) throws {
        // libyaml's reader rejects control characters; the failure must still say where.
        let failure = try yamlFailure(Array("a: 1\nb: x".utf8) + [byte] + Array("y\n".utf8))
        #expect(failure.reason.isSyntax)
        #expect(failure.line == 2)
        #expect(failure.column == 5)
    }

    @Test func undefinedAliasFails() throws {
        let failure = try yamlFailure("a: 1\nb: *missing\n")
        #expect(failure.reason == .undefinedAlias("missing"))
        #expect(failure.line == 2)
    }

    @Test func latin1ByteIsNotUTF8AtItsLine() throws {
        // "blåbær" saved as Latin-1: 0xE5 and 0xE6 are not UTF-8.
        var bytes = Array("apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name: x\n  title: bl".utf8)
        bytes += [0xE5, 0x62, 0xE6, 0x72, 0x0A]
        let failure = try yamlFailure(bytes)
        #expect(failure.reason == .notUTF8)
        #expect(failure.line == 5)
        #expect(failure.column == 12)
    }

    @Test func notUTF8ColumnCountsCharactersBeforeIt() throws {
        // "x: æø" is 5 characters (7 bytes), so the stray byte is at column 6.
        let failure = try yamlFailure(Array("a: 1\nx: æø".utf8) + [0xE6, 0x0A])
        #expect(failure.reason == .notUTF8)
        #expect(failure.line == 2)
        #expect(failure.column == 6)
    }

    @Test(arguments: [
        [0xC0, 0x80],              // overlong NUL
        [0xE0, 0x80, 0x80],        // overlong
        [0xED, 0xA0, 0x80],        // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0x80],                    // lone continuation byte
        [0xFF],
        [0xE2, 0x82],              // truncated at the end of the file
    ] as [[UInt8]])
    func malformedUTF8IsRejected(bad: [UInt8]) throws {
        let failure = try yamlFailure(Array("a: b\nc: ".utf8) + bad)
        #expect(failure.reason == .notUTF8)
        #expect(failure.line == 2)
        #expect(failure.column == 4)
    }

    @Test func validMultiByteTextIsAccepted() throws {
        let doc = try #require(try yamlDocuments("a: \"Søknad om barnehageplass – 𝄞 ✓\"\n").first)
        #expect(doc.lookup("a").flatMap(doc.scalar) == "Søknad om barnehageplass – 𝄞 ✓")
    }

    @Test func twentyMegabyteFileHitsTheSizeLimit() throws {
        var bytes = [UInt8](repeating: 0x61, count: 20 * 1024 * 1024)
        bytes[0] = 0x23  // "#aaaa...": would be a valid comment
        let failure = try yamlFailure(bytes)
        #expect(failure.reason == .limit(.fileSize, Limits().maxFileBytes))
        #expect(failure.line == 1 && failure.column == 1)
    }

    @Test func fileSizeLimitIsInclusive() throws {
        var limits = Limits()
        limits.maxFileBytes = 8
        #expect(try yamlDocuments("a: 12345", limits: limits).count == 1)
        let failure = try yamlFailure("a: 123456", limits: limits)
        #expect(failure.reason == .limit(.fileSize, 8))
    }

    static func aliasBomb(levels: Int, width: Int) -> String {
        var text = "l0: &l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ", ") + "]\n"
        for level in 1..<levels {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test func billionLaughsHitsTheAliasLimit() throws {
        let failure = try yamlFailure(Self.aliasBomb(levels: 10, width: 10))
        #expect(failure.reason == .limit(.aliasExpansion, Limits().maxAliasExpansion))
        #expect("\(failure.line):\(failure.column)" == "5:55")
    }

    @Test func aliasBombInBlockStyleHitsTheAliasLimit() throws {
        var text = "a: &a\n" + String(repeating: "  - lol\n", count: 9)
        for (prev, name) in zip(["a", "b", "c", "d", "e", "f", "g", "h"], ["b", "c", "d", "e", "f", "g", "h", "i"]) {
            text += "\(name): &\(name)\n" + String(repeating: "  - *\(prev)\n", count: 9)
        }
        let failure = try yamlFailure(text)
        #expect(failure.reason == .limit(.aliasExpansion, Limits().maxAliasExpansion))
    }

    @Test func modestAliasUseIsAccepted() throws {
        // 3 levels of 10: about a thousand nodes expanded, far under the limit.
        let docs = try yamlDocuments(Self.aliasBomb(levels: 3, width: 10))
        #expect(docs.count == 1)
    }

    @Test func aliasLimitCountsExpandedNodes() throws {
        var limits = Limits()
        limits.maxAliasExpansion = 50
        // `a` is 4 nodes (a list of 3); the root is 1 + 2 keys + 4 + b, and b is 1 + 4 per alias:
        // 6 aliases give 32 nodes in all, 13 give a list of 53 on its own.
        #expect(try yamlDocuments("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a]\n", limits: limits).count == 1)
        let failure = try yamlFailure("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n", limits: limits)
        #expect(failure.reason == .limit(.aliasExpansion, 50))
    }

    @Test func deepFlowNestingHitsTheDepthLimit() throws {
        let text = "a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        let failure = try yamlFailure(text)
        #expect(failure.reason == .limit(.nestingDepth, Limits().maxNestingDepth))
        #expect(failure.line == 1)
    }

    @Test func deepBlockNestingHitsTheDepthLimit() throws {
        var text = ""
        for depth in 0..<100 {
            text += String(repeating: "  ", count: depth) + "k\(depth):\n"
        }
        text += String(repeating: "  ", count: 100) + "leaf: 1\n"
        let failure = try yamlFailure(text)
        #expect(failure.reason == .limit(.nestingDepth, 64))
    }

    @Test func nestingAtTheLimitIsAccepted() throws {
        var limits = Limits()
        limits.maxNestingDepth = 3
        // root mapping, a list, a mapping: depth 3.
        #expect(try yamlDocuments("a: [{b: 1}]\n", limits: limits).count == 1)
        let failure = try yamlFailure("a: [{b: [1]}]\n", limits: limits)
        #expect(failure.reason == .limit(.nestingDepth, 3))
        #expect(failure.line == 1 && failure.column == 9, "at the list that is one level too deep")
    }

    @Test func documentCountLimit() throws {
        var limits = Limits()
        limits.maxDocumentsPerFile = 2
        #expect(try yamlDocuments("a: 1\n---\nb: 2\n", limits: limits).count == 2)
        let failure = try yamlFailure("a: 1\n---\nb: 2\n---\nc: 3\n", limits: limits)
        #expect(failure.reason == .limit(.documents, 2))
        #expect(failure.line == 4)
    }
}

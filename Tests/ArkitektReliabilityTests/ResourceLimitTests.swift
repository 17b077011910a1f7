import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// Each limit of `Limits`, broken on purpose: one `resource-limit` finding naming the limit, the
/// rest of the landscape still read.
@Suite struct ResourceLimitTests {
    static func landscape(_ files: [String: [UInt8]]) throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        for (path, bytes) in files { try fixture.write(path, bytes: bytes) }
        try fixture.commitAll("limits")
        return fixture
    }

    static func expectLimit(_ run: CheckRun, _ limit: ResourceLimit, file: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let hits = run.findings("resource-limit")
        #expect(hits.map(\.detail) == [limit.rawValue], "\(run.findings)", sourceLocation: sourceLocation)
        #expect(hits.first?.file == file, sourceLocation: sourceLocation)
        #expect(hits.first?.element == nil, sourceLocation: sourceLocation)
        #expect(hits.first.map { $0.line >= 1 && $0.column >= 1 } ?? false, sourceLocation: sourceLocation)
        #expect(run.elements == 1, "the other file is still read", sourceLocation: sourceLocation)
        #expect(run.exitCode == 1, sourceLocation: sourceLocation)
    }

    @Test func fileSize() throws {
        let limit = Limits().maxFileBytes
        // Valid YAML all the way: a comment line padded to the size.
        func file(_ size: Int) -> [UInt8] {
            let head = Array("# ".utf8), tail = Array("\n".utf8)
            return head + [UInt8](repeating: UInt8(ascii: "x"), count: size - head.count - tail.count) + tail
        }
        let fixture = try Self.landscape(["architecture/big.yaml": file(limit + 1), "architecture/at-limit.yaml": file(limit)])
        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let run = try runCheck(fixture.root, selection)
            Self.expectLimit(run, .fileSize, file: "architecture/big.yaml")
            #expect(run.files == 3, "\(selection)")
        }
    }

    @Test func aliasExpansion() throws {
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let fixture = try Self.landscape(["architecture/laughs.yaml": Array(laughs.utf8)])
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            Self.expectLimit(try runCheck(fixture.root, selection), .aliasExpansion, file: "architecture/laughs.yaml")
        }
    }

    @Test func nestingDepth() throws {
        let depth = Limits().maxNestingDepth
        let deep = "x: " + String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1) + "\n"
        let fixture = try Self.landscape(["architecture/deep.yaml": Array(deep.utf8)])
        let run = try runCheck(fixture.root)
        Self.expectLimit(run, .nestingDepth, file: "architecture/deep.yaml")
    }

    @Test func documentsPerFile() throws {
        let count = Limits().maxDocumentsPerFile
        let many = String(repeating: "---\n", count: count + 1)
        let fixture = try Self.landscape(["architecture/many.yaml": Array(many.utf8),
                                          "architecture/at-limit.yaml": Array(String(repeating: "---\n", count: count).utf8)])
        Self.expectLimit(try runCheck(fixture.root), .documents, file: "architecture/many.yaml")
    }

    /// The element limit is counted over the landscape, file by file in path order: the file that
    /// would go over is left out whole, with the finding at its first element.
    @Test func totalElements() throws {
        func file(_ path: String, _ names: [String]) -> SourceFile {
            let bytes = Array(names.map(Elements.group).joined(separator: "---\n").utf8)
            return SourceFile(path: path, kind: .regular, content: bytes, size: bytes.count, omitted: false, blobID: nil)
        }
        let files = [file("architecture/1.yaml", ["a", "b"]), file("architecture/2.yaml", ["c", "d"]), file("architecture/3.yaml", ["e"])]
        var limits = Limits()
        limits.maxElements = 3

        let (landscape, findings) = Kit.load(files, limits: limits)
        #expect(landscape.elements.map(\.ref.description) == ["group:a", "group:b"])
        let hits = findings.filter { $0.rule == "resource-limit" }
        #expect(hits.map(\.detail) == ["elements"], "\(findings.map(\.message.en))")
        #expect(hits.first?.location == ArkitektModel.SourceLocation(file: "architecture/2.yaml", line: 1, column: 1))
        #expect(landscape.fileCount == 3)

        limits.maxElements = 5
        let (all, none) = Kit.load(files, limits: limits)
        #expect(all.elements.count == 5)
        #expect(!none.contains { $0.rule == "resource-limit" }, "exactly at the limit is fine")
    }

    /// The other limits through `Kit.load` with small custom values: the same findings as the defaults.
    @Test func customLimitsThroughLoad() {
        func file(_ path: String, _ text: String) -> SourceFile {
            SourceFile(path: path, kind: .regular, content: Array(text.utf8), size: text.utf8.count, omitted: false, blobID: nil)
        }
        var limits = Limits()
        limits.maxFileBytes = 100
        limits.maxAliasExpansion = 10
        limits.maxNestingDepth = 3
        limits.maxDocumentsPerFile = 2
        let files = [
            file("architecture/big.yaml", "# " + String(repeating: "x", count: 200) + "\n"),
            file("architecture/alias.yaml", "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"),
            file("architecture/deep.yaml", "a: [[[[x]]]]\n"),
            file("architecture/docs.yaml", "--- 1\n--- 2\n--- 3\n"),
            SourceFile(path: "architecture/omitted.yaml", kind: .regular, content: [], size: 1 << 30, omitted: true, blobID: nil),
        ]
        let (_, findings) = Kit.load(files, limits: limits)
        let byFile = Dictionary(findings.filter { $0.rule == "resource-limit" }.map { ($0.location.file, $0.detail ?? "") }, uniquingKeysWith: { $0 + "," + $1 })
        #expect(byFile == ["architecture/big.yaml": "file-size", "architecture/alias.yaml": "alias-expansion",
                           "architecture/deep.yaml": "nesting-depth", "architecture/docs.yaml": "documents",
                           "architecture/omitted.yaml": "file-size"], "\(findings.map { "\($0.location) \($0.rule) \($0.detail ?? "")" })")
    }
}

import ArkitektLoading
import ArkitektModel
import Dispatch
import Foundation
import Testing

/// The parse cache's record of a file: read back, every element is what was written, though its
/// metadata and spec are decoded only when first read.
@Suite struct BinaryCodecTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/landscape").path

    static func sampleFiles() throws -> [LoadedFile] {
        var files: [LoadedFile] = []
        let enumerator = FileManager.default.enumerator(atPath: samples + "/architecture")
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".yaml") else { continue }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: samples + "/architecture/" + path)))
            files.append(LandscapeLoader.load(path: "architecture/" + path, bytes: bytes, limits: Limits()))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Every field of an element, as the rules read them, with where it was written.
    static func fields(_ element: Element) -> [String] {
        element.fields.map { "\($0.key) = \($0.value.value) @ \($0.value.location)" }.sorted()
    }

    static func expectSame(_ a: Element, _ b: Element, sourceLocation: SourceLocation_ = #_sourceLocation) {
        #expect(a.kind == b.kind && a.ref == b.ref && a.location == b.location && a.documentIndex == b.documentIndex,
                sourceLocation: sourceLocation)
        #expect(a.dependencies == b.dependencies, "\(a.ref)", sourceLocation: sourceLocation)
        #expect(a.located.location == b.located.location, sourceLocation: sourceLocation)
        #expect(a.metadata.title?.value == b.metadata.title?.value && a.metadata.description?.value == b.metadata.description?.value,
                sourceLocation: sourceLocation)
        #expect(a.metadata.labels == b.metadata.labels && a.metadata.links == b.metadata.links, sourceLocation: sourceLocation)
        #expect(fields(a) == fields(b), "\(a.ref)", sourceLocation: sourceLocation)
        #expect(a.transition?.conditions.map(\.test) == b.transition?.conditions.map(\.test), sourceLocation: sourceLocation)
    }

    @Test func everyElementReadsBackAsWritten() throws {
        let files = try Self.sampleFiles()
        var elements = 0
        for file in files {
            let decoded = try #require(BinaryCodec.decode(BinaryCodec.encode(file)[...]))
            #expect(decoded.path == file.path)
            #expect(decoded.findings == file.findings)
            #expect(decoded.elements.count == file.elements.count)
            for (a, b) in zip(file.elements, decoded.elements) { Self.expectSame(a, b) }
            elements += decoded.elements.count
        }
        #expect(elements > 50)
        #expect(Set(files.flatMap { $0.elements.map(\.kind) }).count == Kind.allCases.count, "the sample should have every kind")
    }

    /// Many threads reading one element for the first time at once all see the same content.
    @Test func firstReadsFromManyThreadsAgree() throws {
        let files = try Self.sampleFiles()
        let file = try #require(files.first { $0.elements.contains { $0.kind == .system } })
        let decoded = try #require(BinaryCodec.decode(BinaryCodec.encode(file)[...]))
        let system = try #require(decoded.elements.first { $0.kind == .system })
        let expected = Self.fields(try #require(file.elements.first { $0.ref == system.ref }))
        let seen = Seen()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in seen.add(Self.fields(system)) }
        #expect(seen.all.count == 16)
        #expect(seen.all.allSatisfy { $0 == expected })
    }

    /// An element whose metadata and spec do not decode (which the cache's checksum and version
    /// keep from happening) reads as one with its name and no spec, rather than crashing.
    @Test func contentThatDoesNotDecodeLeavesTheName() {
        let at = SourceLocation(file: "a.yaml", line: 1, column: 1)
        let element = Element(kind: .system, name: Located("s", at: at), location: at, documentIndex: 0, dependencies: []) { nil }
        #expect(element.ref == Ref(.system, "s"))
        #expect(element.metadata.name.value == "s")
        #expect(element.system == nil)
        #expect(element.field("spec.owner") == nil)
    }
}

/// What each thread saw, collected under a lock.
private final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[String]] = []
    func add(_ item: [String]) { lock.withLock { items.append(item) } }
    var all: [[String]] { lock.withLock { items } }
}

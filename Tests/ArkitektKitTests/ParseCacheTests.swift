@testable import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The parse cache under `.git/arkitekt/`: the same findings with and without it, and a damaged,
/// foreign or concurrently written cache never changes a result.
@Suite struct ParseCacheTests {
    func fixture() throws -> KitFixture {
        let f = try KitFixture()
        for i in 0..<30 {
            try f.write("architecture/s\(i).yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s\(i)}\nspec: {owner: it, uses: [s\((i + 1) % 30)]}\n")
        }
        try f.write("architecture/it.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n")
        try f.cli.commitAll("start", in: f.root)
        return f
    }

    var cachePath: (KitFixture) -> String { { $0.root + "/.git/arkitekt/parse-cache" } }

    func run(_ f: KitFixture, _ selection: SourceSelectionChoice, cache: Bool = true) throws -> String {
        var options = CheckOptions()
        options.path = f.root
        options.format = .json
        options.date = Day(year: 2026, month: 6, day: 1)
        options.useCache = cache
        switch selection {
        case .staged: options.selection = .staged
        case .head: options.selection = .revision("HEAD")
        case .workTree: options.selection = .workTree
        }
        return try Kit.check(options).stdout
    }

    enum SourceSelectionChoice: CaseIterable { case staged, head, workTree }

    @Test(arguments: SourceSelectionChoice.allCases)
    func sameFindingsWithAndWithoutTheCache(_ selection: SourceSelectionChoice) throws {
        let f = try fixture()
        let cold = try run(f, selection, cache: false)
        #expect(!FileManager.default.fileExists(atPath: cachePath(f)))
        let filling = try run(f, selection)
        // The work tree and the index fill the cache; a revision only reads it.
        #expect(FileManager.default.fileExists(atPath: cachePath(f)) == (selection != .head))
        if selection == .head { _ = try run(f, .staged) }
        let warm = try run(f, selection)
        #expect(cold == filling)
        #expect(cold == warm)
    }

    @Test func aStagedChangeIsSeenThroughTheCache() throws {
        let f = try fixture()
        _ = try run(f, .staged)
        try f.write("architecture/s3.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s3}\nspec: {uses: [s4]}\n")
        try f.cli.run("add", "-A", in: f.root)
        let out = try run(f, .staged)
        #expect(out.contains("\"rule\": \"system-owner-required\""))
        #expect(out == (try run(f, .staged, cache: false)))
    }

    @Test(arguments: ["truncated", "garbage", "foreign", "flipped"])
    func aDamagedCacheIsIgnoredAndRebuilt(_ damage: String) throws {
        let f = try fixture()
        let expected = try run(f, .head, cache: false)
        _ = try run(f, .staged)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath(f))))
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        case "garbage": bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        case "foreign": bytes = Array("{\"not\": \"a cache\"}".utf8)
        default: bytes[bytes.count / 2] ^= 0xFF
        }
        try Data(bytes).write(to: URL(fileURLWithPath: cachePath(f)))
        #expect(try run(f, .head) == expected)
        // Rebuilt by the next run of the index; a revision then reads a whole cache and agrees.
        #expect(try run(f, .staged) == expected)
        #expect(try run(f, .head) == expected)
    }

    @Test func concurrentRunsLeaveAWholeCache() throws {
        let f = try fixture()
        let expected = try run(f, .staged, cache: false)
        let results = ResultBox()
        let root = f.root
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            var options = CheckOptions()
            options.path = root
            options.format = .json
            options.date = Day(year: 2026, month: 6, day: 1)
            options.selection = i % 2 == 0 ? .staged : .revision("HEAD")
            let out = (try? Kit.check(options).stdout) ?? "failed"
            results.append(out)
        }
        #expect(results.values.allSatisfy { $0 == expected })
        #expect(try run(f, .staged) == expected)
        // No temporary file is left; the check state the runs wrote is whole and is taken up.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.root + "/.git/arkitekt")
            .filter { !["parse-cache", "check-state", "change-history-head", "change-history-revision"].contains($0) }
        #expect(leftovers.isEmpty)
        var options = CheckOptions()
        options.path = root
        options.format = .json
        options.date = Day(year: 2026, month: 6, day: 1)
        options.selection = .staged
        let again = try Kit.check(options)
        #expect(again.stdout == expected)
        #expect(again.analysis?.resumed == true)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return items }

    /// The cache's file is searched in its bytes (binary search over keys in byte order): every
    /// key it holds is found at its place, and keys it does not hold are not, whether the blob ids
    /// are hashes, share a blob under several paths, are not hex at all, or are empty.
    @Test func keysAreFoundWhereTheyLie() {
        // Seeded, so that a failure comes back with the same keys.
        var rng = SplitMix64(seed: 0x5EED_A4C1)
        func hex(_ n: Int) -> String { String((0..<n).map { _ in "0123456789abcdef".randomElement(using: &rng) ?? "0" }) }
        var keys: [(blob: String, path: String)] = []
        for i in 0..<3000 { keys.append((hex(40), "architecture/f\(i).yaml")) }
        for i in 0..<40 { keys.append(("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", "architecture/empty-\(i).yaml")) }
        for i in 0..<20 { keys.append(("link \(i)", "architecture/l.yaml")) }
        keys.append(("", "architecture/no-blob.yaml"))
        let sorted = keys.map { ParseCache.Key(blob: $0.blob, path: $0.path).bytes }.sorted { ByteOrder.compare($0, $1) < 0 }
        var stored = ParseCache.Stored()
        var data: [UInt8] = []
        for key in sorted {
            stored.keys.append(data.count..<(data.count + key.count))
            stored.records.append(data.count..<data.count)
            data += key
        }
        stored.data = data[...]
        for (blob, path) in keys {
            let at = stored.position(blob: blob, path: path)
            #expect(at.map { sorted[$0] } == ParseCache.Key(blob: blob, path: path).bytes, "\(blob) \(path)")
        }
        for (blob, path) in [(hex(40), "architecture/f1.yaml"), (keys[5].blob, "architecture/other.yaml"), ("link 3", "x.yaml"),
                             ("", "architecture/f1.yaml"), ("ffffffffffffffffffffffffffffffffffffffff", "z"), ("0", "a")] {
            #expect(stored.position(blob: blob, path: path) == nil, "\(blob) \(path)")
        }
        #expect(ParseCache.Stored().position(blob: keys[0].blob, path: keys[0].path) == nil)
    }
}


import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// Baselines for adopting arkitekt on an existing landscape: record today's findings, then report
/// only new ones, and say which entries no longer match so the baseline only shrinks.
@Suite struct BaselineTests {
    static let landscape = """
    apiVersion: arkitekt/v1
    kind: System
    metadata: {name: a}
    ---
    apiVersion: arkitekt/v1
    kind: System
    metadata: {name: b}

    """

    func check(_ dir: TempDirectory, _ configure: (inout CheckOptions) -> Void) throws -> (CommandOutput, [String: Any]) {
        var options = CheckOptions()
        options.path = dir.path
        options.format = .json
        options.date = Day(year: 2026, month: 6, day: 1)
        configure(&options)
        let output = try Kit.check(options)
        return (output, try #require(try CI.json(output.stdout) as? [String: Any]))
    }

    @Test func writeThenCheckAgainstTheBaseline() throws {
        let dir = try TempDirectory()
        try dir.write("architecture/a.yaml", Self.landscape)
        let baseline = dir.path + "/arkitekt-baseline.json"
        let (first, firstJSON) = try check(dir) { $0.writeBaseline = baseline }
        #expect(first.exitCode == 1)
        let findings = firstJSON["findings"] as? [[String: Any]] ?? []
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        let doc = try #require(try CI.json(text) as? [String: Any])
        #expect(doc["version"] as? Int == 1)
        let entries = doc["findings"] as? [[String: Any]] ?? []
        #expect(entries.count == Set(findings.map { "\($0["rule"] ?? "")|\($0["element"] ?? "")|\($0["detail"] ?? "")" }).count)
        // Sorted by rule, then element.
        let keys = entries.map { "\($0["rule"] as? String ?? "")\u{1}\($0["element"] as? String ?? "")" }
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(text.contains("\n  \"findings\": [\n"))

        // Nothing new: clean.
        let (same, sameJSON) = try check(dir) { $0.baseline = baseline }
        #expect(same.exitCode == 0)
        #expect((sameJSON["findings"] as? [Any])?.isEmpty == true)

        // A new element brings new findings; fixing b makes its entries stale.
        try dir.write("architecture/c.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: c}\n")
        try dir.write("architecture/a.yaml", Self.landscape.replacingOccurrences(of: "metadata: {name: b}", with: "metadata: {name: b, description: Beskrevet.}"))
        let (later, laterJSON) = try check(dir) { $0.baseline = baseline }
        #expect(later.exitCode == 1)
        let new = laterJSON["findings"] as? [[String: Any]] ?? []
        #expect(!new.isEmpty)
        #expect(new.allSatisfy { $0["element"] as? String == "system:c" })
        let stale = laterJSON["staleBaseline"] as? [[String: Any]] ?? []
        #expect(stale.count == 1)
        #expect(stale.first?["rule"] as? String == "system-description")
        #expect(stale.first?["element"] as? String == "system:b")

        var textOptions = CheckOptions()
        textOptions.path = dir.path
        textOptions.baseline = baseline
        textOptions.language = .en
        #expect(try Kit.check(textOptions).stdout.contains("baseline: system-description system:b no longer occurs"))
    }

    @Test func writingIsDeterministicAndAtomic() throws {
        let dir = try TempDirectory()
        try dir.write("architecture/a.yaml", Self.landscape)
        let one = dir.path + "/one.json", two = dir.path + "/two.json"
        _ = try check(dir) { $0.writeBaseline = one }
        _ = try check(dir) { $0.writeBaseline = two }
        #expect(try Data(contentsOf: URL(fileURLWithPath: one)) == Data(contentsOf: URL(fileURLWithPath: two)))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".arkitekt-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aBrokenBaselineIsAnInputError() throws {
        let dir = try TempDirectory()
        try dir.write("architecture/a.yaml", Self.landscape)
        let path = try dir.write("baseline.json", "{\"version\": 7, \"findings\": []}")
        #expect(throws: KitError.self) { _ = try check(dir) { $0.baseline = path } }
        let missing = dir.path + "/none.json"
        do {
            _ = try check(dir) { $0.baseline = missing }
            Issue.record("expected an error")
        } catch let error as KitError {
            #expect(error.message.en.contains("--write-baseline"))
        }
    }
}

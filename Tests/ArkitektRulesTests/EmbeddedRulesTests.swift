import Foundation
import Testing
@testable import ArkitektRules

/// The packs compiled into the binary are exactly the files under rules/.
@Suite struct EmbeddedRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedPacksMatchTheRulesFolder() throws {
        let rules = Self.root.appendingPathComponent("rules")
        let enumerator = try #require(FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil))
        var onDisk: [String: String] = [:]
        for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
            let relative = "rules/" + url.path.dropFirst(rules.path.count + 1)
            onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        let embedded = Dictionary(uniqueKeysWithValues: embeddedRuleFiles.map { ($0.path, $0.text) })
        #expect(Set(onDisk.keys) == Set(embedded.keys), "run `make generate` after changing rules/")
        for (path, text) in onDisk {
            #expect(embedded[path] == text, "\(path) differs from the embedded copy: run `make generate`")
        }
    }
}

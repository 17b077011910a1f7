import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The bundled sample history tells its story through the changelog and the transitions.
@Suite(.serialized) struct SampleHistoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func build() throws -> (TempDirectory, String) {
        let dir = try TempDirectory(prefix: "arkitekt-sample")
        let dest = dir.path + "/fjordvik"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root + "/samples/history/build.sh", dest]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (dir, dest)
    }

    func options(_ path: String, _ language: Language = .nb) -> HistoryOptions {
        var o = HistoryOptions()
        o.path = path
        o.language = language
        return o
    }

    @Test func changelogTellsTheStory() throws {
        let (dir, path) = try Self.build()
        _ = dir
        let md = try Kit.changelog(range: nil, format: .markdown, options: options(path)).stdout
        for tag in ["## v2026.1", "## v2025.2", "## v2025.1", "## v2024.2", "## v2024.1"] {
            #expect(md.contains(tag), "missing section \(tag)")
        }
        #expect(md.contains("System Gammel printløsning er nå under utfasing"))
        #expect(md.contains("System Gammel printløsning utfaset"))
        #expect(md.contains("Dataelement Person har nå Folkeregisteret som autoritativ kilde"))
        #expect(md.contains("leser nå Person fra Folkeregisteret"))
        #expect(md.contains("Overgang Utfasing av gammel printløsning: 1/2 → 2/2 (oppnådd)"))
        // The README-only commit is left out.
        #expect(!md.contains("README: slik bidrar du"))
        // The move of the KS-Fiks file is no change to any element.
        #expect(md.contains("Flytter KS-Fiks-tjenestene til fellesloesninger/\n\n*Lars Haugen*\n\n- Filer endret uten endring i elementene"))
        let en = try Kit.changelog(range: "v2024.2..v2025.2", format: .json, options: options(path, .en))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(en.stdout.utf8)) as? [String: Any])
        let commits = json["commits"] as? [[String: Any]] ?? []
        let subjects = commits.compactMap { $0["subject"] as? String }
        #expect(subjects.first == "Gammel printløsning og printsenteret er avviklet")
        #expect(!subjects.contains("Innbyggerportalen tar i bruk ID-porten"))
        let broken = try #require(commits.first { ($0["subject"] as? String)?.hasPrefix("Oppvekst:") == true })
        #expect((broken["introduced"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "yaml-syntax" })
    }

    @Test func transitionsAreAchievedWhereTheStorySaysSo() throws {
        let (dir, path) = try Self.build()
        _ = dir
        var o = options(path, .en)
        o.date = Day(year: 2026, month: 6, day: 1)
        let out = try Kit.transitions(rev: nil, format: .json, options: o)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let transitions = json["transitions"] as? [[String: Any]] ?? []
        func t(_ ref: String) -> [String: Any]? { transitions.first { $0["element"] as? String == ref } }
        let print = try #require(t("transition:utfasing-gammel-print"))
        #expect(print["status"] as? String == "achieved")
        #expect((print["achievedAt"] as? [String: Any])?["subject"] as? String == "Gammel printløsning og printsenteret er avviklet")
        let portal = try #require(t("transition:innbyggerportal-id-porten"))
        #expect((portal["achievedAt"] as? [String: Any])?["subject"] as? String == "Innbyggerportalen tar i bruk ID-porten")
        #expect(t("transition:eiendomsskatt-svarut")?["status"] as? String == "overdue")
    }

    /// What changed between the first and the last tag. (Two runs compared across processes, for
    /// the hash seed: DeterminismTests.)
    @Test func diffBetweenTags() throws {
        let (dir, path) = try Self.build()
        _ = dir
        let a = try Kit.diff(from: "v2024.1", to: "v2026.1", format: .json, options: options(path))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect((json["removed"] as? [String]) == [])
        // v2024.1 holds 38 elements and v2026.1 holds 116 (SampleTests), none removed: 78 added.
        let added = json["added"] as? [String] ?? []
        #expect(added.count == 116 - 38)
        #expect(added == added.sorted() && added.contains("system:svarut") && !added.contains("system:sak-arkiv"))
        let changed = json["changed"] as? [[String: Any]] ?? []
        #expect(changed.map { $0["element"] as? String ?? "" }
                == ["platform:printsenter", "system:epj", "system:gammel-print", "system:lonn-hr", "system:okonomi", "system:sak-arkiv"])
        #expect((json["introduced"] as? [Any])?.count == 38 && (json["resolved"] as? [Any])?.count == 1)
        let print = try #require(changed.first { $0["element"] as? String == "system:gammel-print" })
        let lifecycle = (print["fields"] as? [[String: Any]] ?? []).first { $0["path"] as? String == "spec.lifecycle" }
        #expect(lifecycle?["after"] as? String == "retired")
    }
}

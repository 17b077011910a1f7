import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The bundled Fjordvik sample (samples/landscape) and its history (samples/history/build.sh).
@Suite("bundled sample")
struct SampleTests {
    static let root = packageRoot()
    static let landscape = root + "/samples/landscape"

    @Test func sampleLoadsWithoutSyntaxOrSchemaFindings() throws {
        let workspace = try Workspace(path: Self.landscape, selection: .workTree)
        let config = try workspace.config()
        let files = try workspace.files(under: config.paths)
        #expect(files.count >= 50)
        let (landscape, findings) = Kit.load(files)
        #expect(landscape.elements.count >= 100)
        #expect(findings.filter { $0.rule == "yaml-syntax" }.isEmpty)
        #expect(findings.filter { $0.rule == "schema" }.map { "\($0.location): \($0.message.en)" } == [])
        #expect(findings.filter { $0.rule == "resource-limit" }.isEmpty)
        // The one deliberate loader finding (FINDINGS.md #1): `onwer:` in fdv.yaml.
        let unknown = findings.filter { $0.rule == "unknown-field" }
        #expect(unknown.map(\.detail) == ["spec.onwer"])
        #expect(unknown.first?.location.file.hasSuffix("architecture/systemer/teknisk/fdv.yaml") == true)
        #expect(unknown.first?.location.line == 9)
        // Every kind is represented.
        #expect(Set(landscape.elements.map(\.kind)) == Set(Kind.allCases))
    }

    @Test func checkOfTheSampleRuns() throws {
        var options = CheckOptions()
        options.path = Self.landscape
        options.format = .json
        options.language = .en
        options.date = Day(year: 2026, month: 6, day: 1)
        let output = try Kit.check(options)
        let report = try Report(json: output.stdout)
        #expect(report.summary["elements"] == 116)
        #expect(report.summary["files"] == 61)
        #expect(report.findings("yaml-syntax").isEmpty)
        #expect(report.findings("unknown-field").count == 1)
        #expect(output.exitCode == 1, "the sample has deliberate errors")
        var again = options
        again.format = .json
        #expect(try Kit.check(again).stdout == output.stdout)
    }

    @Test func historyBuildsARepositoryThatChecksAtItsTags() throws {
        let temp = try TempDirectory(prefix: "arkitekt-history")
        let dest = temp.url("fjordvik")
        let build = try runProcess("/usr/bin/env", ["bash", Self.root + "/samples/history/build.sh", dest], in: temp.path,
                                   environment: ["HOME": temp.path])
        try #require(build.status == 0, "build.sh failed: \(build.stderr)")
        let cli = GitCLI(home: temp.path)
        let commits = Int(try cli.run("rev-list", "--count", "HEAD", in: dest).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(commits >= 8)
        let tags = try cli.run("tag", "--list", in: dest).split(separator: "\n").map(String.init)
        #expect(tags.count >= 2)
        #expect(try cli.run("status", "--porcelain", in: dest).isEmpty)

        var options = CheckOptions()
        options.path = dest
        options.format = .json
        options.language = .en
        options.date = Day(year: 2026, month: 6, day: 1)
        // The landscape as it stood at each tag: its size and its errors (samples/history/README.md).
        let expected: [String: (elements: Int, errors: Int)] = [
            "v2024.1": (38, 0), "v2024.2": (80, 1), "v2025.1": (93, 2), "v2025.2": (94, 2), "v2026.1": (116, 6),
        ]
        #expect(Set(tags) == Set(expected.keys))
        for tag in tags {
            options.selection = .revision(tag)
            let output = try Kit.check(options)
            let report = try Report(json: output.stdout)
            #expect(report.summary["elements"] == expected[tag]?.elements, "\(tag)")
            #expect(report.summary["error"] == expected[tag]?.errors, "\(tag)")
            #expect(output.exitCode == ((expected[tag]?.errors ?? 0) > 0 ? 1 : 0), "\(tag)")
        }
        // The newest commit read from git equals the work tree, which equals samples/landscape.
        options.selection = .revision("HEAD")
        let head = try Kit.check(options)
        options.selection = .workTree
        let work = try Kit.check(options)
        options.selection = .staged
        let staged = try Kit.check(options)
        #expect(head.stdout == work.stdout)
        #expect(staged.stdout == work.stdout)
        #expect(try Report(json: head.stdout).summary["elements"] == 116)
        // An older revision differs from the newest.
        options.selection = .revision("HEAD~3")
        #expect(try Kit.check(options).stdout != head.stdout)
    }
}

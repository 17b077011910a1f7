import ArkitektTestSupport
import Foundation
import Testing

/// arkitekt as a CI gate: every report a pipeline needs from one run. Runs the built executable.
@Suite("the CI gate")
struct GateTests {
    let arkitekt = try? Executable()

    func run(_ args: [String], in directory: String) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt)
        return try arkitekt.run(args, in: directory)
    }

    static func landscape() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.brokenGroup("a"))
        try f.write("architecture/b.yaml", Doc.warningGroup("b"))
        try f.commitAll("landscape")
        return f
    }

    @Test func oneRunWritesEveryReport() throws {
        let f = try Self.landscape()
        let reports = ["sarif": "out/arkitekt.sarif", "junit": "out/junit.xml", "markdown": "out/comment.md", "gitlab": "out/cq.json", "text": "out/all.txt"]
        let outputs = reports.keys.sorted().flatMap { ["--output", "\($0)=\(reports[$0] ?? "")"] }
        let one = try run(["check", "--format", "json", "--lang", "en"] + outputs, in: f.root)
        #expect(one.status == 1, "\(one.stderr)")
        // stdout keeps --format; each file is byte for byte what a run of its own format prints.
        let json = try run(["check", "--format", "json", "--lang", "en"], in: f.root)
        #expect(one.stdout == json.stdout)
        for (format, path) in reports {
            let alone = try run(["check", "--format", format, "--lang", "en"], in: f.root)
            let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: f.root + "/" + path)), as: UTF8.self)
            #expect(written == alone.stdout, "\(format)")
        }
        // -C: the files are written relative to it, as the other paths are.
        let other = f.temp.url("elsewhere")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let moved = try run(["-C", f.root, "check", "--output", "sarif=moved.sarif"], in: other)
        #expect(moved.status == 1)
        #expect(FileManager.default.fileExists(atPath: f.root + "/moved.sarif"))
    }

    @Test func reportOptionsThatCannotHoldAreUsageErrors() throws {
        let f = try Self.landscape()
        let cases: [([String], String)] = [
            (["--format", "json", "--format", "sarif"],
             "arkitekt: error: --format is given 2 times; stdout has one format. Write more reports with --output FORMAT=FILE. See 'arkitekt check --help'.\n"),
            (["--output", "sarif"],
             "arkitekt: error: --output takes FORMAT=FILE, e.g. 'sarif=arkitekt.sarif', not 'sarif'. See 'arkitekt check --help'.\n"),
            (["--output", "sarf=x.sarif"],
             "arkitekt: error: Unknown format 'sarf' in --output. Did you mean 'sarif'? The formats are: text, json, sarif, junit, github, gitlab, markdown. See 'arkitekt check --help'.\n"),
            (["--output", "sarif=x", "--output", "junit=x"],
             "arkitekt: error: Two reports cannot go to the same file ('x'). See 'arkitekt check --help'.\n"),
        ]
        for (args, expected) in cases {
            let result = try run(["check", "--lang", "en"] + args, in: f.root)
            #expect(result.status == 2, "\(args)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == expected, "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.root + "/x"), "nothing is written by a run that stops")
    }
}

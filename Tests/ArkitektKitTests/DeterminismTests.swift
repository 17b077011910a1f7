import ArkitektTestSupport
import Foundation
import Testing

/// The same input gives the same bytes, in every format. Each output is made by two separate
/// processes of the binary: Swift seeds its hashing anew in every process, so an order that
/// comes from a Set or a Dictionary shows up as a difference here (two runs in one process share
/// one seed and cannot see it).
@Suite("the same input gives the same bytes", .serialized)
struct DeterminismTests {
    let arkitekt = try? Executable()

    func twice(_ args: [String], in directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let arkitekt = try #require(self.arkitekt)
        let first = try arkitekt.run(args, in: directory)
        let second = try arkitekt.run(args, in: directory)
        #expect(first.status == second.status, "\(args)", sourceLocation: sourceLocation)
        #expect(!first.stdout.isEmpty, "\(args) printed nothing: \(first.stderr)", sourceLocation: sourceLocation)
        #expect(first.stdout == second.stdout, "\(args) differs between two processes", sourceLocation: sourceLocation)
    }

    @Test func everyFormatOfTheSample() throws {
        let sample = packageRoot() + "/samples/landscape"
        for format in ["text", "json", "sarif", "junit", "github", "gitlab", "markdown"] {
            for language in ["nb", "en"] {
                try twice(["check", sample, "--format", format, "--lang", language, "--date", "2026-06-01",
                           "--show-suppressed", "--no-cache"], in: sample)
            }
        }
        try twice(["check", sample, "--summary", "--date", "2026-06-01", "--no-cache"], in: sample)
        try twice(["rules"], in: sample)
        try twice(["rules", "--format", "markdown"], in: sample)
        try twice(["explain", "single-master"], in: sample)
    }

    @Test func everyHistoryCommandOfTheSampleHistory() throws {
        let temp = try TempDirectory(prefix: "arkitekt-determinism")
        let repo = temp.url("fjordvik")
        let build = try runProcess("/usr/bin/env", ["bash", packageRoot() + "/samples/history/build.sh", repo], in: temp.path,
                                   environment: ["HOME": temp.path])
        try #require(build.status == 0, "build.sh failed: \(build.stderr)")
        for format in ["text", "json", "markdown"] {
            try twice(["diff", "v2024.1", "HEAD", "--format", format, "--date", "2026-06-01"], in: repo)
        }
        for format in ["markdown", "json"] {
            try twice(["changelog", "--format", format], in: repo)
        }
        for format in ["text", "json"] {
            try twice(["transitions", "--format", format, "--date", "2026-06-01"], in: repo)
        }
        try twice(["check", "--against", "v2025.1", "--format", "sarif", "--date", "2026-06-01", "--no-cache"], in: repo)
    }
}

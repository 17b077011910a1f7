import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The parts of arkitekt that run on several threads, driven hard enough for ThreadSanitizer
/// (`scripts/sanitizers.sh`) to see a race, and checked for the same result as a serial run.
@Suite struct ConcurrencyTests {
    /// `loadFiles` reads files on all cores into one buffer; the result must be in input order and
    /// equal to loading each file alone.
    @Test func parallelLoadEqualsSerialLoad() {
        let inputs = (0..<2_000).map { i -> LandscapeInput in
            let text: String
            switch i % 4 {
            case 0: text = Elements.group("g\(i)")
            case 1: text = Elements.group("g\(i)") + "---\n" + Elements.group("h\(i)")
            case 2: text = Elements.broken
            default: text = "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s\(i)}\nspec: {owner: nobody, lifecycle: maybe}\n"
            }
            return LandscapeInput(path: "architecture/\(String(format: "%05d", i)).yaml", bytes: Array(text.utf8))
        }
        for _ in 0..<2 {
            let parallel = LandscapeLoader.loadFiles(inputs)
            #expect(parallel.count == inputs.count)
            for (i, file) in parallel.enumerated() {
                let serial = LandscapeLoader.load(path: inputs[i].path, bytes: inputs[i].bytes)
                guard file.path == serial.path, file.elements.map(\.ref) == serial.elements.map(\.ref),
                      file.findings == serial.findings else {
                    Issue.record("file \(i) (\(inputs[i].path)) differs from a serial load")
                    return
                }
            }
        }
    }

    /// Several checks at once (as a server or a test runner would run them), each with its own
    /// repository handle: the same output as one check alone.
    @Test func concurrentChecksAgree() async throws {
        let fixture = try GitFixture()
        for i in 0..<40 { try fixture.write("architecture/g\(i).yaml", Elements.group("g\(i)")) }
        try fixture.write("architecture/broken.yaml", Elements.broken)
        try fixture.commitAll("many files")
        let root = fixture.root
        let expected = try runCheck(root, .revision("HEAD"))
        #expect(expected.elements == 40)
        let outputs = try await withThrowingTaskGroup(of: CheckRun.self) { group in
            for i in 0..<12 {
                let selection: SourceSelection = i % 3 == 0 ? .workTree : i % 3 == 1 ? .staged : .revision("HEAD")
                group.addTask { try runCheck(root, selection) }
            }
            var all: [CheckRun] = []
            for try await run in group { all.append(run) }
            return all
        }
        for run in outputs {
            #expect(run.findings == expected.findings && run.elements == expected.elements && run.files == expected.files)
        }
    }
}

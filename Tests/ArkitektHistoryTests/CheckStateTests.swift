import ArkitektGit
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Foundation
import Testing

/// `check` of the index or the work tree takes up the evaluation the previous check left under
/// `.git/arkitekt/check-state` and re-checks only what changed. A wrong state would let a
/// pre-commit hook pass what a full check fails, so every output is held to a check that uses
/// neither the state nor the parse cache.
@Suite struct CheckStateTests {
    static func options(_ repo: HistoryRepo, _ selection: SourceSelection, day: Day, format: OutputFormat = .json) -> CheckOptions {
        var options = CheckOptions()
        options.path = repo.path
        options.selection = selection
        options.date = day
        options.format = format
        options.failOn = .never
        return options
    }

    /// The same check without the parse cache and the state: everything read and evaluated whole.
    static func full(_ options: CheckOptions) throws -> String {
        var options = options
        options.useCache = false
        return try Kit.check(options).stdout
    }

    static func sample(seed: UInt64) throws -> (HistoryRepo, LandscapeMutator) {
        let repo = try HistoryRepo()
        let mutator = try LandscapeMutator(seed: seed)
        for (path, text) in mutator.current { try repo.write(path, text) }
        _ = try repo.git.run("add", "-A", in: repo.path)
        return (repo, mutator)
    }

    /// Random edits (removed, restored, renamed and duplicated elements, broken YAML, values that
    /// change what rules say, dates across expiries and due dates), staged or left in the work
    /// tree, each checked with the state of the run before: every output equals the full check,
    /// byte for byte, and nearly every run takes the state up.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func resumedChecksEqualFullChecks(seed: UInt64) throws {
        var (repo, mutator) = try Self.sample(seed: seed)
        var resumed = 0
        let steps = 40
        for step in 0..<steps {
            for path in mutator.step() {
                if let text = mutator.current[path] { try repo.write(path, text) } else { try? repo.remove(path) }
            }
            let staged = step % 4 != 3
            if staged { _ = try repo.git.run("add", "-A", in: repo.path) }
            let format: OutputFormat = step % 10 == 9 ? .junit : .json
            let options = Self.options(repo, staged ? .staged : .workTree, day: mutator.day(), format: format)
            let kept = try Kit.check(options)
            #expect(kept.stdout == (try Self.full(options)), "seed \(seed), step \(step), \(staged ? "staged" : "work tree")")
            if kept.analysis?.resumed == true { resumed += 1 }
        }
        // The first run has no state to take up; every later one has.
        #expect(resumed == steps - 1)
    }

    /// A state that does not fit is not used: damaged, cut short, made with another
    /// configuration, or naming a previous version the parse cache no longer has. The check is
    /// then a full one, and it leaves a state the next run can take up.
    @Test func stateThatDoesNotFitIsNotUsed() throws {
        var (repo, mutator) = try Self.sample(seed: 5)
        let day = try #require(Day(parsing: "2026-01-01"))
        let state = repo.path + "/.git/arkitekt/check-state"
        func edit() throws {
            for path in mutator.step() {
                if let text = mutator.current[path] { try repo.write(path, text) } else { try? repo.remove(path) }
            }
            _ = try repo.git.run("add", "-A", in: repo.path)
        }
        func check(resumes: Bool, _ what: String) throws {
            let options = Self.options(repo, .staged, day: day)
            let kept = try Kit.check(options)
            #expect(kept.stdout == (try Self.full(options)), "\(what)")
            #expect(kept.analysis?.resumed == resumes, "\(what)")
        }
        try check(resumes: false, "no state yet")
        #expect(FileManager.default.fileExists(atPath: state))
        try edit()
        try check(resumes: true, "an edit")

        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: state)))
        bytes[bytes.count / 2] ^= 0x5a
        try Data(bytes).write(to: URL(fileURLWithPath: state))
        try edit()
        try check(resumes: false, "a flipped byte")

        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: state)))
        try Data(bytes[..<(bytes.count - 100)]).write(to: URL(fileURLWithPath: state))
        try edit()
        try check(resumes: false, "cut short")

        try repo.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  severity:\n    system-owner-required: warning\n")
        _ = try repo.git.run("add", "-A", in: repo.path)
        try check(resumes: false, "another configuration")
        try edit()
        try check(resumes: true, "an edit under the new configuration")

        // The previous version of the edited files came from the parse cache, which is gone now.
        try FileManager.default.removeItem(atPath: repo.path + "/.git/arkitekt/parse-cache")
        try edit()
        try check(resumes: false, "previous versions no longer cached")
        try edit()
        try check(resumes: true, "and the next edit")
    }

    /// Many files changed at once: checking everything is as cheap as taking up the state, so
    /// the state is not used, and the result is still right.
    @Test func manyChangesCheckEverything() throws {
        let (repo, mutator) = try Self.sample(seed: 9)
        let day = try #require(Day(parsing: "2026-01-01"))
        let options = Self.options(repo, .staged, day: day)
        _ = try Kit.check(options)
        for (path, text) in mutator.current.sorted(by: { $0.key < $1.key }).prefix(12) {
            try repo.write(path, text.replacingOccurrences(of: "\n  name: ", with: "\n  name: y"))
        }
        _ = try repo.git.run("add", "-A", in: repo.path)
        let kept = try Kit.check(options)
        #expect(kept.analysis?.resumed == false)
        #expect(kept.stdout == (try Self.full(options)))
    }

    /// An evaluation read back from its bytes is the same evaluation: it writes the same bytes
    /// again (hits with their arguments, findings, the loader's findings)
    /// and gives the same result. Damaged bytes give no evaluation.
    @Test func evaluationReadsBackAsWritten() throws {
        let mutator = try LandscapeMutator(seed: 1)
        let files = mutator.current.map { LandscapeMutator.load($0.key, $0.value) }
        let (landscape, loaderFindings) = LandscapeLoader.assemble(files, fileCount: files.count)
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let evaluation = IncrementalEvaluation(engine: engine, landscape: landscape, today: try #require(Day(parsing: "2026-06-01")))
        evaluation.setLoaderFindings(loaderFindings)
        let bytes = evaluation.encoded(landscape)
        let exemptions = landscape.unorderedElements(of: .exemption)
        let restored = try #require(IncrementalEvaluation.restore(bytes[...], engine: engine, exemptions: exemptions))
        #expect(restored.encoded(landscape) == bytes)
        let (a, b) = (evaluation.result(landscape), restored.result(landscape))
        #expect(a.findings.sorted(by: Finding.sortedOrder) == b.findings.sorted(by: Finding.sortedOrder))
        #expect(a.suppressed.sorted(by: Finding.sortedOrder) == b.suppressed.sorted(by: Finding.sortedOrder))
        #expect(!a.findings.isEmpty && !a.suppressed.isEmpty, "the sample should give findings in force and suppressed ones")
        #expect(IncrementalEvaluation.restore(bytes.dropLast(3), engine: engine, exemptions: exemptions) == nil)
        #expect(IncrementalEvaluation.restore((bytes + [0])[...], engine: engine, exemptions: exemptions) == nil)
    }
}

import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// `check --against REF`: only findings new relative to the merge base, identified by
/// (rule, element, detail), never by line.
@Suite struct AgainstTests {
    func makeRepo() throws -> HistoryRepo {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        // An old finding on main: a system without description.
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it}", description: "''"))
        try repo.commit("main")
        try repo.run("checkout", "-q", "-b", "feature")
        // The old finding moves down a few lines (a comment on top): still not new.
        try repo.write("architecture/a.yaml", "# moved down\n\n\n" + Doc.system("a", "{owner: it}", description: "''"))
        try repo.write("architecture/b.yaml", Doc.system("b", "{vendor: Acme}"))
        try repo.commit("feature adds b without owner")
        return repo
    }

    func check(_ repo: HistoryRepo, against: String, _ configure: (inout CheckOptions) -> Void = { _ in }) throws -> (CommandOutput, [[String: Any]]) {
        var options = CheckOptions()
        options.path = repo.path
        options.format = .json
        options.against = against
        options.date = Day(year: 2025, month: 6, day: 1)
        configure(&options)
        let output = try Kit.check(options)
        return (output, try repo.json(output)["findings"] as? [[String: Any]] ?? [])
    }

    @Test func onlyNewFindingsAreReported() throws {
        let repo = try makeRepo()
        let (output, findings) = try check(repo, against: "main")
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        #expect(rules.contains("system-owner-required"))
        #expect(findings.allSatisfy { $0["element"] as? String == "system:b" })
        #expect(output.exitCode == 1)
    }

    @Test func worksFromADetachedHead() throws {
        let repo = try makeRepo()
        try repo.run("checkout", "-q", "--detach", "feature")
        let (_, findings) = try check(repo, against: "main")
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0["element"] as? String == "system:b" })
    }

    @Test func againstARevisionAndStaged() throws {
        let repo = try makeRepo()
        try repo.run("checkout", "-q", "main")
        let (_, byRev) = try check(repo, against: "main") { $0.selection = .revision("feature") }
        #expect(byRev.allSatisfy { $0["element"] as? String == "system:b" } && !byRev.isEmpty)
        let (_, clean) = try check(repo, against: "feature") { $0.selection = .staged }
        #expect(clean.isEmpty)
    }

    @Test func shallowCloneWithoutMergeBaseIsExit2WithAdvice() throws {
        let repo = try makeRepo()
        try repo.run("checkout", "-q", "main")
        try repo.write("architecture/c.yaml", Doc.system("c"))
        try repo.commit("main moves on")
        let clone = repo.dir.path + "/shallow"
        try repo.git.run("clone", "-q", "--depth", "1", "--branch", "feature", "file://" + repo.path, clone, in: repo.dir.path)
        try repo.git.run("fetch", "-q", "--depth", "1", "origin", "main:main", in: clone)
        var options = CheckOptions()
        options.path = clone
        options.against = "main"
        do {
            _ = try Kit.check(options)
            Issue.record("expected an error in a shallow clone")
        } catch {
            #expect(error.message.en.contains("shallow"))
            #expect(error.message.en.contains("git fetch --unshallow"))
            #expect(error.location == nil)
        }
    }

    @Test func unknownAgainstRefIsAnError() throws {
        let repo = try makeRepo()
        #expect(throws: KitError.self) { _ = try check(repo, against: "no-such-branch") }
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektKit
import ArkitektModel
import ArkitektRules
import Foundation
import Testing

@Suite struct HistoryWalkTests {
    /// The changelog's JSON for HEAD's history.
    func changelog(_ repo: HistoryRepo, range: String? = nil) throws -> [[String: Any]] {
        let out = try Kit.changelog(range: range, format: .json, options: repo.options)
        return try repo.json(out)["commits"] as? [[String: Any]] ?? []
    }

    /// Which landscape files each commit changed, by `git log --raw` (the independent oracle).
    func oracle(_ repo: HistoryRepo) throws -> [String: Set<String>] {
        let log = try repo.run("log", "--first-parent", "-m", "--raw", "--no-renames", "--format=commit %H", "--", "architecture")
        var result: [String: Set<String>] = [:]
        var current = ""
        for line in log.split(separator: "\n") {
            if line.hasPrefix("commit ") { current = String(line.dropFirst(7)); result[current] = result[current] ?? []; continue }
            guard line.hasPrefix(":"), let tab = line.firstIndex(of: "\t") else { continue }
            let path = String(line[line.index(after: tab)...])
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { result[current, default: []].insert(path) }
        }
        return result
    }

    @Test func changedFilesOfEveryCommitMatchGitLogRaw() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.write("README.md", "landscape\n")
        try repo.commit("start")
        try repo.write("architecture/sub/b.yaml", Doc.system("b"))
        try repo.commit("add b")
        try repo.write("README.md", "more\n")
        try repo.commit("readme only")
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it, lifecycle: retired}"))
        try repo.remove("architecture/sub/b.yaml")
        try repo.commit("retire a, drop b")
        try repo.write("architecture/notes.txt", "not yaml\n")
        try repo.commit("non-yaml")
        let oracle = try oracle(repo)
        let entries = try changelog(repo)
        // Only commits that touch landscape YAML appear, newest first.
        let listed = entries.compactMap { $0["id"] as? String }
        let touching = try repo.run("log", "--first-parent", "--format=%H").split(separator: "\n").map(String.init)
            .filter { !(oracle[$0] ?? []).isEmpty }
        #expect(listed == touching)
        #expect(listed.count == 3)
        let subjects = entries.compactMap { $0["subject"] as? String }
        #expect(subjects == ["retire a, drop b", "add b", "start"])
        let retire = try #require(entries.first)
        let changes = retire["changes"] as? [String] ?? []
        #expect(changes.contains("System a retired"))
        #expect(changes.contains("System b removed"))
    }

    @Test func moveBetweenFilesAndReformattingAreNoChange() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it, uses: [b, c]}"))
        try repo.write("architecture/bc.yaml", Doc.system("b") + "---\n" + Doc.system("c"))
        try repo.commit("start")
        let start = try repo.run("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        // Move b to its own file in another folder, reformat a (block style, list reordered,
        // reference written with its prefix): the same landscape.
        try repo.write("architecture/bc.yaml", Doc.system("c"))
        try repo.write("architecture/other/b.yaml", Doc.system("b"))
        try repo.write("architecture/a.yaml", """
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: a
          description: A system.
        spec:
          owner: group:it
          uses:
            - system:c
            - b

        """)
        try repo.commit("move and reformat")
        let diff = try repo.json(try Kit.diff(from: start, to: "HEAD", format: .json, options: repo.options))
        #expect((diff["added"] as? [Any])?.isEmpty == true)
        #expect((diff["removed"] as? [Any])?.isEmpty == true)
        #expect((diff["changed"] as? [Any])?.isEmpty == true)
        #expect((diff["introduced"] as? [Any])?.isEmpty == true)
        let entries = try changelog(repo)
        #expect(entries.count == 2)
        let moved = try #require(entries.first)
        #expect((moved["changes"] as? [String])?.isEmpty == true)
        let diffPart = moved["diff"] as? [String: Any]
        #expect((diffPart?["changed"] as? [Any])?.isEmpty == true)
    }

    @Test func brokenYAMLIsReportedAtItsCommitAndTheWalkGoesOn() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("start")
        try repo.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata:\n  name: a\n   description: x\n")
        try repo.commit("break")
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it, lifecycle: phasing-out}"))
        try repo.commit("fix")
        let entries = try changelog(repo)
        #expect(entries.compactMap { $0["subject"] as? String } == ["fix", "break", "start"])
        let broken = entries[1]
        let introduced = broken["introduced"] as? [[String: Any]] ?? []
        #expect(introduced.contains { $0["rule"] as? String == "yaml-syntax" && $0["file"] as? String == "architecture/a.yaml" })
        // The file that does not parse contributes no element: a looks removed, and comes back.
        #expect((broken["changes"] as? [String])?.contains("System a removed") == true)
        let fixed = entries[0]
        #expect((fixed["resolved"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "yaml-syntax" })
        #expect((fixed["changes"] as? [String])?.contains("System a added") == true)
    }

    @Test func mergesFollowTheFirstParentAndDirectoriesComeAndGo() throws {
        let repo = try HistoryRepo()
        try repo.write("README.md", "no landscape yet\n")
        try repo.commit("empty start")
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("landscape appears")
        try repo.run("checkout", "-q", "-b", "feature")
        try repo.write("architecture/b.yaml", Doc.system("b"))
        try repo.commit("feature: b")
        try repo.write("architecture/c.yaml", Doc.system("c"))
        try repo.commit("feature: c")
        try repo.run("checkout", "-q", "main")
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it, vendor: Acme}"))
        try repo.commit("main: vendor")
        repo.git.date = "2025-02-01T12:00:00+00:00"
        try repo.run("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
        try repo.run("rm", "-q", "-r", "architecture")
        try repo.commit("landscape disappears")
        let entries = try changelog(repo)
        let subjects = entries.compactMap { $0["subject"] as? String }
        #expect(subjects == ["landscape disappears", "merge feature", "main: vendor", "landscape appears"])
        let merge = entries[1]
        let added = (merge["diff"] as? [String: Any])?["added"] as? [String] ?? []
        #expect(added == ["system:b", "system:c"])
        let gone = entries[0]
        let removed = (gone["diff"] as? [String: Any])?["removed"] as? [String] ?? []
        #expect(removed == ["group:it", "system:a", "system:b", "system:c"])
        // Following every parent lists the feature commits too.
        var all = repo.options
        all.firstParent = false
        let full = try repo.json(try Kit.changelog(range: nil, format: .json, options: all))["commits"] as? [[String: Any]] ?? []
        #expect(full.compactMap { $0["subject"] as? String }.contains("feature: b"))
    }

    @Test func eachDistinctBlobIsParsedOnce() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("1")
        try repo.write("architecture/a.yaml", Doc.system("a", "{owner: it, vendor: X}"))
        try repo.commit("2")
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("3 (revert to the first content)")
        try repo.write("architecture/b.yaml", Doc.system("b"))
        try repo.commit("4")
        guard let repository = try GitRepository.discover(from: repo.path) else {
            Issue.record("no repository")
            return
        }
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let walker = HistoryWalker(repository: repository, context: { _ in CommitContext(prefixes: ["architecture"], key: "k", engine: engine) })
        let steps = try walker.walk(try repository.log(nil, firstParent: true))
        #expect(steps.count == 4)
        // Distinct (path, blob) pairs: it, a#1, a#2, b. The revert reuses a#1.
        #expect(walker.parses == 4)
        #expect(steps.filter(\.touched).count == 4)
    }

    @Test func transitionProgressAndDriftOverHistory() throws {
        let repo = try HistoryRepo()
        let transition = """
        apiVersion: arkitekt/v1
        kind: Transition
        metadata: {name: utfasing, title: Utfasing av print}
        spec:
          due: 2025-12-31
          conditions:
            - {ref: "system:print", path: spec.lifecycle, equals: retired}
            - {ref: "system:svarut", exists: true}

        """
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/print.yaml", Doc.system("print"))
        try repo.write("architecture/t.yaml", transition)
        try repo.commit("plan")
        try repo.write("architecture/svarut.yaml", Doc.system("svarut", "{owner: it, scope: sector}"))
        try repo.commit("svarut adopted")
        let svarut = try repo.run("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.write("architecture/print.yaml", Doc.system("print", "{owner: it, lifecycle: retired}"))
        try repo.commit("print retired")
        let retired = try repo.run("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.run("tag", "done")
        try repo.write("architecture/print.yaml", Doc.system("print", "{owner: it, lifecycle: production}"))
        try repo.commit("print back in production")
        let back = try repo.run("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)

        var options = repo.options
        options.date = Day(year: 2025, month: 6, day: 1)
        let atTag = try repo.json(try Kit.transitions(rev: "done", format: .json, options: options))
        let t = try #require((atTag["transitions"] as? [[String: Any]])?.first)
        #expect(t["status"] as? String == "achieved")
        #expect((t["achievedAt"] as? [String: Any])?["id"] as? String == retired)
        let conditions = t["conditions"] as? [[String: Any]] ?? []
        #expect((conditions[0]["firstMet"] as? [String: Any])?["id"] as? String == retired)
        #expect((conditions[1]["firstMet"] as? [String: Any])?["id"] as? String == svarut)

        let now = try repo.json(try Kit.transitions(rev: nil, format: .json, options: options))
        let t2 = try #require((now["transitions"] as? [[String: Any]])?.first)
        #expect(t2["status"] as? String == "in-progress")
        #expect(t2["satisfied"] as? Int == 1)
        let regressions = (t2["conditions"] as? [[String: Any]])?[0]["regressions"] as? [[String: Any]] ?? []
        #expect(regressions.compactMap { $0["id"] as? String } == [back])
        #expect(try Kit.transitions(rev: nil, format: .json, options: { var o = options; o.date = Day(year: 2026, month: 1, day: 1); return o }())
            .stdout.contains("\"status\": \"overdue\""))

        let markdown = try Kit.changelog(range: nil, format: .markdown, options: repo.options).stdout
        #expect(markdown.contains("Transition Utfasing av print: 1/2 → 2/2 (achieved)"))
        #expect(markdown.contains("Drift: condition 'system:print spec.lifecycle = retired' of transition Utfasing av print no longer holds"))
        #expect(markdown.contains("## done ("))
    }

    @Test func aLinkFollowsItsTargetWhenOnlyTheTargetChanges() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("shared/a.yaml", Doc.system("a"))
        try repo.run("add", "-A")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/architecture/a.yaml", withDestinationPath: "../shared/a.yaml")
        try repo.commit("link a")
        try repo.write("shared/a.yaml", Doc.system("a", "{owner: it, lifecycle: retired}"))
        try repo.commit("retire a through its target")
        let entries = try changelog(repo)
        // The commit changed no landscape file (only the link's target outside the paths), so it
        // is not listed; but the landscape it leaves behind has a retired.
        #expect(entries.count == 1)
        let diff = try repo.json(try Kit.diff(from: "HEAD~1", to: "HEAD", format: .json, options: repo.options))
        let changed = diff["changed"] as? [[String: Any]] ?? []
        #expect(changed.first?["element"] as? String == "system:a")
        // A later landscape change sees the retired a through the link.
        try repo.write("architecture/b.yaml", Doc.system("b", "{owner: it, uses: [a]}"))
        try repo.commit("b uses a")
        let latest = try #require(try changelog(repo).first)
        let introduced = latest["introduced"] as? [[String: Any]] ?? []
        #expect(introduced.contains { $0["rule"] as? String == "depends-on-retired" })
    }

    /// A walk that reaches the boundary of a shallow clone would take the boundary commit for
    /// the one that added everything (and report wrong "first met" commits): it is refused with
    /// the advice --against gives. A range that lies wholly inside the clone's history is fine.
    @Test func aShallowBoundaryIsRefusedUnlessTheRangeLiesInside() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("1")
        try repo.write("architecture/b.yaml", Doc.system("b"))
        try repo.commit("2")
        try repo.write("architecture/c.yaml", Doc.system("c"))
        try repo.commit("3")
        for depth in ["1", "2"] {
            let clone = repo.dir.path + "/shallow-\(depth)"
            try repo.git.run("clone", "-q", "--depth", depth, "file://" + repo.path, clone, in: repo.dir.path)
            var options = repo.options
            options.path = clone
            for (name, run) in [("changelog", { () throws(KitError) in _ = try Kit.changelog(range: nil, format: .json, options: options) }),
                                ("transitions", { () throws(KitError) in _ = try Kit.transitions(rev: nil, format: .json, options: options) })] {
                do {
                    try run()
                    Issue.record("depth \(depth): \(name) passed over a shallow boundary")
                } catch {
                    #expect(error.text(.en).hasPrefix("The history is incomplete: this is a shallow clone, and 'arkitekt \(name)' reaches its boundary"),
                            "\(error.text(.en))")
                    #expect(error.text(.en).contains("fetch-depth: 0"))
                    #expect(error.text(.nb).contains("fetch-depth: 0"))
                }
            }
        }
        // Inside the history a depth-2 clone has: the last commit against its parent.
        var options = repo.options
        options.path = repo.dir.path + "/shallow-2"
        let out = try Kit.changelog(range: "HEAD~1..HEAD", format: .json, options: options)
        let commits = try repo.json(out)["commits"] as? [[String: Any]] ?? []
        #expect(commits.compactMap { $0["subject"] as? String } == ["3"])
        #expect(((commits.first?["diff"] as? [String: Any])?["added"] as? [String]) == ["system:c"])
        let diff = try repo.json(try Kit.diff(from: "HEAD~1", to: "HEAD", format: .json, options: options))
        #expect(diff["added"] as? [String] == ["system:c"])
    }
}

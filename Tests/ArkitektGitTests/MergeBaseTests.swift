import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct MergeBaseTests {
    static let revisions = ["main", "side", "side2", "v1", "light", "HEAD~2", "main~1", "side~1", "side2~1", "v1^2"]

    @Test func mergeBaseMatchesGit() throws {
        let fixture = try mergeHistory()
        let repository = try fixture.open()
        for a in MergeBaseTests.revisions {
            for b in MergeBaseTests.revisions {
                #expect(try repository.mergeBase(a, b) == (try fixture.gitMergeBase(a, b)), "\(a) \(b)")
            }
        }
        #expect(try repository.mergeBase("main", "side") == (try fixture.gitLine("rev-parse", "side")))
        #expect(try repository.mergeBase("side2", "side") == (try fixture.gitLine("rev-parse", "side~3")))
        let error = #expect(throws: GitError.self) { try repository.mergeBase("main", "nope") }
        #expect(error?.message.contains("unknown revision 'nope'") == true)
    }

    @Test func unrelatedHistoriesHaveNoMergeBase() throws {
        let fixture = try mergeHistory()
        try fixture.git("checkout", "-q", "--orphan", "lonely")
        try fixture.git("rm", "-r", "-q", "-f", ".")
        try fixture.write("architecture/lonely.yaml", "lonely\n")
        try fixture.commit("lonely", at: 1_700_005_000)
        let repository = try fixture.open()
        #expect(try fixture.gitMergeBase("main", "lonely") == nil)
        #expect(try repository.mergeBase("main", "lonely") == nil)
        #expect(try repository.mergeBase("lonely", "side") == nil)
        #expect(try repository.log("main..lonely", firstParent: false).map(\.summary) == ["lonely"])
        #expect(try repository.log("main...lonely", firstParent: false).map(\.id) == (try fixture.gitLog("main...lonely", firstParent: false)))
    }

    /// Two branches merged into each other: two best common ancestors, git prints one of them.
    static func crissCross() throws -> Fixture {
        let fixture = try Fixture()
        var clock: Int64 = 1_700_000_000
        func change(_ name: String) throws {
            clock += 100
            try fixture.write("architecture/\(name).yaml", "\(name)\n")
            try fixture.commit(name, at: clock)
        }
        for name in ["r0", "r1", "r2", "r3", "r4", "r5", "r6"] { try change(name) }
        try fixture.git("checkout", "-q", "-b", "left")
        try change("l1")
        try fixture.git("checkout", "-q", "-b", "right", "main")
        try change("r1b")
        try fixture.git("tag", "right-base")
        clock += 100
        try fixture.dated(clock).run("merge", "-q", "--no-ff", "-m", "left into right", "left", in: fixture.root)
        try fixture.git("checkout", "-q", "left")
        clock += 100
        try fixture.dated(clock).run("merge", "-q", "--no-ff", "-m", "right into left", "right-base", in: fixture.root)
        try change("l3")
        try fixture.git("checkout", "-q", "right")
        try change("r3b")
        try fixture.git("checkout", "-q", "main")
        return fixture
    }

    @Test func crissCrossMatchesGit() throws {
        let fixture = try MergeBaseTests.crissCross()
        let repository = try fixture.open()
        #expect(try fixture.gitLines(["merge-base", "--all", "left", "right"]).count == 2)
        for (a, b) in [("left", "right"), ("right", "left"), ("left~1", "right"), ("left", "right~1")] {
            #expect(try repository.mergeBase(a, b) == (try fixture.gitMergeBase(a, b)), "\(a) \(b)")
        }
        try LogTests.expectLogMatchesGit(fixture, repository, ranges: ["left...right", "right...left", "left..right", nil])

        // The same in a shallow clone that still holds both bases (git's algorithm over the grafted history).
        // No tags: a tag is one more tip, and would pull in the whole history.
        let clone = try fixture.clone(["--depth", "4", "--no-single-branch", "--no-tags"])
        let shallow = try clone.open()
        #expect(shallow.isShallow)
        for (a, b) in [("origin/left", "origin/right"), ("origin/right", "origin/left"), ("origin/left~1", "origin/right")] {
            #expect(try shallow.mergeBase(a, b) == (try clone.gitMergeBase(a, b)), "shallow \(a) \(b)")
        }
        try LogTests.expectLogMatchesGit(clone, shallow, ranges: [nil, "origin/left", "origin/right", "origin/left...origin/right"])
    }

    @Test func shallowCloneDepthOne() throws {
        let fixture = try mergeHistory()
        let clone = try fixture.clone(["--depth", "1", "--no-single-branch"])
        let repository = try clone.open()
        #expect(repository.isShallow)
        let boundaries = Set(try String(contentsOfFile: clone.root + "/.git/shallow", encoding: .utf8)
            .split(separator: "\n").map(String.init))
        #expect(try repository.shallowCommits() == boundaries)
        #expect(boundaries.contains(try clone.gitLine("rev-parse", "HEAD")))

        // The merge base is below the boundary: none, as for git (which exits with 1).
        #expect(try clone.gitMergeBase("HEAD", "origin/side") == nil)
        #expect(try repository.mergeBase("HEAD", "origin/side") == nil)
        #expect(try repository.mergeBase("HEAD", "HEAD") == (try clone.gitLine("rev-parse", "HEAD")))

        // The boundary commit shows as a root commit, as in git log.
        let log = try repository.log(nil, firstParent: false)
        #expect(log.map(\.id) == (try clone.gitLog(nil, firstParent: false)))
        #expect(log.count == 1 && log.first?.parents == [])
        #expect(try clone.gitLine("log", "-1", "--format=%P").isEmpty)
        #expect(try repository.commit("HEAD").parents.isEmpty)
        try LogTests.expectLogMatchesGit(clone, repository, ranges: [nil, "origin/side", "origin/side..HEAD", "origin/side...origin/side2"])

        // A complete repository has no boundary.
        #expect(try fixture.open().shallowCommits().isEmpty)
    }

    @Test func shallowCloneHoldingTheBase() throws {
        let fixture = try mergeHistory()
        let clone = try fixture.clone(["--depth", "3", "--no-single-branch", "--no-tags"])
        let repository = try clone.open()
        #expect(repository.isShallow)
        let boundaries = Set(try String(contentsOfFile: clone.root + "/.git/shallow", encoding: .utf8)
            .split(separator: "\n").map(String.init))
        #expect(!boundaries.isEmpty)
        #expect(try repository.shallowCommits() == boundaries)
        let revisions = ["HEAD", "origin/side", "origin/side2", "origin/main~1", "origin/side~1", "HEAD~1"]
        var found = 0
        for a in revisions {
            for b in revisions {
                let expected = try clone.gitMergeBase(a, b)
                if expected != nil { found += 1 }
                #expect(try repository.mergeBase(a, b) == expected, "\(a) \(b)")
            }
        }
        #expect(found > revisions.count)  // more than the trivial pairs
        try LogTests.expectLogMatchesGit(clone, repository, ranges: [nil, "origin/side", "origin/side2", "origin/side..HEAD", "HEAD~1...origin/side2"])
        for info in try repository.log(nil, firstParent: false) {
            let parents = try clone.gitLine("log", "-1", "--format=%P", info.id).split(separator: " ").map(String.init)
            #expect(info.parents == parents, "\(info.summary)")
        }
    }
}

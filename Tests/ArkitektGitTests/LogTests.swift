import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct LogTests {
    static let ranges: [String?] = [
        nil, "main", "HEAD", "v1", "light", "side", "side2", "HEAD~2", "HEAD^2",
        "side..main", "main..side", "side2..v1", "v1..", "..side", "light..side2", "v1..side2", "side..side",
        "side...main", "main...side2", "light...side", "v1...side2",
    ]

    static func expectLogMatchesGit(_ fixture: Fixture, _ repository: GitRepository, ranges: [String?] = LogTests.ranges) throws {
        for range in ranges {
            for firstParent in [false, true] {
                let ids = try repository.log(range, firstParent: firstParent).map(\.id)
                let expected = try fixture.gitLog(range, firstParent: firstParent)
                #expect(ids == expected, "log \(range ?? "nil") firstParent: \(firstParent)")
            }
        }
    }

    @Test func logMatchesGitLog() throws {
        let fixture = try mergeHistory()
        let repository = try fixture.open()
        try LogTests.expectLogMatchesGit(fixture, repository)
        #expect(try repository.log(nil, firstParent: false).count == 12)
        #expect(try repository.log(nil, firstParent: true).map(\.summary) == ["merge side2", "after", "merge side", "m2", "m1", "b", "a"])
        #expect(try repository.log("side..side", firstParent: false).isEmpty)
    }

    /// Every commit at the same second: the order is decided by git's tie-breaking (first queued, first shown).
    @Test func equalCommitDatesKeepGitsOrder() throws {
        let fixture = try mergeHistory(equalDates: true)
        let repository = try fixture.open()
        try LogTests.expectLogMatchesGit(fixture, repository)
    }

    @Test func parentsAndTimesMatchGit() throws {
        let fixture = try mergeHistory()
        let repository = try fixture.open()
        let log = try repository.log(nil, firstParent: false)
        let lines = try fixture.gitLines(["log", "--format=%H|%P|%ct|%at"])
        #expect(log.count == lines.count)
        for (info, line) in zip(log, lines) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(info.id == fields[0])
            #expect(info.parents == fields[1].split(separator: " ").map(String.init), "parents of \(info.summary)")
            #expect(info.committerTime == Int64(fields[2]), "committer time of \(info.summary)")
            #expect(info.time == Int64(fields[3]), "author time of \(info.summary)")
            #expect(try repository.commit(info.id) == info)
        }
        let merge = try #require(log.first { $0.summary == "merge side" })
        #expect(merge.parents == [try fixture.gitLine("rev-parse", "v1^1"), try fixture.gitLine("rev-parse", "side")])
        let root = try #require(log.last)
        #expect(root.summary == "a" && root.parents.isEmpty)
        let m2 = try #require(log.first { $0.summary == "m2" })
        #expect(m2.committerOffsetMinutes == -330 && m2.timeOffsetMinutes == -330)
        let s2 = try #require(log.first { $0.summary == "s2" })
        #expect(s2.time == 1_600_000_000 && s2.timeOffsetMinutes == 120)
        #expect(s2.committerTime == 1_700_000_400 && s2.committerOffsetMinutes == 60)
    }

    @Test func detachedHead() throws {
        let fixture = try mergeHistory()
        try fixture.git("checkout", "-q", "--detach", "side")
        let repository = try fixture.open()
        #expect(try repository.log(nil, firstParent: false).map(\.id) == (try fixture.gitLog(nil, firstParent: false)))
        #expect(try repository.log(nil, firstParent: false).first?.summary == "s3")
        #expect(try repository.log("..main", firstParent: true).map(\.id) == (try fixture.gitLog("..main", firstParent: true)))
    }

    @Test func unknownRevisionsAndEmptyRepository() throws {
        let fixture = try mergeHistory()
        let repository = try fixture.open()
        for (range, culprit) in [("nope", "nope"), ("main..nope", "nope"), ("nope..main", "nope"), ("main...nope", "nope"),
                                 ("HEAD~99", "HEAD~99"), ("v1^{tree}", "v1^{tree}")] {
            let error = #expect(throws: GitError.self, "\(range)") { try repository.log(range, firstParent: false) }
            #expect(error?.message.contains("'\(culprit)'") == true, "\(range): \(error.map { "\($0)" } ?? "")")
        }

        let empty = try Fixture()
        let emptyRepository = try empty.open()
        #expect(try emptyRepository.log(nil, firstParent: false).isEmpty)
        #expect(try emptyRepository.log(nil, firstParent: true).isEmpty)
        #expect(throws: GitError.self) { try emptyRepository.log("HEAD", firstParent: false) }
        #expect(throws: GitError.self) { try emptyRepository.log("main..HEAD", firstParent: false) }
    }

    /// A generated history with many merges and equal and skewed dates, compared over many ranges.
    @Test func generatedHistoryMatchesGit() throws {
        let fixture = try Fixture()
        var random = SplitMix64(seed: 42)
        var clock: Int64 = 1_700_000_000
        var branches = ["main"]
        try fixture.write("architecture/root.yaml", "root\n")
        try fixture.commit("root", at: clock)
        for step in 0..<40 {
            // Time moves forward mostly, sometimes stands still or goes back (clock skew).
            clock += [0, 0, 30, 60, 60, 120, -90][Int(random.next() % 7)]
            let branch = branches[Int(random.next() % UInt64(branches.count))]
            try fixture.git("checkout", "-q", branch)
            switch random.next() % 5 {
            case 0 where branches.count < 4:
                let name = "b\(step)"
                try fixture.git("checkout", "-q", "-b", name)
                branches.append(name)
                try fixture.write("architecture/\(name).yaml", "\(step)\n")
                try fixture.commit("start \(name)", at: clock)
            case 1 where branches.count > 1:
                let other = branches.filter { $0 != branch }[Int(random.next() % UInt64(branches.count - 1))]
                try fixture.dated(clock).run("merge", "-q", "--no-ff", "-m", "merge \(other) into \(branch) at \(step)", other, in: fixture.root)
            default:
                try fixture.write("architecture/\(branch)-\(step % 3).yaml", "\(step)\n")
                try fixture.commit("\(branch) \(step)", at: clock)
            }
        }
        try fixture.git("checkout", "-q", "main")
        #expect(branches.count >= 3)
        #expect(try fixture.gitLines(["rev-list", "--merges", "--all"]).count >= 3)
        let repository = try fixture.open()
        var ranges: [String?] = [nil]
        for left in branches {
            ranges.append(left)
            for right in branches where right != left {
                ranges.append("\(left)..\(right)")
                ranges.append("\(left)...\(right)")
            }
        }
        try LogTests.expectLogMatchesGit(fixture, repository, ranges: ranges)
        for left in branches {
            for right in branches {
                #expect(try repository.mergeBase(left, right) == (try fixture.gitMergeBase(left, right)), "\(left) \(right)")
            }
        }
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// The commits a walk back reads ahead on another thread (`WalkAhead`): what it hands over is
/// what the walk would read itself, and it stops where it is told.
@Suite struct WalkAheadTests {
    /// Twelve commits, a day apart, changing, adding, removing and moving files; one commit
    /// touches a link and one only a file outside the landscape.
    static func history() throws -> (RepoFixture, GitRepository) {
        let f = try RepoFixture(prefix: "walk-ahead", initialise: true)
        func system(_ name: String, _ hosting: String) -> String {
            "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: \(name)}\nspec: {hosting: \(hosting)}\n"
        }
        var cli = f.cli
        for day in 1...12 {
            switch day {
            case 1:
                _ = try f.write("architecture/a.yaml", system("a", "p1"))
                _ = try f.write("architecture/deep/b.yaml", system("b", "p1"))
            case 4: try f.remove("architecture/deep/b.yaml")
            case 5: try f.symlink("architecture/link.yaml", to: "a.yaml")
            case 7: _ = try f.write("README.md", "outside\n")
            case 9:
                try f.remove("architecture/a.yaml")
                _ = try f.write("architecture/moved/a.yaml", system("a", "p\(day)"))
            default: _ = try f.write("architecture/c\(day % 3).yaml", system("c\(day % 3)", "p\(day)"))
            }
            cli.date = String(format: "2025-03-%02dT12:00:00+00:00", day)
            _ = try cli.commitAll("day \(day)", in: f.root)
        }
        guard let repository = try GitRepository.discover(from: f.root) else { throw GitError(code: -1, operation: "discover", message: "none") }
        return (f, repository)
    }

    static let prefixes = ["architecture"]
    static let filter = FileFilter(prefixes: prefixes, extensions: FileFilter.landscapeExtensions)

    @Test func handsOverWhatTheWalkWouldRead() throws {
        let (f, repository) = try Self.history()
        let log = try repository.log("HEAD", firstParent: true)
        #expect(log.count == 12)
        let ahead = WalkAhead(repository: try repository.reopened(), tip: log[0].id, prefixes: Self.prefixes, limits: Limits())
        // The log it walks is handed over too, the same as the repository's.
        #expect(ahead.commits()?.map(\.id) == log.map(\.id))
        var regular = 0
        for commit in log {
            guard let parent = commit.parents.first else {
                // The root commit has nothing before it: nothing is read for it.
                #expect(ahead.take(commit.id) == nil)
                continue
            }
            let read = try #require(ahead.take(commit.id), "\(commit.summary)")
            let changes = try repository.changedFiles(from: parent, to: commit.id, filter: Self.filter)
            #expect(read.changes == changes, "\(commit.summary)")
            // The parent's version of every changed regular file, parsed as the loader does.
            let expected = changes.compactMap { $0.reversed.newRegularEntry }
            #expect(Set(read.parsed.keys) == Set(expected.map(\.path)), "\(commit.summary)")
            for entry in expected {
                let blob = try #require(entry.contentBlobID)
                let bytes = try f.gitBytes("cat-file", "blob", blob)
                #expect(read.parsed[entry.path]?.blob == blob)
                #expect(read.parsed[entry.path]?.file.elements.map(\.ref) == LandscapeLoader.load(path: entry.path, bytes: bytes).elements.map(\.ref))
                regular += 1
            }
        }
        #expect(regular >= 6)
    }

    @Test func stopsWhereItIsToldAndWhenCancelled() throws {
        // The fixture is kept to the end: its folder goes with it.
        let (fixture, repository) = try Self.history()
        defer { withExtendedLifetime(fixture) {} }
        let log = try repository.log("HEAD", firstParent: true)
        // Only the commits of 2025-03-08 and later are wanted: days 12 to 8, newest first.
        let day = try #require(Day(year: 2025, month: 3, day: 8))
        let ahead = WalkAhead(repository: try repository.reopened(), tip: log[0].id, prefixes: Self.prefixes, limits: Limits(), stop: day)
        #expect(log.map { ahead.take($0.id) != nil } == Array(repeating: true, count: 5) + Array(repeating: false, count: 7))
        // Told later, it reads on until it knows: what it hands over is still right.
        let told = WalkAhead(repository: try repository.reopened(), tip: log[0].id, prefixes: Self.prefixes, limits: Limits())
        told.stop(before: day)
        for commit in log.prefix(5) {
            let parent = try #require(commit.parents.first)
            #expect(told.take(commit.id)?.changes == (try repository.changedFiles(from: parent, to: commit.id, filter: Self.filter)))
        }
        // A cancelled reading gives what it has and then nothing, without waiting.
        let cancelled = WalkAhead(repository: try repository.reopened(), tip: log[0].id, prefixes: Self.prefixes, limits: Limits())
        cancelled.cancel()
        #expect(cancelled.take("0000000000000000000000000000000000000000") == nil)
        // Finished, its thread has stopped: asking for a commit it never read does not wait.
        told.finish()
        #expect(told.take("0000000000000000000000000000000000000000") == nil)
        // Nor does asking for the log: it is the repository's, or nil if the thread stopped before it.
        #expect(told.commits().map { $0.map(\.id) == log.map(\.id) } ?? true)
    }

    /// Before the walk takes anything, it reads no more than its window; each commit taken lets
    /// it read one more.
    @Test func readsNoFurtherAheadThanItsWindow() throws {
        let (fixture, repository) = try Self.history()
        defer { withExtendedLifetime(fixture) {} }
        let log = try repository.log("HEAD", firstParent: true)
        let ahead = WalkAhead(repository: try repository.reopened(), tip: log[0].id, prefixes: Self.prefixes, limits: Limits(), window: 3)
        defer { ahead.finish() }
        func settle(at count: Int) {
            // It gets there quickly; it must then stay there.
            for _ in 0..<500 where ahead.readSoFar < count { usleep(2_000) }
            usleep(50_000)
        }
        settle(at: 3)
        #expect(ahead.readSoFar == 3)
        #expect(ahead.take(log[0].id) != nil)
        settle(at: 4)
        #expect(ahead.readSoFar == 4)
        // Taken in order, every commit but the root is handed over.
        #expect(log.dropFirst().map { ahead.take($0.id) != nil } == Array(repeating: true, count: 10) + [false])
    }
}

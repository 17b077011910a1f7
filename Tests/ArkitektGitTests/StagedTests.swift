import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct StagedTests {
    @Test func stagedReadsTheIndexAndWorkTreeTheDisk() throws {
        let fixture = try Fixture.standard()
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 3\n")
        try fixture.write("architecture/added.yaml", "added: true\n")
        try fixture.git("add", "architecture/system.yaml", "architecture/added.yaml")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 4 (not staged)\n")
        try fixture.git("rm", "-q", "--cached", "architecture/services/db.yml")  // still on disk, now untracked
        let repository = try fixture.open()

        let staged = try repository.files(.staged, filter: landscape)
        let expected = byteSorted(try fixture.gitList("ls-files", "-z", "--cached", "--", "architecture").filter(hasLandscapeExtension))
        #expect(paths(staged) == expected)
        #expect(!paths(staged).contains("architecture/services/db.yml"))
        for file in staged {
            #expect(file.content == (try fixture.gitBytes("show", ":\(file.path)")), ":\(file.path)")
            #expect(file.blobID == (try fixture.gitLine("rev-parse", ":\(file.path)")), ":\(file.path)")
        }
        #expect(text(byPath(staged)["architecture/system.yaml"]?.content ?? []) == "name: shop\nversion: 3\n")

        let workTree = byPath(try repository.files(.workTree, filter: landscape))
        #expect(text(workTree["architecture/system.yaml"]?.content ?? []) == "name: shop\nversion: 4 (not staged)\n")
        #expect(workTree["architecture/services/db.yml"] != nil)  // untracked now, not ignored

        let head = byPath(try repository.files(.revision("HEAD"), filter: landscape))
        #expect(text(head["architecture/system.yaml"]?.content ?? []) == "name: shop\nversion: 2\n")

        #expect(try repository.file(at: "architecture/added.yaml", .staged, maxBytes: 100)?.content == Array("added: true\n".utf8))
        #expect(try repository.file(at: "architecture/services/db.yml", .staged, maxBytes: 100) == nil)
    }

    /// An index changed on disk after the repository was opened is re-read.
    @Test func indexIsReloaded() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        #expect(try repository.file(at: "architecture/late.yaml", .staged, maxBytes: 100) == nil)
        try fixture.write("architecture/late.yaml", "late: true\n")
        try fixture.git("add", "architecture/late.yaml")
        #expect(try repository.file(at: "architecture/late.yaml", .staged, maxBytes: 100) != nil)
    }

    /// One repository object reads the index once per version of it: a later `git add` (here of
    /// content of the same length) is seen by every kind of staged read that follows.
    @Test func indexReadAgainAfterEachChange() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        let path = "architecture/system.yaml"
        for version in ["a", "b", "c"] {
            try fixture.write(path, "name: shop\nversion: \(version)\n")
            try fixture.git("add", path)
            let blob = try fixture.gitLine("rev-parse", ":\(path)")
            #expect(try repository.file(at: path, .staged, maxBytes: 100)?.blobID == blob, "\(version)")
            #expect(try repository.stagedEntries(filter: landscape).first { $0.path == path }?.blobID == blob, "\(version)")
            #expect(byPath(try repository.files(.staged, filter: landscape))[path]?.content == Array("name: shop\nversion: \(version)\n".utf8))
        }
    }

    /// With `core.ignoreCase`, libgit2 orders the index without regard to case, which is not byte
    /// order: every path must still be found, by the listing and one by one.
    @Test func caseInsensitiveIndexOrder() throws {
        let fixture = try Fixture.standard()
        try fixture.git("config", "core.ignorecase", "true")
        for name in ["B.yaml", "a.yaml", "C.yaml", "d.yaml"] {
            try fixture.write("architecture/mixed/\(name)", "name: \(name)\n")
        }
        try fixture.git("add", "architecture/mixed")
        let repository = try fixture.open()
        let staged = try repository.files(.staged, filter: landscape)
        let expected = byteSorted(try fixture.gitList("ls-files", "-z", "--cached", "--", "architecture").filter(hasLandscapeExtension))
        #expect(paths(staged) == expected)
        for name in ["B.yaml", "a.yaml", "C.yaml", "d.yaml"] {
            #expect(try repository.file(at: "architecture/mixed/\(name)", .staged, maxBytes: 100)?.content == Array("name: \(name)\n".utf8), "\(name)")
        }
        #expect(try repository.file(at: "architecture/mixed/b.yaml", .staged, maxBytes: 100) == nil)
    }

    @Test func intentToAddIsNotStaged() throws {
        let fixture = try Fixture.standard()
        try fixture.write("architecture/intent.yaml", "intent: true\n")
        try fixture.git("add", "-N", "architecture/intent.yaml")
        let repository = try fixture.open()
        #expect(!paths(try repository.files(.staged, filter: landscape)).contains("architecture/intent.yaml"))
        #expect(paths(try repository.files(.workTree, filter: landscape)).contains("architecture/intent.yaml"))
    }

    /// Conflicted paths have no stage 0: "ours" (stage 2) is used.
    @Test func conflictsUseOurs() throws {
        let fixture = try Fixture.standard()
        try fixture.git("checkout", "-q", "-b", "theirs")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: theirs\n")
        try fixture.commitAll("theirs")
        try fixture.git("checkout", "-q", "main")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: ours\n")
        try fixture.commitAll("ours")
        #expect(throws: GitCLI.Failure.self) { try fixture.git("merge", "-q", "theirs") }
        #expect(try fixture.gitLine("ls-files", "-u", "--", "architecture/system.yaml").isEmpty == false)

        let repository = try fixture.open()
        let staged = try repository.files(.staged, filter: landscape)
        let system = try #require(byPath(staged)["architecture/system.yaml"])
        #expect(system.content == (try fixture.gitBytes("show", ":2:architecture/system.yaml")))
        #expect(text(system.content) == "name: shop\nversion: ours\n")
        #expect(staged.filter { $0.path == "architecture/system.yaml" }.count == 1)

        // The work tree has the file with conflict markers, listed once.
        let workTree = try repository.files(.workTree, filter: landscape)
        #expect(workTree.filter { $0.path == "architecture/system.yaml" }.count == 1)
        let merged = text(byPath(workTree)["architecture/system.yaml"]?.content ?? [])
        #expect(merged.contains("<<<<<<<"))
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct RevisionTests {
    @Test func everyRevisionFormMatchesGit() throws {
        let fixture = try Fixture.standard()
        // Uncommitted changes must not show up in revision mode.
        try fixture.write("architecture/system.yaml", "dirty\n")
        try fixture.write("architecture/untracked.yaml", "untracked\n")
        let repository = try fixture.open()

        let head = try fixture.gitLine("rev-parse", "HEAD")
        let first = try fixture.gitLine("rev-parse", "HEAD~1")
        let revisions = ["main", "v1", head, String(head.prefix(7)), "HEAD~1", "v1^{tree}", "HEAD", first, "refs/tags/v1"]
        for revision in revisions {
            let files = try repository.files(.revision(revision), filter: landscape)
            let expected = byteSorted(try fixture.gitList("ls-tree", "-r", "-z", "--name-only", revision, "--", "architecture")
                .filter(hasLandscapeExtension))
            #expect(paths(files) == expected, "paths at \(revision)")
            for file in files {
                #expect(file.kind == .regular)
                #expect(file.content == (try fixture.gitBytes("show", "\(revision):\(file.path)")), "\(revision):\(file.path)")
                #expect(file.size == file.content.count)
                #expect(file.blobID == (try fixture.gitLine("rev-parse", "\(revision):\(file.path)")), "\(revision):\(file.path)")
            }
        }
        let atV1 = byPath(try repository.files(.revision("v1"), filter: landscape))
        #expect(text(atV1["architecture/system.yaml"]?.content ?? []) == "name: shop\nversion: 1\n")
        #expect(atV1["architecture/services/queue.yaml"] == nil)
        let atHead = byPath(try repository.files(.revision("HEAD"), filter: landscape))
        #expect(text(atHead["architecture/system.yaml"]?.content ?? []) == "name: shop\nversion: 2\n")
        #expect(atHead["architecture/untracked.yaml"] == nil)

        // Whole tree, every extension.
        let all = try repository.files(.revision("HEAD"), filter: FileFilter(prefixes: [""]))
        #expect(paths(all) == byteSorted(try fixture.gitList("ls-tree", "-r", "-z", "--name-only", "HEAD")))
    }

    @Test func commitInfo() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        let info = try repository.commit("HEAD")
        #expect(info.id == (try fixture.gitLine("rev-parse", "HEAD")))
        #expect(info.summary == "Second landscape")
        #expect(info.authorName == "Ada Author")
        #expect(info.authorEmail == "ada@example.invalid")
        #expect(info.time == Int64(try fixture.gitLine("log", "-1", "--format=%at")))
        #expect(info.timeOffsetMinutes == 60)

        let tagged = try repository.commit("v1")  // annotated tag peels to its commit
        #expect(tagged.id == (try fixture.gitLine("rev-parse", "v1^{commit}")))
        #expect(tagged.summary == "First landscape")
        #expect(try repository.commit("v1^{commit}") == tagged)
        #expect(try repository.commit(String(tagged.id.prefix(8))) == tagged)
        #expect(try repository.commit("main~1") == tagged)

        let error = #expect(throws: GitError.self) { try repository.commit("v1^{tree}") }
        #expect(error?.message.contains("does not point to a commit") == true)
    }

    @Test func unknownRevision() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        let error = #expect(throws: GitError.self) { try repository.commit("nope") }
        #expect(error?.message.contains("unknown revision 'nope'") == true)
        #expect(error?.code == -3)
        let filesError = #expect(throws: GitError.self) {
            try repository.files(.revision("release/9.9"), filter: landscape)
        }
        #expect(filesError?.message.contains("unknown revision 'release/9.9'") == true)
        #expect(filesError.map { "\($0)" }?.contains("release/9.9") == true)
        #expect(throws: GitError.self) { try repository.files(.revision("HEAD~10"), filter: landscape) }
        #expect(throws: GitError.self) { try repository.file(at: ".arkitekt.yaml", .revision("nope"), maxBytes: 100) }
    }

    @Test func singleFileLookup() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        let config = try #require(try repository.file(at: ".arkitekt.yaml", .revision("v1"), maxBytes: 1024))
        #expect(text(config.content) == "landscape: architecture\n")
        #expect(config.blobID == (try fixture.gitLine("rev-parse", "v1:.arkitekt.yaml")))
        #expect(try repository.file(at: "architecture/services/queue.yaml", .revision("v1"), maxBytes: 1024) == nil)
        #expect(try repository.file(at: "architecture/services/queue.yaml", .revision("HEAD"), maxBytes: 1024) != nil)
        #expect(try repository.file(at: "architecture", .revision("HEAD"), maxBytes: 1024) == nil)
        #expect(try repository.file(at: "architecture/system.yaml/x", .revision("HEAD"), maxBytes: 1024) == nil)
        let big = try #require(try repository.file(at: "architecture/system.yaml", .revision("HEAD"), maxBytes: 4))
        #expect(big.omitted && big.content.isEmpty && big.size == 22)
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct RepositoryTests {
    @Test func discoverFromSubdirectoryAndFile() throws {
        let fixture = try Fixture.standard()
        let top = try fixture.gitLine("rev-parse", "--show-toplevel")
        let gitDir = try fixture.gitLine("rev-parse", "--absolute-git-dir")
        for start in [fixture.root, fixture.root + "/", fixture.root + "/architecture/services", fixture.root + "/architecture/system.yaml"] {
            let repository = try #require(try GitRepository.discover(from: start), "discover from \(start)")
            #expect(repository.workDirectory == top)
            #expect(repository.gitDirectory == gitDir)
            #expect(!repository.isBare)
            #expect(!repository.isShallow)
            #expect(!repository.isEmpty)
        }
    }

    @Test func discoverOutsideAnyRepository() throws {
        let temp = try TempDirectory()
        try temp.write("plain/file.yaml", "a: 1\n")
        #expect(try GitRepository.discover(from: temp.url("plain")) == nil)
        #expect(try GitRepository.discover(from: temp.path) == nil)
        #expect(throws: GitError.self) { try GitRepository.discover(from: temp.url("does-not-exist")) }

        // A .git file naming a missing git directory is a broken repository, as for git.
        try temp.write("broken/.git", "gitdir: /nowhere/at/all\n")
        try temp.mkdir("broken/sub")
        let error = #expect(throws: GitError.self) { try GitRepository.discover(from: temp.url("broken/sub")) }
        #expect(error?.message.contains("broken repository") == true)
        // A corrupt configuration too.
        try temp.write("badconfig/.git/HEAD", "ref: refs/heads/main\n")
        try temp.write("badconfig/.git/config", "[core\nbroken")
        try temp.mkdir("badconfig/.git/objects")
        try temp.mkdir("badconfig/.git/refs")
        #expect(throws: GitError.self) { try GitRepository.discover(from: temp.url("badconfig")) }
    }

    @Test func bareRepository() throws {
        let fixture = try Fixture.standard()
        let bare = fixture.temp.url("bare.git")
        try fixture.cli.run("clone", "-q", "--bare", fixture.root, bare, in: fixture.temp.path)
        let repository = try #require(try GitRepository.discover(from: bare))
        #expect(repository.isBare)
        #expect(repository.workDirectory == nil)
        #expect(repository.gitDirectory == bare)

        let source = try fixture.open()
        for revision in ["main", "v1", "HEAD~1"] {
            let files = try repository.files(.revision(revision), filter: landscape)
            #expect(files == (try source.files(.revision(revision), filter: landscape)))
            #expect(!files.isEmpty)
        }
        #expect(try repository.commit("main") == (try source.commit("HEAD")))
        #expect(try repository.file(at: ".arkitekt.yaml", .revision("HEAD"), maxBytes: 100) != nil)

        let error = #expect(throws: GitError.self) { try repository.files(.workTree, filter: landscape) }
        #expect(error?.message.contains("no work tree") == true)
        #expect(error?.code == -8)
        #expect(throws: GitError.self) { try repository.file(at: ".arkitekt.yaml", .workTree, maxBytes: 100) }
        #expect(throws: GitError.self) { try repository.files(.staged, filter: landscape) }
    }

    @Test func shallowClone() throws {
        let fixture = try Fixture.standard()
        let shallow = fixture.temp.url("shallow")
        try fixture.cli.run("clone", "-q", "--depth", "1", "file://" + fixture.root, shallow, in: fixture.temp.path)
        let repository = try #require(try GitRepository.discover(from: shallow))
        #expect(repository.isShallow)
        #expect(try repository.files(.revision("HEAD"), filter: landscape).count == 4)
        #expect(throws: GitError.self) { try repository.commit("HEAD~1") }
    }

    @Test func emptyRepository() throws {
        let fixture = try Fixture()
        let repository = try fixture.open()
        #expect(repository.isEmpty)
        let error = #expect(throws: GitError.self) { try repository.commit("HEAD") }
        #expect(error?.message.contains("unknown revision 'HEAD'") == true)
        #expect(throws: GitError.self) { try repository.files(.revision("HEAD"), filter: landscape) }
        #expect(try repository.files(.staged, filter: landscape).isEmpty)

        try fixture.write("architecture/system.yaml", "name: new\n")
        try fixture.write("architecture/draft.yaml", "draft: true\n")
        try fixture.git("add", "architecture/system.yaml")
        let staged = try repository.files(.staged, filter: landscape)
        #expect(paths(staged) == ["architecture/system.yaml"])
        #expect(text(staged.first?.content ?? []) == "name: new\n")
        #expect(staged.first?.blobID == (try fixture.gitLine("rev-parse", ":architecture/system.yaml")))
        #expect(paths(try repository.files(.workTree, filter: landscape)) == ["architecture/draft.yaml", "architecture/system.yaml"])
        #expect(repository.isEmpty)

        try fixture.commitAll("first")
        #expect(!repository.isEmpty)
        #expect(try repository.commit("HEAD").summary == "first")
    }

    /// A gitlink (submodule entry) inside the landscape comes out as `.submodule`, whatever its name.
    @Test func submoduleEntries() throws {
        let fixture = try Fixture.standard()
        let commitID = try fixture.gitLine("rev-parse", "HEAD~1")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(commitID),architecture/sub")
        let repository = try fixture.open()

        let staged = byPath(try repository.files(.staged, filter: landscape))
        let sub = try #require(staged["architecture/sub"])
        #expect(sub.kind == .submodule)
        #expect(sub.content.isEmpty && sub.size == 0 && !sub.omitted)
        #expect(sub.blobID == commitID)

        // Not checked out: no directory, so not in the work tree.
        #expect(byPath(try repository.files(.workTree, filter: landscape))["architecture/sub"] == nil)
        try fixture.temp.mkdir("repo/architecture/sub")
        #expect(byPath(try repository.files(.workTree, filter: landscape))["architecture/sub"]?.kind == .submodule)

        try fixture.git("commit", "-q", "-m", "add gitlink")
        let committed = byPath(try repository.files(.revision("HEAD"), filter: landscape))
        #expect(committed["architecture/sub"]?.kind == .submodule)
        #expect(committed["architecture/sub"]?.blobID == (try fixture.gitLine("rev-parse", "HEAD:architecture/sub")))
        #expect(try repository.file(at: "architecture/sub", .revision("HEAD"), maxBytes: 10)?.kind == .submodule)
        // Outside the prefixes it is not listed.
        #expect(byPath(try repository.files(.revision("HEAD"), filter: FileFilter(prefixes: ["docs"])))["architecture/sub"] == nil)
        // Prefix naming the gitlink itself.
        #expect(paths(try repository.files(.revision("HEAD"), filter: FileFilter(prefixes: ["architecture/sub"]))) == ["architecture/sub"])
    }

    @Test func deterministicByteOrder() throws {
        let fixture = try Fixture()
        let names = ["architecture/a.yaml", "architecture/a-b.yaml", "architecture/a/b.yaml", "architecture/B.yaml",
                     "architecture/\u{E4}.yaml", "architecture/z.yaml", "architecture/a0.yaml", "architecture/A_.yaml",
                     "architecture/a.b/c.yaml", "architecture/ab.yaml"]
        for name in names { try fixture.write(name, "name: \(name)\n") }
        try fixture.commitAll("names")
        try fixture.write("architecture/a/untracked.yaml", "u: 1\n")
        let repository = try fixture.open()

        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let first = try repository.files(selection, filter: landscape)
            let second = try repository.files(selection, filter: landscape)
            #expect(first == second)
            #expect(paths(first) == byteSorted(paths(first)))
        }
        // Index order is git's byte order: the same list, in the same order.
        let staged = try repository.files(.staged, filter: landscape)
        #expect(paths(staged) == (try fixture.gitList("-c", "core.quotepath=off", "ls-files", "-z")))
        #expect(paths(try repository.files(.revision("HEAD"), filter: landscape)) == paths(staged))
        let reopened = try fixture.open()
        #expect(try reopened.files(.workTree, filter: landscape) == (try repository.files(.workTree, filter: landscape)))
    }
}

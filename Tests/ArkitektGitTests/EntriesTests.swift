import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct EntriesTests {
    /// `git ls-tree -r -z` (or `ls-files -s -z`) records: mode, id, path.
    static func listing(_ fixture: Fixture, _ args: String...) throws -> [(mode: String, id: String, path: String)] {
        try fixture.cli.runBytes(args, in: fixture.root).split(separator: 0).map { record in
            let text = String(decoding: record, as: UTF8.self)
            let tab = try #require(text.firstIndex(of: "\t"))
            let fields = text[..<tab].split(separator: " ").map(String.init)
            // ls-tree: mode type id; ls-files -s: mode id stage.
            let id = fields[1].count == 40 ? fields[1] : fields[2]
            return (fields[0], id, String(text[text.index(after: tab)...]))
        }
    }

    static func isLandscape(_ mode: String, _ path: String) -> Bool {
        mode == "160000" || hasLandscapeExtension(path)
    }

    /// Entries agree with `files()` of the same source: paths, ids, kinds, and the content behind contentBlobID.
    static func expectAgreesWithFiles(_ repository: GitRepository, _ entries: [TreeEntryInfo], _ files: [SourceFile]) throws {
        #expect(entries.map(\.path) == files.map(\.path))
        for (entry, file) in zip(entries, files) {
            #expect(entry.blobID == file.blobID, "\(entry.path)")
            #expect(entry.kind == file.kind, "\(entry.path)")
            let content = try entry.contentBlobID.map { try repository.blob($0) } ?? []
            #expect(content == file.content, "\(entry.path)")
            if entry.kind == .regular { #expect(entry.contentBlobID == entry.blobID) }
        }
    }

    @Test func entriesMatchLsTree() throws {
        let fixture = try SymlinkTests.linkFixture()
        try fixture.write("architecture/services/api.yaml", "service: api\n")
        try fixture.write("architecture/notes.md", "notes\n")
        try fixture.write("docs/outside.yaml", "outside\n")
        try fixture.commitAll("links")
        try fixture.git("tag", "-a", "v1", "-m", "v1")
        let commit = try fixture.gitLine("rev-parse", "HEAD")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 2\n")
        try fixture.git("rm", "-q", "architecture/services/api.yaml")
        try fixture.git("add", "-A")
        // A gitlink without a directory on disk (so no `add -A` after it).
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(commit),architecture/sub")
        try fixture.git("commit", "-q", "-m", "second")
        let repository = try fixture.open()

        for revision in ["HEAD", "v1", "HEAD~1", "HEAD^{tree}", commit] {
            let entries = try repository.entries(revision, filter: landscape)
            let expected = try EntriesTests.listing(fixture, "ls-tree", "-r", "-z", revision, "--", "architecture")
                .filter { EntriesTests.isLandscape($0.mode, $0.path) }
                .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            #expect(entries.map(\.path) == expected.map(\.path), "\(revision)")
            #expect(entries.map(\.blobID) == expected.map(\.id), "\(revision)")
            try EntriesTests.expectAgreesWithFiles(repository, entries, try repository.files(.revision(revision), filter: landscape))
        }
        let head = Dictionary(uniqueKeysWithValues: try repository.entries("HEAD", filter: landscape).map { ($0.path, $0) })
        #expect(head["architecture/sub"]?.kind == .submodule && head["architecture/sub"]?.contentBlobID == nil)
        #expect(head["architecture/link.yaml"]?.contentBlobID == head["architecture/system.yaml"]?.blobID)
        #expect(head["architecture/passwd.yaml"]?.kind == .symlink(target: "/etc/passwd", escapes: true))
        #expect(head["architecture/passwd.yaml"]?.contentBlobID == nil)
        #expect(head["docs/outside.yaml"] == nil && head["architecture/notes.md"] == nil)

        // Whole tree, any extension; a prefix naming a file; no prefix.
        let all = try repository.entries("HEAD", filter: FileFilter(prefixes: [""]))
        #expect(all.map(\.path) == byteSorted(try EntriesTests.listing(fixture, "ls-tree", "-r", "-z", "HEAD").map(\.path)))
        #expect(try repository.entries("HEAD", filter: FileFilter(prefixes: ["architecture/system.yaml"])).map(\.path) == ["architecture/system.yaml"])
        #expect(try repository.entries("HEAD", filter: FileFilter(prefixes: [])).isEmpty)
        #expect(throws: GitError.self) { try repository.entries("nope", filter: landscape) }
    }

    @Test func stagedEntriesMatchLsFiles() throws {
        let fixture = try SymlinkTests.linkFixture()
        try fixture.commitAll("links")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: staged\n")
        try fixture.write("architecture/new.yaml", "new\n")
        try fixture.git("add", "architecture/system.yaml", "architecture/new.yaml")
        try fixture.write("architecture/system.yaml", "not staged\n")
        try fixture.write("architecture/intent.yaml", "intent\n")
        try fixture.git("add", "-N", "architecture/intent.yaml")
        let repository = try fixture.open()

        let entries = try repository.stagedEntries(filter: landscape)
        let expected = try EntriesTests.listing(fixture, "ls-files", "-s", "-z", "--", "architecture")
            .filter { EntriesTests.isLandscape($0.mode, $0.path) && $0.path != "architecture/intent.yaml" }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        #expect(entries.map(\.path) == expected.map(\.path))
        #expect(entries.map(\.blobID) == expected.map(\.id))
        try EntriesTests.expectAgreesWithFiles(repository, entries, try repository.files(.staged, filter: landscape))
        let system = try #require(entries.first { $0.path == "architecture/system.yaml" })
        #expect(try repository.blob(system.blobID) == Array("name: shop\nversion: staged\n".utf8))
    }

    @Test func blobMatchesCatFile() throws {
        let fixture = try Fixture.standard()
        try fixture.write("architecture/binary.yaml", "")
        try fixture.temp.write("repo/architecture/bytes.yaml", bytes: [0, 1, 2, 0xFF, 0xFE, 10])
        try fixture.commitAll("binary")
        let repository = try fixture.open()
        for entry in try repository.entries("HEAD", filter: FileFilter(prefixes: [""])) {
            #expect(try repository.blob(entry.blobID) == (try fixture.gitBytes("cat-file", "blob", entry.blobID)), "\(entry.path)")
        }
        let id = try fixture.gitLine("rev-parse", "HEAD:architecture/system.yaml")
        #expect(try repository.blob(id.uppercased()) == Array("name: shop\nversion: 2\n".utf8))
        #expect(try repository.blob(String(id.prefix(10))) == Array("name: shop\nversion: 2\n".utf8))
        #expect(try repository.blob(try fixture.gitLine("rev-parse", "HEAD:architecture/binary.yaml")) == [])

        let missing = #expect(throws: GitError.self) { try repository.blob(String(repeating: "0", count: 39) + "1") }
        #expect(missing?.isNotFound == true)
        #expect(missing?.message.contains("not found") == true)
        let tree = #expect(throws: GitError.self) { try repository.blob(try fixture.gitLine("rev-parse", "HEAD^{tree}")) }
        #expect(tree?.isNotFound == true)
        for invalid in ["", "xyz", "abc", "g" + id.dropFirst(), id + "0"] {
            #expect(throws: GitError.self, "\(invalid)") { try repository.blob(invalid) }
        }
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct DirectorySourceTests {
    @Test func listsFilesAndSkipsGit() throws {
        let temp = try TempDirectory()
        try temp.write("land/architecture/system.yaml", "name: plain\n")
        try temp.write("land/architecture/services/api.yml", "service: api\n")
        try temp.write("land/architecture/readme.md", "# no\n")
        try temp.write("land/architecture/.git/config.yaml", "not: me\n")       // a .git folder
        try temp.write("land/architecture/vendored/.git", "gitdir: ../x\n")      // a .git file
        try temp.write("land/architecture/vendored/.git.yaml", "yes: me\n")     // not .git
        try temp.write("land/.git/HEAD.yaml", "not: me\n")
        try temp.write("land/other.yaml", "other: 1\n")
        let source = DirectorySource(root: temp.url("land"))

        let files = try source.files(filter: landscape)
        #expect(paths(files) == ["architecture/services/api.yml", "architecture/system.yaml", "architecture/vendored/.git.yaml"])
        let system = try #require(byPath(files)["architecture/system.yaml"])
        #expect(system.kind == .regular)
        #expect(text(system.content) == "name: plain\n")
        #expect(system.size == 12)
        let cli = GitCLI(home: temp.path)
        #expect(system.blobID == (try cli.run("hash-object", "--no-filters", temp.url("land/architecture/system.yaml"), in: temp.path)
            .trimmingCharacters(in: .whitespacesAndNewlines)))

        let everything = try source.files(filter: FileFilter(prefixes: [""]))
        #expect(paths(everything) == byteSorted(paths(everything)))
        #expect(!paths(everything).contains { $0.contains(".git/") || $0.hasSuffix("/.git") })
        #expect(paths(everything).contains("other.yaml"))
        #expect(try source.files(filter: landscape) == files)  // deterministic

        let small = try source.files(filter: FileFilter(prefixes: ["architecture/system.yaml"], maxBytes: 3))
        #expect(small.count == 1 && small[0].omitted && small[0].content.isEmpty && small[0].size == 12)

        #expect(try source.file(at: "./architecture/system.yaml", maxBytes: 100)?.content == Array("name: plain\n".utf8))
        #expect(try source.file(at: "architecture/.git/config.yaml", maxBytes: 100) == nil)
        #expect(try source.file(at: "architecture", maxBytes: 100) == nil)
        #expect(try source.file(at: "../land/other.yaml", maxBytes: 100) == nil)
        #expect(try source.file(at: "missing.yaml", maxBytes: 100) == nil)
    }

    @Test func missingRootThrows() throws {
        let temp = try TempDirectory()
        #expect(throws: FileSystemError.self) { try DirectorySource(root: temp.url("nope")).files(filter: landscape) }
        try temp.write("file.yaml", "a: 1\n")
        #expect(throws: FileSystemError.self) { try DirectorySource(root: temp.url("file.yaml")).files(filter: landscape) }
    }

    /// A git repository read as a plain directory: its .git is skipped, ignored files are not (no git rules).
    @Test func repositoryAsPlainDirectory() throws {
        let fixture = try Fixture.standard()
        try fixture.write("architecture/ignored/secret.yaml", "ignored: by git only\n")
        let files = try DirectorySource(root: fixture.root + "/").files(filter: landscape)
        let repository = try fixture.open()
        let workTree = try repository.files(.workTree, filter: landscape)
        #expect(paths(files) == byteSorted(paths(workTree) + ["architecture/ignored/secret.yaml"]))
        for file in workTree {
            #expect(byPath(files)[file.path]?.content == file.content)
            #expect(byPath(files)[file.path]?.blobID == file.blobID)  // no filters configured here
        }
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct WorkTreeTests {
    /// Standard fixture plus: a modified tracked file, an untracked file, ignored files, a file deleted on disk.
    static func modifiedFixture() throws -> Fixture {
        let fixture = try Fixture.standard()
        try fixture.write("architecture/services/api.yaml", "service: api\nport: 8080\n")
        try fixture.write("architecture/new.yaml", "fresh: true\n")
        try fixture.write("architecture/deep/er/nested.yml", "nested: true\n")
        try fixture.write("architecture/ignored/secret.yaml", "ignored: true\n")
        try fixture.write("architecture/cache.tmp.yaml", "ignored: too\n")
        try fixture.remove("architecture/services/db.yml")
        // An untracked nested repository: git lists only its directory, never its files.
        try fixture.cli.initRepo(at: fixture.root + "/architecture/nested")
        try fixture.write("architecture/nested/inside.yaml", "nested: repo\n")
        return fixture
    }

    @Test func matchesGitLsFilesOracle() throws {
        let fixture = try Self.modifiedFixture()
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: landscape)

        let listed = try fixture.gitList("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "architecture")
        let deleted = Set(try fixture.gitList("ls-files", "-z", "--deleted", "--", "architecture"))
        let expected = byteSorted(listed.filter { !deleted.contains($0) && hasLandscapeExtension($0) })
        #expect(paths(files) == expected)

        let found = Set(paths(files))
        #expect(found.contains("architecture/new.yaml"))            // untracked
        #expect(found.contains("architecture/deep/er/nested.yml"))  // untracked, in untracked directories
        #expect(!found.contains("architecture/ignored/secret.yaml")) // ignored directory
        #expect(!found.contains("architecture/cache.tmp.yaml"))     // ignored pattern
        #expect(!found.contains("architecture/services/db.yml"))    // deleted on disk
        #expect(!found.contains("architecture/notes.md"))           // extension
        #expect(!found.contains("other.yaml"))                      // prefix
        #expect(!found.contains("architecture/nested/inside.yaml"))  // nested repository

        for file in files {
            #expect(file.kind == .regular)
            #expect(file.content == (try fixture.disk(file.path)), "content of \(file.path)")
            #expect(file.size == file.content.count)
            #expect(!file.omitted)
            #expect(file.blobID == (try fixture.gitLine("hash-object", file.path)), "blob id of \(file.path)")
        }
        let api = try #require(byPath(files)["architecture/services/api.yaml"])
        #expect(text(api.content) == "service: api\nport: 8080\n")
    }

    @Test func prefixAndExtensionFiltering() throws {
        let fixture = try Self.modifiedFixture()
        let repository = try fixture.open()

        let services = try repository.files(.workTree, filter: FileFilter(prefixes: ["./architecture/services/"], extensions: ["yaml"]))
        #expect(paths(services) == ["architecture/services/api.yaml", "architecture/services/queue.yaml"])

        let yml = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture"], extensions: [".yml"]))
        #expect(paths(yml) == ["architecture/deep/er/nested.yml"])

        let single = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture/system.yaml"], extensions: ["yaml"]))
        #expect(paths(single) == ["architecture/system.yaml"])

        // "architecture" must not match "architecture-old/..." (prefix means a path component boundary).
        try fixture.write("architecture-old/legacy.yaml", "legacy: true\n")
        let bounded = try repository.files(.workTree, filter: landscape)
        #expect(!paths(bounded).contains("architecture-old/legacy.yaml"))

        let overlapping = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture/services", "architecture", "architecture/"], extensions: ["yaml", "yml"]))
        #expect(overlapping == bounded)

        // Prefixes are literal paths, not globs.
        try fixture.write("land[1]/a.yaml", "a: 1\n")
        try fixture.write("land*/b.yaml", "b: 1\n")
        try fixture.write("landx/c.yaml", "c: 1\n")
        #expect(paths(try repository.files(.workTree, filter: FileFilter(prefixes: ["land[1]"]))) == ["land[1]/a.yaml"])
        #expect(paths(try repository.files(.workTree, filter: FileFilter(prefixes: ["land*"]))) == ["land*/b.yaml"])
        try fixture.git("--literal-pathspecs", "add", "land[1]", "land*", "landx")
        try fixture.git("commit", "-q", "-m", "globs")
        #expect(paths(try repository.files(.revision("HEAD"), filter: FileFilter(prefixes: ["land*"]))) == ["land*/b.yaml"])
        #expect(paths(try repository.files(.workTree, filter: FileFilter(prefixes: ["land[1]"]))) == ["land[1]/a.yaml"])

        #expect(try repository.files(.workTree, filter: FileFilter(prefixes: [], extensions: ["yaml"])).isEmpty)
        #expect(try repository.files(.workTree, filter: FileFilter(prefixes: ["../repo/architecture"])).isEmpty)
        #expect(try repository.files(.workTree, filter: FileFilter(prefixes: ["does/not/exist"])).isEmpty)

        // Everything, any extension: same as git's own list.
        let everything = try repository.files(.workTree, filter: FileFilter(prefixes: [""]))
        let listed = try fixture.gitList("ls-files", "-z", "--cached", "--others", "--exclude-standard")
        let deleted = Set(try fixture.gitList("ls-files", "-z", "--deleted"))
        // git lists an untracked nested repository as "dir/": not a file.
        #expect(paths(everything) == byteSorted(listed.filter { !deleted.contains($0) && !$0.hasSuffix("/") }))
        #expect(paths(try repository.files(.workTree, filter: FileFilter(prefixes: ["."]))) == paths(everything))
    }

    @Test func bigFilesAreOmitted() throws {
        let fixture = try Fixture.standard()
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture"], extensions: ["yaml"], maxBytes: 20))
        let system = try #require(byPath(files)["architecture/system.yaml"])  // 22 bytes
        #expect(system.omitted)
        #expect(system.content.isEmpty)
        #expect(system.size == 22)
        #expect(system.blobID == nil)
        let api = try #require(byPath(files)["architecture/services/api.yaml"])  // 13 bytes
        #expect(!api.omitted)
        #expect(text(api.content) == "service: api\n")

        let revision = try repository.files(.revision("HEAD"), filter: FileFilter(prefixes: ["architecture"], extensions: ["yaml"], maxBytes: 20))
        let committed = try #require(byPath(revision)["architecture/system.yaml"])
        #expect(committed.omitted && committed.content.isEmpty && committed.size == 22)
        #expect(committed.blobID == (try fixture.gitLine("rev-parse", "HEAD:architecture/system.yaml")))
    }

    @Test func singleFileLookup() throws {
        let fixture = try Self.modifiedFixture()
        let repository = try fixture.open()
        let config = try #require(try repository.file(at: ".arkitekt.yaml", .workTree, maxBytes: 1024))
        #expect(text(config.content) == "landscape: architecture\n")
        #expect(try repository.file(at: "./architecture/new.yaml", .workTree, maxBytes: 1024)?.content == Array("fresh: true\n".utf8))
        #expect(try repository.file(at: "architecture/ignored/secret.yaml", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: "architecture/cache.tmp.yaml", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: "architecture/services/db.yml", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: "architecture", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: "missing.yaml", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: "../repo/.arkitekt.yaml", .workTree, maxBytes: 1024) == nil)
        #expect(try repository.file(at: ".git/config", .workTree, maxBytes: 1024) == nil)

        // A tracked file that is ignored is still part of the work tree.
        try fixture.write(".gitignore", "architecture/ignored/\n*.tmp.yaml\nother.yaml\n")
        #expect(try repository.file(at: "other.yaml", .workTree, maxBytes: 1024) != nil)
    }

    /// The work tree blob id is the one git would store, with the clean filters (here CRLF -> LF).
    @Test func blobIDAppliesCleanFilters() throws {
        let fixture = try Fixture()
        try fixture.write(".gitattributes", "*.yaml text eol=lf\n*.bin filter=custom\n")
        try fixture.write("architecture/crlf.yaml", "a: 1\r\nb: 2\r\n")
        try fixture.write("architecture/data.bin", "binary")
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture"]))
        let crlf = try #require(byPath(files)["architecture/crlf.yaml"])
        #expect(crlf.content == Array("a: 1\r\nb: 2\r\n".utf8))  // disk bytes, unfiltered
        #expect(crlf.blobID == (try fixture.gitLine("hash-object", "architecture/crlf.yaml")))
        #expect(crlf.blobID != (try fixture.gitLine("hash-object", "--no-filters", "architecture/crlf.yaml")))
        // A custom filter driver is not run by libgit2: no guess.
        #expect(byPath(files)["architecture/data.bin"]?.blobID == nil)
    }

    /// Path bytes that are not UTF-8 are decoded with replacement characters and still read from disk.
    @Test func nonUTF8FileNames() throws {
        let fixture = try Fixture()
        try fixture.write("architecture/ok.yaml", "ok: 1\n")
        let name: [UInt8] = Array("\(fixture.root)/architecture/bad-".utf8) + [0xFF, 0xFE] + Array(".yaml".utf8)
        let data = Array("bad: 1\n".utf8)
        let written = writeRaw(path: name, bytes: data)
        #expect(written)
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: landscape)
        let bad = try #require(files.first { $0.path.hasPrefix("architecture/bad-") })
        #expect(bad.path == "architecture/bad-\u{FFFD}\u{FFFD}.yaml")
        #expect(bad.content == data)

        try fixture.commitAll("weird names")
        let committed = try repository.files(.revision("HEAD"), filter: landscape)
        #expect(committed.first { $0.path.hasPrefix("architecture/bad-") }?.content == data)
        #expect(paths(committed) == paths(files))
    }
}

/// Creates a file at a raw byte path (which may not be valid UTF-8).
func writeRaw(path: [UInt8], bytes: [UInt8]) -> Bool {
    let cPath = path.map { CChar(bitPattern: $0) } + [0]
    let fd = open(cPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { return false }
    defer { close(fd) }
    return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
}

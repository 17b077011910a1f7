import ArkitektGit
import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `arkitekt check` (in process, through `Kit.check`) over repositories in the shapes git produces
/// beyond the plain clone: shallow, bare, detached, linked work trees, submodules, links, LFS
/// pointers, names that are not UTF-8, empty repositories.
@Suite struct GitEdgeCaseTests {
    /// origin: first commit with group `a`, second commit adds group `b`.
    static func origin() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.commitAll("first")
        try fixture.write("architecture/b.yaml", Elements.group("b"))
        try fixture.commitAll("second")
        return fixture
    }

    @Test func shallowClone() throws {
        let origin = try Self.origin()
        let clone = origin.temp.url("shallow")
        try origin.cli.run("clone", "-q", "--depth", "1", "file://" + origin.root, clone, in: origin.temp.path)
        #expect(FileManager.default.fileExists(atPath: clone + "/.git/shallow"), "the clone is shallow")

        let workTree = try runCheck(clone)
        #expect(workTree.elements == 2 && workTree.files == 2)
        #expect(workTree.fileLevelErrors.isEmpty, "\(workTree.findings)")
        let head = try runCheck(clone, .revision("HEAD"))
        #expect(head.elements == 2 && head.findings == workTree.findings)
        // The parent commit is not in a depth-1 clone: a usage error naming it, not a crash.
        let error = try #require(checkError(clone, .revision("HEAD~1")))
        #expect(error.text(.en).contains("HEAD~1"), "\(error.text(.en))")
    }

    @Test func bareRepository() throws {
        let origin = try Self.origin()
        let bare = origin.temp.url("bare.git")
        try origin.cli.run("clone", "-q", "--bare", origin.root, bare, in: origin.temp.path)

        let head = try runCheck(bare, .revision("HEAD"))
        #expect(head.elements == 2 && head.files == 2)
        #expect(head.fileLevelErrors.isEmpty, "\(head.findings)")
        let first = try runCheck(bare, .revision("main~1"))
        #expect(first.elements == 1)
        // No work tree and no index: usage errors that say so.
        let workTree = try #require(checkError(bare))
        #expect(workTree.text(.en).contains("--rev"), "\(workTree.text(.en))")
        #expect(checkError(bare, .staged) != nil)
    }

    @Test func detachedHead() throws {
        let fixture = try Self.origin()
        try fixture.git("checkout", "-q", "--detach", "HEAD~1")
        let workTree = try runCheck(fixture.root)
        #expect(workTree.elements == 1 && workTree.files == 1)
        #expect(try runCheck(fixture.root, .revision("HEAD")).elements == 1)
        #expect(try runCheck(fixture.root, .staged).elements == 1)
        #expect(try runCheck(fixture.root, .revision("main")).elements == 2)
    }

    /// A linked work tree has its own HEAD, index and files; checking it reads those, never the
    /// main work tree's.
    @Test func linkedWorktree() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write("architecture/main-only.yaml", Elements.broken)
        try fixture.commitAll("main")
        try fixture.git("branch", "feature", "HEAD")
        let linked = fixture.temp.url("feature-tree")
        try fixture.git("worktree", "add", "-q", linked, "feature")
        try fixture.git(in: linked, "rm", "-q", "architecture/main-only.yaml")
        try fixture.temp.write("feature-tree/architecture/f.yaml", Elements.group("f"))
        try fixture.temp.write("feature-tree/architecture/feature-only.yaml", Elements.broken)
        try fixture.cli.commitAll("feature", in: linked)
        try fixture.temp.write("feature-tree/architecture/untracked.yaml", Elements.group("u"))

        let brokenFiles = { (run: CheckRun) in Set(run.findings("yaml-syntax").map(\.file)) }
        let workTree = try runCheck(linked)
        #expect(brokenFiles(workTree) == ["architecture/feature-only.yaml"], "\(workTree.findings)")
        #expect(workTree.elements == 3, "a, f and the untracked u")
        let head = try runCheck(linked, .revision("HEAD"))
        #expect(brokenFiles(head) == ["architecture/feature-only.yaml"])
        #expect(head.elements == 2)
        #expect(try runCheck(linked, .staged).elements == 2)
        // The main work tree is untouched by it.
        let main = try runCheck(fixture.root)
        #expect(brokenFiles(main) == ["architecture/main-only.yaml"])
        #expect(main.elements == 1)
    }

    @Test func submoduleInsideLandscape() throws {
        let fixture = try GitFixture()
        let sub = fixture.temp.url("sub")
        try fixture.cli.initRepo(at: sub)
        try fixture.temp.write("sub/inner.yaml", Elements.group("inner"))
        try fixture.temp.write("sub/architecture/deep.yaml", Elements.group("deep"))
        try fixture.cli.commitAll("sub", in: sub)
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", "file://" + sub, "architecture/sub")
        try fixture.commitAll("with a submodule")

        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let run = try runCheck(fixture.root, selection)
            let skipped = run.findings("skipped-document", detail: "submodule")
            #expect(skipped.map(\.file) == ["architecture/sub"], "\(selection): \(run.findings)")
            #expect(skipped.first?.severity == "info")
            #expect(skipped.first?.line == 1 && skipped.first?.column == 1)
            // Its files are never read as part of this landscape.
            #expect(run.elements == 1, "\(selection)")
            #expect(!run.findings.contains { $0.file.hasPrefix("architecture/sub/") }, "\(selection): \(run.findings)")
        }
    }

    @Test func symlinksAreNeverFollowedOutOfTheRepository() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write("shared/b.yaml", Elements.group("b"))
        try fixture.temp.write("outside.yaml", Elements.group("secret"))
        try fixture.temp.write("outsidedir/secret.yaml", Elements.group("secret-dir"))
        try fixture.symlink("architecture/passwd.yaml", to: "/etc/passwd")
        try fixture.symlink("architecture/out.yaml", to: "../../outside.yaml")
        try fixture.symlink("architecture/absolute.yaml", to: fixture.temp.url("outside.yaml"))
        try fixture.symlink("architecture/outdir", to: "../../outsidedir")
        try fixture.symlink("architecture/in.yaml", to: "../shared/b.yaml")
        try fixture.commitAll("links")

        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let run = try runCheck(fixture.root, selection)
            let skipped = Set(run.findings("skipped-document", detail: "symlink").map(\.file))
            #expect(skipped == ["architecture/passwd.yaml", "architecture/out.yaml", "architecture/absolute.yaml"],
                    "\(selection): \(run.findings)")
            // a, and b through the link inside the repository; nothing from outside.
            #expect(run.elements == 2, "\(selection): \(run.findings)")
            #expect(!run.findings.contains { $0.rule == "yaml-syntax" }, "\(selection): \(run.findings)")
            #expect(!run.findings.contains { $0.element?.contains("secret") ?? false || $0.file.hasPrefix("architecture/outdir/") },
                    "\(selection): \(run.findings)")
        }
    }

    @Test func lfsPointer() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write("architecture/large.yaml", """
            version https://git-lfs.github.com/spec/v1
            oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
            size 12345

            """)
        try fixture.commitAll("lfs pointer")
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            let run = try runCheck(fixture.root, selection)
            let lfs = run.findings("yaml-syntax", detail: "lfs-pointer")
            #expect(lfs.map(\.file) == ["architecture/large.yaml"], "\(selection): \(run.findings)")
            #expect(lfs.first?.element == nil && lfs.first?.line == 1)
            #expect(run.elements == 1)
            #expect(run.exitCode == 1, "a yaml-syntax finding is an error")
        }
    }

    /// Writes a file whose path holds bytes that are not UTF-8 (the name Latin-1 `æ`, byte 0xE6).
    static func writeRaw(_ path: [UInt8], _ content: String) throws {
        let fd = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        }
        try #require(fd >= 0, "open failed: \(errno)")
        let bytes = Array(content.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        try #require(written == bytes.count)
    }

    static func mkdirRaw(_ path: [UInt8]) throws {
        let result = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mkdir($0, 0o755) }
        }
        try #require(result == 0, "mkdir failed: \(errno)")
    }

    static let latinDirFinding = "architecture/dir-\u{FFFD}/x.yaml:4 ref-resolves"

    @Test func nonUTF8PathNames() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        let base = Array((fixture.root + "/architecture/").utf8)
        try Self.writeRaw(base + [0xE6] + Array(".yaml".utf8), Elements.group("latin-file"))
        try Self.mkdirRaw(base + Array("dir-".utf8) + [0xE6])
        // An element with a finding, so that the name it is reported under shows.
        try Self.writeRaw(base + Array("dir-".utf8) + [0xE6] + Array("/x.yaml".utf8),
                          "apiVersion: arkitekt/v1\nkind: DataEntity\nmetadata: {name: latin-dir}\nspec: {owner: ingen, definition: Et navn, concept: x}\n")
        try fixture.git("add", "-A")
        let staged = try fixture.cli.runBytes(["ls-files", "-z"], in: fixture.root)
        try #require(staged.split(separator: 0).filter { $0.contains(0xE6) }.count == 2, "git tracks both names")
        try fixture.git("commit", "-q", "-m", "latin-1 names")

        for selection in [SourceSelection.workTree, .staged, .revision("HEAD")] {
            let run = try runCheck(fixture.root, selection)
            // Read, every one, and reported under the name with a replacement character.
            #expect(run.elements == 3, "\(selection): \(run.elements) elements, \(run.findings)")
            #expect(run.findings.map { "\($0.file):\($0.line) \($0.rule)" } == [Self.latinDirFinding], "\(selection)")
            #expect(run.files == 3, "\(selection)")
        }
        // In a directory without git as well.
        try FileManager.default.removeItem(atPath: fixture.root + "/.git")
        let plain = try runCheck(fixture.root)
        #expect(plain.elements == 3, "\(plain.findings)")
        #expect(plain.findings.map { "\($0.file):\($0.line) \($0.rule)" } == [Self.latinDirFinding])
    }

    /// A repository with nothing in it: every source says there is no landscape, and a revision
    /// says there are no commits yet, never "0 errors".
    @Test func emptyRepository() throws {
        let fixture = try GitFixture()
        for selection in [SourceSelection.workTree, .staged] {
            let error = try #require(checkError(fixture.root, selection))
            #expect(error.text(.en).hasPrefix("No landscape found"), "\(selection): \(error.text(.en))")
            #expect(error.text(.nb).hasPrefix("Fant ikke noe landskap"), "\(selection)")
        }
        let head = try #require(checkError(fixture.root, .revision("HEAD")))
        #expect(head.text(.en).hasPrefix("The repository has no commits yet, so 'HEAD' does not exist."), "\(head.text(.en))")
        #expect(head.text(.nb).hasPrefix("Depotet har ingen commits ennå"), "\(head.text(.nb))")
        #expect(head.detail != nil, "what libgit2 said is kept for --verbose")
    }

    @Test func stagedFilesWithoutCommits() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write("architecture/b.yaml", Elements.group("b"))
        try fixture.git("add", "architecture/a.yaml")
        let staged = try runCheck(fixture.root, .staged)
        #expect(staged.elements == 1 && staged.files == 1)
        #expect(staged.fileLevelErrors.isEmpty, "\(staged.findings)")
        #expect(try runCheck(fixture.root).elements == 2, "the work tree adds the untracked file")
        #expect(checkError(fixture.root, .revision("HEAD")) != nil)
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct SymlinkTests {
    static let system = "name: shop\n"
    static let common = "shared: true\n"

    /// Links inside `architecture/`, plus targets inside and outside the repository (`<temp>/outside*`).
    static func linkFixture() throws -> Fixture {
        let fixture = try Fixture()
        try fixture.write("architecture/system.yaml", system)
        try fixture.write("shared/common.yaml", common)
        try fixture.temp.write("outside.yaml", "outside: secret\n")
        try fixture.temp.write("outsidedir/secret.yaml", "outside: secret\n")
        try fixture.symlink("architecture/link.yaml", to: "system.yaml")
        try fixture.symlink("architecture/up.yaml", to: "../shared/common.yaml")
        try fixture.symlink("architecture/chain.yaml", to: "link.yaml")
        try fixture.symlink("architecture/dirlink", to: "../shared")
        try fixture.symlink("architecture/viadir.yaml", to: "dirlink/common.yaml")
        try fixture.symlink("architecture/dotdot.yaml", to: "./dirlink/../architecture/system.yaml")
        try fixture.symlink("architecture/passwd.yaml", to: "/etc/passwd")
        try fixture.symlink("architecture/out.yaml", to: "../../outside.yaml")
        try fixture.symlink("architecture/outdir", to: "../../outsidedir")
        try fixture.symlink("architecture/viaoutdir.yaml", to: "outdir/secret.yaml")
        try fixture.symlink("architecture/loop1.yaml", to: "loop2.yaml")
        try fixture.symlink("architecture/loop2.yaml", to: "loop1.yaml")
        try fixture.symlink("architecture/missing.yaml", to: "nope.yaml")
        try fixture.symlink("architecture/todir.yaml", to: "../shared")
        try fixture.symlink("architecture/gitconfig.yaml", to: "../.git/config")
        return fixture
    }

    /// name -> (link text, resolved content or nil when it escapes)
    static let expected: [String: (target: String, content: String?)] = [
        "architecture/link.yaml": ("system.yaml", system),
        "architecture/up.yaml": ("../shared/common.yaml", common),
        "architecture/chain.yaml": ("link.yaml", system),
        "architecture/viadir.yaml": ("dirlink/common.yaml", common),
        "architecture/dotdot.yaml": ("./dirlink/../architecture/system.yaml", system),
        "architecture/passwd.yaml": ("/etc/passwd", nil),
        "architecture/out.yaml": ("../../outside.yaml", nil),
        "architecture/viaoutdir.yaml": ("outdir/secret.yaml", nil),
        "architecture/loop1.yaml": ("loop2.yaml", nil),
        "architecture/loop2.yaml": ("loop1.yaml", nil),
        "architecture/missing.yaml": ("nope.yaml", nil),
        "architecture/todir.yaml": ("../shared", nil),
        "architecture/gitconfig.yaml": ("../.git/config", nil),
    ]

    static func check(_ files: [SourceFile], blobIDs: (String) throws -> String?) throws {
        let found = byPath(files)
        #expect(found["architecture/system.yaml"]?.kind == .regular)
        for (path, link) in expected {
            let file = try #require(found[path], "\(path) listed")
            #expect(file.kind == .symlink(target: link.target, escapes: link.content == nil), "\(path)")
            #expect(text(file.content) == (link.content ?? ""), "\(path)")
            #expect(file.size == (link.content?.utf8.count ?? 0), "\(path)")
            #expect(!file.omitted)
            #expect(file.blobID == (try blobIDs(path)), "\(path)")
        }
        #expect(paths(files) == byteSorted(paths(files)))
        // A link to a folder has no YAML extension: the landscape's listing leaves it out.
        #expect(found["architecture/dirlink"] == nil)
    }

    /// Listed without an extension filter, a link to a folder is a link that leads to no regular
    /// file: it "escapes", and nothing is read through it.
    @Test func aLinkToAFolderLeadsToNoFile() throws {
        let fixture = try Self.linkFixture()
        try fixture.git("add", "-A")
        let repository = try fixture.open()
        for selection in [SourceSelection.workTree, .staged] {
            let files = try repository.files(selection, filter: FileFilter(prefixes: ["architecture"]))
            let dirlink = try #require(byPath(files)["architecture/dirlink"], "\(selection)")
            #expect(dirlink.kind == .symlink(target: "../shared", escapes: true), "\(selection)")
            #expect(dirlink.content.isEmpty && dirlink.size == 0, "\(selection)")
        }
    }

    @Test func workTree() throws {
        let fixture = try Self.linkFixture()
        try fixture.git("add", "-A")  // the index blob ids are the oracle for the link texts
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: landscape)
        try Self.check(files) { try fixture.gitLine("rev-parse", ":\($0)") }
        // Untracked links behave the same.
        try fixture.git("rm", "-q", "-r", "--cached", "architecture")
        let untracked = try repository.files(.workTree, filter: landscape)
        #expect(untracked == files)

        let all = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture"]))
        #expect(byPath(all)["architecture/dirlink"]?.kind == .symlink(target: "../shared", escapes: true))
        #expect(byPath(all)["architecture/outdir/secret.yaml"] == nil)

        let viaLink = try #require(try repository.file(at: "architecture/chain.yaml", .workTree, maxBytes: 100))
        #expect(text(viaLink.content) == Self.system)
        let tooBig = try #require(try repository.file(at: "architecture/chain.yaml", .workTree, maxBytes: 3))
        #expect(tooBig.omitted && tooBig.content.isEmpty && tooBig.size == Self.system.utf8.count)
    }

    @Test func revisionAndStaged() throws {
        let fixture = try Self.linkFixture()
        try fixture.commitAll("links")
        // Change the disk afterwards: revision and staged must not look at it.
        try fixture.write("architecture/system.yaml", "changed on disk\n")
        let repository = try fixture.open()

        let revision = try repository.files(.revision("HEAD"), filter: landscape)
        try Self.check(revision) { try fixture.gitLine("rev-parse", "HEAD:\($0)") }
        let staged = try repository.files(.staged, filter: landscape)
        try Self.check(staged) { try fixture.gitLine("rev-parse", ":\($0)") }
        #expect(revision == staged)
        #expect(try repository.file(at: "architecture/viadir.yaml", .revision("HEAD"), maxBytes: 100)?.content == Array(Self.common.utf8))
        #expect(try repository.file(at: "architecture/passwd.yaml", .staged, maxBytes: 100)?.kind == .symlink(target: "/etc/passwd", escapes: true))
    }

    /// A tracked file whose directory was replaced by a symlink pointing outside is never read through it.
    @Test func trackedFileBehindSymlinkedDirectory() throws {
        let fixture = try Fixture()
        try fixture.write("architecture/inner/x.yaml", "inside\n")
        try fixture.commitAll("inner")
        try fixture.remove("architecture/inner")
        try fixture.temp.write("elsewhere/x.yaml", "outside: secret\n")
        try fixture.symlink("architecture/inner", to: "../../elsewhere")
        let repository = try fixture.open()
        let files = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture"]))
        #expect(byPath(files)["architecture/inner/x.yaml"] == nil)
        #expect(byPath(files)["architecture/inner"]?.kind == .symlink(target: "../../elsewhere", escapes: true))
        #expect(try repository.file(at: "architecture/inner/x.yaml", .workTree, maxBytes: 100) == nil)
        let prefixed = try repository.files(.workTree, filter: FileFilter(prefixes: ["architecture/inner"]))
        #expect(prefixed.allSatisfy { $0.content.isEmpty })
    }

    @Test func directorySource() throws {
        let fixture = try Self.linkFixture()
        let source = DirectorySource(root: fixture.root)
        let files = try source.files(filter: landscape)
        try Self.check(files) { try fixture.hashObject(text: try Self.linkText(fixture, $0)) }
    }

    static func linkText(_ fixture: Fixture, _ path: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: fixture.root + "/" + path)
    }
}

extension Fixture {
    /// `git hash-object --no-filters` of a text (written to a file outside the repository).
    func hashObject(text: String) throws -> String {
        let file = try temp.write("hash-\(UUID().uuidString)", text)
        return try cli.run("hash-object", "--no-filters", file, in: temp.path).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

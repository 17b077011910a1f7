import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

/// A temporary directory holding a repository at `<temp>/repo`, driven by the git CLI.
final class Fixture {
    let temp: TempDirectory
    let cli: GitCLI
    let root: String

    /// - Parameter initialise: run `git init` in `root`.
    init(initialise: Bool = true) throws {
        temp = try TempDirectory(prefix: "arkitekt-git")
        cli = GitCLI(home: temp.path)
        root = temp.url("repo")
        if initialise { try cli.initRepo(at: root) }
    }

    /// Writes a file inside the repository.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        try temp.write("repo/" + relativePath, text)
    }

    func symlink(_ relativePath: String, to target: String) throws {
        try temp.symlink("repo/" + relativePath, to: target)
    }

    func remove(_ relativePath: String) throws {
        try temp.remove("repo/" + relativePath)
    }

    func disk(_ relativePath: String) throws -> [UInt8] {
        try temp.read("repo/" + relativePath)
    }

    @discardableResult
    func git(_ args: String...) throws -> String {
        try cli.run(arguments: args, in: root)
    }

    /// Output of git, trimmed.
    func gitLine(_ args: String...) throws -> String {
        try cli.run(arguments: args, in: root).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// NUL-separated output of git (`-z` commands) as a list.
    func gitList(_ args: String...) throws -> [String] {
        let bytes = try cli.runBytes(args, in: root)
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    func gitBytes(_ args: String...) throws -> [UInt8] {
        try cli.runBytes(args, in: root)
    }

    @discardableResult
    func commitAll(_ message: String) throws -> String {
        try cli.commitAll(message, in: root)
    }

    func open() throws -> GitRepository {
        try #require(try GitRepository.discover(from: root))
    }

    /// The standard landscape: two commits, annotated tag v1 on the first.
    ///
    ///     .arkitekt.yaml  .gitignore  other.yaml  docs/readme.md
    ///     architecture/system.yaml  architecture/notes.md
    ///     architecture/services/api.yaml  architecture/services/db.yml  (+ queue.yaml in the second commit)
    static func standard() throws -> Fixture {
        let fixture = try Fixture()
        try fixture.write(".arkitekt.yaml", "landscape: architecture\n")
        try fixture.write(".gitignore", "architecture/ignored/\n*.tmp.yaml\n")
        try fixture.write("other.yaml", "other: true\n")
        try fixture.write("docs/readme.md", "# Docs\n")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 1\n")
        try fixture.write("architecture/notes.md", "notes\n")
        try fixture.write("architecture/services/api.yaml", "service: api\n")
        try fixture.write("architecture/services/db.yml", "service: db\n")
        try fixture.commitAll("First landscape")
        try fixture.git("tag", "-a", "v1", "-m", "version 1")
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 2\n")
        try fixture.write("architecture/services/queue.yaml", "service: queue\n")
        try fixture.commitAll("Second landscape\n\nWith a body.")
        return fixture
    }
}

let landscape = FileFilter(prefixes: ["architecture"], extensions: ["yaml", "yml"])

func paths(_ files: [SourceFile]) -> [String] { files.map(\.path) }

func byteSorted(_ paths: [String]) -> [String] {
    paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}

func hasLandscapeExtension(_ path: String) -> Bool {
    path.hasSuffix(".yaml") || path.hasSuffix(".yml")
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func byPath(_ files: [SourceFile]) -> [String: SourceFile] {
    Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
}

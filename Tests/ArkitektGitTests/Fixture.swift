import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

/// The Git tests' repository fixture.
typealias Fixture = RepoFixture

extension RepoFixture {
    /// - Parameter initialise: run `git init` in `root`.
    convenience init(initialise: Bool = true) throws {
        try self.init(prefix: "arkitekt-git", initialise: initialise)
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

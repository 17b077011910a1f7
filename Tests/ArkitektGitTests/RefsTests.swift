import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct RefsTests {
    @Test func tagsByCommitMatchesShowRef() throws {
        let fixture = try mergeHistory()
        try fixture.git("tag", "-a", "v1.0", "-m", "same commit as v1", "v1^{commit}")
        try fixture.git("tag", "-a", "nested", "-m", "a tag of a tag", "v1")
        try fixture.git("tag", "release/2024", "side")
        try fixture.git("tag", "tree-tag", "HEAD^{tree}")
        try fixture.git("tag", "-a", "blob-tag", "-m", "a blob", "HEAD:architecture/a.yaml")
        try fixture.git("pack-refs", "--all")  // peeled values come from packed-refs now
        try fixture.git("tag", "loose", "HEAD")

        // Oracle: `git show-ref --tags -d`, the peeled line (^{}) wins, commits only.
        var byName: [String: String] = [:]
        for line in try fixture.gitLines(["show-ref", "--tags", "-d"]) {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            var name = String(parts[1].dropFirst("refs/tags/".count))
            if name.hasSuffix("^{}") {
                name.removeLast(3)
                byName[name] = parts[0]
            } else if byName[name] == nil {
                byName[name] = parts[0]
            }
        }
        var expected: [String: [String]] = [:]
        for (name, id) in byName where try fixture.gitLine("cat-file", "-t", id) == "commit" {
            expected[id, default: []].append(name)
        }
        expected = expected.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

        let repository = try fixture.open()
        let tags = try repository.tagsByCommit()
        #expect(tags == expected)
        let v1 = try fixture.gitLine("rev-parse", "v1^{commit}")
        #expect(tags[v1] == ["nested", "v1", "v1.0"])
        #expect(tags[try fixture.gitLine("rev-parse", "light")] == ["light"])
        #expect(tags[try fixture.gitLine("rev-parse", "side")] == ["release/2024"])
        #expect(!tags.values.joined().contains("tree-tag") && !tags.values.joined().contains("blob-tag"))

        let empty = try Fixture()
        #expect(try empty.open().tagsByCommit().isEmpty)
    }

    @Test func headStates() throws {
        let fixture = try mergeHistory()
        let bare = try Fixture(initialise: false)
        try fixture.cli.run("clone", "-q", "--bare", fixture.root, bare.root, in: bare.temp.path)
        let repository = try fixture.open()
        #expect(try repository.head() == .branch("main"))
        try fixture.git("checkout", "-q", "-b", "feature/x")
        #expect(try repository.head() == .branch("feature/x"))
        try fixture.git("checkout", "-q", "--detach", "side")
        #expect(try repository.head() == .detached(commit: try fixture.gitLine("rev-parse", "side")))
        try fixture.git("checkout", "-q", "--orphan", "fresh")
        #expect(try repository.head() == .unborn(branch: "fresh"))

        let empty = try Fixture()
        #expect(try empty.open().head() == .unborn(branch: "main"))

        let bareRepository = try #require(try GitRepository.discover(from: bare.root))
        #expect(try bareRepository.head() == .branch("main"))
        #expect(try bareRepository.log(nil, firstParent: true).map(\.id) == (try bare.gitLog(nil, firstParent: true)))
    }
}

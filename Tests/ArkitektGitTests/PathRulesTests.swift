@testable import ArkitektGit
import Testing

@Suite struct PathRulesTests {
    func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

    @Test func normalisation() {
        #expect(PathRules.normalise("./architecture/") == bytes("architecture"))
        #expect(PathRules.normalise("architecture//services/.") == bytes("architecture/services"))
        #expect(PathRules.normalise("") == [])
        #expect(PathRules.normalise(".") == [])
        #expect(PathRules.normalise("./") == [])
        #expect(PathRules.normalise("a/../b") == nil)
        #expect(PathRules.normalise("..") == nil)
    }

    @Test func prefixes() {
        #expect(PathRules.minimalPrefixes([bytes("a/b"), bytes("a"), bytes("a-b"), bytes("a")]) == [bytes("a"), bytes("a-b")])
        #expect(PathRules.minimalPrefixes([bytes("x"), []]) == [[]])
        #expect(PathRules.isWithin(bytes("a/b.yaml"), prefix: bytes("a")))
        #expect(PathRules.isWithin(bytes("a"), prefix: bytes("a")))
        #expect(!PathRules.isWithin(bytes("ab/c"), prefix: bytes("a")))
        #expect(!PathRules.isWithin(bytes("a"), prefix: bytes("a/b")))
        #expect(PathRules.isWithin(bytes("anything"), prefix: []))
    }

    @Test func extensions() {
        #expect(PathRules.fileExtension(bytes("a/b.c/file.yaml")) == bytes("yaml"))
        #expect(PathRules.fileExtension(bytes("a/b.c/Makefile")) == nil)
        #expect(PathRules.fileExtension(bytes("x.tar.gz")) == bytes("gz"))
        #expect(PathRules.fileExtension(bytes("x.")) == [])
        let spec = FilterSpec(FileFilter(prefixes: ["a"], extensions: ["yaml", ".yml"]))
        #expect(spec.matchesFile(bytes("a/x.yml")))
        #expect(spec.matchesFile(bytes("a/x.yaml")))
        #expect(spec.matchesFile(bytes("a/x.YAML")), "letter case does not matter")
        #expect(spec.matchesFile(bytes("a/x.yMl")))
        #expect(!spec.matchesFile(bytes("a/x.yamll")))
        #expect(!spec.matchesFile(bytes("a/yaml")))
        #expect(!spec.matchesFile(bytes("b/x.yaml")))
        #expect(spec.matchesSubmodule(bytes("a/sub")))
    }

    @Test func resolverFollowsRulesOfTheKernel() {
        // A tiny in-memory tree.
        let nodes: [String: ResolverNode<String>] = [
            "a": .directory, "a/f": .regular("a/f"), "a/l": .symlink(target: Array("f".utf8)),
            "a/d": .symlink(target: Array("../b".utf8)), "b": .directory, "b/g": .regular("b/g"),
            "a/self": .symlink(target: Array("self".utf8)),
        ]
        func lookup(_ path: [UInt8]) -> ResolverNode<String> { nodes[String(decoding: path, as: UTF8.self)] ?? .missing }
        func resolve(_ link: String, _ target: String) -> String? {
            SymlinkResolver.resolve(linkPath: bytes(link), target: bytes(target), lookup: lookup)?.payload
        }
        #expect(resolve("a/x", "f") == "a/f")
        #expect(resolve("a/x", "l") == "a/f")
        #expect(resolve("a/x", "d/g") == "b/g")
        #expect(resolve("a/x", "d/../a/f") == "a/f")       // physical "..": parent of b
        #expect(resolve("a/x", "./../a/./f") == "a/f")
        #expect(resolve("a/x", "../../a/f") == nil)          // leaves the root
        #expect(resolve("a/x", "/a/f") == nil)               // absolute
        #expect(resolve("a/x", "self") == nil)               // loop
        #expect(resolve("a/x", "f/") == nil)                 // not a directory
        #expect(resolve("a/x", "../.git/config") == nil)
        #expect(resolve("a/x", "..") == nil)                 // the root itself is a directory
        #expect(resolve("a/x", "") == nil)
        #expect(resolve("x", "a/f") == "a/f")
    }
}

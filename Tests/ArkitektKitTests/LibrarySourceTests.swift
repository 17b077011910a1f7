@testable import ArkitektKit
import ArkitektLoading
import ArkitektModel
import Testing

/// Where `git:` of a library points: URLs as written, paths against the repository's top folder.
@Suite struct LibrarySourceTests {
    @Test(arguments: [
        ("../felles", "/work/kommune", "/work/felles"),
        ("./katalog/felles", "/work/kommune", "/work/kommune/katalog/felles"),
        ("/srv/git/felles", "/work/kommune", "/srv/git/felles"),
        ("https://example.org/felles.git", "/work/kommune", "https://example.org/felles.git"),
        ("file:///srv/git/felles", "/work/kommune", "file:///srv/git/felles"),
        ("git@example.org:ks/felles.git", "/work/kommune", "git@example.org:ks/felles.git"),
        ("kari@git.example.org:felles", "/work/kommune", "kari@git.example.org:felles"),
        ("dir/with:colon", "/work/kommune", "/work/kommune/dir/with:colon"),
    ])
    func sources(git: String, root: String, source: String) {
        let at = SourceLocation(file: ".arkitekt.yaml", line: 1, column: 1)
        let library = LibrarySpec(name: Located("felles", at: at), git: Located(git, at: at), rev: Located("v1", at: at))
        #expect(Libraries.source(library, root: root) == source)
    }
}

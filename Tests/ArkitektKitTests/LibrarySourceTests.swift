@testable import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
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

/// A library's files are told from the landscape's own by the empty folder name after `@NAME`.
@Suite struct ImportedPathTests {
    @Test(arguments: [
        ("@felles//architecture/svarut.yaml", "felles"),
        ("@felles/architecture/svarut.yaml", nil),
        ("@arkiv/a.yaml", nil),
        ("architecture/@felles//x.yaml", nil),
        ("@//x.yaml", ""),
        ("@felles", nil),
        ("@felles/", nil),
    ] as [(String, String?)])
    func libraryOfAFile(file: String, library: String?) {
        #expect(Landscape.library(of: file) == library)
        #expect(Landscape.isImported(file) == (library != nil))
    }

    /// A landscape's own folder named `@…` is its own: a name given twice there is still reported.
    @Test func aFolderNamedWithAnAtIsTheLandscapesOwn() throws {
        let dir = try TempDirectory()
        _ = try dir.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  paths: ['@arkiv']\n")
        let group = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: arkiv}\nspec: {type: unit}\n"
        _ = try dir.write("@arkiv/a.yaml", group)
        _ = try dir.write("@arkiv/b.yaml", group)
        let run = try Executable().run(["check", "--lang", "en", "--fail-on", "never"], in: dir.path)
        #expect(run.stdout.contains("@arkiv/b.yaml:3:18: error: group:arkiv is defined twice: first at @arkiv/a.yaml:3:18"), "\(run.stdout)\(run.stderr)")
    }
}

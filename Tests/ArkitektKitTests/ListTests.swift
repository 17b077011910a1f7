import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt ls`, through the binary, on the bundled sample.
@Suite struct ListCommandTests {
    static let sample = packageRoot() + "/samples/landscape"

    func ls(_ args: [String], in dir: String = ListCommandTests.sample) throws -> ProcessResult {
        try Executable().run(["ls", "--lang", "en"] + args, in: dir)
    }

    @Test func everyElementOnceSortedWithItsTitleOwnerAndLifecycle() throws {
        let all = try ls([])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 121, "the sample's 121 elements")
        let refs = lines.map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }
        #expect(refs == refs.sorted() && Set(refs).count == refs.count)
        #expect(lines.contains("system:sak-arkiv\tSak/arkiv\tgroup:dokumentsenteret\tproduction"))
        #expect(try ls([]).stdout == all.stdout, "the same twice")
    }

    @Test func filtersNarrowTheList() throws {
        let systems = try ls(["--kind", "system"]).stdout.split(separator: "\n")
        #expect(!systems.isEmpty && systems.allSatisfy { $0.hasPrefix("system:") })
        #expect(try ls(["--kind", "System"]).stdout == systems.map { $0 + "\n" }.joined())
        let owned = try ls(["--owner", "dokumentsenteret"]).stdout
        #expect(owned == """
            data:saksdokument\tSaksdokument\tgroup:dokumentsenteret\t
            process:journalforing\tJournalføring og arkivering\tgroup:dokumentsenteret\t
            system:gammel-print\tGammel printløsning\tgroup:dokumentsenteret\tretired
            system:innsynslosning\tInnsyn i postlisten\tgroup:dokumentsenteret\tplanned
            system:sak-arkiv\tSak/arkiv\tgroup:dokumentsenteret\tproduction

            """, "\(owned)")
        let retired = try ls(["--lifecycle", "retired", "--format", "json"])
        let items = try #require(JSONSerialization.jsonObject(with: Data(retired.stdout.utf8)) as? [[String: Any]])
        #expect(!items.isEmpty && items.allSatisfy { $0["lifecycle"] as? String == "retired" })
        #expect(items.contains { $0["ref"] as? String == "system:gammel-print" && $0["owner"] as? String == "group:dokumentsenteret" })
    }

    @Test func aFilterThatNamesNothingIsAnError() throws {
        let kind = try ls(["--kind", "sytem"])
        #expect(kind.status == 2 && kind.stdout.isEmpty && kind.stderr.contains("Unknown kind 'sytem'. Did you mean"), "\(kind.stderr)")
        let owner = try ls(["--owner", "dokumentsentret"])
        #expect(owner.status == 2 && owner.stderr.contains("Did you mean 'dokumentsenteret'?"), "\(owner.stderr)")
        let lifecycle = try ls(["--lifecycle", "retierd"])
        #expect(lifecycle.status == 2 && lifecycle.stderr.contains("Did you mean 'retired'?"), "\(lifecycle.stderr)")
        let empty = try TempDirectory()
        let nothing = try ls([], in: empty.path)
        #expect(nothing.status == 2 && nothing.stdout.isEmpty)
    }

    @Test func aRevisionIsRead() throws {
        let repo = try RepoFixture(prefix: "ls", initialise: true)
        _ = try repo.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: a}\nspec: {type: unit}\n")
        _ = try repo.commitAll("a")
        _ = try repo.write("architecture/b.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: b}\nspec: {type: unit}\n")
        #expect(try ls([], in: repo.root).stdout == "group:a\t\t\t\ngroup:b\t\t\t\n")
        #expect(try ls(["--rev", "HEAD"], in: repo.root).stdout == "group:a\t\t\t\n")
    }
}

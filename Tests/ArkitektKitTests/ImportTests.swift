import ArkitektInterop
import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct ArchiMateImportTests {
    static let fixtures = packageRoot() + "/Tests/ArkitektKitTests/Fixtures/archimate"

    func importModel(_ file: String, into dir: String, _ extra: [String] = []) throws -> ProcessResult {
        try Executable().run(["import", "archimate", file, "-o", "architecture", "--lang", "en"] + extra, in: dir)
    }

    /// The numbers of a table row of the report: `| type | ... | mapped | not mapped |`.
    func counts(_ report: String, section: String) -> (mapped: Int, unmapped: Int) {
        var mapped = 0, unmapped = 0
        guard let start = report.range(of: section) else { return (0, 0) }
        for line in report[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let m = Int(cells[cells.count - 2]), let u = Int(cells[cells.count - 1]) else { continue }
            mapped += m
            unmapped += u
        }
        return (mapped, unmapped)
    }

    @Test(arguments: ["archisurance.xml", "archisurance.archimate"])
    func archisuranceIsAccountedForAndChecks(file: String) throws {
        let repo = try RepoFixture(prefix: "import", initialise: true)
        let result = try importModel(Self.fixtures + "/" + file, into: repo.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Read: 120 elements, 178 relationships, 17 views"))
        // Every element and relationship counted once: mapped, or listed as not mapped.
        let elements = counts(result.stdout, section: "| element type |")
        let relationships = counts(result.stdout, section: "| relationship type |")
        #expect(elements.mapped + elements.unmapped == 120)
        #expect(relationships.mapped + relationships.unmapped == 178)
        #expect(result.stdout.components(separatedBy: "\n- ").count - 1 == elements.unmapped + relationships.unmapped, "each one not mapped is listed")
        #expect(elements.mapped == 79 && relationships.mapped == 26, "\(elements) \(relationships)")
        let readme = try String(contentsOfFile: repo.root + "/architecture/README.md", encoding: .utf8)
        #expect(result.stdout.hasPrefix(readme))
        let yaml = try FileManager.default.subpathsOfDirectory(atPath: repo.root + "/architecture").filter { $0.hasSuffix(".yaml") }
        #expect(yaml.count == 86)
        // The landscape reads: findings or none, never a usage or input error.
        let check = try Executable().run(["check", "--lang", "en"], in: repo.root)
        #expect(check.status == 0 || check.status == 1, "\(check.stderr)")
        #expect(check.stdout.contains("in 86 elements from 86 files"), "\(check.stdout.suffix(200))")
        #expect(!check.stdout.contains("[schema]") && !check.stdout.contains("[yaml-syntax]"))
        // Names: slugs of the names, the name as title, the identifier kept.
        let bank = try String(contentsOfFile: repo.root + "/architecture/systems/bank-system.yaml", encoding: .utf8)
        #expect(bank.contains("  title: \"Bank System\"") && bank.contains("archimate-id: \"") && bank.contains("1813\""))
    }

    @Test func bothFormatsGiveTheSameLandscape() throws {
        let a = try TempDirectory(), b = try TempDirectory()
        #expect(try importModel(Self.fixtures + "/archisurance.xml", into: a.path).status == 0)
        #expect(try importModel(Self.fixtures + "/archisurance.archimate", into: b.path).status == 0)
        let pathsA = try FileManager.default.subpathsOfDirectory(atPath: a.url("architecture")).sorted()
        let pathsB = try FileManager.default.subpathsOfDirectory(atPath: b.url("architecture")).sorted()
        #expect(pathsA == pathsB)
        // The same files but for the identifiers (the exchange format prefixes them with "id-").
        func content(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("archimate-id") && !$0.hasPrefix("# Imported from ArchiMate") }.joined(separator: "\n")
        }
        for path in pathsA where path.hasSuffix(".yaml") {
            #expect(try content(a.url("architecture/" + path)) == content(b.url("architecture/" + path)), "\(path)")
        }
    }

    @Test func aNewImportChangesOnlyWhatChangedInTheModel() throws {
        let repo = try RepoFixture(prefix: "reimport", initialise: true)
        let original = try String(contentsOfFile: Self.fixtures + "/archisurance.xml", encoding: .utf8)
        let model = try repo.write("model.xml", original)
        #expect(try importModel(model, into: repo.root).status == 0)
        _ = try repo.commitAll("import")
        // Someone edits a file whose element does not change in the model.
        let edited = repo.root + "/architecture/systems/bank-system.yaml"
        let edit = try String(contentsOfFile: edited, encoding: .utf8).replacingOccurrences(of: "spec:\n", with: "spec:\n  scope: regional\n")
        try Data(edit.utf8).write(to: URL(fileURLWithPath: edited))
        _ = try repo.commitAll("edit")
        // The model changes: an element is renamed, one goes away.
        var newer = original.replacingOccurrences(of: ">Home &amp; Away Policy Administration<", with: ">Home &amp; Away Policies<")
        #expect(newer != original)
        newer = newer.replacingOccurrences(of: "<element identifier=\"id-1544\" xsi:type=\"BusinessInterface\">\n      <name xml:lang=\"en\">mail</name>\n    </element>\n", with: "")
        try repo.write("model.xml", newer)
        let again = try importModel(model, into: repo.root)
        #expect(again.status == 0, "\(again.stderr)")
        let changed = try repo.gitLine("diff", "--name-only", "--", "architecture").split(separator: "\n").map(String.init).sorted()
        // The renamed system, and the integration whose title names it; nothing else.
        #expect(changed == ["architecture/.arkitekt-import", "architecture/README.md",
                            "architecture/integrations/financial-application-home-away-policy-administration.yaml",
                            "architecture/systems/home-away-policy-administration.yaml"], "\(changed)")
        #expect(try String(contentsOfFile: edited, encoding: .utf8).contains("scope: regional"), "the edit is kept")
        #expect(again.stdout.contains("Read: 119 elements"))
    }

    @Test func badModelsAreLocatedErrorsOrListedItems() throws {
        let dir = try TempDirectory()
        func run(_ name: String, _ text: String) throws -> ProcessResult {
            try dir.write(name, text)
            return try Executable().run(["import", "archimate", dir.url(name), "-o", dir.url("out-" + name), "--lang", "en"], in: dir.path)
        }
        let ns = "http://www.opengroup.org/xsd/archimate/3.0/"
        let xsi = "http://www.w3.org/2001/XMLSchema-instance"
        let malformed = try run("broken.xml", "<?xml version=\"1.0\"?>\n<model xmlns=\"\(ns)\">\n  <elements>\n    <element identifier=\"a\"\n</model>\n")
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("broken.xml:"), "\(malformed.stderr)")
        let wrongNamespace = try run("ns.xml", "<model xmlns=\"http://example.org/other\"><elements/></model>")
        #expect(wrongNamespace.status == 2 && wrongNamespace.stderr.contains("namespace"))
        // An entity that would read a file outside the model is never expanded.
        try dir.write("secret.txt", "TOP-SECRET")
        let xxe = try run("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE model [<!ENTITY secret SYSTEM "file://\(dir.url("secret.txt"))">]>
            <model xmlns="\(ns)" xmlns:xsi="\(xsi)" identifier="m"><elements>
            <element identifier="e1" xsi:type="ApplicationComponent"><name>&secret;</name></element></elements></model>
            """)
        #expect(xxe.status == 2 && xxe.stderr.contains("entit") && xxe.stderr.contains("xxe.xml:2:1"), "\(xxe.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.url("out-xxe.xml")))
        let bomb = try run("bomb.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE model [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <model xmlns="\(ns)"><name>&b;</name></model>
            """)
        #expect(bomb.status == 2)
        // Duplicate identifiers, a relationship to nothing and an unknown type are listed.
        let odd = try run("odd.xml", """
            <?xml version="1.0"?>
            <model xmlns="\(ns)" xmlns:xsi="\(xsi)" identifier="m"><name>Odd</name><elements>
            <element identifier="a" xsi:type="ApplicationComponent"><name>Sak &amp; arkiv &lt;ny&gt;</name></element>
            <element identifier="a" xsi:type="ApplicationComponent"><name>Twice</name></element>
            <element identifier="b" xsi:type="NoSuchType"><name>Strange</name></element>
            </elements><relationships>
            <relationship identifier="r1" source="a" target="missing" xsi:type="Flow"/>
            </relationships></model>
            """)
        #expect(odd.status == 0, "\(odd.stderr)")
        #expect(odd.stdout.contains("- NoSuchType `b` \"Strange\""))
        #expect(odd.stdout.contains("Flow `r1`: `a` → `missing`"))
        #expect(odd.stdout.contains("Identifiers used more than once") && odd.stdout.contains("- `a`"))
        let sak = try String(contentsOfFile: dir.url("out-odd.xml/systems/sak-arkiv-ny.yaml"), encoding: .utf8)
        #expect(sak.contains("title: \"Sak & arkiv <ny>\""))
        let empty = try run("empty.xml", "<model xmlns=\"\(ns)\"><elements/></model>")
        #expect(empty.status == 2 && empty.stderr.contains("no elements"))
        let missing = try Executable().run(["import", "archimate", dir.url("nothing.xml"), "--lang", "en"], in: dir.path)
        #expect(missing.status == 2 && missing.stderr.contains("nothing.xml: cannot be read") && missing.stderr.contains("cannot open"), "\(missing.stderr)")
        // `import` alone is `import archimate`: without a file, a usage error.
        #expect(try Executable().run(["import"], in: dir.path).status == 2)
    }

    @Test func aFiftyMegabyteModelIsReadToTheEnd() throws {
        // 50 MB of elements the mapping does not take (so the test writes one file, the report):
        // read as a stream, every one counted and listed, no crash.
        let dir = try TempDirectory()
        let count = 160_000
        var text = "<?xml version=\"1.0\"?>\n<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" identifier=\"m\">\n<name>Large</name>\n<elements>\n"
        text.reserveCapacity(52_000_000)
        let padding = String(repeating: "Dokumentasjon som fyller ut modellen. ", count: 6)
        for i in 0..<count {
            text += "<element identifier=\"e\(i)\" xsi:type=\"BusinessInterface\"><name>Grensesnitt \(i)</name><documentation>\(padding)</documentation></element>\n"
        }
        text += "</elements>\n</model>\n"
        #expect(text.utf8.count > 50_000_000)
        try dir.write("large.xml", text)
        text = ""
        let result = try Executable().run(["import", "archimate", dir.url("large.xml"), "-o", dir.url("out"), "--lang", "en"], in: dir.path)
        #expect(result.status == 2, "no element maps: nothing is written, and that is an error")
        #expect(result.stderr.contains("none of the model's \(count) elements") && result.stderr.contains("BusinessInterface \(count)"), "\(result.stderr.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: dir.url("out")))
    }

    @Test func aFolderOfSomeoneElsesIsNeverOverwritten() throws {
        let dir = try TempDirectory()
        try dir.write("architecture/mine.yaml", "# mine\n")
        let refused = try importModel(Self.fixtures + "/archisurance.xml", into: dir.path)
        #expect(refused.status == 2 && refused.stderr.contains("--force"))
        try dir.write("architecture/systems/bank-system.yaml", "# my own bank system\n")
        let forced = try importModel(Self.fixtures + "/archisurance.xml", into: dir.path, ["--force"])
        #expect(forced.status == 2 && forced.stderr.contains("systems/bank-system.yaml"), "\(forced.stderr)")
        #expect(try String(contentsOfFile: dir.url("architecture/systems/bank-system.yaml"), encoding: .utf8) == "# my own bank system\n")
        try dir.remove("architecture/systems/bank-system.yaml")
        let beside = try importModel(Self.fixtures + "/archisurance.xml", into: dir.path, ["--force"])
        #expect(beside.status == 0)
        #expect(try String(contentsOfFile: dir.url("architecture/mine.yaml"), encoding: .utf8) == "# mine\n")
    }

    @Test(arguments: [("Ærlig Øl & Ål", "aerlig-ol-al"), ("Sak/arkiv", "sak-arkiv"), ("Café Ünïcode", "cafe-unicode"),
                      ("  --  ", "element"), (String(repeating: "lang ", count: 30), String(String(repeating: "lang-", count: 13).prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-")))])
    func slugs(text: String, slug: String) {
        #expect(ArchiMateImport.slug(text) == slug)
    }
}

import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt init`, through the binary, as a new user would run it.
@Suite struct InitTests {
    func arkitekt(_ args: [String], in dir: String) throws -> ProcessResult {
        try Executable().run(args, in: dir)
    }

    static func landscapeFiles(_ root: String) -> [String] {
        ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(arguments: ["nb", "en"]) func aNewFolderBecomesALandscapeThatPasses(language: String) throws {
        let dir = try TempDirectory()
        let root = dir.url("ny")
        let run = try arkitekt(["init", "ny", "--lang", language], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(language == "nb" ? "Skrev 9 filer i ny:\n" : "Wrote 9 files in ny:\n"), "\(run.stdout)")

        // check passes it: no error, and what is left asks for facts only the user has.
        let check = try arkitekt(["check", "--format", "json"], in: root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(Set(findings.map { $0["rule"] as? String ?? "" }) == ["personal-data-dpo-consulted", "risk-assessment-current", "data-concept-reference"])
        #expect(try arkitekt(["check"], in: root).stdout.contains(language == "nb" ? "0 feil" : "0 errors"), "the configuration's language")

        // One element of each main kind: groups, a system, a shared solution it reuses, data
        // with personal data, an integration.
        let list = try arkitekt(["ls", "--format", "json"], in: root)
        let items = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let kinds = Set(items.compactMap { ($0["ref"] as? String)?.split(separator: ":").first.map(String.init) })
        #expect(kinds == ["group", "capability", "system", "data", "integration"])
        let portal = language == "nb" ? "system:innbyggerportal" : "system:citizen-portal"
        let shown = try arkitekt(["show", portal, "--format", "json"], in: root)
        let fields = try #require((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["fields"] as? [String: String])
        #expect(fields["spec.uses"] == "[system:id-porten]")
        let idPorten = try arkitekt(["show", "system:id-porten", "--format", "json"], in: root)
        #expect(idPorten.stdout.contains("\"spec.scope\": \"national\""))
        let data = try #require(items.first { ($0["ref"] as? String)?.hasPrefix("data:") ?? false }?["ref"] as? String)
        #expect(try arkitekt(["show", data, "--format", "json"], in: root).stdout.contains("\"spec.classification.personal\": \"personal\""))

        // The schema, the modeline in every file pointing at it, and the editor's mapping.
        let schema = try arkitekt(["schema", "--lang", language], in: dir.path).stdout
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/.arkitekt/schema.json")), as: UTF8.self) == schema)
        for file in Self.landscapeFiles(root) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)), as: UTF8.self)
            let first = String(text.prefix { $0 != "\n" })
            #expect(first.hasPrefix("# yaml-language-server: $schema="), "\(file)")
            let target = URL(fileURLWithPath: root + "/" + file).deletingLastPathComponent()
                .appendingPathComponent(String(first.dropFirst("# yaml-language-server: $schema=".count))).standardizedFileURL.path
            #expect(target == URL(fileURLWithPath: root + "/.arkitekt/schema.json").standardizedFileURL.path, "\(file): \(target)")
        }
        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/.vscode/settings.json"))) as? [String: Any]
        let mapping = try #require(settings?["yaml.schemas"] as? [String: [String]])
        #expect(mapping[".arkitekt/schema.json"]?.contains("architecture/**/*.yaml") == true)
        // And the schema finds nothing wrong in them.
        let validation = try SchemaValidator().validate(root: root, files: [".arkitekt.yaml", "architecture"])
        #expect(validation.all.isEmpty && validation.documents == 9, "\(validation.all) \(validation.documents)")
    }

    @Test func nothingOfTheUsersIsReplaced() throws {
        let dir = try TempDirectory()
        #expect(try arkitekt(["init", "--lang", "en"], in: dir.path).status == 0)
        _ = try dir.write("architecture/data/enquiry.yaml", "# mine\n")
        let again = try arkitekt(["init", "--lang", "en"], in: dir.path)
        #expect(again.status == 2 && again.stdout.isEmpty)
        #expect(again.stderr.contains("These files already exist in '.', so nothing was written: .arkitekt.yaml, architecture/organisation.yaml"), "\(again.stderr)")
        #expect(again.stderr.split(separator: "\n").count == 1, "one line")
        #expect(try dir.read("architecture/data/enquiry.yaml") == Array("# mine\n".utf8))

        let look = try arkitekt(["init", "--lang", "en", "--dry-run"], in: dir.path)
        #expect(look.status == 0 && look.stdout.contains("  architecture/data/enquiry.yaml (exists: init stops without --force)\n"), "\(look.stdout)")
        #expect(try dir.read("architecture/data/enquiry.yaml") == Array("# mine\n".utf8))

        let dry = try arkitekt(["init", "--lang", "en", "--force", "--dry-run"], in: dir.path)
        #expect(dry.status == 0 && dry.stdout.hasPrefix("Would write 8 files in . (--dry-run: nothing was written):\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("  architecture/data/enquiry.yaml (replaced)\n"))
        #expect(try dir.read("architecture/data/enquiry.yaml") == Array("# mine\n".utf8), "a dry run writes nothing")

        let forced = try arkitekt(["init", "--lang", "en", "--force"], in: dir.path)
        #expect(forced.status == 0 && forced.stdout.contains("  architecture/data/enquiry.yaml (replaced)\n"))
        #expect(try dir.read("architecture/data/enquiry.yaml") != Array("# mine\n".utf8))
    }

    @Test func editorSettingsThatExistAreLeftAsTheyAre() throws {
        let dir = try TempDirectory()
        let mine = "{\"editor.tabSize\": 4}\n"
        _ = try dir.write(".vscode/settings.json", mine)
        let run = try arkitekt(["init", "--lang", "en"], in: dir.path)
        #expect(run.status == 0 && run.stdout.hasPrefix("Wrote 8 files in .:\n"), "\(run.stdout)")
        #expect(run.stdout.contains(".vscode/settings.json exists and was left as it is; add the schema yourself"))
        #expect(try dir.read(".vscode/settings.json") == Array(mine.utf8))
    }

    @Test func aLandscapeThatIsThereGetsNoMadeUpElements() throws {
        let dir = try TempDirectory()
        // An extension in capitals is a landscape file too, as the loader reads it.
        _ = try dir.write("architecture/own.YAML", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: own}\nspec: {type: unit}\n")
        let run = try arkitekt(["init", "--lang", "en"], in: dir.path)
        #expect(run.status == 2 && run.stderr.contains("already holds a landscape (1 YAML file), so nothing was written"), "\(run.stderr)")
        #expect(run.stderr.contains("arkitekt schema -o .arkitekt/schema.json"))
        #expect(Self.landscapeFiles(dir.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.url(".arkitekt.yaml")))
    }

    @Test func aFileWhereAFolderMustGoStopsItBeforeAnythingIsWritten() throws {
        let dir = try TempDirectory()
        _ = try dir.write("architecture", "not a folder\n")
        let run = try arkitekt(["init", "--lang", "en"], in: dir.path)
        #expect(run.status == 2 && run.stderr.contains("These must be folders but are files in '.', so nothing was written: architecture."), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.url(".arkitekt.yaml")))
        #expect(!FileManager.default.fileExists(atPath: dir.url(".arkitekt")))
    }

    @Test func aFileIsNoFolder() throws {
        let dir = try TempDirectory()
        _ = try dir.write("file", "x")
        let run = try arkitekt(["init", "file", "--lang", "en"], in: dir.path)
        #expect(run.status == 2 && run.stderr == "arkitekt: error: 'file' is a file; init needs a folder.\n", "\(run.stderr)")
    }
}

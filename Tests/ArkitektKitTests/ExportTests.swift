import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ArchiMateExportTests {
    static let fixtures = packageRoot() + "/Tests/ArkitektKitTests/Fixtures/archimate"
    static let sample = packageRoot() + "/samples/landscape"

    func export(_ path: String, to file: String, _ extra: [String] = [], in dir: String) throws -> ProcessResult {
        try Executable().run(["export", "archimate", path, "-o", file, "--lang", "en"] + extra, in: dir)
    }

    /// `xmllint --schema archimate3_Diagram.xsd`, offline: a catalog points the W3C's address of
    /// `xml.xsd` at the vendored copy, and `--nonet` forbids the network.
    func validate(_ file: String, in dir: TempDirectory) throws -> ProgramResult {
        let xmllint = try Tool.require("xmllint")
        let catalog = try dir.write("catalog.xml", """
        <?xml version="1.0"?>
        <catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
          <system systemId="http://www.w3.org/2001/xml.xsd" uri="file://\(Self.fixtures)/xml.xsd"/>
        </catalog>
        """)
        return try runProgram(xmllint, ["--noout", "--nonet", "--schema", Self.fixtures + "/archimate3_Diagram.xsd", file], in: dir.path,
                              environment: ["XML_CATALOG_FILES": catalog, "PATH": "/usr/bin:/bin"])
    }

    /// Every element by its reference, with every field as text: what a round trip must keep.
    /// The labels an import adds (`archimate-id`, `archimate-type`) are left out.
    func snapshot(_ path: String) throws -> [String: [String: String]] {
        let analysis = try Kit.analyse(try Workspace(path: path, selection: .workTree), today: Day(year: 2026, month: 12, day: 6) ?? Day(unixSeconds: 0), useCache: false)
        var all: [String: [String: String]] = [:]
        for element in analysis.landscape.resolvedElements {
            var fields = element.fields.mapValues(\.value.description)
            if case .map(var labels)? = element.fields["metadata.labels"]?.value {
                labels["archimate-id"] = nil
                labels["archimate-type"] = nil
                fields["metadata.labels"] = labels.isEmpty ? nil : FieldValue.map(labels).description
            }
            all[element.ref.description] = fields
        }
        return all
    }

    @Test func theSampleValidatesAgainstTheOpenGroupSchema() throws {
        let dir = try TempDirectory()
        let result = try export(Self.sample, to: dir.url("model.xml"), in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Wrote ") && result.stdout.contains(" elements, ") && result.stdout.contains(" views to "), "\(result.stdout)")
        let check = try validate(dir.url("model.xml"), in: dir)
        #expect(check.status == 0 && check.err.contains("validates"), "\(check.err.prefix(2000))")
    }

    @Test func exportThenImportGivesTheSameLandscape() throws {
        let dir = try TempDirectory()
        #expect(try export(Self.sample, to: dir.url("model.xml"), in: dir.path).status == 0)
        let back = try dir.makeDirectory("back")
        let imported = try Executable().run(["import", "archimate", dir.url("model.xml"), "-o", "architecture", "--lang", "en"], in: back)
        #expect(imported.status == 0, "\(imported.stderr)")
        // Every element and relationship of the file taken: nothing listed as not mapped.
        #expect(!imported.stdout.contains("## Elements not mapped") && !imported.stdout.contains("## Relationships not mapped"), "\(imported.stdout)")
        let before = try snapshot(Self.sample), after = try snapshot(back)
        #expect(before.count > 100)
        #expect(Set(before.keys) == Set(after.keys), "\(Set(before.keys).symmetricDifference(after.keys).sorted())")
        for (ref, fields) in before.sorted(by: { $0.key < $1.key }) {
            let other = after[ref] ?? [:]
            for path in Set(fields.keys).union(other.keys).sorted() where fields[path] != other[path] {
                Issue.record("\(ref) \(path): \(fields[path] ?? "absent") became \(other[path] ?? "absent")")
            }
        }
        // The findings the same but for the unknown field (not part of any element) and the
        // rules that read git history (the copy has none).
        let history: Set<String> = ["risk-assessment-current", "dpia-review-on-change", "unknown-field"]
        func rules(_ path: String) throws -> [String] {
            let check = try Executable().run(["check", path, "--format", "json", "--lang", "en"], in: path)
            let json = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            let findings = json["findings"] as? [[String: Any]] ?? []
            return findings.compactMap { f in
                guard let rule = f["rule"] as? String, !history.contains(rule) else { return nil }
                return "\(rule) \(f["element"] as? String ?? "")"
            }.sorted()
        }
        #expect(try rules(Self.sample) == rules(back))
    }

    @Test func theModelHasFoldersPropertyDefinitionsAndAViewPerOwnerLaidOut() throws {
        let dir = try TempDirectory()
        #expect(try export(Self.sample, to: dir.url("model.xml"), in: dir.path).status == 0)
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: dir.url("model.xml")), options: [])
        let root = try #require(document.rootElement())
        func all(_ element: XMLElement, _ name: String) -> [XMLElement] {
            element.children?.compactMap { $0 as? XMLElement }.flatMap { child in (child.localName == name ? [child] : []) + all(child, name) } ?? []
        }
        func type(_ e: XMLElement) -> String? { e.attributes?.first { $0.localName == "type" }?.stringValue }
        func attribute(_ e: XMLElement, _ name: String) -> String? { e.attributes?.first { $0.name == name }?.stringValue }

        let elements = all(root, "element")
        let owners = try snapshot(Self.sample).values.compactMap { $0["spec.owner"] }
        let groups = Set(try snapshot(Self.sample).keys.filter { $0.hasPrefix("group:") })
        let owning = Set(owners).intersection(groups)
        let views = all(root, "view")
        #expect(views.count == owning.count && views.count > 5, "\(views.count) views, \(owning.count) owners")
        for view in views {
            let nodes = all(view, "node")
            #expect(nodes.count >= 2)
            // Laid out: no two nodes of a view on top of each other.
            let boxes = nodes.compactMap { n -> (Int, Int, Int, Int)? in
                guard let x = attribute(n, "x").flatMap(Int.init), let y = attribute(n, "y").flatMap(Int.init),
                      let w = attribute(n, "w").flatMap(Int.init), let h = attribute(n, "h").flatMap(Int.init) else { return nil }
                return (x, y, w, h)
            }
            #expect(boxes.count == nodes.count)
            for i in boxes.indices {
                for j in boxes.indices where j > i {
                    let a = boxes[i], b = boxes[j]
                    let apart = a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1
                    #expect(apart, "\(attribute(view, "identifier") ?? ""): \(a) and \(b) overlap")
                }
            }
        }
        #expect(views.contains { view in !all(view, "connection").isEmpty })
        // Types: systems are application components, integrations flows, exemptions constraints.
        #expect(elements.contains { attribute($0, "identifier") == "id-system-sak-arkiv" && type($0) == "ApplicationComponent" })
        #expect(elements.contains { type($0) == "Constraint" } && elements.contains { type($0) == "Plateau" })
        let relationships = all(root, "relationship")
        #expect(relationships.contains { type($0) == "Flow" } && relationships.contains { type($0) == "Access" && attribute($0, "accessType") == "ReadWrite" })
        // Property definitions with their data types, and every property naming one.
        let definitions = all(root, "propertyDefinition")
        let defined = Set(definitions.compactMap { attribute($0, "identifier") })
        #expect(definitions.contains { $0.stringValue?.contains("arkitekt:security.riskAssessment") == true && attribute($0, "type") == "date" })
        #expect(definitions.contains { $0.stringValue?.contains("arkitekt:archive.noark5") == true && attribute($0, "type") == "boolean" })
        #expect(all(root, "property").allSatisfy { defined.contains(attribute($0, "propertyDefinitionRef") ?? "") })
        // Folders by kind, systems by owner inside.
        let organizations = try #require(all(root, "organizations").first)
        let folders = (organizations.children ?? []).compactMap { $0 as? XMLElement }.compactMap { all($0, "label").first?.stringValue }
        #expect(folders.contains("Systems") && folders.contains("Relationships") && folders.contains("Views"), "\(folders)")
    }

    @Test func theSameLandscapeGivesTheSameFileAndARevisionIsRead() throws {
        let repo = try RepoFixture(prefix: "export", initialise: true)
        try FileManager.default.copyItem(atPath: Self.sample + "/architecture", toPath: repo.root + "/architecture")
        _ = try repo.commitAll("landscape")
        #expect(try export(repo.root, to: repo.root + "/../a.xml", in: repo.root).status == 0)
        #expect(try export(repo.root, to: repo.root + "/../b.xml", in: repo.root).status == 0)
        let a = try String(contentsOfFile: repo.root + "/../a.xml", encoding: .utf8)
        #expect(a == (try String(contentsOfFile: repo.root + "/../b.xml", encoding: .utf8)))
        // A change in the work tree is not in HEAD's export.
        let file = repo.root + "/architecture/systemer/fellestjenester/sak-arkiv.yaml"
        if FileManager.default.fileExists(atPath: file) {
            try (try String(contentsOfFile: file, encoding: .utf8) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        }
        let stdout = try Executable().run(["export", "archimate", "--rev", "HEAD", "--lang", "en"], in: repo.root)
        #expect(stdout.status == 0)
        #expect(stdout.stdout == a, "the file and standard output carry the same model")
        let missing = try Executable().run(["export", "archimate", "--rev", "no-such-rev", "--lang", "en"], in: repo.root)
        #expect(missing.status == 2 && missing.stdout.isEmpty)
    }

    @Test func aFileOfTheUsersIsNotReplaced() throws {
        let dir = try TempDirectory()
        let mine = try dir.write("notes.xml", "<notes>mine</notes>\n")
        let refused = try export(Self.sample, to: mine, in: dir.path)
        #expect(refused.status == 2 && refused.stderr.contains("was not written by arkitekt export"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "<notes>mine</notes>\n")
        // An earlier export is replaced; --force replaces anything; a folder is no file.
        #expect(try export(Self.sample, to: dir.url("model.xml"), in: dir.path).status == 0)
        #expect(try export(Self.sample, to: dir.url("model.xml"), in: dir.path).status == 0)
        #expect(try export(Self.sample, to: mine, ["--force"], in: dir.path).status == 0)
        #expect(try String(contentsOfFile: mine, encoding: .utf8).contains("<model "))
        let folder = try export(Self.sample, to: dir.path, in: dir.path)
        #expect(folder.status == 2 && folder.stderr.contains("is a folder"))
        let nothing = try Executable().run(["export", "archimate", "--lang", "en"], in: try dir.makeDirectory("empty"))
        #expect(nothing.status == 2 && nothing.stdout.isEmpty, "\(nothing.stdout)")
    }

    @Test func awkwardTextsAndMissingElementsSurviveTheRoundTrip() throws {
        let dir = try TempDirectory()
        let land = try dir.makeDirectory("land")
        _ = try dir.write("land/architecture/all.yaml", """
        apiVersion: arkitekt/v1
        kind: Group
        metadata: {name: drift, title: "Drift & <IT> \\"avdeling\\"", labels: {"kost sted": "12 & 13"}}
        spec: {type: department}
        ---
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: a
          title: "Linje\\tmed tab"
          description: |
            To linjer,
            med ]]> og æøå.
          links: [{url: "https://example.org/?a=1&b=2", title: Docs}]
        spec:
          owner: drift
          vendor: "[ikke json"
          accessibility: "{ser ut som json}"
          uses: [b, finnes-ikke]
          hosting: mangler
          data: [{entity: person, access: master}, {entity: borte, access: read}, {entity: person, source: b}]
          security: {confidentiality: high, authentication: b}
          userFacing: yes
          availability: "null"
        ---
        apiVersion: arkitekt/v1
        kind: System
        metadata: {name: b}
        spec: {owner: ingen-slik, scope: national, legalBasis: ["a", "b"]}
        ---
        apiVersion: arkitekt/v1
        kind: DataEntity
        metadata: {name: person}
        spec: {owner: drift, definition: {nb: "Et menneske", en: "A human"}, classification: {personal: personal}}
        ---
        apiVersion: arkitekt/v1
        kind: Integration
        metadata: {name: a-til-b, description: "Sender <alt>"}
        spec: {from: a, to: b, data: [person], protocol: REST}
        ---
        apiVersion: arkitekt/v1
        kind: Integration
        metadata: {name: til-ingenting}
        spec: {from: a, to: finnes-ikke}
        ---
        apiVersion: arkitekt/v1
        kind: Transition
        metadata: {name: steg-1}
        spec:
          due: 2027-01-01
          conditions:
            - {ref: "system:a", path: spec.lifecycle, equals: retired}
            - {ref: "system:c", exists: true}
        ---
        apiVersion: arkitekt/v1
        kind: Exemption
        metadata: {name: unntak}
        spec: {rule: system-description, targets: ["system:a"], reason: "Fordi & derfor", expires: 2099-01-01, approvedBy: drift}
        """)
        let result = try export(land, to: dir.url("model.xml"), in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Not exported: integration:til-ingenting"), "\(result.stdout)")
        let check = try validate(dir.url("model.xml"), in: dir)
        #expect(check.status == 0, "\(check.err.prefix(2000))")
        let back = try dir.makeDirectory("back")
        #expect(try Executable().run(["import", "archimate", dir.url("model.xml"), "-o", "architecture", "--lang", "en"], in: back).status == 0)
        var before = try snapshot(land)
        before["integration:til-ingenting"] = nil
        let after = try snapshot(back)
        #expect(Set(before.keys) == Set(after.keys))
        for (ref, fields) in before.sorted(by: { $0.key < $1.key }) {
            let other = after[ref] ?? [:]
            for path in Set(fields.keys).union(other.keys).sorted() where fields[path] != other[path] {
                Issue.record("\(ref) \(path): \(fields[path] ?? "absent") became \(other[path] ?? "absent")")
            }
        }
    }

    @Test func anImportedModelGoesBackWithItsIdentifiers() throws {
        let dir = try TempDirectory()
        let land = try dir.makeDirectory("land")
        #expect(try Executable().run(["import", "archimate", Self.fixtures + "/archisurance.xml", "-o", "architecture", "--lang", "en"], in: land).status == 0)
        #expect(try export(land, to: dir.url("model.xml"), in: dir.path).status == 0)
        #expect(try validate(dir.url("model.xml"), in: dir).status == 0)
        let text = try String(contentsOfFile: dir.url("model.xml"), encoding: .utf8)
        // Bank System kept its identifier and its type; a role stayed a role.
        #expect(text.contains("identifier=\"id-1813\" xsi:type=\"ApplicationComponent\""), "\(text.prefix(3000))")
        #expect(text.contains("xsi:type=\"BusinessRole\""))
    }
}

extension TempDirectory {
    /// A new folder inside, by its absolute path.
    fileprivate func makeDirectory(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: url(name), withIntermediateDirectories: true)
        return url(name)
    }
}

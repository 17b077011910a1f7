import ArkitektLoading
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt schema`: the JSON Schema of the format, checked against the decoder (through the
/// binary) and by an independent validator, check-jsonschema (PyPI).
@Suite struct SchemaTests {
    static let sample = packageRoot() + "/samples/landscape"

    // MARK: Documents made from the table

    /// A value of each shape that the decoder reads without a finding, in YAML's flow style.
    static func flow(_ shape: FormatSchema.Shape, _ path: String, unknownAt: String?) -> String {
        switch shape {
        case .text: return "\"tekst 1\""
        case .name: return "eksempel"
        case .texts: return "[\"lov § 1\", \"lov § 2\"]"
        case .bool: return "yes"
        case .date: return "2025-01-31"
        case .retention: return "P1Y6M"
        case .percentage: return "\"99,5 %\""
        case .orgNumber: return "974 760 673"
        case .choice(let values): return values[0]
        case .ref(let kind): return kind == nil ? "system:eksempel" : "eksempel"
        case .list(let item):
            if case .object(let fields, let oneOf) = item, !oneOf.isEmpty {
                // One item for each test of a transition condition.
                return "[" + oneOf.map { group in
                    let needed = Set(group + fields.filter { group.contains($0.name) }.flatMap(\.needs))
                    return object(fields.filter { $0.required || needed.contains($0.name) }, path, unknownAt: unknownAt)
                }.joined(separator: ", ") + "]"
            }
            return "[" + flow(item, path, unknownAt: unknownAt) + "]"
        case .object(let fields, _): return object(fields, path, unknownAt: unknownAt)
        case .map(let value): return "{nokkel: " + flow(value, path + ".nokkel", unknownAt: nil) + "}"
        case .definition: return "{nb: \"tekst\", en: \"text\"}"
        case .any: return "\"verdi\""
        }
    }

    static let overrides: [String: String] = [
        "spec.rule": "integration-protocol",
        "spec.paths": "[architecture]",
        "spec.rulePacks": "[ks]",
        "spec.severity": "{integration-protocol: warning}",
        "spec.backstage.paths": "[tjenester]",
    ]

    static func object(_ fields: [FormatSchema.Field], _ path: String, unknownAt: String?) -> String {
        var members = fields.map { field -> String in
            let full = path.isEmpty ? field.name : path + "." + field.name
            return field.name + ": " + (overrides[full] ?? flow(field.shape, full, unknownAt: unknownAt))
        }
        if unknownAt == path { members.append("zzukjent: 1") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A document with every field of the kind, and with `unknownAt` an unknown key in the
    /// object at that path.
    static func document(_ kind: FormatSchema.DocumentKind, name: String = "eksempel", unknownAt: String? = nil) -> String {
        object(kind.fields, "", unknownAt: unknownAt).replacingOccurrences(of: "name: eksempel", with: "name: \(name)") + "\n"
    }

    /// The paths of every object in a kind (where an unknown key can go), "" for the top.
    static func objectPaths(_ fields: [FormatSchema.Field], _ path: String = "") -> [String] {
        [path] + fields.flatMap { field -> [String] in
            let full = path.isEmpty ? field.name : path + "." + field.name
            switch field.shape {
            case .object(let inner, _), .list(.object(let inner, _)): return objectPaths(inner, full)
            default: return []
            }
        }
    }

    /// The field paths the element shows when every field is given: leaves below objects, and
    /// lists and maps whole.
    static func leafPaths(_ fields: [FormatSchema.Field], _ path: String) -> [String] {
        fields.flatMap { field -> [String] in
            let full = path + "." + field.name
            if case .object(let inner, _) = field.shape { return leafPaths(inner, full) }
            return [full]
        }
    }

    /// `spec.data[0].entity` -> `spec.data.entity`.
    static func withoutIndices(_ path: String) -> String {
        path.replacingOccurrences(of: "\\[[0-9]+\\]", with: "", options: .regularExpression)
    }

    // MARK: The decoder and the schema agree

    @Test func theDecoderReadsEveryFieldOfTheSchemaAndNoOther() throws {
        let dir = try TempDirectory()
        let kinds = Kind.allCases
        var expected: [String: String] = [:]   // file -> the unknown key's path
        for kind in kinds {
            let document = FormatSchema.element(kind)
            _ = try dir.write("architecture/full/\(kind.refPrefix).yaml", Self.document(document))
            for (i, path) in Self.objectPaths(document.fields).enumerated() {
                let file = "architecture/unknown/\(kind.refPrefix)-\(i).yaml"
                _ = try dir.write(file, Self.document(document, name: "u\(i)", unknownAt: path))
                expected[file] = path.isEmpty ? "zzukjent" : path + ".zzukjent"
            }
        }
        let check = try Executable().run(["check", "--format", "json", "--fail-on", "never", "--lang", "en"], in: dir.path)
        #expect(check.status == 0, "\(check.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let loading = findings.filter { ["schema", "unknown-field", "deprecated-field", "yaml-syntax"].contains($0["rule"] as? String ?? "") }
        // Every field of every kind, with a valid value: nothing unknown, nothing of the wrong shape.
        let full = loading.filter { ($0["file"] as? String ?? "").hasPrefix("architecture/full/") }
        #expect(full.map { $0["rule"] as? String ?? "" } == ["deprecated-field"], "only userFacing's notice: \(full)")
        // An unknown key in any object of the schema is an unknown field to the decoder, there.
        for (file, path) in expected {
            let here = loading.filter { $0["file"] as? String == file }
            // In a list, each item has the key (three transition conditions, one item elsewhere).
            let unknown = here.filter { $0["rule"] as? String != "deprecated-field" }
            #expect(!unknown.isEmpty && unknown.allSatisfy { $0["rule"] as? String == "unknown-field" }, "\(file): \(here)")
            #expect(unknown.allSatisfy { Self.withoutIndices($0["detail"] as? String ?? "") == path }, "\(file): \(path) in \(here)")
        }
        // And the decoder keeps every field it read: the element shows each path of the schema.
        for kind in kinds {
            let shown = try Executable().run(["show", "\(kind.refPrefix):eksempel", "--format", "json"], in: dir.path)
            let json = try #require(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown.stderr)")
            let fields = Set((json["fields"] as? [String: Any] ?? [:]).keys)
            let document = FormatSchema.element(kind)
            let wanted = Self.leafPaths(FormatSchema.fields(of: FormatSchema.field(document, "metadata")?.shape), "metadata")
                .filter { $0 != "metadata.name" } + Self.leafPaths(document.spec, "spec")
            let missing = wanted.filter { !fields.contains($0) }
            #expect(missing.isEmpty, "\(kind): the decoder did not keep \(missing)")
        }
        // The validator agrees: the full documents are valid, each unknown key is flagged where it is.
        let validation = try SchemaValidator().validate(root: dir.path, files: ["architecture"])
        for kind in kinds {
            #expect(validation.errors(in: "architecture/full/\(kind.refPrefix).yaml").isEmpty,
                    "\(kind): \(validation.errors(in: "architecture/full/\(kind.refPrefix).yaml"))")
        }
        for (file, path) in expected {
            let errors = validation.errors(in: file)
            let parent = path.split(separator: ".").dropLast().joined(separator: ".")
            #expect(!errors.isEmpty && errors.allSatisfy { $0.message.contains("'zzukjent' was unexpected") }, "\(file): \(errors)")
            #expect(errors.allSatisfy { Self.withoutIndices($0.path) == (parent.isEmpty ? "$" : "$." + parent) }, "\(file): \(errors)")
        }
    }

    @Test func theConfigurationToo() throws {
        let dir = try TempDirectory()
        _ = try dir.write(".arkitekt.yaml", Self.document(FormatSchema.config))
        _ = try dir.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: a}\nspec: {type: unit}\n")
        let check = try Executable().run(["check", "--lang", "en"], in: dir.path)
        // Every field of the configuration is read: the run gets as far as the libraries, which
        // it cannot fetch outside git (LibraryTests reads them in a repository).
        #expect(check.status == 2 && check.stderr.contains("names libraries, but the landscape is not in a git repository"),
                "every field of the configuration is read: \(check.stderr)")
        #expect(try SchemaValidator().validate(root: dir.path, files: [".arkitekt.yaml"]).all.isEmpty)
        for path in Self.objectPaths(FormatSchema.config.fields) {
            _ = try dir.write(".arkitekt.yaml", Self.document(FormatSchema.config, unknownAt: path))
            let run = try Executable().run(["check", "--lang", "en"], in: dir.path)
            let full = path.isEmpty ? "zzukjent" : path + ".zzukjent"
            #expect(run.status == 2 && Self.withoutIndices(run.stderr).contains("'\(full)'"), "\(path): \(run.stderr)")
            let errors = try SchemaValidator().validate(root: dir.path, files: [".arkitekt.yaml"]).all
            #expect(errors.count == 1 && errors[0].message.contains("'zzukjent' was unexpected"), "\(path): \(errors)")
        }
    }

    @Test func thePortfolioToo() throws {
        let dir = try TempDirectory()
        _ = try dir.write("p.yaml", Self.document(FormatSchema.portfolio))
        // Every field is read: the run gets as far as the landscape's repository, which is not there.
        let run = try Executable().run(["portfolio", "p.yaml", "--lang", "en"], in: dir.path, environment: ["XDG_CACHE_HOME": dir.path + "/cache"])
        #expect(run.status == 2 && run.stderr.contains("The landscape should be at"), "\(run.stderr)")
        #expect(try SchemaValidator().validate(root: dir.path, files: ["p.yaml"]).all.isEmpty)
        for path in Self.objectPaths(FormatSchema.portfolio.fields) {
            _ = try dir.write("p.yaml", Self.document(FormatSchema.portfolio, unknownAt: path))
            let unknown = try Executable().run(["portfolio", "p.yaml", "--lang", "en"], in: dir.path, environment: ["XDG_CACHE_HOME": dir.path + "/cache"])
            let full = path.isEmpty ? "zzukjent" : path + ".zzukjent"
            #expect(unknown.status == 2 && Self.withoutIndices(unknown.stderr).contains("'\(full)'"), "\(path): \(unknown.stderr)")
            let errors = try SchemaValidator().validate(root: dir.path, files: ["p.yaml"]).all
            #expect(errors.count == 1 && errors[0].message.contains("'zzukjent' was unexpected"), "\(path): \(errors)")
        }
    }

    // MARK: Real files

    /// Every document of the sample is valid, except the one the sample gets wrong on purpose
    /// (a misspelt field, FINDINGS.md), which the checker reports too.
    @Test func theSampleIsValidSaveItsDeliberateMistake() throws {
        let check = try Executable().run(["check", "--format", "json", "--fail-on", "never"], in: Self.sample)
        let report = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let mistakes = Set(findings.filter { ["schema", "unknown-field"].contains($0["rule"] as? String ?? "") }.compactMap { $0["file"] as? String })
        #expect(mistakes == ["samples/landscape/architecture/systemer/teknisk/fdv.yaml"] || mistakes == ["architecture/systemer/teknisk/fdv.yaml"], "\(mistakes)")
        let validation = try SchemaValidator().validate(root: Self.sample, files: ["architecture", ".arkitekt.yaml"])
        #expect(validation.documents > 100, "every document was validated: \(validation.documents)")
        let flagged = Set(validation.all.map(\.file))
        #expect(flagged == ["architecture/systemer/teknisk/fdv.yaml"], "\(validation.all)")
        #expect(validation.all.count == 1 && validation.all[0].message.contains("'onwer' was unexpected"))
    }

    /// Mistakes a schema can express are flagged by both the checker and the schema.
    @Test func fileLevelMistakesAreFlaggedByBoth() throws {
        let cases: [(name: String, yaml: String, path: String)] = [
            ("unknown-field", "kind: System\nmetadata: {name: a}\nspec: {onwer: it}\n", "$.spec"),
            ("unknown-top", "kind: Group\nmetadata: {name: b}\nspek: {type: unit}\n", "$"),
            ("enum", "kind: System\nmetadata: {name: c}\nspec: {lifecycle: prod}\n", "$.spec.lifecycle"),
            ("nested-enum", "kind: DataEntity\nmetadata: {name: d}\nspec: {classification: {personal: sensitive}}\n", "$.spec.classification.personal"),
            ("list-for-text", "kind: System\nmetadata: {name: e}\nspec: {vendor: [a, b]}\n", "$.spec.vendor"),
            ("text-for-list", "kind: System\nmetadata: {name: f}\nspec: {uses: folkeregisteret}\n", "$.spec.uses"),
            ("map-for-ref", "kind: System\nmetadata: {name: g}\nspec: {owner: {name: it}}\n", "$.spec.owner"),
            ("bool", "kind: Capability\nmetadata: {name: h}\nspec: {eid: kanskje}\n", "$.spec.eid"),
            ("date", "kind: Exemption\nmetadata: {name: i}\nspec: {rule: integration-protocol, targets: [system:x], reason: r, expires: 31.12.2025}\n", "$.spec.expires"),
            ("date-in-list", "kind: System\nmetadata: {name: j}\nspec: {security: {riskAssessment: i fjor}}\n", "$.spec.security.riskAssessment"),
            ("retention", "kind: DataEntity\nmetadata: {name: k}\nspec: {retention: 10 år}\n", "$.spec.retention"),
            ("availability", "kind: Platform\nmetadata: {name: l}\nspec: {availability: høy}\n", "$.spec.availability"),
            ("name", "kind: Group\nmetadata: {name: Økonomi Avd}\n", "$.metadata.name"),
            ("ref-kind", "kind: Exemption\nmetadata: {name: m}\nspec: {rule: integration-protocol, targets: [x], reason: r, expires: 2030-01-01}\n", "$.spec.targets[0]"),
            ("missing", "kind: Integration\nmetadata: {name: n}\nspec: {from: a}\n", "$.spec"),
            ("no-spec", "kind: Integration\nmetadata: {name: o}\n", "$"),
            ("empty-required-list", "kind: Exemption\nmetadata: {name: p}\nspec: {rule: integration-protocol, targets: [], reason: r, expires: 2030-01-01}\n", "$.spec.targets"),
            ("blank-required-text", "kind: Exemption\nmetadata: {name: q}\nspec: {rule: integration-protocol, targets: [system:x], reason: \" \", expires: 2030-01-01}\n", "$.spec.reason"),
            ("two-tests", "kind: Transition\nmetadata: {name: r}\nspec: {conditions: [{ref: system:x, exists: true, equals: y, path: spec.owner}]}\n", "$.spec.conditions[0]"),
            ("equals-without-path", "kind: Transition\nmetadata: {name: s}\nspec: {conditions: [{ref: system:x, equals: y}]}\n", "$.spec.conditions[0]"),
            ("short-org-number", "kind: Contract\nmetadata: {name: t}\nspec: {orgNumber: 1234}\n", "$.spec.orgNumber"),
        ]
        let dir = try TempDirectory()
        for c in cases { _ = try dir.write("architecture/\(c.name).yaml", "apiVersion: arkitekt/v1\n" + c.yaml) }
        let check = try Executable().run(["check", "--format", "json", "--fail-on", "never"], in: dir.path)
        let report = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stderr)")
        let findings = try #require(report["findings"] as? [[String: Any]])
        let validation = try SchemaValidator().validate(root: dir.path, files: ["architecture"])
        for c in cases {
            let file = "architecture/\(c.name).yaml"
            let checker = findings.filter { $0["file"] as? String == file && ["schema", "unknown-field"].contains($0["rule"] as? String ?? "") }
            #expect(!checker.isEmpty, "\(c.name): the checker")
            let errors = validation.errors(in: file)
            #expect(errors.contains { $0.path == c.path }, "\(c.name): \(errors)")
        }
    }

    /// What the decoder reads as absent (blank texts, null, blank list items) the schema lets
    /// through too; a Backstage descriptor beside the landscape is no concern of this schema.
    @Test func whatIsAbsentToTheDecoderPassesTheSchema() throws {
        let dir = try TempDirectory()
        _ = try dir.write("architecture/blank.yaml", """
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: blank, title: ""}
            spec:
              owner: " "
              scope: ""
              lifecycle:
              uses: [a, "", ~]
              security: {riskAssessment: "", integrity: " "}
              userFacing: ""
              availability: " "
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: a}
            spec: {owner: g, security: {confidentiality: low, integrity: low, availability: low}}
            ---
            apiVersion: arkitekt/v1
            kind: Group
            metadata: {name: g}

            """)
        _ = try dir.write("architecture/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: tjeneste}\nspec: {type: service, lifecycle: production, owner: g}\n")
        let check = try Executable().run(["check", "--format", "json", "--fail-on", "never"], in: dir.path)
        #expect(!check.stdout.contains("\"schema\"") && !check.stdout.contains("\"unknown-field\""), "\(check.stdout)")
        let validation = try SchemaValidator().validate(root: dir.path, files: ["architecture"])
        #expect(validation.all.isEmpty && validation.documents == 4, "\(validation.all)")
    }

    // MARK: The command

    @Test func oneKindTheLanguageAndTheFile() throws {
        let dir = try TempDirectory()
        let en = try Executable().run(["schema", "--lang", "en"], in: dir.path)
        let nb = try Executable().run(["schema", "--lang", "nb"], in: dir.path)
        #expect(en.status == 0 && nb.status == 0)
        #expect(en.stdout.contains("\"description\": \"The group that owns it (a group).\""))
        #expect(nb.stdout.contains("\"description\": \"Gruppen som eier (en gruppe).\""))
        #expect(try Executable().run(["schema", "--lang", "en"], in: dir.path).stdout == en.stdout, "the same bytes twice")
        let json = try #require(JSONSerialization.jsonObject(with: Data(en.stdout.utf8)) as? [String: Any])
        #expect(json["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        let definitions = try #require(json["definitions"] as? [String: Any])
        #expect(Set(definitions.keys) == Set(Kind.allCases.map(\.rawValue) + ["Config", "Portfolio"]))

        let system = try Executable().run(["schema", "--kind", "system", "--lang", "en"], in: dir.path)
        let one = try #require(JSONSerialization.jsonObject(with: Data(system.stdout.utf8)) as? [String: Any])
        #expect(one["title"] as? String == "System")
        let typo = try Executable().run(["schema", "--kind", "sytem", "--lang", "en"], in: dir.path)
        #expect(typo.status == 2 && typo.stdout.isEmpty && typo.stderr.contains("Did you mean 'System'?"), "\(typo.stderr)")

        let written = try Executable().run(["schema", "-o", "schema.json", "--lang", "en"], in: dir.path)
        #expect(written.status == 0 && written.stdout == "Wrote the schema to schema.json.\n")
        #expect(String(decoding: try dir.read("schema.json"), as: UTF8.self) == en.stdout)
        #expect(try Executable().run(["schema", "-o", "schema.json"], in: dir.path).status == 0, "its own file is written again")
        _ = try dir.write("mine.json", "{\"mine\": true}\n")
        let refused = try Executable().run(["schema", "-o", "mine.json", "--lang", "en"], in: dir.path)
        #expect(refused.status == 2 && refused.stderr.contains("was not written by arkitekt schema"), "\(refused.stderr)")
        #expect(String(decoding: try dir.read("mine.json"), as: UTF8.self) == "{\"mine\": true}\n")
        #expect(try Executable().run(["schema", "-o", "mine.json", "--force"], in: dir.path).status == 0)
    }
}

/// check-jsonschema over YAML files, each document on its own (it reads one document a file):
/// the errors by file (relative to the root) and document.
struct SchemaValidator {
    struct Error: CustomStringConvertible {
        let file: String
        let document: Int
        let path: String
        let message: String
        var description: String { "\(file)#\(document) \(path): \(message)" }
    }

    struct Result {
        let all: [Error]
        let documents: Int
        func errors(in file: String) -> [Error] { all.filter { $0.file == file } }
    }

    let schema: String

    init() throws {
        let dir = try TempDirectory()
        schema = dir.url("schema.json")
        let run = try Executable().run(["schema", "-o", schema, "--lang", "en"], in: dir.path)
        guard run.status == 0 else { throw MissingTool(name: "arkitekt schema: \(run.stderr)", searched: "") }
        retained = dir
    }

    private let retained: TempDirectory

    /// Validates every YAML file under `files` (files or folders below `root`).
    func validate(root: String, files: [String]) throws -> Result {
        let split = try TempDirectory()
        var origin: [String: (String, Int)] = [:]
        var paths: [String] = []
        for start in files {
            for file in Self.yamlFiles(root + "/" + start, relative: start) {
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)), as: UTF8.self)
                for (i, document) in Self.documents(text).enumerated() {
                    let name = "d\(paths.count).yaml"
                    paths.append(try split.write(name, document))
                    origin[split.url(name)] = (file, i)
                }
            }
        }
        let tool = try Tool.require("check-jsonschema")
        let run = try runProcess(tool, ["-o", "json", "--schemafile", schema] + paths, in: split.path)
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\(run.stderr)")
        #expect((json["parse_errors"] as? [Any] ?? []).isEmpty, "\(json)")
        let errors = (json["errors"] as? [[String: Any]] ?? []).map { e -> Error in
            let (file, index) = origin[e["filename"] as? String ?? ""] ?? ("?", 0)
            return Error(file: file, document: index, path: e["path"] as? String ?? "", message: e["message"] as? String ?? "")
        }
        return Result(all: errors, documents: paths.count)
    }

    static func yamlFiles(_ path: String, relative: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [relative] }
        let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { relative + "/" + $0 }
    }

    /// The documents of a YAML stream, cut at the `---` lines (enough for these files: no block
    /// scalar of theirs holds such a line), empty ones left out.
    static func documents(_ text: String) -> [String] {
        var documents: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" || line.hasPrefix("--- ") {
                documents.append(current)
                current = ""
            } else {
                current += line + "\n"
            }
        }
        documents.append(current)
        return documents.filter { doc in
            doc.split(separator: "\n").contains { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
        }
    }
}

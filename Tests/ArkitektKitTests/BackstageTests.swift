import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

/// Backstage catalogs read as a landscape (docs/INTEROP.md): out of the box, through the binary.
@Suite struct BackstageCatalogTests {
    static let examples = packageRoot() + "/Tests/ArkitektKitTests/Fixtures/backstage/examples"

    /// Every finding as `rule element file:line:col severity`, sorted as the report sorts them.
    func findings(_ dir: String, _ extra: [String] = []) throws -> (status: Int32, lines: [String], summary: [String: Int]) {
        let result = try Executable().run(["check", "--lang", "en", "--format", "json"] + extra, in: dir)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let lines = (json["findings"] as? [[String: Any]] ?? []).map { f in
            "\(f["rule"] ?? "") \(f["element"] as? String ?? "-") \(f["file"] ?? ""):\(f["line"] ?? 0):\(f["column"] ?? 0) \(f["severity"] ?? "")"
        }
        return (result.status, lines, json["summary"] as? [String: Int] ?? [:])
    }

    @Test func backstagesOwnExampleCatalogIsReadOutOfTheBox() throws {
        let repo = try RepoFixture(prefix: "backstage", initialise: true)
        try FileManager.default.copyItem(atPath: Self.examples, toPath: repo.root + "/catalog")
        // Unrelated YAML beside it: a CI workflow and a scaffolder template.
        _ = try repo.write(".github/workflows/ci.yml", "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
        _ = try repo.write("templates/new-service.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: {name: new-service}
        spec: {type: service}
        """)
        // The template's skeletons: descriptors to be, with placeholders, one of them no YAML.
        _ = try repo.write("templates/skeleton/catalog-info.yaml", """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ${{ values.name | dump }}
        spec:
          owner: ${{ values.owner | dump }}
        """)
        _ = try repo.write("templates/skeleton-if/catalog-info.yaml", """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ${{ values.name }}
        spec:
        {%- if values.system %}
          system: ${{ values.system }}
        {%- endif %}
        """)
        _ = try repo.commitAll("catalog")
        let (status, lines, summary) = try findings(repo.root)
        #expect(status == 1)
        #expect(lines == [
            "skipped-document - catalog/ai-resources/frontend-design-skill.yaml:2:7 info",
            "skipped-document - catalog/ai-resources/use-internal-apis-rule.yaml:2:7 info",
            "schema system:www-artist catalog/components/www-artist-component.yaml:11:18 error",
        ], "\(lines)")
        // 13 components and 3 systems, 8 groups and 17 users, 3 domains, 1 resource, and the one
        // API with both a provider and a consumer as an integration; from 47 files (the OpenAPI
        // document, the workflow and the template are no part of it).
        #expect(summary["elements"] == 46 && summary["files"] == 47, "\(summary)")
        // The integration between the component that provides an API and the one that consumes it.
        let graph = try Executable().run(["graph", "system:wayback-search", "--format", "mermaid", "--lang", "en"], in: repo.root)
        #expect(graph.status == 0 && graph.stdout.contains("wayback-archive"), "\(graph.stdout)")
        // --verbose accounts for the files that are no part of it.
        let verbose = try Executable().run(["check", "--lang", "en", "-v"], in: repo.root)
        #expect(verbose.stderr.contains("arkitekt: skipped: .github/workflows/ci.yml: no Backstage descriptor (only those are read here)"), "\(verbose.stderr)")
        #expect(verbose.stderr.contains("arkitekt: skipped: catalog/apis/petstore-webhook.oas.yaml: no Backstage descriptor"))
        #expect(verbose.stderr.contains("arkitekt: read: catalog/components/www-artist-component.yaml\n"))
        // The same from the index (--staged) and from a revision.
        #expect(try findings(repo.root, ["--staged"]).lines == lines)
        #expect(try findings(repo.root, ["--rev", "HEAD"]).lines == lines)
    }

    static let catalog = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: Team_A, title: Team A}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: saksbehandling
      description: Case handling
    spec:
      type: service
      owner: team_a
      lifecycle: deprecated
      providesApis: [saker]
      dependsOn: [resource:saksdb, resource:default/personregister]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: innsyn
      description: Public insight
      annotations:
        arkitekt.io/security.confidentiality: high
        arkitekt.io/privacy.dpia: DPIA-2024-3
        arkitekt.io/audience: '["citizens"]'
    spec:
      type: website
      owner: unknown
      lifecycle: production
      consumesApis: [api:saker, ikke-finnes, default/saker]
      dependsOn: [component:saksbehandling]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: API
    metadata: {name: saker, description: Cases}
    spec: {type: openapi, lifecycle: production, owner: team_a, definition: x}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Resource
    metadata: {name: saksdb, description: Database}
    spec: {type: database, owner: team_a}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Resource
    metadata: {name: personregister, description: People}
    spec: {type: dataset, owner: tbd}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Domain
    metadata: {name: saksbehandling-domene}
    spec: {owner: team_a}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Template
    metadata: {name: ny-tjeneste}
    spec: {type: service}
    """

    @Test func theMappingReadsAsDocumented() throws {
        let repo = try RepoFixture(prefix: "backstage-map", initialise: true)
        _ = try repo.write("catalog-info.yaml", Self.catalog)
        _ = try repo.commitAll("catalog")
        let export = try Executable().run(["export", "archimate", "--lang", "en"], in: repo.root)
        #expect(export.status == 0, "\(export.stderr)")
        let model = export.stdout
        // Names as the landscape writes them, the original as the title.
        #expect(model.contains("identifier=\"id-group-team-a\" xsi:type=\"BusinessActor\""))
        // deprecated -> phasing-out; a database hosts, a dataset is data.
        #expect(model.contains("<value>phasing-out</value>"))
        #expect(model.contains("source=\"id-platform-saksdb\" target=\"id-system-saksbehandling\" xsi:type=\"Serving\""))
        #expect(model.contains("id-system-saksbehandling--data--id-data-personregister"))
        // The API is an integration from its provider to its consumer, with its type as protocol.
        #expect(model.contains("identifier=\"id-integration-saker--innsyn\" source=\"id-system-saksbehandling\" target=\"id-system-innsyn\" xsi:type=\"Flow\""))
        #expect(model.contains("<value>REST</value>"))
        // Annotations give fields.
        #expect(model.contains("<value>DPIA-2024-3</value>") && model.contains("<value>[&quot;citizens&quot;]</value>"), "\(model)")

        let (status, lines, summary) = try findings(repo.root)
        #expect(status == 1)
        #expect(summary["elements"] == 7, "\(summary)")
        // A placeholder owner counts as none; an API no descriptor defines and a kind without a
        // counterpart are located; the annotated component answers to every rule, the others only
        // to rules whose fields Backstage has (nothing about security, processes or purpose).
        #expect(lines == [
            "phasing-out-without-transition system:saksbehandling catalog-info.yaml:14:14 warning",
            "accessibility-statement system:innsyn catalog-info.yaml:18:1 warning",
            "availability-declared system:innsyn catalog-info.yaml:18:1 warning",
            "security-classification-required system:innsyn catalog-info.yaml:18:1 warning",
            "system-owner-required system:innsyn catalog-info.yaml:18:1 error",
            "system-supports-process system:innsyn catalog-info.yaml:18:1 warning",
            "user-facing-accessibility system:innsyn catalog-info.yaml:26:27 error",
            "ref-resolves system:innsyn catalog-info.yaml:31:29 error",
            "depends-on-retired system:innsyn catalog-info.yaml:32:15 warning",
            "data-owner-required data:personregister catalog-info.yaml:44:1 error",
            "skipped-document - catalog-info.yaml:55:7 info",
        ], "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("duplicate-name") })
    }

    @Test func malformedReferencesAreLocated() throws {
        let repo = try RepoFixture(prefix: "backstage-bad", initialise: true)
        _ = try repo.write("services/catalog-info.yaml", """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: a}
        spec:
          owner: "group:"
          dependsOn: [b]
          providesApis: [component:x]
        """)
        _ = try repo.commitAll("bad")
        let (status, lines, _) = try findings(repo.root)
        #expect(status == 1)
        #expect(lines.contains("schema system:a services/catalog-info.yaml:5:10 error"), "\(lines)")
        #expect(lines.contains("schema system:a services/catalog-info.yaml:6:15 error"), "dependsOn needs a kind: \(lines)")
        #expect(lines.contains("schema system:a services/catalog-info.yaml:7:18 error"), "\(lines)")
    }

    @Test func theConfigurationNarrowsAndWidens() throws {
        let repo = try RepoFixture(prefix: "backstage-config", initialise: true)
        _ = try repo.write("architecture/groups.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\nspec: {type: unit}\n")
        _ = try repo.write("services/a/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a, description: A}\nspec: {owner: it, lifecycle: production}\n")
        _ = try repo.write("other/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: b, description: B}\nspec: {owner: it}\n")
        _ = try repo.commitAll("both")
        // A landscape of its own: descriptors elsewhere are not looked for unless configured.
        #expect(try findings(repo.root).summary["elements"] == 1)
        _ = try repo.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  backstage:\n    paths: [services]\n")
        #expect(try findings(repo.root).summary["elements"] == 2)
        _ = try repo.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  backstage:\n    paths: [.]\n    placeholderOwners: [it]\n")
        let widened = try findings(repo.root)
        #expect(widened.summary["elements"] == 3)
        // `it` is now a placeholder: both components have no owner.
        #expect(widened.lines.filter { $0.hasPrefix("system-owner-required") }.count == 2, "\(widened.lines)")
        let bad = try Executable().run(["check", "--lang", "en"], in: repo.root + "/services")
        #expect(bad.status != 2, "\(bad.stderr)")
        _ = try repo.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  backstage:\n    pahts: [.]\n")
        let typo = try Executable().run(["check", "--lang", "en"], in: repo.root)
        #expect(typo.status == 2 && typo.stderr.contains("spec.backstage.pahts") && typo.stderr.contains("paths"), "\(typo.stderr)")
    }

    @Test func historyCommandsWorkOnACatalog() throws {
        let repo = try RepoFixture(prefix: "backstage-history", initialise: true)
        let provider = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: p, description: P}\nspec: {owner: g, providesApis: [x]}\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: x}\nspec: {type: grpc, owner: g}\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\n"
        _ = try repo.write("p/catalog-info.yaml", provider)
        _ = try repo.commitAll("provider")
        _ = try repo.write("c/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c, description: C}\nspec: {owner: g, consumesApis: [x]}\n")
        _ = try repo.commitAll("consumer")
        // The consumer's commit adds the integration, although it lies in the provider's file.
        let diff = try Executable().run(["diff", "HEAD~1", "HEAD", "--lang", "en", "--format", "json"], in: repo.root)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("integration:x--c") && diff.stdout.contains("system:c"), "\(diff.stdout)")
        let changelog = try Executable().run(["changelog", "--lang", "en", "--format", "json"], in: repo.root)
        #expect(changelog.status == 0, "\(changelog.stderr)")
        #expect(changelog.stdout.contains("integration:x--c"), "\(changelog.stdout)")
        let transitions = try Executable().run(["transitions", "--lang", "en"], in: repo.root)
        #expect(transitions.status == 0, "\(transitions.stderr)")
        // A staged removal of the provider takes the integration away and leaves a located finding.
        try FileManager.default.removeItem(atPath: repo.root + "/p/catalog-info.yaml")
        _ = try repo.write("p/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: x}\nspec: {type: grpc, owner: g}\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\n")
        _ = try repo.git("add", "-A")
        let staged = try findings(repo.root, ["--staged"])
        #expect(staged.lines.contains("ref-resolves - p/catalog-info.yaml:3:18 error"), "\(staged.lines)")
    }
}

import ArkitektKit
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import ArkitektTestSupport
import Foundation
import Testing

/// Configuration of rules: severities, `off`, the repository's own packs, and the errors that
/// must stop a run (exit 2) instead of being ignored.
@Suite struct RuleConfigurationTests {
    static let system = """
    apiVersion: arkitekt/v1
    kind: System
    metadata: {name: sak-arkiv, description: Saksbehandling og arkiv.}
    spec: {owner: it, lifecycle: retired}
    ---
    apiVersion: arkitekt/v1
    kind: Group
    metadata: {name: it}
    ---
    apiVersion: arkitekt/v1
    kind: Integration
    metadata: {name: a-til-b}
    spec: {from: sak-arkiv, to: sak-arkiv}

    """

    func landscape(config: String? = nil, extra: [String: String] = [:]) throws -> TempDirectory {
        let dir = try TempDirectory()
        try dir.write("architecture/landscape.yaml", Self.system)
        if let config { try dir.write(".arkitekt.yaml", config) }
        for (path, text) in extra { try dir.write(path, text) }
        return dir
    }

    func run(_ dir: TempDirectory, _ configure: (inout CheckOptions) -> Void = { _ in }) throws -> (CommandOutput, [[String: Any]]) {
        var options = CheckOptions()
        options.path = dir.path
        options.format = .json
        options.date = Day(year: 2026, month: 6, day: 1)
        configure(&options)
        let output = try Kit.check(options)
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return (output, json?["findings"] as? [[String: Any]] ?? [])
    }

    func kitError(_ body: () throws -> Void) -> KitError? {
        do { try body() } catch let error as KitError { return error } catch { return nil }
        return nil
    }

    @Test func defaultSeverityApplies() throws {
        let (output, findings) = try run(try landscape())
        let protocolFinding = try #require(findings.first { $0["rule"] as? String == "integration-protocol" })
        #expect(protocolFinding["severity"] as? String == "info")
        #expect(protocolFinding["principle"] as? String == "standardisering-og-gjenbruk")
        #expect(output.exitCode == 0)
    }

    @Test func severityOverrideRaisesAndFails() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  severity:\n    integration-protocol: error\n"
        let (output, findings) = try run(try landscape(config: config))
        let f = try #require(findings.first { $0["rule"] as? String == "integration-protocol" })
        #expect(f["severity"] as? String == "error")
        #expect(output.exitCode == 1)
    }

    @Test func offRemovesTheRule() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  severity: {integration-protocol: off}\n"
        let (_, findings) = try run(try landscape(config: config))
        #expect(!findings.contains { $0["rule"] as? String == "integration-protocol" })
    }

    @Test func unknownRuleInSeverityIsAnErrorWithLocation() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  severity:\n    integration-protocoll: warning\n"
        let dir = try landscape(config: config)
        let error = try #require(kitError { _ = try run(dir) })
        #expect(error.location?.file == ".arkitekt.yaml")
        #expect(error.location?.line == 5)
        #expect(error.message.en.contains("integration-protocoll"))
        #expect(error.message.en.contains("Did you mean 'integration-protocol'?"))
    }

    static let userPack = """
    apiVersion: arkitekt/v1
    kind: RulePack
    metadata: {name: fjordvik}
    spec:
      principles:
        - id: fjordvik-drift
          name: {nb: Drift i Fjordvik, en: Operations in Fjordvik}
          rationale: {nb: Alt skal ha leverandør., en: Everything needs a vendor.}
    ---
    apiVersion: arkitekt/v1
    kind: Rule
    metadata: {name: system-vendor-required}
    spec:
      principle: fjordvik-drift
      severity: warning
      title: {nb: Systemet mangler leverandør, en: The system has no vendor}
      rationale: {nb: Driften må vite hvem som leverer., en: Operations must know who supplies it.}
      message: {nb: "{element} mangler leverandør.", en: "{element} has no vendor."}
      select: {kind: System}
      check: {require: spec.vendor}
      examples:
        pass:
          - landscape: |
              apiVersion: arkitekt/v1
              kind: System
              metadata: {name: a}
              spec: {vendor: Acme}
        fail:
          - landscape: |
              apiVersion: arkitekt/v1
              kind: System
              metadata: {name: a}
            findings:
              - {element: "system:a"}

    """

    @Test func userPackAlongsideKs() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  rulePacks: [ks, rules/fjordvik.yaml]\n"
        let dir = try landscape(config: config, extra: ["rules/fjordvik.yaml": Self.userPack])
        let (_, findings) = try run(dir) { $0.language = .en }
        let vendor = try #require(findings.first { $0["rule"] as? String == "system-vendor-required" })
        #expect(vendor["principle"] as? String == "fjordvik-drift")
        #expect(vendor["message"] as? String == "system:sak-arkiv has no vendor.")
        #expect(findings.contains { $0["rule"] as? String == "integration-protocol" })
    }

    @Test func userPackInsteadOfKs() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  rulePacks: [rules/fjordvik.yaml]\n"
        let dir = try landscape(config: config, extra: ["rules/fjordvik.yaml": Self.userPack])
        let (_, findings) = try run(dir)
        #expect(findings.contains { $0["rule"] as? String == "system-vendor-required" })
        #expect(!findings.contains { $0["rule"] as? String == "integration-protocol" })
    }

    @Test(arguments: [
        // (pack text, expected line, words the message must contain)
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec:\n  principle: kjerne\n  severity: fatal\n", 6, "fatal"),
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec:\n  principle: nope\n  severity: info\n  title: {nb: a, en: a}\n  rationale: {nb: a, en: a}\n  check: {require: spec.owner}\n", 5, "nope"),
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec:\n  principle: kjerne\n  severity: info\n  title: {nb: a, en: a}\n  rationale: {nb: a, en: a}\n  check: {function: no-such-check}\n", 9, "no-such-check"),
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec:\n  principle: kjerne\n  severity: info\n  title: {nb: a, en: a}\n  rationale: {nb: a, en: a}\n  select: {kind: System, where: [actve]}\n  check: {require: spec.owner}\n", 9, "actve"),
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec:\n  principle: kjerne\n  severity: info\n  titel: {nb: a, en: a}\n", 7, "titel"),
        ("apiVersion: arkitekt/v1\nkind: Rule\nmetadata: {name: x}\nspec: [broken\n", 5, "YAML"),
    ])
    func brokenPackIsAnErrorWithItsLocation(pack: String, line: Int, word: String) throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  rulePacks: [ks, rules/mine.yaml]\n"
        let dir = try landscape(config: config, extra: ["rules/mine.yaml": pack])
        let error = try #require(kitError { _ = try run(dir) })
        #expect(error.location?.file == "rules/mine.yaml")
        #expect(error.location?.line == line)
        #expect(error.message.en.contains(word) || error.message.nb.contains(word), "\(error.message.en)")
    }

    @Test func missingPackIsAnError() throws {
        let config = "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  rulePacks: [ks, rules/finnes-ikke.yaml]\n"
        let error = try #require(kitError { _ = try run(try landscape(config: config)) })
        #expect(error.location?.line == 4)
    }

    @Test func rulesTestProvesAUserPack() throws {
        let dir = try TempDirectory()
        let path = try dir.write("fjordvik.yaml", Self.userPack)
        let ok = try Kit.testRules(packPath: path, language: .en)
        #expect(ok.exitCode == 0)
        #expect(ok.stdout.contains("ok    system-vendor-required"))
        let broken = Self.userPack.replacingOccurrences(of: "spec: {vendor: Acme}", with: "spec: {}")
        let badPath = try dir.write("broken.yaml", broken)
        let bad = try Kit.testRules(packPath: badPath, language: .en)
        #expect(bad.exitCode == 1)
        #expect(bad.stdout.contains("FAIL  system-vendor-required"))
        #expect(bad.stdout.contains("passing example gives 1 finding"))
    }

    @Test func ruleWithoutFailingExampleFailsItsTest() throws {
        let dir = try TempDirectory()
        var pack = Self.userPack
        let cut = try #require(pack.range(of: "    fail:"))
        pack = String(pack[..<cut.lowerBound])
        let path = try dir.write("onesided.yaml", pack)
        let output = try Kit.testRules(packPath: path, language: .en)
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("has no failing example"))
    }

    /// An example that is not a valid landscape (here a reference to no element) fails its test,
    /// in the example that holds it, naming the core rule and the place.
    @Test func exampleThatIsNotAValidLandscapeFailsItsTest() throws {
        let dir = try TempDirectory()
        let pack = Self.userPack.replacingOccurrences(of: "spec: {vendor: Acme}", with: "spec: {vendor: Acme, owner: ingen}")
        let path = try dir.write("dangling.yaml", pack)
        let output = try Kit.testRules(packPath: path, language: .en)
        #expect(output.exitCode == 1)
        #expect(output.stdout == """
            FAIL  system-vendor-required
                  \(path):23:9: system-vendor-required: the example is not a valid landscape: \
            ref-resolves system:a [spec.owner group:ingen] at architecture/example.yaml:4:29
            0 of 1 rule proved by its examples.

            """)
    }

    @Test func rulesAndExplainInBothLanguages() throws {
        let dir = try TempDirectory()
        let nb = try Kit.rules(path: dir.path, language: .nb).stdout
        let en = try Kit.rules(path: dir.path, language: .en).stdout
        #expect(nb.hasPrefix("REGEL"))
        #expect(en.hasPrefix("RULE"))
        #expect(nb.contains("Dataelementet har ingen eier"))
        #expect(en.contains("The data entity has no owner"))
        let explainNb = try Kit.explain(rule: "single-master", path: dir.path, language: .nb).stdout
        let explainEn = try Kit.explain(rule: "single-master", path: dir.path, language: .en).stdout
        #expect(explainNb.contains("Prinsipp: Eierskap til data"))
        #expect(explainNb.contains("Eksempel som består 1"))
        #expect(explainNb.contains("Eksempel som feiler 1"))
        #expect(explainNb.contains("kind: Exemption"))
        #expect(explainEn.contains("Principle: Data ownership"))
        #expect(explainEn.contains("Failing example 1"))
        // An example's description is shown in the run's language only.
        let overdueNb = try Kit.explain(rule: "transition-overdue", path: dir.path, language: .nb).stdout
        let overdueEn = try Kit.explain(rule: "transition-overdue", path: dir.path, language: .en).stdout
        #expect(overdueNb.contains("\nEksempel som består 1: Nådd før fristen\n"))
        #expect(overdueEn.contains("\nPassing example 1: Achieved in time\n"))
        #expect(!overdueNb.contains("Achieved in time") && !overdueEn.contains("Nådd før fristen"))
        let core = try Kit.explain(rule: "schema", path: dir.path, language: .en).stdout
        #expect(core.contains("This rule cannot be exempted."))
        let unknown = kitError { _ = try Kit.explain(rule: "single-mastr", path: dir.path, language: .en) }
        #expect(unknown?.message.en.contains("Did you mean 'single-master'?") == true)
    }

    @Test func ruleReferenceIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let onDisk = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(onDisk == RuleDocs.reference(try RuleSet.builtIn()), "docs/rules.md is out of date: run `make generate`")
    }
}

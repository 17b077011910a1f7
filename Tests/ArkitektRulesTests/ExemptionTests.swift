import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// Exemptions as RULES.md has them: suppress while unexpired, counted and shown on request,
/// expired and unused ones reported, core and exemption rules never exempted.
@Suite struct ExemptionTests {
    static let base = """
    apiVersion: arkitekt/v1
    kind: System
    metadata: {name: sak-arkiv}
    spec: {owner: it}
    ---
    apiVersion: arkitekt/v1
    kind: System
    metadata: {name: kart}
    spec: {owner: it}
    ---
    apiVersion: arkitekt/v1
    kind: Group
    metadata: {name: it}

    """

    static func exemption(_ name: String, rule: String, targets: [String], expires: String) -> String {
        """
        ---
        apiVersion: arkitekt/v1
        kind: Exemption
        metadata: {name: \(name)}
        spec:
          rule: \(rule)
          targets: [\(targets.map { "\"\($0)\"" }.joined(separator: ", "))]
          reason: Beskrivelse kommer i neste revisjon.
          approvedBy: it
          expires: \(expires)

        """
    }

    struct Result {
        let findings: [[String: Any]]
        let suppressed: [[String: Any]]
        let summary: [String: Any]
        func rules(_ rule: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == rule } }
    }

    func check(_ text: String, date: Day = Day(year: 2026, month: 6, day: 1)!, showSuppressed: Bool = true) throws -> Result {
        let dir = try TempDirectory()
        try dir.write("architecture/a.yaml", text)
        var options = CheckOptions()
        options.path = dir.path
        options.format = .json
        options.date = date
        options.showSuppressed = showSuppressed
        let output = try Kit.check(options)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return Result(findings: json["findings"] as? [[String: Any]] ?? [], suppressed: json["suppressed"] as? [[String: Any]] ?? [],
                      summary: json["summary"] as? [String: Any] ?? [:])
    }

    @Test func unexpiredExemptionSuppressesItsRuleOnItsTargets() throws {
        let r = try check(Self.base + Self.exemption("beskrivelse", rule: "system-description", targets: ["system:sak-arkiv"], expires: "2026-12-31"))
        let descriptions = r.rules("system-description")
        #expect(descriptions.count == 1)
        #expect(descriptions.first?["element"] as? String == "system:kart")
        #expect(r.summary["suppressed"] as? Int == 1)
        #expect(r.suppressed.count == 1)
        #expect(r.suppressed.first?["element"] as? String == "system:sak-arkiv")
        #expect(r.rules("exemption-unused").isEmpty)
    }

    @Test func suppressedFindingsAreNotListedWithoutTheFlag() throws {
        let r = try check(Self.base + Self.exemption("beskrivelse", rule: "system-description", targets: ["system:sak-arkiv"], expires: "2026-12-31"),
                          showSuppressed: false)
        #expect(r.summary["suppressed"] as? Int == 1)
        #expect(r.suppressed.isEmpty)
    }

    @Test func exemptionExpiringTodayStillHolds() throws {
        let r = try check(Self.base + Self.exemption("beskrivelse", rule: "system-description", targets: ["system:sak-arkiv"], expires: "2026-06-01"))
        #expect(r.summary["suppressed"] as? Int == 1)
        #expect(r.rules("exemption-expired").isEmpty)
    }

    @Test func expiredExemptionSuppressesNothingAndIsNotAlsoUnused() throws {
        let r = try check(Self.base + Self.exemption("beskrivelse", rule: "system-description", targets: ["system:sak-arkiv"], expires: "2026-05-31"))
        #expect(r.rules("system-description").count == 2)
        #expect(r.summary["suppressed"] as? Int == 0)
        let expired = r.rules("exemption-expired")
        #expect(expired.count == 1)
        #expect(expired.first?["element"] as? String == "exemption:beskrivelse")
        #expect(expired.first?["severity"] as? String == "warning")
        #expect(r.rules("exemption-unused").isEmpty)
    }

    @Test func exemptionThatCoversNothingIsUnused() throws {
        let r = try check(Self.base + Self.exemption("eier", rule: "system-owner-required", targets: ["system:sak-arkiv"], expires: "2027-01-01"))
        let unused = r.rules("exemption-unused")
        #expect(unused.count == 1)
        #expect(unused.first?["element"] as? String == "exemption:eier")
        #expect(unused.first?["severity"] as? String == "info")
    }

    @Test(arguments: ["schema", "ref-resolves", "yaml-syntax", "exemption-expired", "exemption-unused"])
    func coreAndExemptionRulesCannotBeExempted(rule: String) throws {
        let r = try check(Self.base + Self.exemption("ugyldig", rule: rule, targets: ["exemption:annen"], expires: "2027-01-01")
                          + Self.exemption("annen", rule: "system-description", targets: ["system:sak-arkiv"], expires: "2020-01-01"))
        let schema = r.rules("schema").filter { $0["element"] as? String == "exemption:ugyldig" }
        #expect(schema.count == 1)
        #expect((schema.first?["message"] as? String)?.contains(rule) == true)
        // The expired exemption's own finding is never suppressed.
        #expect(r.rules("exemption-expired").contains { $0["element"] as? String == "exemption:annen" })
    }

    @Test func unknownRuleIsASchemaFindingWithSuggestion() throws {
        let r = try check(Self.base + Self.exemption("skrivefeil", rule: "system-descripton", targets: ["system:sak-arkiv"], expires: "2027-01-01"))
        let schema = r.rules("schema")
        #expect(schema.count == 1)
        #expect((schema.first?["message"] as? String)?.contains("system-description") == true)
        #expect(r.rules("system-description").count == 2)
    }

    @Test func missingRequiredFieldsAreSchemaFindings() throws {
        let text = Self.base + "---\napiVersion: arkitekt/v1\nkind: Exemption\nmetadata: {name: tom}\nspec: {approvedBy: it}\n"
        let r = try check(text)
        let details = Set(r.rules("schema").compactMap { $0["detail"] as? String })
        #expect(details == ["spec.rule", "spec.targets", "spec.reason", "spec.expires"])
    }

    @Test func bareTargetIsASchemaFinding() throws {
        let text = Self.base + Self.exemption("bar", rule: "system-description", targets: ["sak-arkiv"], expires: "2027-01-01")
        let r = try check(text)
        #expect(r.rules("schema").contains { $0["detail"] as? String == "spec.targets[0]" })
    }
}

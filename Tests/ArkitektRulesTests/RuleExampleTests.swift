import ArkitektModel
import ArkitektRules
import Testing

/// Every rule of every built-in pack is proved by its own examples.
@Suite struct RuleExampleTests {
    static let ruleSet: RuleSet? = try? RuleSet.builtIn()
    static var ruleIDs: [String] { ruleSet?.ruleIDs ?? [] }

    @Test func builtInPacksLoad() throws {
        let set = try RuleSet.builtIn()
        #expect(set.rules.count == 53)
        #expect(set.principles.count == 14)
        // The parameterised test below runs once per rule: a pack that failed to load would
        // leave it with no case at all, so its list is held to the rule set here.
        #expect(Self.ruleIDs == set.ruleIDs)
    }

    @Test(arguments: ruleIDs)
    func examplesProveTheRule(_ id: String) throws {
        let set = try #require(Self.ruleSet)
        let rule = try #require(set.rule(id))
        let failures = ExampleRunner.check(rule, ruleSet: set)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    /// The contract's rule ids and principles (RULES.md), so that none is renamed or lost.
    @Test func everyContractRuleExistsWithItsPrincipleAndSeverity() throws {
        let set = try RuleSet.builtIn()
        let contract: [(String, String, Severity)] = [
            ("yaml-syntax", "kjerne", .error), ("schema", "kjerne", .error), ("unknown-field", "kjerne", .warning),
            ("duplicate-name", "kjerne", .error), ("ref-resolves", "kjerne", .error), ("skipped-document", "kjerne", .info),
            ("data-owner-required", "eierskap-til-data", .error), ("system-owner-required", "eierskap-til-data", .error),
            ("single-master", "eierskap-til-data", .error),
            ("data-definition-norwegian", "felles-datadefinisjoner", .warning),
            ("data-concept-reference", "felles-datadefinisjoner", .info),
            ("read-from-authoritative-source", "felles-datadefinisjoner", .error),
            ("no-local-master-of-authoritative-data", "felles-datadefinisjoner", .error),
            ("personal-data-legal-basis", "innebygget-personvern", .error),
            ("personal-data-retention", "innebygget-personvern", .warning),
            ("special-category-dpia", "innebygget-personvern", .error),
            ("personal-data-dpo-consulted", "innebygget-personvern", .warning),
            ("personal-data-transfer-basis", "innebygget-personvern", .error),
            ("security-classification-required", "innebygget-informasjonssikkerhet", .warning),
            ("integration-authentication", "innebygget-informasjonssikkerhet", .error),
            ("integration-encryption", "innebygget-informasjonssikkerhet", .error),
            ("integration-purpose", "tjenstlig-behov", .warning),
            // Issue 17: the legal basis belongs to the purpose, so its absence is an error.
            ("process-legal-basis", "arkitektur-og-lovgivning", .error),
            ("user-facing-accessibility", "brukervennlighet", .error),
            ("availability-declared", "tilgjengelighet", .warning),
            ("availability-dependency", "tilgjengelighet", .warning),
            ("reuse-shared-solution", "standardisering-og-gjenbruk", .warning),
            ("duplicate-capability", "standardisering-og-gjenbruk", .info),
            ("integration-protocol", "standardisering-og-gjenbruk", .info),
            ("depends-on-retired", "fleksibilitet-og-skalerbarhet", .warning),
            ("system-description", "apenhet", .info),
            ("system-supports-process", "prosessorientering", .warning),
            ("process-users", "prosessorientering", .info),
            ("transition-overdue", "stegvis-forbedring", .warning),
            ("exemption-expired", "stegvis-forbedring", .warning),
            ("exemption-unused", "stegvis-forbedring", .info),
            // Issue 17: what the law asks of a municipal landscape.
            ("deprecated-field", "kjerne", .info),
            ("third-country-transfer", "innebygget-personvern", .error),
            ("archive-noark-integration", "arkitektur-og-lovgivning", .error),
            ("processor-agreement-required", "innebygget-personvern", .error),
            ("system-classification-below-data", "innebygget-informasjonssikkerhet", .error),
            ("integration-disclosure-basis", "arkitektur-og-lovgivning", .error),
            ("integration-data-minimisation", "tjenstlig-behov", .warning),
            ("citizen-login-national-eid", "innebygget-informasjonssikkerhet", .error),
            ("phasing-out-without-transition", "stegvis-forbedring", .warning),
            ("end-of-support", "fleksibilitet-og-skalerbarhet", .error),
            ("end-of-support-soon", "fleksibilitet-og-skalerbarhet", .warning),
            ("accessibility-statement", "brukervennlighet", .warning),
            ("contract-ending-without-transition", "stegvis-forbedring", .warning),
            ("risk-assessment-current", "innebygget-informasjonssikkerhet", .warning),
            ("dpia-review-on-change", "innebygget-personvern", .warning),
        ]
        for (id, principle, severity) in contract {
            let rule = try #require(set.rule(id), "missing rule \(id)")
            #expect(rule.principle == principle, "\(id)")
            #expect(rule.severity == severity, "\(id)")
        }
    }
}

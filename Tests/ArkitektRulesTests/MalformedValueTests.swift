import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Testing

/// What a rule sees when a field it reads holds a value of the wrong form: the value is a `schema`
/// finding on the field and counts as absent, so the rule judges as if nothing were declared; and
/// what a predicate says of an element of a kind it does not speak of. These cases cannot be rule
/// examples (an example must be a valid landscape), so they are here.
@Suite struct MalformedValueTests {
    static func findings(_ text: String) throws -> [String] {
        let wanted: Set = ["schema", "personal-data-retention", "availability-declared", "availability-dependency"]
        return try builtInFindings(text).filter { wanted.contains($0.rule) }
            .map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.element?.description ?? "-") \($0.detail ?? "-")" }
    }

    @Test func retentionThatIsNotATextIsAbsent() throws {
        let found = try Self.findings("""
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata: {name: elev}
            spec:
              classification: {personal: personal}
              retention: {years: 10}
            """)
        #expect(found == ["1:1 personal-data-retention data:elev -", "6:14 schema data:elev spec.retention"])
    }

    @Test func availabilityThatIsNotAPercentageCountsAsUndeclared() throws {
        let found = try Self.findings("""
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: portal}
            spec: {userFacing: true, availability: høy, uses: [betaling]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: betaling}
            spec: {availability: "95%"}
            """)
        // Undeclared: the portal must declare one, and it promises nothing more than what it uses.
        #expect(found == ["1:1 availability-declared system:portal -", "4:40 schema system:portal spec.availability"])
    }

    @Test func aUsedSystemWithAMalformedFigureIsNotCompared() throws {
        let found = try Self.findings("""
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: portal}
            spec: {availability: "99.9%", uses: [betaling]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: betaling}
            spec: {availability: "99.9"}
            """)
        #expect(found == ["9:22 schema system:betaling spec.availability"])
    }

    /// An exemption in the change that is not valid (without a last day, without a reason, of a
    /// rule that does not exist) is a `schema` finding and never in force, so it is no new
    /// exemption for `policy-weakened`; once valid, it is.
    @Test func anInvalidExemptionIsNoWeakening() throws {
        let set = try RuleSet.builtIn()
        func exemptions(_ spec: String, rule: String = "system-owner-required") -> [Element] {
            let text = "apiVersion: arkitekt/v1\nkind: Exemption\nmetadata: {name: ny}\nspec: {rule: \(rule), targets: [system:sak], \(spec)}\n"
            return readLandscape(text).landscape.unorderedElements(of: .exemption)
        }
        func weakened(_ head: [Element]) -> [String] {
            let base = PolicySide(config: Config(), configFile: ".arkitekt.yaml", ruleSet: set, exemptions: [], files: [])
            let change = PolicySide(config: Config(), configFile: ".arkitekt.yaml", ruleSet: set, exemptions: head, files: [])
            return PolicyComparison.findings(base: base, head: change, engine: RuleEngine(ruleSet: set)).compactMap(\.detail)
        }
        #expect(weakened(exemptions("expires: 2026-12-31")) == [])
        #expect(weakened(exemptions("reason: Eier utnevnes.")) == [])
        #expect(weakened(exemptions("reason: Eier utnevnes., expires: 2026-12-31", rule: "no-such-rule")) == [])
        #expect(weakened(exemptions("reason: Eier utnevnes., expires: 2026-12-31")) == ["exemption-added"])
    }

    /// A data entry without an entity (a `schema` finding) handles no data: a system with only
    /// that is not one that holds personal data.
    @Test func aDataEntryWithoutAnEntityHandlesNothing() throws {
        let text = """
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata: {name: journal}
            spec: {classification: {personal: special}}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: epj}
            spec: {data: [{access: read}]}
            """
        let landscape = readLandscape(text).landscape
        let today = try #require(Day(year: 2026, month: 1, day: 15))
        let findings = try builtInFindings(text)
        let onTheSystem = findings.filter { $0.element?.description == "system:epj" }.map(\.rule)
        #expect(findings.filter { $0.rule == "schema" }.map { "\($0.location.line):\($0.location.column) \($0.detail ?? "")" }
                == ["9:15 spec.data[0].entity"])
        #expect(!onTheSystem.contains("special-category-dpia") && !onTheSystem.contains("personal-data-dpo-consulted"))
        // Only Systems, Processes and Integrations handle data: a Group never does, whatever it holds.
        let context = RuleContext(landscape: landscape, today: today, exemptable: { _ in true })
        let group = try #require(readLandscape("apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n").landscape.elements.first)
        #expect(!context.handlesData(group) { _ in true })
        let system = try #require(landscape.elements.first { $0.kind == .system })
        #expect(!context.handlesData(system) { _ in true })
        // Nor does an entry whose entity is nowhere (a `ref-resolves` finding).
        let dangling = readLandscape("apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: d}\nspec: {data: [{entity: borte, access: read}]}\n").landscape
        let danglingSystem = try #require(dangling.elements.first)
        #expect(!RuleContext(landscape: dangling, today: today, exemptable: { _ in true }).handlesData(danglingSystem) { _ in true })
        // Every named predicate is false on an element of a kind it does not speak of (a user's
        // pack may select any kind with any of them).
        for (name, predicate) in Predicates.named.sorted(by: { $0.key < $1.key }) {
            #expect(!predicate.test(group, context), "\(name) on a Group")
        }
    }

    /// An exemption naming a rule that does not exist, or none, is a `schema` finding and nothing
    /// else: it never was in force, so it is neither unused nor expired.
    @Test func anExemptionOfAnUnknownRuleIsOnlyASchemaFinding() throws {
        let found = try builtInFindings("""
            apiVersion: arkitekt/v1
            kind: Group
            metadata: {name: it}
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: ukjent}
            spec: {rule: no-such-rule, targets: [group:it], reason: Prøver., expires: 2026-12-31}
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: uten-regel}
            spec: {targets: [group:it], reason: Prøver., expires: 2026-12-31}
            """)
        #expect(found.filter { $0.element?.description == "exemption:ukjent" }.map(\.rule) == ["schema"])
        #expect(found.filter { $0.element?.description == "exemption:uten-regel" }.map(\.rule) == ["schema"])
    }

    /// A transition condition on a field that is absent and has no default holds for `equals:
    /// null`, `equals: ""` and `equals: []` (absent, as the format reads it), and for nothing else.
    @Test(arguments: [("null", true), ("\"\"", true), ("[]", true), ("\"x\"", false), ("[x]", false)])
    func anAbsentFieldEqualsAbsence(written: String, holds: Bool) throws {
        let text = """
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: sak}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: plan}
            spec:
              conditions:
                - {ref: "system:sak", path: spec.vendor, equals: \(written)}
            """
        #expect(try conditionsHold(text) == [holds])
    }

    /// `contains` holds only when the field holds the value: not on an absent field, not on an
    /// element that is not there, and `equals` not on an element that is not there.
    @Test func containsNeedsTheFieldAndTheElement() throws {
        let text = """
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: sak}
            spec: {capabilities: [arkivering]}
            ---
            apiVersion: arkitekt/v1
            kind: Capability
            metadata: {name: arkivering}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: plan}
            spec:
              conditions:
                - {ref: "system:sak", path: spec.capabilities, contains: arkivering}
                - {ref: "system:sak", path: spec.uses, contains: svarut}
                - {ref: "system:borte", path: spec.uses, contains: svarut}
                - {ref: "system:borte", path: spec.vendor, equals: null}
            """
        #expect(try conditionsHold(text) == [true, false, false, false])
    }

    /// How `equals` and `contains` compare a field with the value written in the condition:
    /// booleans by their YAML words, lists as sets of the same size, a map entry by the keys the
    /// condition names (a key it gives as null must be absent), or by its entity when the condition
    /// gives a bare name (an entry without one, a `schema` finding, matches nothing); a list never
    /// equals a single value, nor a single value a list.
    @Test func conditionsCompareAsTheFormatSays() throws {
        let text = """
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata: {name: journal}
            ---
            apiVersion: arkitekt/v1
            kind: Capability
            metadata: {name: a}
            ---
            apiVersion: arkitekt/v1
            kind: Capability
            metadata: {name: b}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: sak}
            spec: {userFacing: false, capabilities: [a, b], data: [{entity: journal, access: read}]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: tom}
            spec: {data: [{access: read}]}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: plan}
            spec:
              conditions:
                - {ref: "system:sak", path: spec.userFacing, equals: "false"}
                - {ref: "system:sak", path: spec.userFacing, equals: "no"}
                - {ref: "system:sak", path: spec.userFacing, equals: "true"}
                - {ref: "system:sak", path: spec.userFacing, equals: "maybe"}
                - {ref: "system:sak", path: spec.capabilities, equals: [b, a]}
                - {ref: "system:sak", path: spec.capabilities, equals: [a]}
                - {ref: "system:sak", path: spec.capabilities, equals: [a, a]}
                - {ref: "system:sak", path: spec.data, contains: {entity: journal, source: null}}
                - {ref: "system:sak", path: spec.data, contains: {entity: journal, access: write}}
                - {ref: "system:sak", path: spec.data, contains: journal}
                - {ref: "system:tom", path: spec.data, contains: journal}
                - {ref: "system:sak", path: spec.userFacing, equals: [a]}
                - {ref: "system:sak", path: spec.capabilities, equals: a}
            """
        #expect(try conditionsHold(text)
                == [true, true, false, false, true, false, false, true, false, true, false, false, false])
    }

    /// An exemption without a reason is a `schema` finding and never in force: the finding it
    /// names is reported, not suppressed.
    @Test func anExemptionWithoutAReasonSuppressesNothing() throws {
        let found = try builtInFindings("""
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: s, description: S.}
            spec: {scope: national}
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: e}
            spec: {rule: system-owner-required, targets: [system:s], expires: 2030-01-01}
            """, on: "2026-06-01")
        #expect(found.map { "\($0.rule) \($0.element?.description ?? "")" }.sorted() == ["schema exemption:e", "system-owner-required system:s"])
    }
}

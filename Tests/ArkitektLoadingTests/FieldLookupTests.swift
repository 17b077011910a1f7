@testable import ArkitektLoading
import ArkitektModel
import Foundation
import Testing

/// Rules read one field at a time (`Element.field(_:)`); the semantic diff reads them all
/// (`Element.fields`). Both come from one list of paths, and must agree on every element: same
/// value and place for a present field, nil for everything else.
@Suite struct FieldLookupTests {
    /// Every element of the bundled sample landscape, plus one element per kind with every field.
    static func elements() throws -> [Element] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../samples/landscape/architecture").standardizedFileURL
        var elements: [Element] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "yaml" else { continue }
            let bytes = try [UInt8](Data(contentsOf: url))
            elements += LandscapeLoader.load(path: url.lastPathComponent, bytes: bytes, limits: Limits()).elements
        }
        // Each line indented under `spec:` / `metadata:`.
        func block(_ lines: String...) -> String { lines.map { "  " + $0 }.joined(separator: "\n") }
        let rich = [
            element("Group", "g", spec: block("type: department", "parent: top", "email: g@example.invalid"),
                    metadata: block("title: G", "description: D", "labels: {a: b}", "links: [{url: 'https://x.invalid', title: X}]")),
            element("Capability", "c", spec: block("parent: top", "los: LOS-1", "eid: true")),
            element("Process", "p", spec: block("owner: g", "capabilities: [c, b, c]", "users: [employees, citizens]", "data: [d]",
                                               "legalBasis: [x, a]", "exercisesAuthority: yes")),
            element("DataEntity", "d", spec: block("owner: g", "definition: {nb: Noe, en: Something, nn: '  '}", "concept: C",
                                                  "classification: {personal: special, confidentiality: high, dutyOfConfidentiality: true}",
                                                  "authoritativeSource: s", "legalBasis: [b, a]", "retention: P10Y", "retentionNote: N")),
            // Language keys are free text: compared as strings are (canonically), not by bytes.
            element("DataEntity", "d2", spec: block("definition: {\u{E9}: Fransk, K: Kelvin, nb: Noe}")),
            element("System", "s", spec: block("owner: g", "vendor: V", "scope: shared", "lifecycle: production", "capabilities: [c]",
                                              "processes: [p]", "data:", "  - {entity: d, access: master}",
                                              "  - {entity: e, access: read, source: t}", "uses: [t, u]", "hosting: pl", "userFacing: true",
                                              "accessibility: AA", "availability: high",
                                              "security: {confidentiality: high, integrity: medium, availability: low, authentication: idp, riskAssessment: 2024-05-06}",
                                              "privacy: {dpia: done, dpoConsulted: 2024-01-02, transferBasis: scc, dpiaDate: 2024-01-03,",
                                              "  transferImpactAssessment: 2024-01-04, dataProcessingAgreement: DBA-1,",
                                              "  subProcessors: [{name: A, location: norway}, {name: B, location: third-country}, {name: A}]}",
                                              "audience: [citizens, employees, citizens]", "channel: web", "accessibilityStatement: U",
                                              "endOfSupport: 2027-01-01", "archive: {obligation: true, noark5: false}")),
            element("Integration", "i", spec: block("from: s", "to: t", "data: [d]", "via: fiks", "protocol: REST", "authentication: mtls",
                                                   "encryption: tls", "purpose: P", "legalBasis: [a]")),
            element("Platform", "pl", spec: block("type: saas", "vendor: V", "location: norway", "lifecycle: production",
                                                 "availability: 99.5%", "endOfSupport: 2028-02-03")),
            element("Contract", "k", spec: block("vendor: V", "orgNumber: 974 760 673", "systems: [s, system:t]", "ends: 2027-06-30",
                                                 "exitPlan: E", "dataProcessingAgreement: true")),
            element("Exemption", "x", spec: block("rule: data-owner-required", "targets: [data:d, data:b]", "reason: R", "approvedBy: g",
                                                 "expires: 2030-01-01")),
            element("Transition", "t", spec: block("title: T", "description: D", "due: 2030-01-01", "conditions:",
                                                  "  - {ref: system:s, exists: true}",
                                                  "  - {ref: system:s, path: spec.lifecycle, equals: retired}",
                                                  "  - {ref: system:s, path: spec.uses, contains: system:t}")),
        ].joined(separator: "---\n")
        elements += loadFile(rich).elements
        return elements
    }

    @Test func singleLookupsAgreeWithTheWholeMap() throws {
        let elements = try Self.elements()
        #expect(elements.count > 50)
        var paths = Set<String>()
        for element in elements { paths.formUnion(element.fields.keys) }
        #expect(paths.count > 50)
        // Paths that are never fields: a prefix, a child of a field, an unknown language.
        paths.formUnion(["spec", "metadata", "spec.security", "spec.owner.name", "spec.definition.xx", "spec.nonexistent", ""])
        // Other spellings of the same language keys: é decomposed, K as the Kelvin sign.
        paths.formUnion(["spec.definition.\u{E9}", "spec.definition.e\u{301}", "spec.definition.K", "spec.definition.\u{212A}"])
        for element in elements {
            let all = element.fields
            #expect(!all.isEmpty, "\(element.ref)")
            for path in paths {
                let single = element.field(path)
                #expect(single?.value == all[path]?.value, "\(element.ref) \(path)")
                #expect(single?.location == all[path]?.location, "\(element.ref) \(path)")
                #expect(single?.path == all[path]?.path, "\(element.ref) \(path)")
                #expect(element.location(of: path) == (all[path]?.location ?? element.location), "\(element.ref) \(path)")
            }
        }
    }

    /// The rich elements above do give their fields: the comparison is not between two empties.
    @Test func everyKindGivesItsFields() throws {
        let byRef = Dictionary(try Self.elements().map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byRef[Ref(.system, "s")]?.field("spec.data")?.value.items.count == 2)
        #expect(byRef[Ref(.process, "p")]?.field("spec.capabilities")?.value == .set([.ref(Ref(.capability, "b")), .ref(Ref(.capability, "c"))]))
        #expect(byRef[Ref(.dataEntity, "d")]?.field("spec.definition.en")?.value == .text("Something"))
        #expect(byRef[Ref(.dataEntity, "d")]?.field("spec.definition.nn") == nil)
        #expect(byRef[Ref(.dataEntity, "d2")]?.field("spec.definition.e\u{301}")?.value == .text("Fransk"))
        #expect(byRef[Ref(.dataEntity, "d2")]?.field("spec.definition.\u{212A}")?.value == .text("Kelvin"))
        #expect(byRef[Ref(.transition, "t")]?.field("spec.conditions")?.value.items.count == 3)
        #expect(byRef[Ref(.group, "g")]?.field("metadata.links") != nil)
        #expect(byRef[Ref(.exemption, "x")]?.field("spec.expires")?.value == .day(try #require(Day(parsing: "2030-01-01"))))
    }
}

@testable import ArkitektLoading
import Foundation
import ArkitektModel
import Testing

@Suite("Element decoding: every kind with its fields")
struct ElementKindTests {
    @Test func group() throws {
        let file = loadFile(element("Group", "oppvekst", spec: """
          type: department
          parent: fjordvik
          email: oppvekst@fjordvik.kommune.no
        """, metadata: """
          title: Oppvekst
          description: Sektor for oppvekst
          labels: {sektor: oppvekst, nivå: "2"}
          links:
            - {url: "https://fjordvik.kommune.no", title: Nettside}
            - url: https://example.invalid/b
        """))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let e = try file.only()
        #expect(e.kind == .group)
        #expect(e.ref == Ref(.group, "oppvekst"))
        #expect(e.name == "oppvekst")
        #expect(e.metadata.title?.value == "Oppvekst")
        #expect(e.metadata.description?.value == "Sektor for oppvekst")
        #expect(e.metadata.labels == ["sektor": "oppvekst", "nivå": "2"])
        #expect(e.metadata.links == [Link(url: "https://fjordvik.kommune.no", title: "Nettside"),
                                     Link(url: "https://example.invalid/b", title: nil)])
        let g = try #require(e.group)
        #expect(g.type?.value == .department)
        #expect(g.parent?.value == Ref(.group, "fjordvik"))
        #expect(g.email?.value == "oppvekst@fjordvik.kommune.no")
        #expect(e.location.line == 1 && e.location.column == 1)
        #expect(e.file == "architecture/test.yaml")
        #expect(e.documentIndex == 0)
    }

    @Test func capability() throws {
        let file = loadFile(element("Capability", "arkivering", spec: """
          parent: dokumenthandtering
          los: https://psi.norge.no/los/tema/arkiv
        """))
        #expect(file.findings.isEmpty)
        let c = try #require(try file.only().capability)
        #expect(c.parent?.value == Ref(.capability, "dokumenthandtering"))
        #expect(c.los?.value == "https://psi.norge.no/los/tema/arkiv")
    }

    @Test func process() throws {
        let file = loadFile(element("Process", "byggesak", spec: """
          owner: plan-og-bygg
          capabilities: [saksbehandling, capability:arkivering]
          users: [citizen, business, employee]
          data: [byggesoknad, data:eiendom]
          legalBasis: Plan- og bygningsloven
        """))
        #expect(file.findings.isEmpty)
        let p = try #require(try file.only().process)
        #expect(p.owner?.value == Ref(.group, "plan-og-bygg"))
        #expect(p.capabilities.map(\.value) == [Ref(.capability, "saksbehandling"), Ref(.capability, "arkivering")])
        #expect(p.users.map(\.value) == [.citizen, .business, .employee])
        #expect(p.data.map(\.value) == [Ref(.dataEntity, "byggesoknad"), Ref(.dataEntity, "eiendom")])
        #expect(p.legalBasis.map(\.value) == ["Plan- og bygningsloven"])
    }

    @Test func dataEntity() throws {
        let file = loadFile(element("DataEntity", "person", spec: """
          owner: folkeregister-eier
          definition: {nb: En fysisk person, en: A natural person}
          concept: https://data.norge.no/concepts/person
          classification:
            personal: special
            confidentiality: strictly-confidential
          authoritativeSource: folkeregisteret
          legalBasis: [Folkeregisterloven, "GDPR art. 6"]
          retention: P10Y
        """))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let d = try #require(try file.only().dataEntity)
        #expect(d.owner?.value == Ref(.group, "folkeregister-eier"))
        #expect(d.definition?.value.texts == ["nb": "En fysisk person", "en": "A natural person"])
        #expect(d.definition?.value.hasNorwegian == true)
        #expect(d.concept?.value == "https://data.norge.no/concepts/person")
        #expect(d.classification.personal?.value == .special)
        #expect(d.classification.confidentiality?.value == .strictlyConfidential)
        #expect(d.authoritativeSource?.value == Ref(.system, "folkeregisteret"))
        #expect(d.legalBasis.map(\.value) == ["Folkeregisterloven", "GDPR art. 6"])
        #expect(d.retention?.value == "P10Y")
        #expect(d.isPersonal && d.isSpecialCategory && d.isSensitive)
    }

    @Test func plainDefinitionIsBokmal() throws {
        let d = try #require(try loadFile(element("DataEntity", "elev", spec: "  definition: Et barn i skolen")).only().dataEntity)
        #expect(d.definition?.value.texts == ["nb": "Et barn i skolen"])
    }

    @Test func system() throws {
        let file = loadFile(element("System", "sak-arkiv", spec: """
          owner: fellestjenester
          vendor: Acme AS
          scope: regional
          lifecycle: phasing-out
          capabilities: [arkivering]
          processes: [byggesak, process:klage]
          data:
            - {entity: person, access: read, source: folkeregisteret}
            - entity: data:sak
              access: master
          uses: [svarut, system:id-porten]
          hosting: kommune-dc
          audience: [citizens, employees]
          channel: app
          accessibility: WCAG 2.1 AA
          availability: 99.5%
          security:
            confidentiality: high
            integrity: medium
            availability: low
            authentication: id-porten
          privacy:
            dpia: DPIA-2024-01
            dpoConsulted: 2024-02-01
            transferBasis: scc
        """, metadata: "  description: Sak og arkiv"))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let s = try #require(try file.only().system)
        #expect(s.owner?.value == Ref(.group, "fellestjenester"))
        #expect(s.vendor?.value == "Acme AS")
        #expect(s.scope?.value == .regional)
        #expect(s.lifecycle?.value == .phasingOut)
        #expect(s.capabilities.map(\.value) == [Ref(.capability, "arkivering")])
        #expect(s.processes.map(\.value) == [Ref(.process, "byggesak"), Ref(.process, "klage")])
        try #require(s.data.count == 2)
        #expect(s.data[0].entity?.value == Ref(.dataEntity, "person"))
        #expect(s.data[0].access?.value == .read)
        #expect(s.data[0].source?.value == Ref(.system, "folkeregisteret"))
        #expect(s.data[1].entity?.value == Ref(.dataEntity, "sak"))
        #expect(s.data[1].access?.value == .master)
        #expect(s.data[1].source == nil)
        #expect(s.data[1].location.line == 15 && s.data[1].location.column == 7)
        #expect(s.uses.map(\.value) == [Ref(.system, "svarut"), Ref(.system, "id-porten")])
        #expect(s.hosting?.value == Ref(.platform, "kommune-dc"))
        #expect(s.audience.map(\.value) == [.citizens, .employees] && s.channel?.value == .app && s.userFacing == nil)
        #expect(s.accessibility?.value == "WCAG 2.1 AA")
        #expect(s.availability?.value == "99.5%")
        #expect(s.availabilityPercent == 99.5)
        #expect(s.security.confidentiality?.value == .high)
        #expect(s.security.integrity?.value == .medium)
        #expect(s.security.availability?.value == .low)
        #expect(s.security.authentication?.value == Ref(.system, "id-porten"))
        #expect(s.privacy.dpia?.value == "DPIA-2024-01")
        #expect(s.privacy.dpoConsulted?.value == Day(year: 2024, month: 2, day: 1))
        #expect(s.privacy.transferBasis?.value == .scc)
        #expect(!s.isActive && !s.isShared)
    }

    @Test func fieldLocationsPointAtTheValue() throws {
        let e = try loadFile(element("System", "s", spec: "  owner: x\n  lifecycle: retired")).only()
        let s = try #require(e.system)
        #expect(s.owner?.location == ArkitektModel.SourceLocation(file: "architecture/test.yaml", line: 6, column: 10))
        #expect(s.lifecycle?.location.line == 7)
        #expect(s.lifecycle?.location.column == 14)
        #expect(e.location(of: "spec.owner").line == 6)
    }

    @Test func integration() throws {
        let file = loadFile(element("Integration", "sak-til-arkiv", spec: """
          from: sak
          to: system:arkiv
          data: [sak, dokument]
          via: fiks-io
          protocol: REST
          authentication: maskinporten
          encryption: mtls
          purpose: Arkivering av saker
          legalBasis: Arkivloven
        """))
        #expect(file.findings.isEmpty)
        let i = try #require(try file.only().integration)
        #expect(i.from?.value == Ref(.system, "sak"))
        #expect(i.to?.value == Ref(.system, "arkiv"))
        #expect(i.data.map(\.value) == [Ref(.dataEntity, "sak"), Ref(.dataEntity, "dokument")])
        #expect(i.via?.value == Ref(.system, "fiks-io"))
        #expect(i.protocol?.value == "REST")
        #expect(i.authentication?.value == .maskinporten)
        #expect(i.encryption?.value == .mtls)
        #expect(i.purpose?.value == "Arkivering av saker")
        #expect(i.legalBasis.map(\.value) == ["Arkivloven"])
    }

    @Test func platform() throws {
        let file = loadFile(element("Platform", "kommune-dc", spec: """
          type: on-premises
          vendor: Fjordvik IKT
          location: eu-eea
          lifecycle: retired
        """))
        #expect(file.findings.isEmpty)
        let p = try #require(try file.only().platform)
        #expect(p.type?.value == .onPremises)
        #expect(p.vendor?.value == "Fjordvik IKT")
        #expect(p.location?.value == .euEea)
        #expect(p.lifecycle?.value == .retired)
        #expect(p.effectiveLifecycle == .retired)
    }

    @Test func exemption() throws {
        let file = loadFile(element("Exemption", "unntak", spec: """
          rule: system-description
          targets: [system:a, data:b]
          reason: Midlertidig
          approvedBy: radmann
          expires: 2027-01-01
        """))
        #expect(file.findings.isEmpty)
        let x = try #require(try file.only().exemption)
        #expect(x.rule?.value == "system-description")
        #expect(x.targets.map(\.value) == [Ref(.system, "a"), Ref(.dataEntity, "b")])
        #expect(x.reason?.value == "Midlertidig")
        #expect(x.approvedBy?.value == Ref(.group, "radmann"))
        #expect(x.expires?.value == Day(year: 2027, month: 1, day: 1))
    }

    @Test func transition() throws {
        let file = loadFile(element("Transition", "til-sky", spec: """
          title: Til skyen
          description: Flytt alt
          due: "2027-06-30"
          conditions:
            - {ref: system:gammel, exists: false}
            - {ref: system:ny, path: spec.lifecycle, equals: production}
            - {ref: system:ny, path: spec.uses, contains: svarut}
        """))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let t = try #require(try file.only().transition)
        #expect(t.title?.value == "Til skyen")
        #expect(t.description?.value == "Flytt alt")
        #expect(t.due?.value == Day(year: 2027, month: 6, day: 30))
        #expect(t.conditions.map(\.ref) == [Ref(.system, "gammel"), Ref(.system, "ny"), Ref(.system, "ny")])
        #expect(t.conditions.map(\.test) == [
            .exists(false),
            .equals(path: "spec.lifecycle", value: .scalar("production")),
            .contains(path: "spec.uses", value: .scalar("svarut")),
        ])
    }

    @Test func transitionConditionNeedsExactlyOneTest() throws {
        let file = loadFile(element("Transition", "t", spec: """
          conditions:
            - {ref: system:a}
            - {ref: system:a, exists: true, path: spec.x, equals: y}
            - {exists: true}
            - {ref: a, exists: true}
            - {ref: system:a, equals: y}
        """))
        let e = try file.only()
        #expect(e.transition?.conditions.isEmpty == true)
        #expect(file.findings("schema").map(\.detail) == [
            "spec.conditions[0]", "spec.conditions[1]", "spec.conditions[2]", "spec.conditions[3].ref", "spec.conditions[4]",
        ])
    }

    @Test func severalElementsInOneFile() throws {
        let text = element("Group", "a") + "---\n" + "---\n" + element("Group", "b") + "---\n" + element("Capability", "c")
        let file = loadFile(text)
        #expect(file.findings.isEmpty, "an empty document is ignored without a finding")
        #expect(file.elements.map(\.ref.description) == ["group:a", "group:b", "capability:c"])
        #expect(file.elements.map(\.documentIndex) == [0, 2, 3])
        #expect(file.elements.map(\.location.line) == [1, 7, 12])
    }

    @Test func byteOrderMarkAndWindowsLineEndings() throws {
        let text = "\u{FEFF}" + element("Group", "g", spec: "  type: team").replacingOccurrences(of: "\n", with: "\r\n")
        let file = loadFile(text)
        #expect(file.findings.isEmpty)
        let e = try file.only()
        #expect(e.group?.type?.value == .team)
        #expect(e.group?.type?.location.line == 6)
        #expect(e.group?.type?.location.column == 9)
    }

    @Test func emptyFileIsClean() {
        let file = loadFile("")
        #expect(file.elements.isEmpty)
        #expect(file.findings.isEmpty)
        let comments = loadFile("# nothing yet\n---\n")
        #expect(comments.elements.isEmpty)
        #expect(comments.findings.isEmpty)
    }
}

@Suite("Element decoding: references")
struct ReferenceDecodingTests {
    @Test(arguments: [
        ("owner: oppvekst", "group:oppvekst"),
        ("owner: group:oppvekst", "group:oppvekst"),
        ("owner: \" oppvekst \"", "group:oppvekst"),
        ("hosting: dc", "platform:dc"),
        ("hosting: platform:dc", "platform:dc"),
    ])
    func bareRefTakesTheFieldsKind(line: String, expected: String) throws {
        let file = loadFile(element("System", "s", spec: "  " + line))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let s = try #require(try file.only().system)
        let ref = s.owner ?? s.hosting
        #expect(ref?.value.description == expected)
    }

    @Test func dataPrefixIsData() throws {
        let s = try #require(try loadFile(element("System", "s", spec: "  data: [{entity: data:person}]")).only().system)
        #expect(s.data.first?.entity?.value == Ref(.dataEntity, "person"))
        let wrong = loadFile(element("System", "s", spec: "  data: [{entity: dataentity:person}]"))
        #expect(wrong.findings("schema").map(\.detail) == ["spec.data[0].entity"])
    }

    @Test func prefixedRefOfAnotherKindIsASchemaFinding() throws {
        let file = loadFile(element("System", "s", spec: "  owner: system:oppvekst\n  uses: [svarut, group:x]"))
        let e = try file.only()
        let schema = file.findings("schema")
        #expect(schema.map(\.detail) == ["spec.owner", "spec.uses[1]"])
        #expect(schema.allSatisfy { $0.element == Ref(.system, "s") })
        #expect(schema[0].location.line == 6 && schema[0].location.column == 10)
        #expect(schema[0].message.en.contains("system:oppvekst"))
        #expect(e.system?.owner == nil)
        #expect(e.system?.uses.map(\.value) == [Ref(.system, "svarut")])
    }

    @Test func unknownPrefixIsASchemaFinding() throws {
        let file = loadFile(element("Group", "g", spec: "  parent: gruppe:x"))
        _ = try file.only()
        #expect(file.findings("schema").map(\.detail) == ["spec.parent"])
    }

    @Test func exemptionTargetsMustBePrefixed() throws {
        let file = loadFile(element("Exemption", "x", spec: """
          rule: system-description
          targets: [sak-arkiv, system:ok]
          reason: r
          expires: 2030-01-01
        """))
        let x = try #require(try file.only().exemption)
        #expect(x.targets.map(\.value) == [Ref(.system, "ok")])
        #expect(file.findings("schema").map(\.detail) == ["spec.targets[0]"])
    }
}

@Suite("Element decoding: scalar types")
struct ScalarTypeTests {
    @Test func unknownEnumValueSuggestsTheClosest() throws {
        let file = loadFile(element("System", "s", spec: "  lifecycle: producton\n  scope: national"))
        let e = try file.only()
        let finding = try #require(file.findings("schema").first)
        #expect(file.findings.count == 1)
        #expect(finding.detail == "spec.lifecycle")
        #expect(finding.element == Ref(.system, "s"))
        #expect(finding.location.line == 6 && finding.location.column == 14)
        #expect(finding.message.en.contains("Did you mean 'production'?"))
        #expect(finding.message.nb.contains("Mente du «production»?"))
        #expect(finding.message.en.contains("planned, development, production, phasing-out, retired"))
        // Counts as the default.
        let s = try #require(e.system)
        #expect(s.lifecycle == nil)
        #expect(s.effectiveLifecycle == .production)
        #expect(s.scope?.value == .national)
    }

    @Test func enumValuesAreCaseSensitive() throws {
        let file = loadFile(element("Group", "g", spec: "  type: Team"))
        #expect(try file.only().group?.type == nil)
        #expect(file.findings("schema").first?.message.en.contains("Did you mean 'team'?") == true)
    }

    @Test(arguments: ["no", "yes", "false", "true", "off"])
    func personalIsAnEnumNotABoolean(value: String) throws {
        let file = loadFile(element("DataEntity", "d", spec: "  classification: {personal: \(value)}"))
        let d = try #require(try file.only().dataEntity)
        #expect(d.classification.personal == nil)
        let schema = file.findings("schema")
        #expect(schema.map(\.detail) == ["spec.classification.personal"])
        #expect(schema.first?.message.en.contains("'\(value)'") == true)
    }

    @Test func personalNoneIsAValue() throws {
        let d = try #require(try loadFile(element("DataEntity", "d", spec: "  classification: {personal: none}")).only().dataEntity)
        #expect(d.classification.personal?.value == PersonalClass.none)
        #expect(!d.isPersonal)
    }

    @Test(arguments: [
        ("true", true), ("false", false), ("yes", true), ("no", false), ("on", true), ("off", false),
        ("True", true), ("FALSE", false), ("Yes", true), ("\"true\"", true),
    ])
    func booleansIncludeYAML11Words(written: String, value: Bool) throws {
        let file = loadFile(element("System", "s", spec: "  archive: {obligation: \(written)}"))
        #expect(file.findings.isEmpty)
        #expect(try file.only().system?.archive.obligation?.value == value)
    }

    @Test(arguments: ["1", "ja", "y", "sant"])
    func otherBooleanTextIsASchemaFinding(written: String) throws {
        let file = loadFile(element("System", "s", spec: "  userFacing: \(written)"))
        #expect(try file.only().system?.userFacing == nil)
        #expect(file.findings("schema").map(\.detail) == ["spec.userFacing"])
    }

    @Test(arguments: ["2027-01-01", "\"2027-01-01\"", "'2027-01-01'"])
    func datesQuotedOrNot(written: String) throws {
        let file = loadFile(element("Exemption", "x", spec: """
          rule: system-description
          targets: [system:a]
          reason: r
          expires: \(written)
        """))
        #expect(file.findings.isEmpty)
        #expect(try file.only().exemption?.expires?.value == Day(year: 2027, month: 1, day: 1))
    }

    @Test(arguments: ["2027-02-30", "2027-1-1", "01.01.2027", "neste år", "2027-13-01", "[2027-01-01]"])
    func badDateIsASchemaFinding(written: String) throws {
        let file = loadFile(element("System", "s", spec: "  privacy: {dpoConsulted: \(written)}"))
        #expect(try file.only().system?.privacy.dpoConsulted == nil)
        #expect(file.findings("schema").map(\.detail) == ["spec.privacy.dpoConsulted"])
    }

    @Test func leapDayIsADate() throws {
        let s = try #require(try loadFile(element("System", "s", spec: "  privacy: {dpoConsulted: 2024-02-29}")).only().system)
        #expect(s.privacy.dpoConsulted?.value == Day(year: 2024, month: 2, day: 29))
    }

    @Test func textFieldTakesAnyScalarAsWritten() throws {
        let file = loadFile(element("System", "s", spec: "  vendor: 2024\n  accessibility: 2.10", metadata: "  title: 0755"))
        #expect(file.findings.isEmpty)
        let e = try file.only()
        #expect(e.metadata.title?.value == "0755")
        #expect(e.system?.vendor?.value == "2024")
        #expect(e.system?.accessibility?.value == "2.10")
    }

    @Test(arguments: [
        ("  capabilities: {a: b}", "spec.capabilities"),
        ("  capabilities: arkivering", "spec.capabilities"),
        ("  security: [high]", "spec.security"),
        ("  vendor: [a, b]", "spec.vendor"),
        ("  owner: {name: x}", "spec.owner"),
        ("  data: [person]", "spec.data[0]"),
        ("  availability: høy", "spec.availability"),
    ])
    func wrongShapeIsASchemaFinding(line: String, detail: String) throws {
        let file = loadFile(element("System", "s", spec: line))
        _ = try file.only()
        #expect(file.findings.map(\.rule) == ["schema"])
        #expect(file.findings.first?.detail == detail)
    }

    @Test func absentValuesAreAbsent() throws {
        let file = loadFile(element("System", "s", spec: """
          owner:
          vendor: ""
          capabilities: []
          security: {}
          uses: ~
        """))
        #expect(file.findings.isEmpty)
        let s = try #require(try file.only().system)
        #expect(s.owner == nil && s.vendor == nil && s.capabilities.isEmpty && s.uses.isEmpty)
        #expect(s.security.confidentiality == nil)
    }

    @Test func quotedNullIsText() throws {
        let s = try #require(try loadFile(element("System", "s", spec: "  vendor: \"null\"")).only().system)
        #expect(s.vendor?.value == "null")
    }

    /// `NN%` and `NN.N...%` as the format has them, and (a documented extension, FORMAT.md) the
    /// Norwegian way of writing them: a space before the sign and a decimal comma. Anything else is
    /// a `schema` finding on the field, and the system counts as having declared nothing.
    @Test(arguments: [("99%", 99.0), ("99.5%", 99.5), ("99.95%", 99.95), ("100%", 100.0), ("0%", 0.0),
                      ("99 %", 99.0), ("99,5 %", 99.5), ("99,95%", 99.95), ("99,5\u{00A0}%", 99.5), ("99,9\u{202F}%", 99.9)] as [(String, Double)])
    func availabilityReadsAPercentage(text: String, value: Double) throws {
        let file = loadFile(element("System", "s", spec: "  availability: \"\(text)\""))
        #expect(file.findings.isEmpty)
        #expect(try file.only().system?.availabilityPercent == value)
    }

    @Test(arguments: ["101%", "100.5%", "høy", "99", "99.%", ".5%", "99.5.1%", "99,5,1%", "-1%", "99%%", "99 prosent", "%", " %", "9 9%"])
    func availabilityOtherwiseIsASchemaFinding(text: String) throws {
        let file = loadFile(element("System", "s", spec: "  availability: \"\(text)\""))
        #expect(file.findings.map(\.rule) == ["schema"])
        #expect(file.findings.map(\.detail) == ["spec.availability"])
        #expect(file.findings.map { [$0.location.line, $0.location.column] } == [[6, 17]])
        #expect(try file.only().system?.availabilityPercent == nil)
    }
}

@Suite("Element decoding: unknown fields and identity")
struct FieldAndIdentityTests {
    @Test func unknownFieldSuggestsAndNamesItsPath() throws {
        let file = loadFile(element("System", "fdv", spec: """
          onwer: eiendom
          security:
            integrty: high
          data:
            - {entity: x, acess: read}
        """, metadata: "  titel: FDV"))
        let e = try file.only()
        let unknown = file.findings("unknown-field").sorted { $0.location < $1.location }
        #expect(unknown.map(\.detail) == ["metadata.titel", "spec.onwer", "spec.security.integrty", "spec.data[0].acess"])
        #expect(unknown.allSatisfy { $0.element == Ref(.system, "fdv") })
        #expect(unknown.map { $0.message.en.contains("Did you mean") } == [true, true, true, true])
        #expect(unknown[1].message.en.contains("'spec.onwer'"))
        #expect(unknown[1].message.en.contains("Did you mean 'owner'?"))
        #expect(unknown[2].message.en.contains("Did you mean 'integrity'?"))
        #expect(unknown[3].message.en.contains("Did you mean 'access'?"))
        #expect(unknown[1].location.line == 7 && unknown[1].location.column == 3)
        // An unknown field is not read.
        #expect(e.system?.owner == nil)
        #expect(e.metadata.title == nil)
        #expect(file.findings("schema").isEmpty)
    }

    @Test func unknownFieldWithoutCloseNameHasNoSuggestion() throws {
        let file = loadFile(element("Group", "g", spec: "  kostnadssted: 1234"))
        let f = try #require(file.findings("unknown-field").first)
        #expect(f.detail == "spec.kostnadssted")
        #expect(!f.message.en.contains("Did you mean"))
    }

    @Test func unknownTopLevelField() throws {
        let file = loadFile(element("Group", "g") + "status: active\n")
        #expect(file.findings("unknown-field").map(\.detail) == ["status"])
    }

    @Test func missingKindIsNotLoaded() {
        let file = loadFile("apiVersion: arkitekt/v1\nmetadata:\n  name: x\n")
        #expect(file.elements.isEmpty)
        #expect(file.findings("schema").map(\.detail) == ["kind"])
        #expect(file.findings.first?.element == nil)
    }

    @Test func unknownKindIsNotLoadedAndSuggests() throws {
        let file = loadFile("apiVersion: arkitekt/v1\nkind: Sytem\nmetadata:\n  name: x\n")
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings("schema").first)
        #expect(f.detail == "kind")
        #expect(f.location.line == 2 && f.location.column == 7)
        #expect(f.message.en.contains("Did you mean 'System'?"))
    }

    @Test(arguments: [
        "apiVersion: arkitekt/v1\nkind: Group\n",
        "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {}\n",
        "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  title: x\n",
        "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n  name:\n",
        "apiVersion: arkitekt/v1\nkind: Group\nmetadata: oppvekst\n",
    ])
    func missingNameIsNotLoaded(text: String) {
        let file = loadFile(text)
        #expect(file.elements.isEmpty)
        #expect(file.findings("schema").map(\.detail) == ["metadata.name"])
    }

    @Test(arguments: ["Oppvekst", "sak_arkiv", "-sak", "sak-", "æøå", String(repeating: "a", count: 64), "\"a b\""])
    func malformedNameIsNotLoaded(name: String) {
        let file = loadFile(element("Group", name))
        #expect(file.elements.isEmpty)
        #expect(file.findings("schema").map(\.detail) == ["metadata.name"])
    }

    @Test(arguments: ["a", "0", "a-b", "sak-arkiv-2", String(repeating: "a", count: 63)])
    func wellFormedNamesLoad(name: String) throws {
        #expect(try loadFile(element("Group", name)).only().name == name)
    }

    @Test func missingOrUnknownAPIVersionIsASchemaFindingButLoads() throws {
        let missing = loadFile("kind: Group\nmetadata:\n  name: g\n")
        #expect(try missing.only().ref == Ref(.group, "g"))
        #expect(missing.findings("schema").map(\.detail) == ["apiVersion"])
        let unknown = loadFile("apiVersion: arkitekt/v2\nkind: Group\nmetadata:\n  name: g\n")
        #expect(try unknown.only().ref == Ref(.group, "g"))
        let f = try #require(unknown.findings("schema").first)
        #expect(f.detail == "apiVersion")
        #expect(f.location.line == 1 && f.location.column == 13)
    }

    @Test func integrationWithoutFromOrTo() throws {
        let file = loadFile(element("Integration", "i", spec: "  protocol: REST"))
        let e = try file.only()
        #expect(e.integration?.protocol?.value == "REST")
        #expect(file.findings("schema").compactMap(\.detail).sorted() == ["spec.from", "spec.to"])
        let noSpec = loadFile(element("Integration", "j"))
        _ = try noSpec.only()
        #expect(noSpec.findings("schema").compactMap(\.detail).sorted() == ["spec.from", "spec.to"])
        let onlyFrom = loadFile(element("Integration", "k", spec: "  from: a"))
        #expect(onlyFrom.findings("schema").map(\.detail) == ["spec.to"])
    }

    @Test func exemptionRequiredFields() throws {
        let file = loadFile(element("Exemption", "x", spec: "  approvedBy: radmann"))
        _ = try file.only()
        #expect(file.findings("schema").compactMap(\.detail).sorted() == ["spec.expires", "spec.reason", "spec.rule", "spec.targets"])
        let partial = loadFile(element("Exemption", "y", spec: "  rule: r\n  targets: [system:a]\n  reason: r"))
        #expect(partial.findings("schema").map(\.detail) == ["spec.expires"])
    }

    @Test func aBackstageKindWithoutCounterpartIsSkipped() throws {
        let text = """
        apiVersion: backstage.io/v1alpha1
        kind: Template
        metadata:
          name: Not_A_Valid_Name
          annotations: {x: y}
        spec:
          type: service
        ---

        """ + element("Group", "g")
        let file = loadFile(text)
        #expect(file.elements.map(\.ref) == [Ref(.group, "g")])
        #expect(file.rules == ["skipped-document"], "no field or schema findings for a skipped document")
        let f = try #require(file.findings.first)
        #expect(f.element == nil)
        #expect(f.location.line == 2 && f.location.column == 7)
        #expect(f.message.en.contains("'Template' is not read"))
    }

    @Test(arguments: ["- a\n- b\n", "just text\n", "42\n", "[apiVersion, kind]\n", "\"quoted\"\n"])
    func documentThatIsNotAMapping(text: String) throws {
        let file = loadFile(text)
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings.first)
        #expect(file.findings.count == 1)
        #expect(f.rule == "schema")
        #expect(f.detail == "document")
        #expect(f.element == nil)
        #expect(f.location.line == 1 && f.location.column == 1)
    }

    @Test func documentNotAMappingDoesNotStopTheOthers() {
        let file = loadFile(element("Group", "a") + "---\n- x\n---\n" + element("Group", "b"))
        #expect(file.elements.map(\.name) == ["a", "b"])
        #expect(file.findings.map(\.detail) == ["document"])
        #expect(file.findings.first?.location.line == 6)
    }

    @Test func duplicateKeyIsASchemaFinding() throws {
        let file = loadFile(element("System", "s", spec: "  owner: a\n  vendor: v\n  owner: b"))
        let e = try file.only()
        let f = try #require(file.findings("schema").first)
        #expect(file.findings.count == 1)
        #expect(f.detail == "duplicate-key:spec.owner")
        #expect(f.location.line == 8 && f.location.column == 3)
        #expect(e.system?.owner?.value == Ref(.group, "a"), "the first is read")
    }

    @Test func duplicateKindKeyIsASchemaFinding() throws {
        let file = loadFile("apiVersion: arkitekt/v1\nkind: Group\nkind: System\nmetadata:\n  name: g\n")
        #expect(try file.only().kind == .group)
        #expect(file.findings("schema").map(\.detail) == ["duplicate-key:kind"])
    }

    @Test func duplicateLabelKeyIsASchemaFinding() throws {
        let file = loadFile(element("Group", "g", metadata: "  labels:\n    domene: a\n    domene: b"))
        let e = try file.only()
        #expect(file.findings("schema").count == 1)
        #expect(e.metadata.labels["domene"] == "a", "only the first is read")
    }

    @Test func duplicateDefinitionLanguageIsASchemaFinding() throws {
        let file = loadFile(element("DataEntity", "d", spec: "  definition:\n    nb: en\n    nb: to"))
        let e = try file.only()
        #expect(file.findings("schema").count == 1)
        #expect(e.dataEntity?.definition?.value.texts["nb"] == "en")
    }

    @Test func columnsOfFindingsCountCharacters() throws {
        // `tem` is the 26th character of its line but starts at byte 29.
        let file = loadFile(element("Group", "g", spec: "  {email: æøå, type: tem}").replacingOccurrences(of: "spec:\n  {", with: "spec: {"))
        let f = try #require(file.findings("schema").first)
        #expect(f.detail == "spec.type")
        #expect(f.location.line == 5)
        #expect(f.location.column == 26)
    }

    @Test func mergeKeysWorkInElements() throws {
        let file = loadFile("""
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: s
        x-defaults: &sec {confidentiality: low, integrity: low, availability: low}
        spec:
          security:
            <<: *sec
            integrity: high

        """)
        let s = try #require(try file.only().system)
        #expect(s.security.confidentiality?.value == .low)
        #expect(s.security.integrity?.value == .high)
        #expect(s.security.availability?.value == .low)
        #expect(file.findings("unknown-field").map(\.detail) == ["x-defaults"])
    }
}

@Suite("Loader: files that cannot be read")
struct LoaderFailureTests {
    @Test func syntaxErrorGivesOneFindingAndNoElements() throws {
        let file = loadFile(element("Group", "a") + "---\n" + element("Group", "b") + "  title: [unclosed\n", path: "architecture/x.yaml")
        #expect(file.elements.isEmpty, "none of the file's documents is loaded")
        let f = try #require(file.findings.first)
        #expect(file.findings.count == 1)
        #expect(f.rule == "yaml-syntax")
        #expect(f.element == nil)
        #expect(f.location.file == "architecture/x.yaml")
        #expect("\(f.location.line):\(f.location.column)" == "11:1")
        #expect(f.message.en.hasPrefix("YAML error: "))
        #expect(f.message.nb.hasPrefix("YAML-feil: "))
    }

    @Test func notUTF8GivesAYAMLSyntaxFinding() throws {
        let bytes = Array(element("Group", "g", metadata: "  title: Bl").utf8).dropLast() + [0xE5, 0x0A]
        let file = LandscapeLoader.load(path: "architecture/latin1.yaml", bytes: Array(bytes))
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings.first)
        #expect(file.findings.count == 1)
        #expect(f.rule == "yaml-syntax")
        #expect(f.detail == "encoding")
        #expect(f.location == ArkitektModel.SourceLocation(file: "architecture/latin1.yaml", line: 5, column: 12))
        #expect(f.message.en.contains("UTF-8"))
    }

    @Test func tabIndentationGivesAYAMLSyntaxFinding() throws {
        let file = loadFile("apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n\tname: g\n")
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings.first)
        #expect(f.rule == "yaml-syntax")
        #expect(f.location.line == 4 && f.location.column == 1)
    }

    @Test func hugeFileGivesAResourceLimitFinding() throws {
        let bytes = Array(element("Group", "g").utf8) + [UInt8](repeating: 0x0A, count: 20 * 1024 * 1024)
        let file = LandscapeLoader.load(path: "architecture/big.yaml", bytes: bytes)
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings.first)
        #expect(f.rule == "resource-limit")
        #expect(f.detail == "file-size")
        #expect(f.location.file == "architecture/big.yaml")
        #expect(f.message.en.contains("\(Limits().maxFileBytes)"))
    }

    @Test func aliasBombGivesAResourceLimitFinding() throws {
        let file = loadFile(element("Group", "g") + "x-bomb:\n  " + YAMLParserFailureTests.aliasBomb(levels: 9, width: 9).replacingOccurrences(of: "\n", with: "\n  "))
        #expect(file.elements.isEmpty)
        let f = try #require(file.findings.first)
        #expect(file.findings.count == 1)
        #expect(f.rule == "resource-limit")
        #expect(f.detail == "alias-expansion")
    }

    @Test func deepNestingGivesAResourceLimitFinding() throws {
        let file = loadFile(element("Group", "g", metadata: "  title: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        #expect(file.elements.isEmpty)
        #expect(file.findings.map(\.detail) == ["nesting-depth"])
        #expect(file.findings.first?.location.line == 5)
    }

    @Test func lfsPointerIsNotYAML() throws {
        let file = loadFile("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n")
        #expect(file.elements.isEmpty)
        #expect(file.findings.map(\.rule) == ["yaml-syntax"])
        #expect(file.findings.first?.detail == "lfs-pointer")
    }

    @Test func loadAllOrdersByPathAndEnforcesTheElementLimit() {
        var limits = Limits()
        limits.maxElements = 3
        let inputs = [
            LandscapeInput(path: "architecture/b.yaml", bytes: Array((element("Group", "b1") + "---\n" + element("Group", "b2")).utf8)),
            LandscapeInput(path: "architecture/a.yaml", bytes: Array(element("Group", "a1").utf8)),
            LandscapeInput(path: "architecture/c.yaml", bytes: Array((element("Group", "c1") + "---\n" + element("Group", "c2")).utf8)),
        ]
        let (landscape, findings) = LandscapeLoader.loadAll(inputs, limits: limits)
        #expect(landscape.elements.map(\.name) == ["a1", "b1", "b2"])
        #expect(landscape.fileCount == 3)
        #expect(findings.map(\.rule) == ["resource-limit"])
        #expect(findings.first?.detail == "elements")
        #expect(findings.first?.location.file == "architecture/c.yaml")
    }

    @Test func loadAllUsesByteOrderForPaths() {
        let inputs = ["architecture/Z.yaml", "architecture/a.yaml", "architecture/Ø.yaml", "architecture/_.yaml"].enumerated().map {
            LandscapeInput(path: $0.element, bytes: Array(element("Group", "g\($0.offset)").utf8))
        }
        let (landscape, _) = LandscapeLoader.loadAll(inputs)
        #expect(landscape.elements.map(\.file) == ["architecture/Z.yaml", "architecture/_.yaml", "architecture/a.yaml", "architecture/Ø.yaml"])
    }
}

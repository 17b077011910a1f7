@testable import ArkitektLoading
import ArkitektModel
import Testing

/// The fields issue 17 adds for Norwegian law: who a system serves, retention under archive law,
/// criminal offence data, transfers out of the EU/EEA, contracts.
@Suite("Element decoding: the fields of Norwegian law")
struct LawFieldTests {
    @Test func userFacingStillReadsAsCitizensOnTheWebAndSaysWhatReplacesIt() throws {
        let file = loadFile(element("System", "portal", spec: "  userFacing: true"))
        let s = try #require(try file.only().system)
        #expect(s.effectiveAudience == [.citizens])
        #expect(s.servesThePublicOnline && s.servesCitizens)
        let replaced = file.findings("deprecated-field")
        #expect(replaced.map(\.detail) == ["spec.userFacing"])
        #expect(replaced.map { "\($0.location.line):\($0.location.column)" } == ["6:15"])
        #expect(replaced.first?.message.en.contains("'spec.audience'") == true)
        #expect(file.findings.count == 1)
    }

    @Test func theNewFieldsWinOverUserFacing() throws {
        let s = try #require(try loadFile(element("System", "s", spec: "  userFacing: true\n  audience: [employees]")).only().system)
        #expect(s.effectiveAudience == [.employees])
        #expect(!s.servesThePublicOnline && !s.servesCitizens)
        let off = try #require(try loadFile(element("System", "s", spec: "  userFacing: false")).only().system)
        #expect(off.effectiveAudience.isEmpty)
    }

    @Test(arguments: [
        // audience, channel, covered by the accessibility regulation
        ("[citizens]", nil, true), ("[businesses]", "app", true), ("[citizens]", "web", true),
        ("[citizens]", "fagsystem", false), ("[citizens]", "intranet", false), ("[citizens]", "kiosk", false),
        ("[employees]", "web", false), ("[partners]", nil, false), ("[employees, businesses]", "web", true),
    ] as [(String, String?, Bool)])
    func theRegulationCoversTheWebAndAppsForThePublic(audience: String, channel: String?, covered: Bool) throws {
        let spec = "  audience: \(audience)" + (channel.map { "\n  channel: \($0)" } ?? "")
        let file = loadFile(element("System", "s", spec: spec))
        #expect(file.findings.isEmpty)
        #expect(try file.only().system?.servesThePublicOnline == covered)
    }

    @Test(arguments: ["P10Y", "permanent", "P6M", "P1Y6M", "P2W", "P0D", "P1Y2M3W4D", " P5Y "])
    func retentionIsADurationOrPermanent(written: String) throws {
        let file = loadFile(element("DataEntity", "d", spec: "  retention: \"\(written)\""))
        #expect(file.findings.isEmpty, "\(written)")
        #expect(try file.only().dataEntity?.retention?.value == written)
    }

    @Test(arguments: ["10 år", "P", "PY", "P10", "P1M1Y", "P1Y1Y", "p10y", "PT10H", "Permanent", "P-1Y", "P1.5Y", "for alltid"])
    func anythingElseIsASchemaFindingAndCountsAsNoRetention(written: String) throws {
        let file = loadFile(element("DataEntity", "d", spec: "  retention: '\(written)'\n  retentionNote: Etter arkivplanen"))
        #expect(file.findings("schema").map(\.detail) == ["spec.retention"], "\(written)")
        let d = try #require(try file.only().dataEntity)
        #expect(d.retention == nil)
        #expect(d.retentionNote?.value == "Etter arkivplanen")
    }

    @Test func criminalOffenceDataIsPersonalButNoSpecialCategory() throws {
        let d = try #require(try loadFile(element("DataEntity", "d", spec: "  classification: {personal: criminal}")).only().dataEntity)
        #expect(d.isPersonal && d.isSensitive && d.isSpecialOrCriminal && d.isStrictlyProtected)
        #expect(!d.isSpecialCategory)
    }

    @Test func aDutyOfConfidentialityMakesDataSensitiveWhateverItsLevel() throws {
        let open = "  classification: {personal: none, confidentiality: open, dutyOfConfidentiality: true}"
        let d = try #require(try loadFile(element("DataEntity", "d", spec: open)).only().dataEntity)
        #expect(d.isSensitive && !d.isPersonal && !d.isStrictlyProtected)
        let without = try #require(try loadFile(element("DataEntity", "d", spec: "  classification: {confidentiality: open}")).only().dataEntity)
        #expect(!without.isSensitive)
    }

    @Test func transfersOutOfTheEEA() throws {
        let file = loadFile(element("System", "s", spec: """
          privacy:
            transferBasis: scc
            transferImpactAssessment: 2025-03-01
            dataProcessingAgreement: "Sak 2024/1234"
            subProcessors:
              - {name: Support Inc., location: third-country}
              - {location: norway}
        """))
        #expect(file.findings("schema").map(\.detail) == ["spec.privacy.subProcessors[1].name"])
        let p = try #require(try file.only().system?.privacy)
        #expect(p.transferBasis?.value == .scc && p.transferBasis?.value.needsImpactAssessment == true)
        #expect(p.transferImpactAssessment?.value == Day(year: 2025, month: 3, day: 1))
        #expect(p.dataProcessingAgreement?.value == "Sak 2024/1234")
        #expect(p.subProcessors.map { $0.name?.value } == ["Support Inc.", nil])
        #expect(p.subProcessors.map { $0.country?.value } == [.thirdCountry, .norway])
    }

    @Test func aTransferBasisInWordsIsNoLongerRead() throws {
        let file = loadFile(element("System", "s", spec: "  privacy: {transferBasis: Standard personvernbestemmelser}"))
        let schema = file.findings("schema")
        #expect(schema.map(\.detail) == ["spec.privacy.transferBasis"])
        #expect(schema.first?.message.en.contains("adequacy, dpf, scc, bcr, derogation") == true)
        #expect(try file.only().system?.privacy.transferBasis == nil)
    }

    @Test func aContract() throws {
        let file = loadFile(element("Contract", "sak-arkiv-drift", spec: """
          vendor: Acme AS
          orgNumber: 974 760 673
          systems: [sak-arkiv, system:okonomi]
          ends: 2027-06-30
          exitPlan: Data eksporteres som Noark 5-uttrekk.
          dataProcessingAgreement: true
        """))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message.en))")
        let e = try file.only()
        #expect(e.ref == Ref(.contract, "sak-arkiv-drift"))
        let c = try #require(e.contract)
        #expect(c.systems.map(\.value) == [Ref(.system, "sak-arkiv"), Ref(.system, "okonomi")])
        #expect(c.ends?.value == Day(year: 2027, month: 6, day: 30))
        #expect(c.dataProcessingAgreement?.value == true)
        #expect(e.references.map(\.path) == ["spec.systems", "spec.systems"])
    }

    @Test(arguments: ["974760673", "974 760 673", "923609016"])
    func organisationNumbersWithTheirCheckDigit(written: String) throws {
        let file = loadFile(element("Contract", "k", spec: "  orgNumber: '\(written)'"))
        #expect(file.findings.isEmpty, "\(written)")
    }

    @Test(arguments: ["974760674", "97476067", "9747606731", "abc", "974-760-673"])
    func anOrganisationNumberThatCannotBeIsASchemaFinding(written: String) throws {
        let file = loadFile(element("Contract", "k", spec: "  orgNumber: '\(written)'"))
        #expect(file.findings("schema").map(\.detail) == ["spec.orgNumber"], "\(written)")
        #expect(try file.only().contract?.orgNumber == nil)
    }

    @Test func platformsDeclareAvailabilityAndEndOfSupport() throws {
        let file = loadFile(element("Platform", "vm", spec: "  availability: 99,5 %\n  endOfSupport: 2027-01-31"))
        #expect(file.findings.isEmpty)
        let p = try #require(try file.only().platform)
        #expect(p.availabilityPercent == 99.5 && p.endOfSupport?.value == Day(year: 2027, month: 1, day: 31))
        let bad = loadFile(element("Platform", "vm", spec: "  availability: høy"))
        #expect(bad.findings("schema").map(\.detail) == ["spec.availability"])
        #expect(try bad.only().platform?.availability == nil)
    }
}

import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt show REF`, through the binary, on the bundled sample.
@Suite struct ShowCommandTests {
    static let sample = packageRoot() + "/samples/landscape"

    func show(_ args: [String]) throws -> ProcessResult {
        try Executable().run(["show", "--lang", "en", "--date", "2026-12-06"] + args, in: Self.sample)
    }

    @Test func anElementWithItsFieldsReferrersFindingsAndExemptions() throws {
        let result = try show(["system:oppvekst-admin"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("system:oppvekst-admin — Oppvekstadministrasjon\nsamples/landscape/architecture/systemer/oppvekst/oppvekst-admin.yaml:1:1\n"), "\(text)")
        #expect(text.contains("\nReferred to by:\n  contract:skoleverktoy\n  data:barnehageplass\n  exemption:oppvekst-forsendelse\n"))
        #expect(text.contains("[risk-assessment-current]"))
        #expect(text.contains("\nExemptions:\n  exemption:oppvekst-forsendelse (reuse-shared-solution, expires 2027-03-31)\n  holds back: "))
        #expect(try show(["system:oppvekst-admin"]).stdout == text, "the same twice")
        // A name that one element has is enough.
        #expect(try show(["oppvekst-admin"]).stdout == text)
    }

    @Test func jsonCarriesTheSame() throws {
        let result = try show(["system:sak-arkiv", "--format", "json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["ref"] as? String == "system:sak-arkiv")
        let fields = try #require(json["fields"] as? [String: String])
        #expect(fields["spec.owner"] == "group:dokumentsenteret" && fields["metadata.title"] == "Sak/arkiv")
        #expect((json["referrers"] as? [String])?.contains("integration:byggesak-til-sak-arkiv") == true)
        #expect((json["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func anUnknownElementIsAnErrorWithTheNearestName() throws {
        let typo = try show(["sak-arkv"])
        #expect(typo.status == 2 && typo.stdout.isEmpty && typo.stderr.contains("Did you mean 'system:sak-arkiv'?"), "\(typo.stderr)")
        let kind = try show(["system:sak-arkv"])
        #expect(kind.status == 2 && kind.stderr.contains("Did you mean 'system:sak-arkiv'?"), "\(kind.stderr)")
    }
}

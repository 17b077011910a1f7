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

    /// `--format yaml` writes the element back as a document of the format: read again, it has
    /// the same fields. Elements of every shape: nested objects, lists of maps, definitions in two
    /// languages, conditions, exemption targets.
    @Test func yamlIsTheElementAsADocumentThatReadsBackTheSame() throws {
        let refs = ["system:sak-arkiv", "system:oppvekst-admin", "data:person", "transition:sak-arkiv-til-sky",
                    "exemption:oppvekst-forsendelse", "contract:skoleverktoy", "group:dokumentsenteret"]
        let dir = try TempDirectory()
        var before: [String: [String: String]] = [:]
        for (i, ref) in refs.enumerated() {
            let yaml = try show([ref, "--format", "yaml"])
            #expect(yaml.status == 0, "\(yaml.stderr)")
            #expect(yaml.stdout.hasPrefix("# \(ref) samples/landscape/architecture/"), "\(yaml.stdout)")
            #expect(yaml.stdout.contains("\napiVersion: arkitekt/v1\nkind: "))
            _ = try dir.write("architecture/\(i).yaml", yaml.stdout)
            let json = try JSONSerialization.jsonObject(with: Data(try show([ref, "--format", "json"]).stdout.utf8)) as? [String: Any]
            before[ref] = json?["fields"] as? [String: String]
        }
        let check = try Executable().run(["check", "--format", "json", "--fail-on", "never"], in: dir.path)
        #expect(!check.stdout.contains("\"unknown-field\"") && !check.stdout.contains("\"schema\""), "\(check.stdout)")
        for ref in refs {
            let again = try Executable().run(["show", ref, "--format", "json"], in: dir.path)
            let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
            #expect(json?["fields"] as? [String: String] == before[ref], "\(ref)")
        }
    }

    @Test func anUnknownElementIsAnErrorWithTheNearestName() throws {
        let typo = try show(["sak-arkv"])
        #expect(typo.status == 2 && typo.stdout.isEmpty && typo.stderr.contains("Did you mean 'system:sak-arkiv'?"), "\(typo.stderr)")
        let kind = try show(["system:sak-arkv"])
        #expect(kind.status == 2 && kind.stderr.contains("Did you mean 'system:sak-arkiv'?"), "\(kind.stderr)")
    }
}

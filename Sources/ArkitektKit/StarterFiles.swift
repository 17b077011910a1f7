import ArkitektModel

/// The files `arkitekt init` writes: a configuration and a small landscape with one commented
/// element of each main kind, in the run's language. `arkitekt check` passes them with no error;
/// what is left are warnings that only the user can answer (dates of a risk assessment and of
/// the data protection officer's advice).
enum StarterFiles {
    /// The schema's path, relative to the folder `init` writes in.
    static let schemaPath = ".arkitekt/schema.json"
    static let settingsPath = ".vscode/settings.json"

    /// The yaml-language-server modeline of a file at `path` (relative), pointing at the schema.
    static func modeline(for path: String) -> String {
        let depth = path.split(separator: "/").count - 1
        return "# yaml-language-server: $schema=" + String(repeating: "../", count: depth) + schemaPath + "\n"
    }

    /// The landscape files, path and text (with the modeline), in the order they are listed.
    static func files(_ language: Language) -> [(path: String, text: String)] {
        let files = language == .nb ? norwegian : english
        return files.map { ($0.path, modeline(for: $0.path) + $0.text) }
    }

    static func settings() -> String {
        """
        {
          "yaml.schemas": {
            "\(schemaPath)": [".arkitekt.yaml", "architecture/**/*.yaml", "architecture/**/*.yml"]
          }
        }

        """
    }

    static let norwegian: [(path: String, text: String)] = [
        (".arkitekt.yaml", """
        # Oppsettet for arkitekt. Alle felt er valgfrie.
        apiVersion: arkitekt/v1
        kind: Config
        spec:
          paths: [architecture]     # mappene landskapet ligger i
          rulePacks: [ks]           # prinsippene for kommunal sektor (KS)
          language: nb              # nb eller en
          # severity:               # alvorlighet per regel: error, warning, info eller off
          #   integration-protocol: off

        """),
        ("architecture/organisasjon.yaml", """
        # Grupper eier systemer og data. Én fil kan ha flere elementer, skilt med ---.
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: servicetorget        # små bokstaver, sifre og bindestrek; andre elementer viser hit med navnet
          title: Servicetorget
        spec:
          type: department           # municipality, county, department, unit, team, role eller external
          email: servicetorget@kommune.example
        ---
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: digdir
          title: Digitaliseringsdirektoratet
        spec:
          type: external             # en part utenfor kommunen; eier av fellesløsningen ID-porten

        """),
        ("architecture/kapabiliteter.yaml", """
        # Kapabiliteter: det kommunen kan gjøre, uavhengig av systemene som gjør det.
        apiVersion: arkitekt/v1
        kind: Capability
        metadata:
          name: elektronisk-id
          title: Elektronisk identifisering
        spec:
          eid: true                  # nasjonal elektronisk ID: innbyggere skal logge inn med den
        ---
        apiVersion: arkitekt/v1
        kind: Capability
        metadata:
          name: innbyggerdialog
          title: Dialog med innbyggere

        """),
        ("architecture/systemer/id-porten.yaml", """
        # En fellesløsning: scope national (eller sector) betyr at mange deler den.
        # Gjenbruk av fellesløsninger er ett av KS' arkitekturprinsipper.
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: id-porten
          title: ID-porten
          description: Nasjonal innlogging for innbyggere.
        spec:
          owner: digdir
          scope: national
          lifecycle: production
          capabilities: [elektronisk-id]

        """),
        ("architecture/systemer/innbyggerportal.yaml", """
        # Et av kommunens egne systemer. Referanser skrives med navnet (owner: servicetorget)
        # eller med type foran (system:id-porten).
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: innbyggerportal
          title: Innbyggerportalen
          description: Der innbyggerne sender henvendelser til kommunen.
        spec:
          owner: servicetorget
          vendor: Leverandør AS
          lifecycle: production      # planned, development, production, phasing-out eller retired
          capabilities: [innbyggerdialog]
          uses: [id-porten]          # fellesløsningen den gjenbruker
          audience: [citizens]       # hvem den er for; for publikum gjelder krav om universell utforming
          channel: web
          accessibility: WCAG 2.1 AA
          accessibilityStatement: https://uustatus.no/nb/erklaringer/publisert/eksempel
          availability: 99.5%
          data:
            - {entity: henvendelse, access: master}   # read, write eller master
          security:
            confidentiality: medium  # low, medium eller high
            integrity: medium
            availability: medium
            authentication: id-porten
            # riskAssessment: ÅÅÅÅ-MM-DD   # datoen for siste risikovurdering
          # privacy:
          #   dpoConsulted: ÅÅÅÅ-MM-DD     # datoen personvernombudet ga råd

        """),
        ("architecture/data/henvendelse.yaml", """
        # Data med personopplysninger: eier, rettslig grunnlag og lagringstid er påkrevd.
        apiVersion: arkitekt/v1
        kind: DataEntity
        metadata:
          name: henvendelse
          title: Henvendelse
        spec:
          owner: servicetorget
          definition: En melding fra en innbygger til kommunen, med navn og kontaktinformasjon.
          # concept: https://...     # begrepet i en begrepskatalog
          classification:
            personal: personal       # none, personal, special (art. 9) eller criminal (art. 10)
            confidentiality: internal
          authoritativeSource: innbyggerportal
          legalBasis: personvernforordningen art. 6 nr. 1 bokstav e
          retention: P2Y             # ISO 8601: P2Y er to år; eller permanent

        """),
        ("architecture/integrasjoner/innbyggerportal-til-id-porten.yaml", """
        # En integrasjon: data eller tjenester fra ett system til et annet.
        apiVersion: arkitekt/v1
        kind: Integration
        metadata:
          name: innbyggerportal-til-id-porten
          title: Innlogging med ID-porten
        spec:
          from: innbyggerportal
          to: id-porten
          protocol: OpenID Connect
          authentication: oauth2     # none, maskinporten, idporten, oauth2, mtls, apikey, basic eller other
          encryption: tls            # none, tls, mtls eller message
          purpose: Innbyggerne logger inn med ID-porten.

        """),
    ]

    static let english: [(path: String, text: String)] = [
        (".arkitekt.yaml", """
        # arkitekt's settings. Every field is optional.
        apiVersion: arkitekt/v1
        kind: Config
        spec:
          paths: [architecture]     # the folders that hold the landscape
          rulePacks: [ks]           # the principles of the municipal sector (KS)
          language: en              # nb or en
          # severity:               # severity per rule: error, warning, info or off
          #   integration-protocol: off

        """),
        ("architecture/organisation.yaml", """
        # Groups own systems and data. A file may hold several elements, separated by ---.
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: service-centre       # lower-case letters, digits and hyphens; other elements refer to it by name
          title: Service centre
        spec:
          type: department           # municipality, county, department, unit, team, role or external
          email: service-centre@municipality.example
        ---
        apiVersion: arkitekt/v1
        kind: Group
        metadata:
          name: digdir
          title: Norwegian Digitalisation Agency
        spec:
          type: external             # outside the municipality; owner of the shared solution ID-porten

        """),
        ("architecture/capabilities.yaml", """
        # Capabilities: what the municipality is able to do, whatever systems do it.
        apiVersion: arkitekt/v1
        kind: Capability
        metadata:
          name: electronic-id
          title: Electronic identification
        spec:
          eid: true                  # national electronic ID: citizens must log in with it
        ---
        apiVersion: arkitekt/v1
        kind: Capability
        metadata:
          name: citizen-dialogue
          title: Dialogue with citizens

        """),
        ("architecture/systems/id-porten.yaml", """
        # A shared solution: scope national (or sector) means that many share it.
        # Reusing shared solutions is one of the KS architecture principles.
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: id-porten
          title: ID-porten
          description: The national login for citizens.
        spec:
          owner: digdir
          scope: national
          lifecycle: production
          capabilities: [electronic-id]

        """),
        ("architecture/systems/citizen-portal.yaml", """
        # One of the municipality's own systems. References are written by name
        # (owner: service-centre) or with the kind in front (system:id-porten).
        apiVersion: arkitekt/v1
        kind: System
        metadata:
          name: citizen-portal
          title: Citizen portal
          description: Where citizens send their enquiries to the municipality.
        spec:
          owner: service-centre
          vendor: Vendor Ltd
          lifecycle: production      # planned, development, production, phasing-out or retired
          capabilities: [citizen-dialogue]
          uses: [id-porten]          # the shared solution it reuses
          audience: [citizens]       # whom it serves; accessibility rules apply to solutions for the public
          channel: web
          accessibility: WCAG 2.1 AA
          accessibilityStatement: https://uustatus.no/en/declarations/published/example
          availability: 99.5%
          data:
            - {entity: enquiry, access: master}   # read, write or master
          security:
            confidentiality: medium  # low, medium or high
            integrity: medium
            availability: medium
            authentication: id-porten
            # riskAssessment: YYYY-MM-DD   # the date of the latest risk assessment
          # privacy:
          #   dpoConsulted: YYYY-MM-DD     # the date the data protection officer gave advice

        """),
        ("architecture/data/enquiry.yaml", """
        # Data with personal data: an owner, a legal basis and a retention period are required.
        apiVersion: arkitekt/v1
        kind: DataEntity
        metadata:
          name: enquiry
          title: Enquiry
        spec:
          owner: service-centre
          definition:
            nb: En melding fra en innbygger til kommunen, med navn og kontaktinformasjon.
            en: A message from a citizen to the municipality, with name and contact details.
          # concept: https://...     # the concept in a concept catalogue
          classification:
            personal: personal       # none, personal, special (art. 9) or criminal (art. 10)
            confidentiality: internal
          authoritativeSource: citizen-portal
          legalBasis: GDPR art. 6(1)(e)
          retention: P2Y             # ISO 8601: P2Y is two years; or permanent

        """),
        ("architecture/integrations/citizen-portal-to-id-porten.yaml", """
        # An integration: data or services from one system to another.
        apiVersion: arkitekt/v1
        kind: Integration
        metadata:
          name: citizen-portal-to-id-porten
          title: Login with ID-porten
        spec:
          from: citizen-portal
          to: id-porten
          protocol: OpenID Connect
          authentication: oauth2     # none, maskinporten, idporten, oauth2, mtls, apikey, basic or other
          encryption: tls            # none, tls, mtls or message
          purpose: Citizens log in with ID-porten.

        """),
    ]
}

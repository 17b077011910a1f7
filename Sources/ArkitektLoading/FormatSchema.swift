import ArkitektModel

/// The fields of format v1, as data: the decoder takes the keys it accepts from here, and the
/// JSON Schema (`arkitekt schema`), the starter files of `init` and the language server's
/// completion are made from the same table. A field is added here or nowhere.
public enum FormatSchema {
    /// What a field's value may be, as the decoder reads it (docs/FORMAT.md, "How values are read").
    public indirect enum Shape: Sendable {
        /// Any scalar, read as the text written.
        case text
        /// An element's name: lower-case letters, digits and inner hyphens, at most 63 characters.
        case name
        /// A text or a list of texts (legal bases).
        case texts
        /// `true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off` in any case.
        case bool
        /// `YYYY-MM-DD`; a YAML 1.1 timestamp is read by its date.
        case date
        /// An ISO 8601 duration of years, months, weeks and days, or `permanent`.
        case retention
        /// A percentage: `99.5%`, `99,5 %`.
        case percentage
        /// A Norwegian organisation number: nine digits, spaces allowed.
        case orgNumber
        /// One of these words.
        case choice([String])
        /// A reference; with a kind, a bare name is of that kind; without, `kind:name` is required.
        case ref(Kind?)
        case list(Shape)
        /// A mapping with exactly these fields. `oneOf`: the groups of fields of which exactly one
        /// must be given (a transition condition's test: `exists`, `equals` or `contains`).
        case object([Field], oneOf: [[String]] = [])
        /// A mapping of any keys to values of one shape (labels).
        case map(Shape)
        /// A text (Bokmål) or a map of language to text.
        case definition
        /// Anything (a transition condition's expected value).
        case any
    }

    public struct Field: Sendable {
        public let name: String
        public let shape: Shape
        public let required: Bool
        /// The fields beside it that it needs (a condition's `equals` needs its `path`).
        public let needs: [String]
        public let about: LocalizedText

        init(_ name: String, _ shape: Shape, required: Bool = false, needs: [String] = [], nb: String, en: String) {
            self.name = name
            self.shape = shape
            self.required = required
            self.needs = needs
            self.about = LocalizedText(nb: nb, en: en)
        }
    }

    /// A kind of document: an element kind, or the configuration (`kind: Config`).
    public struct DocumentKind: Sendable {
        public let name: String
        public let about: LocalizedText
        /// The document's top-level fields (`apiVersion`, `kind`, `metadata`, `spec`).
        public let fields: [Field]

        /// The fields of `spec`.
        public var spec: [Field] { FormatSchema.fields(of: fields.first { $0.name == "spec" }?.shape) }
    }

    /// The fields of an object shape (or of a list of objects), else none.
    public static func fields(of shape: Shape?) -> [Field] {
        switch shape {
        case .object(let fields, _): return fields
        case .list(let item): return fields(of: item)
        default: return []
        }
    }

    /// The field at a dotted path below a document kind's top (`spec.security.integrity`); list
    /// items are passed through (`spec.data.entity`).
    public static func field(_ kind: DocumentKind, _ path: String) -> Field? {
        var fields = kind.fields
        var found: Field?
        for part in path.split(separator: ".") {
            guard let field = fields.first(where: { $0.name == part }) else { return nil }
            found = field
            fields = Self.fields(of: field.shape)
        }
        return found
    }

    /// The keys of the object at a dotted path (`spec.classification`); the top's with "".
    public static func keys(_ kind: Kind, _ path: String) -> [String] { keys(element(kind), path) }

    public static func keys(_ document: DocumentKind, _ path: String) -> [String] {
        if path.isEmpty { return document.fields.map(\.name) }
        return fields(of: field(document, path)?.shape).map(\.name)
    }

    // MARK: The table

    public static let apiVersion = Field("apiVersion", .choice([currentAPIVersion]), required: true,
                                         nb: "Formatets versjon: arkitekt/v1.",
                                         en: "The format's version: arkitekt/v1.")

    static let metadata = Field("metadata", .object([
        Field("name", .name, required: true,
              nb: "Elementets navn, unikt per type: små bokstaver, sifre og bindestrek inni, høyst 63 tegn. Andre elementer viser til det med dette navnet.",
              en: "The element's name, unique per kind: lower-case letters, digits and inner hyphens, at most 63 characters. Other elements refer to it by this name."),
        Field("title", .text, nb: "Visningsnavnet.", en: "The display name."),
        Field("description", .text, nb: "Hva elementet er og gjør.", en: "What the element is and does."),
        Field("labels", .map(.text), nb: "Fritt valgte etiketter: nøkkel og tekst.", en: "Free labels: key and text."),
        Field("links", .list(.object([
            Field("url", .text, nb: "Adressen.", en: "The address."),
            Field("title", .text, nb: "Lenkens tekst.", en: "The link's text."),
        ])), nb: "Lenker til mer om elementet.", en: "Links to more about the element."),
    ]), required: true, nb: "Navn, tittel og beskrivelse.", en: "Name, title and description.")

    static let owner = Field("owner", .ref(.group), nb: "Gruppen som eier (en gruppe).", en: "The group that owns it (a group).")
    static let legalBasis = Field("legalBasis", .texts, nb: "Rettslig grunnlag: lov og paragraf, én eller en liste.",
                                  en: "Legal basis: act and section, one or a list.")
    static let lifecycle = Field("lifecycle", .choice(Lifecycle.allCases.map(\.rawValue)),
                                 nb: "Livsløp; uten verdi: production.", en: "Lifecycle; absent means production.")
    static let vendor = Field("vendor", .text, nb: "Leverandøren.", en: "The vendor.")
    static let availability = Field("availability", .percentage, nb: "Avtalt tilgjengelighet i prosent, som 99.5%.",
                                    en: "Agreed availability as a percentage, such as 99.5%.")
    static let endOfSupport = Field("endOfSupport", .date, nb: "Dato da leverandørens støtte tar slutt.",
                                    en: "The date the vendor's support ends.")

    static func refs(_ name: String, _ kind: Kind, nb: String, en: String) -> Field {
        Field(name, .list(.ref(kind)), nb: nb, en: en)
    }

    static func choice<E: FormatEnum>(_ name: String, _ type: E.Type, required: Bool = false, nb: String, en: String) -> Field {
        Field(name, .choice(type.allCases.map(\.rawValue)), required: required, nb: nb, en: en)
    }

    static func specs(_ kind: Kind) -> [Field] {
        switch kind {
        case .group:
            return [
                choice("type", GroupType.self, nb: "Hva slags gruppe.", en: "What kind of group."),
                Field("parent", .ref(.group), nb: "Gruppen den hører under.", en: "The group it belongs to."),
                Field("email", .text, nb: "Gruppens e-postadresse.", en: "The group's email address."),
            ]
        case .capability:
            return [
                Field("parent", .ref(.capability), nb: "Kapabiliteten den er en del av.", en: "The capability it is part of."),
                Field("los", .text, nb: "Emnet i LOS som den svarer til.", en: "The LOS subject it corresponds to."),
                Field("eid", .bool, nb: "Kapabiliteten er nasjonal elektronisk ID.", en: "The capability is national electronic ID."),
            ]
        case .process:
            return [
                owner,
                refs("capabilities", .capability, nb: "Kapabilitetene den realiserer.", en: "The capabilities it realises."),
                Field("users", .list(.choice(ProcessUser.allCases.map(\.rawValue))), nb: "Hvem prosessen betjener.", en: "Whom the process serves."),
                refs("data", .dataEntity, nb: "Dataene den bruker.", en: "The data it uses."),
                legalBasis,
                Field("exercisesAuthority", .bool, nb: "Prosessen utøver offentlig myndighet (enkeltvedtak).",
                      en: "The process exercises public authority (individual decisions)."),
            ]
        case .dataEntity:
            return [
                owner,
                Field("definition", .definition, nb: "Begrepets definisjon: tekst på bokmål, eller språk og tekst (nb, nn, en).",
                      en: "The concept's definition: text in Bokmål, or language and text (nb, nn, en)."),
                Field("concept", .text, nb: "Lenke til begrepet i en begrepskatalog.", en: "Link to the concept in a concept catalogue."),
                Field("classification", .object([
                    choice("personal", PersonalClass.self, nb: "Personopplysninger: ingen, vanlige, særlige (art. 9) eller straffbare forhold (art. 10).",
                           en: "Personal data: none, ordinary, special categories (art. 9) or criminal offences (art. 10)."),
                    choice("confidentiality", Confidentiality.self, nb: "Hvor fortrolige dataene er.", en: "How confidential the data is."),
                    Field("dutyOfConfidentiality", .bool, nb: "Dataene er underlagt taushetsplikt.", en: "The data is subject to a duty of confidentiality."),
                ]), nb: "Klassifisering av dataene.", en: "How the data is classified."),
                Field("authoritativeSource", .ref(.system), nb: "Systemet som er autoritativ kilde.", en: "The system that is the authoritative source."),
                legalBasis,
                Field("retention", .retention, nb: "Lagringstid: en ISO 8601-varighet som P10Y, eller permanent.",
                      en: "Retention period: an ISO 8601 duration such as P10Y, or permanent."),
                Field("retentionNote", .text, nb: "Hva lagringstiden bygger på.", en: "What the retention period rests on."),
            ]
        case .system:
            return [
                owner,
                vendor,
                choice("scope", Scope.self, nb: "Hvem som deler systemet; sector og national er fellesløsninger. Uten verdi: local.",
                       en: "Who shares the system; sector and national are shared solutions. Absent means local."),
                lifecycle,
                refs("capabilities", .capability, nb: "Kapabilitetene det støtter.", en: "The capabilities it supports."),
                refs("processes", .process, nb: "Prosessene det støtter.", en: "The processes it supports."),
                Field("data", .list(.object([
                    Field("entity", .ref(.dataEntity), required: true, nb: "Dataene.", en: "The data."),
                    choice("access", Access.self, nb: "Lese, skrive eller være master.", en: "Read, write or master."),
                    Field("source", .ref(.system), nb: "Systemet dataene hentes fra.", en: "The system the data comes from."),
                ])), nb: "Dataene systemet bruker, og hvordan.", en: "The data the system uses, and how."),
                refs("uses", .system, nb: "Systemer det bruker (fellesløsninger og andre).", en: "Systems it uses (shared solutions and others)."),
                Field("hosting", .ref(.platform), nb: "Plattformen det kjører på.", en: "The platform it runs on."),
                Field("audience", .list(.choice(Audience.allCases.map(\.rawValue))), nb: "Hvem systemet betjener.", en: "Whom the system serves."),
                choice("channel", Channel.self, nb: "Hvordan brukerne når systemet.", en: "How its users reach it."),
                Field("userFacing", .bool, nb: "Erstattet av audience og channel.", en: "Replaced by audience and channel."),
                Field("accessibility", .text, nb: "Status for universell utforming.", en: "Accessibility status."),
                Field("accessibilityStatement", .text, nb: "Adressen til tilgjengelighetserklæringen.", en: "The address of the accessibility statement."),
                availability,
                endOfSupport,
                Field("archive", .object([
                    Field("obligation", .bool, nb: "Systemet har arkivplikt.", en: "The system is under an archiving obligation."),
                    Field("noark5", .bool, nb: "Systemet arkiverer etter Noark 5.", en: "The system archives according to Noark 5."),
                ]), nb: "Arkivering.", en: "Archiving."),
                Field("security", .object([
                    choice("confidentiality", Level.self, nb: "Krav til konfidensialitet.", en: "Confidentiality requirement."),
                    choice("integrity", Level.self, nb: "Krav til integritet.", en: "Integrity requirement."),
                    choice("availability", Level.self, nb: "Krav til tilgjengelighet.", en: "Availability requirement."),
                    Field("authentication", .ref(.system), nb: "Systemet som autentiserer brukerne (som ID-porten).",
                          en: "The system that authenticates its users (such as ID-porten)."),
                    Field("riskAssessment", .date, nb: "Dato for siste risikovurdering.", en: "The date of the latest risk assessment."),
                ]), nb: "Informasjonssikkerhet.", en: "Information security."),
                Field("privacy", .object([
                    Field("dpia", .text, nb: "Hvor vurderingen av personvernkonsekvenser (DPIA) ligger.",
                          en: "Where the data protection impact assessment (DPIA) is."),
                    Field("dpiaDate", .date, nb: "Dato for DPIA.", en: "The date of the DPIA."),
                    Field("dpoConsulted", .date, nb: "Dato da personvernombudet ble rådspurt.", en: "The date the data protection officer was consulted."),
                    choice("transferBasis", TransferBasis.self, nb: "Grunnlag for overføring ut av EU/EØS.",
                           en: "The ground for transfers out of the EU/EEA."),
                    Field("transferImpactAssessment", .date, nb: "Dato for vurderingen av overføringen (TIA).",
                          en: "The date of the transfer impact assessment (TIA)."),
                    Field("dataProcessingAgreement", .text, nb: "Hvor databehandleravtalen ligger.", en: "Where the data processing agreement is."),
                    Field("subProcessors", .list(.object([
                        Field("name", .text, required: true, nb: "Underleverandørens navn.", en: "The sub-processor's name."),
                        choice("location", PlatformLocation.self, nb: "Hvor den behandler dataene.", en: "Where it processes the data."),
                    ])), nb: "Underleverandører som behandler personopplysninger.", en: "Sub-processors that process personal data."),
                ]), nb: "Personvern.", en: "Privacy."),
            ]
        case .integration:
            return [
                Field("from", .ref(.system), required: true, nb: "Systemet dataene går fra.", en: "The system the data goes from."),
                Field("to", .ref(.system), required: true, nb: "Systemet dataene går til.", en: "The system the data goes to."),
                refs("data", .dataEntity, nb: "Dataene som går over integrasjonen.", en: "The data that crosses the integration."),
                Field("via", .ref(.system), nb: "Systemet den går gjennom (som KS Fiks).", en: "The system it goes through (such as KS Fiks)."),
                Field("protocol", .text, nb: "Protokollen (REST, SOAP, fil ...).", en: "The protocol (REST, SOAP, file ...)."),
                choice("authentication", AuthenticationMethod.self, nb: "Hvordan partene autentiseres.", en: "How the parties authenticate."),
                choice("encryption", Encryption.self, nb: "Hvordan dataene krypteres underveis.", en: "How the data is encrypted in transit."),
                Field("purpose", .text, nb: "Hva integrasjonen er til.", en: "What the integration is for."),
                legalBasis,
            ]
        case .platform:
            return [
                choice("type", PlatformType.self, nb: "Hva slags plattform.", en: "What kind of platform."),
                vendor,
                choice("location", PlatformLocation.self, nb: "Hvor dataene ligger.", en: "Where the data is kept."),
                lifecycle,
                availability,
                endOfSupport,
            ]
        case .contract:
            return [
                vendor,
                Field("orgNumber", .orgNumber, nb: "Leverandørens organisasjonsnummer: ni sifre.", en: "The vendor's organisation number: nine digits."),
                refs("systems", .system, nb: "Systemene avtalen dekker.", en: "The systems the contract covers."),
                Field("ends", .date, nb: "Dato da avtalen løper ut.", en: "The date the contract ends."),
                Field("exitPlan", .text, nb: "Hvor planen for å gå ut av avtalen ligger.", en: "Where the plan for leaving the contract is."),
                Field("dataProcessingAgreement", .bool, nb: "Avtalen har en databehandleravtale.", en: "The contract has a data processing agreement."),
            ]
        case .exemption:
            return [
                Field("rule", .text, required: true, nb: "Regelen det gis dispensasjon fra.", en: "The rule it exempts from."),
                Field("targets", .list(.ref(nil)), required: true, nb: "Elementene den gjelder, som system:navn.", en: "The elements it covers, as system:name."),
                Field("reason", .text, required: true, nb: "Hvorfor.", en: "Why."),
                Field("approvedBy", .ref(.group), nb: "Gruppen som godkjente.", en: "The group that approved it."),
                Field("expires", .date, required: true, nb: "Siste dag den gjelder.", en: "The last day it applies."),
            ]
        case .transition:
            return [
                Field("title", .text, nb: "Overgangens navn.", en: "The transition's name."),
                Field("description", .text, nb: "Hva som skal endres.", en: "What is to change."),
                Field("due", .date, nb: "Fristen.", en: "The deadline."),
                Field("conditions", .list(.object([
                    Field("ref", .ref(nil), required: true, nb: "Elementet, som system:navn.", en: "The element, as system:name."),
                    Field("exists", .bool, nb: "Elementet skal finnes (true) eller være borte (false).", en: "The element must exist (true) or be gone (false)."),
                    Field("path", .text, nb: "Feltet, som spec.lifecycle.", en: "The field, such as spec.lifecycle."),
                    Field("equals", .any, needs: ["path"], nb: "Verdien feltet skal ha.", en: "The value the field must have."),
                    Field("contains", .any, needs: ["path"], nb: "Verdien listen skal inneholde.", en: "The value the list must contain."),
                ], oneOf: [["exists"], ["equals"], ["contains"]])),
                      nb: "Betingelsene som alle må holde for at overgangen er nådd.", en: "The conditions that must all hold for the transition to be achieved."),
            ]
        }
    }

    static func about(_ kind: Kind) -> LocalizedText {
        switch kind {
        case .group: return LocalizedText(nb: "En organisatorisk enhet, rolle eller ekstern part.", en: "An organisational unit, role or outside party.")
        case .capability: return LocalizedText(nb: "Noe virksomheten kan gjøre.", en: "Something the organisation is able to do.")
        case .process: return LocalizedText(nb: "En arbeidsprosess eller tjeneste.", en: "A work process or service.")
        case .dataEntity: return LocalizedText(nb: "Et sett av data med eier og klassifisering.", en: "A set of data with an owner and a classification.")
        case .system: return LocalizedText(nb: "En løsning: fagsystem, portal eller fellesløsning.", en: "A solution: a line-of-business system, a portal or a shared solution.")
        case .integration: return LocalizedText(nb: "Data som går fra ett system til et annet.", en: "Data that goes from one system to another.")
        case .platform: return LocalizedText(nb: "Der systemer kjører.", en: "Where systems run.")
        case .exemption: return LocalizedText(nb: "En tidsbegrenset dispensasjon fra en regel.", en: "A time-limited exemption from a rule.")
        case .transition: return LocalizedText(nb: "Et steg mot målarkitekturen.", en: "A step towards the target architecture.")
        case .contract: return LocalizedText(nb: "En avtale med en leverandør.", en: "An agreement with a vendor.")
        }
    }

    /// The document kind of an element kind.
    public static func element(_ kind: Kind) -> DocumentKind { elements[kindIndex(kind)] }

    private static func kindIndex(_ kind: Kind) -> Int { Kind.allCases.firstIndex(of: kind) ?? 0 }

    private static let elements: [DocumentKind] = Kind.allCases.map { kind in
        DocumentKind(name: kind.rawValue, about: about(kind), fields: [
            apiVersion,
            Field("kind", .choice([kind.rawValue]), required: true, nb: "Elementets type.", en: "The element's kind."),
            metadata,
            Field("spec", .object(specs(kind)), nb: "Feltene for denne typen.", en: "The fields of this kind."),
        ])
    }

    /// `.arkitekt.yaml`.
    public static let config = DocumentKind(
        name: "Config",
        about: LocalizedText(nb: "Depotets oppsett for arkitekt (.arkitekt.yaml).", en: "The repository's settings for arkitekt (.arkitekt.yaml)."),
        fields: [
            apiVersion,
            Field("kind", .choice(["Config"]), required: true, nb: "Alltid Config.", en: "Always Config."),
            Field("spec", .object([
                Field("paths", .list(.text), nb: "Mappene landskapet ligger i, relativt til depotet.", en: "The folders that hold the landscape, relative to the repository."),
                Field("rulePacks", .list(.text), nb: "Regelpakker: innebygde ved navn (ks) eller stier til pakkefiler.",
                      en: "Rule packs: built-in ones by name (ks) or paths to pack files."),
                Field("severity", .map(.choice(SeverityOverride.allCases.map(\.rawValue))), nb: "Alvorlighet per regel: error, warning, info eller off.",
                      en: "Severity per rule: error, warning, info or off."),
                Field("language", .choice(Language.allCases.map(\.rawValue)), nb: "Språket for meldinger (kommandolinjen går foran).",
                      en: "The language of messages (the command line wins)."),
                Field("backstage", .object([
                    Field("paths", .list(.text), nb: "Mapper med Backstage-beskrivelser i tillegg til paths.", en: "Folders with Backstage descriptors besides paths."),
                    Field("placeholderOwners", .texts, nb: "Eiernavn som betyr ingen eier.", en: "Owner names that mean no owner."),
                ]), nb: "Backstage-kataloger.", en: "Backstage catalogs."),
                Field("libraries", .list(.object([
                    Field("name", .name, required: true, nb: "Hva landskapet kaller biblioteket (i «navn@bibliotek»).",
                          en: "What the landscape calls the library (in 'name@library')."),
                    Field("git", .text, required: true, nb: "Depotet: en sti (relativ til dette depotet) eller en URL git godtar.",
                          en: "The repository: a path (relative to this repository) or a URL git accepts."),
                    Field("rev", .text, required: true, nb: "Tag, gren eller commit som låses i .arkitekt.lock.",
                          en: "Tag, branch or commit, pinned in .arkitekt.lock."),
                    Field("path", .text, nb: "Mappen bibliotekets landskap ligger i (ellers dets egen konfigurasjon, eller architecture).",
                          en: "The folder the library's landscape lies in (else its own configuration's, or architecture)."),
                ])), nb: "Landskap fra andre depoter som dette landskapet bruker.", en: "Landscapes from other repositories this landscape uses."),
            ]), nb: "Oppsettet.", en: "The settings."),
        ])

    /// A portfolio file (`arkitekt portfolio`): the landscapes to read side by side.
    public static let portfolio = DocumentKind(
        name: "Portfolio",
        about: LocalizedText(nb: "Landskap som vises side om side (arkitekt portfolio).", en: "Landscapes shown side by side (arkitekt portfolio)."),
        fields: [
            apiVersion,
            Field("kind", .choice(["Portfolio"]), required: true, nb: "Alltid Portfolio.", en: "Always Portfolio."),
            Field("metadata", .object([
                Field("name", .text, nb: "Et kort navn på porteføljen.", en: "A short name of the portfolio."),
                Field("title", .text, nb: "Porteføljens tittel.", en: "The portfolio's title."),
                Field("description", .text, nb: "Hva porteføljen samler.", en: "What the portfolio gathers."),
            ]), nb: "Om porteføljen.", en: "About the portfolio."),
            Field("spec", .object([
                Field("landscapes", .list(.object([
                    Field("name", .name, required: true, nb: "Landskapets navn i porteføljen.", en: "The landscape's name in the portfolio."),
                    Field("git", .text, required: true, nb: "Depotet: en sti (fra porteføljefilens mappe) eller en URL git godtar.",
                          en: "The repository: a path (from the portfolio file's folder) or a URL git accepts."),
                    Field("rev", .text, required: true, nb: "Tag, gren eller commit som leses.", en: "The tag, branch or commit to read."),
                    Field("path", .text, nb: "Mappen landskapet ligger i, i depotet (ellers toppen).",
                          en: "The landscape's folder in the repository (else its top)."),
                ])), required: true, nb: "Landskapene.", en: "The landscapes."),
            ]), required: true, nb: "Innholdet.", en: "The content."),
        ])

    /// Every document kind: the element kinds in the order of `Kind`, then the configuration and
    /// the portfolio.
    public static var all: [DocumentKind] { elements + [config, portfolio] }
}

/// Enumerations of the format. Each raw value is the text written in YAML (lower case).
/// `FormatEnum` lets the loader list the allowed values for a did-you-mean.
public protocol FormatEnum: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

public enum GroupType: String, FormatEnum { case municipality, county, department, unit, team, role, external }
public enum ProcessUser: String, FormatEnum { case citizen, business, volunteer, employee }
/// `special`: GDPR art. 9; `criminal`: convictions and offences (GDPR art. 10, personopplysningsloven
/// § 11), kept apart because the law treats them apart.
public enum PersonalClass: String, FormatEnum { case none, personal, special, criminal }
public enum Confidentiality: String, FormatEnum {
    case open, `internal`, confidential
    case strictlyConfidential = "strictly-confidential"
}
public enum Scope: String, FormatEnum {
    case local, regional, sector, national
    /// `sector` and `national` systems are shared solutions (fellesløsninger).
    public var isShared: Bool { self == .sector || self == .national }
}
public enum Lifecycle: String, FormatEnum {
    case planned, development, production
    case phasingOut = "phasing-out"
    case retired
    /// In use or being built: `development` or `production`.
    public var isActive: Bool { self == .development || self == .production }
    public var isPhasingOutOrRetired: Bool { self == .phasingOut || self == .retired }
}
public enum Access: String, FormatEnum { case read, write, master }
/// Who a system serves (`spec.audience`).
public enum Audience: String, FormatEnum { case citizens, businesses, employees, partners }
/// How its users reach it (`spec.channel`).
public enum Channel: String, FormatEnum { case web, app, intranet, extranet, fagsystem, kiosk, other }
/// The ground for sending personal data out of the EU/EEA (`spec.privacy.transferBasis`): an adequacy
/// decision (GDPR art. 45), the EU-US Data Privacy Framework (an adequacy decision of its own),
/// standard contractual clauses (art. 46), binding corporate rules (art. 47) or a derogation (art. 49).
public enum TransferBasis: String, FormatEnum {
    case adequacy, dpf, scc, bcr, derogation
    /// Clauses and rules need a transfer impact assessment; adequacy and the framework do not.
    public var needsImpactAssessment: Bool { self == .scc || self == .bcr }
}
public enum Level: String, FormatEnum { case low, medium, high }
public enum AuthenticationMethod: String, FormatEnum { case none, maskinporten, idporten, oauth2, mtls, apikey, basic, other }
public enum Encryption: String, FormatEnum { case none, tls, mtls, message }
public enum PlatformType: String, FormatEnum {
    case cloud
    case onPremises = "on-premises"
    case saas, database, runtime, network
}
public enum PlatformLocation: String, FormatEnum {
    case norway
    case euEea = "eu-eea"
    case thirdCountry = "third-country"
}
extension Severity: FormatEnum {}

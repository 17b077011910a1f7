/// Enumerations of the format. Each raw value is the text written in YAML (lower case).
/// `FormatEnum` lets the loader list the allowed values for a did-you-mean.
public protocol FormatEnum: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

public enum GroupType: String, FormatEnum { case municipality, county, department, unit, team, role, external }
public enum ProcessUser: String, FormatEnum { case citizen, business, volunteer, employee }
public enum PersonalClass: String, FormatEnum { case none, personal, special }
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

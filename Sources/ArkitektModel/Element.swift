import Synchronization

/// A calendar day, as written `YYYY-MM-DD`. Ordered, so "before today" is a comparison.
public struct Day: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (YAML 1.1 timestamps with a time part are read by their date).
    public init?(parsing text: String) {
        let t = text.trimmingSpaces
        let bytes = Array(t.utf8)
        guard bytes.count >= 10, bytes[4] == 0x2d, bytes[7] == 0x2d else { return nil }
        if bytes.count > 10 {
            // `2024-03-01T10:00:00Z` or `2024-03-01 10:00:00`: YAML 1.1 timestamps; keep the date.
            guard bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20 else { return nil }
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC day of a Unix time in seconds.
    public init(unixSeconds: Int64) {
        // Civil-from-days (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (days-from-civil, the inverse of `init(unixSeconds:)`).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The same day `months` months later (or earlier, for a negative count); the last day of the
    /// month when the month is shorter (31 January plus one month is 28 or 29 February).
    public func adding(months: Int) -> Day {
        let index = year * 12 + (month - 1) + months
        let y = min(9999, max(1, index / 12)), m = index % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y))) ?? self
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let scalars = unicodeScalars
        // Most texts have nothing to trim: they are returned as they are, without a copy.
        if let first = scalars.first, let last = scalars.last, !isSpace(first), !isSpace(last) { return self }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}

/// Where an element was described: in arkitekt's own format, or as a Backstage descriptor (with
/// or without `arkitekt.io/` annotations, which say what Backstage has no field for).
public enum ElementOrigin: Int, Sendable {
    case arkitekt = 0
    case backstage = 1
    case annotatedBackstage = 2
}

/// `metadata` of every element.
public struct Metadata: Sendable {
    public var name: Located<String>
    public var title: Located<String>?
    public var description: Located<String>?
    public var labels: [String: String]
    public var links: [Link]
    public var origin: ElementOrigin = .arkitekt

    public init(name: Located<String>, title: Located<String>? = nil, description: Located<String>? = nil,
                labels: [String: String] = [:], links: [Link] = []) {
        self.name = name
        self.title = title
        self.description = description
        self.labels = labels
        self.links = links
    }
}

public struct Link: Sendable, Hashable {
    public var url: String?
    public var title: String?
    public init(url: String?, title: String?) {
        self.url = url
        self.title = title
    }
}

/// A definition: one text per language. A plain string is Bokmål.
public struct Definition: Sendable {
    public var texts: [String: String]
    public init(texts: [String: String]) { self.texts = texts }
    /// `nb` and `nn` count as Norwegian.
    public var hasNorwegian: Bool {
        texts.contains { ($0.key == "nb" || $0.key == "nn") && !$0.value.trimmingSpaces.isEmpty }
    }
}

// The kind-specific parts (`GroupSpec` ... `TransitionSpec`) are final classes. A decoder fills
// one in (its fields are settable only inside this package) and hands it to the element it makes;
// from then on it is only read, by the rules on any thread. Being shared by reference, it is not
// copied when a rule reads one field: as structs of a dozen optional fields, each such read copied
// and destroyed the whole part, which cost a cold check about 6 % of its instructions.
// `@unchecked Sendable` rests on that: nothing sets a field of a part an element already holds.

public final class GroupSpec: @unchecked Sendable {
    public package(set) var type: Located<GroupType>?
    public package(set) var parent: Located<Ref>?
    public package(set) var email: Located<String>?
    public init() {}
}

public final class CapabilitySpec: @unchecked Sendable {
    public package(set) var parent: Located<Ref>?
    public package(set) var los: Located<String>?
    /// The capability is national electronic identification (ID-porten in practice).
    public package(set) var eid: Located<Bool>?
    public init() {}
}

public final class ProcessSpec: @unchecked Sendable {
    public package(set) var owner: Located<Ref>?
    public package(set) var capabilities: [Located<Ref>] = []
    public package(set) var users: [Located<ProcessUser>] = []
    public package(set) var data: [Located<Ref>] = []
    public package(set) var legalBasis: [Located<String>] = []
    /// The process exercises public authority (myndighetsutøvelse).
    public package(set) var exercisesAuthority: Located<Bool>?
    public init() {}
}

public struct Classification: Sendable {
    public var personal: Located<PersonalClass>?
    public var confidentiality: Located<Confidentiality>?
    /// The data is under a duty of confidentiality (taushetsplikt).
    public var dutyOfConfidentiality: Located<Bool>?
    public init() {}
}

public final class DataEntitySpec: @unchecked Sendable {
    public package(set) var owner: Located<Ref>?
    public package(set) var definition: Located<Definition>?
    public package(set) var concept: Located<String>?
    public package(set) var classification = Classification()
    public package(set) var authoritativeSource: Located<Ref>?
    public package(set) var legalBasis: [Located<String>] = []
    /// An ISO 8601 duration (`P10Y`) or `permanent`; anything else is a `schema` finding and absent.
    public package(set) var retention: Located<String>?
    /// What the retention depends on, in words.
    public package(set) var retentionNote: Located<String>?
    public init() {}

    /// Personal data: `classification.personal` of `personal`, `special` or `criminal`.
    public var isPersonal: Bool {
        guard let p = classification.personal?.value else { return false }
        return p != .none
    }

    /// A special category of personal data (GDPR art. 9).
    public var isSpecialCategory: Bool { classification.personal?.value == .special }

    /// Special categories or data on criminal convictions and offences (GDPR art. 9 and 10).
    public var isSpecialOrCriminal: Bool {
        guard let p = classification.personal?.value else { return false }
        return p == .special || p == .criminal
    }

    /// Strictly confidential, special or criminal: the data that needs the strongest protection.
    public var isStrictlyProtected: Bool {
        isSpecialOrCriminal || classification.confidentiality?.value == .strictlyConfidential
    }

    /// Sensitive data: personal, confidential or strictly confidential, or under a duty of
    /// confidentiality whatever its level.
    public var isSensitive: Bool {
        if isPersonal || classification.dutyOfConfidentiality?.value == true { return true }
        guard let c = classification.confidentiality?.value else { return false }
        return c == .confidential || c == .strictlyConfidential
    }
}

/// What `spec.retention` accepts: `permanent` (kept for ever, handed to the archive depot) or an
/// ISO 8601 duration of years, months, weeks and days (`P10Y`, `P6M`, `P1Y6M`, `P2W`).
public enum Retention {
    public static func isValid(_ text: String) -> Bool {
        let t = text.trimmingSpaces
        if t == "permanent" { return true }
        var bytes = Substring(t).utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "P") else { return false }
        // Designators in this order, each once, each after at least one digit.
        var order = Array("YMWD".utf8)
        var digits = 0, parts = 0
        while let b = bytes.next() {
            if b >= 0x30 && b <= 0x39 { digits += 1; continue }
            guard digits > 0, let at = order.firstIndex(of: b) else { return false }
            order.removeFirst(at + 1)
            digits = 0
            parts += 1
        }
        return digits == 0 && parts > 0
    }
}

/// One entry of a System's `data` list.
public struct DataUse: Sendable {
    public var location: SourceLocation
    public var entity: Located<Ref>?
    public var access: Located<Access>?
    public var source: Located<Ref>?
    public init(location: SourceLocation) { self.location = location }
}

public struct SecuritySpec: Sendable {
    public var confidentiality: Located<Level>?
    public var integrity: Located<Level>?
    public var availability: Located<Level>?
    public var authentication: Located<Ref>?
    /// The day of the last risk assessment (ROS-analyse).
    public var riskAssessment: Located<Day>?
    public init() {}
}

/// One entry of `spec.privacy.subProcessors`: someone who processes the system's personal data
/// on the vendor's behalf, and where.
public struct SubProcessor: Sendable {
    public var location: SourceLocation
    public var name: Located<String>?
    public var country: Located<PlatformLocation>?
    public init(location: SourceLocation) { self.location = location }
}

public struct PrivacySpec: Sendable {
    public var dpia: Located<String>?
    /// The day of the last data protection impact assessment.
    public var dpiaDate: Located<Day>?
    public var dpoConsulted: Located<Day>?
    public var transferBasis: Located<TransferBasis>?
    public var transferImpactAssessment: Located<Day>?
    /// Where the data processing agreement is (a case number, a document, a link).
    public var dataProcessingAgreement: Located<String>?
    public var subProcessors: [SubProcessor] = []
    public init() {}
}

/// `spec.archive` of a System.
public struct ArchiveSpec: Sendable {
    /// The system produces records that must be archived (arkivplikt).
    public var obligation: Located<Bool>?
    /// The system is itself a Noark 5 archive.
    public var noark5: Located<Bool>?
    public init() {}
}

public final class SystemSpec: @unchecked Sendable {
    public package(set) var owner: Located<Ref>?
    public package(set) var vendor: Located<String>?
    public package(set) var scope: Located<Scope>?
    public package(set) var lifecycle: Located<Lifecycle>?
    public package(set) var capabilities: [Located<Ref>] = []
    public package(set) var processes: [Located<Ref>] = []
    public package(set) var data: [DataUse] = []
    public package(set) var uses: [Located<Ref>] = []
    public package(set) var hosting: Located<Ref>?
    public package(set) var audience: [Located<Audience>] = []
    public package(set) var channel: Located<Channel>?
    /// The first contract's field: `true` reads as `audience: [citizens]` when `audience` is absent.
    public package(set) var userFacing: Located<Bool>?
    public package(set) var accessibility: Located<String>?
    /// The URL of the system's accessibility statement (tilgjengelighetserklæring).
    public package(set) var accessibilityStatement: Located<String>?
    public package(set) var availability: Located<String>?
    public package(set) var endOfSupport: Located<Day>?
    public package(set) var archive = ArchiveSpec()
    public package(set) var security = SecuritySpec()
    public package(set) var privacy = PrivacySpec()
    public init() {}

    /// Who the system serves: `audience`, or citizens for the first contract's `userFacing: true`.
    public var effectiveAudience: [Audience] {
        if !audience.isEmpty { return audience.map(\.value) }
        return userFacing?.value == true ? [.citizens] : []
    }

    /// Whether citizens are among those it serves.
    public var servesCitizens: Bool { effectiveAudience.contains(.citizens) }

    /// Whether it is a solution for the public that the accessibility regulation covers: for
    /// citizens or businesses, on the web or in an app (no channel counts as the web).
    public var servesThePublicOnline: Bool {
        let audience = effectiveAudience
        guard audience.contains(.citizens) || audience.contains(.businesses) else { return false }
        guard let channel = channel?.value else { return true }
        return channel == .web || channel == .app
    }

    public var effectiveScope: Scope { scope?.value ?? .local }
    public var effectiveLifecycle: Lifecycle { lifecycle?.value ?? .production }
    public var isShared: Bool { effectiveScope.isShared }
    public var isLocal: Bool { !isShared }
    public var isActive: Bool { effectiveLifecycle.isActive }

    /// The declared availability as a number, when written `NN%` or `NN.N...%`; nil otherwise.
    public var availabilityPercent: Double? { availability.flatMap { SystemSpec.percentage($0.value) } }

    /// Reads `99%`, `99.5%`, and as Norwegian writes them `99 %` and `99,95 %`: digits, an
    /// optional fraction after a point or a comma, a percent sign (a space, also a no-break one,
    /// before it allowed).
    public static func percentage(_ text: String) -> Double? {
        // A no-break space (U+00A0, U+202F) before the sign is what Norwegian text editors put there.
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\u{00A0}" || c == "\u{202F}" }
        var t = Substring(text.trimmingSpaces)
        guard t.hasSuffix("%") else { return nil }
        t.removeLast()
        while let last = t.last, isSpace(last) { t.removeLast() }
        let parts = t.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let value = Double(parts.joined(separator: ".")), value <= 100 else { return nil }
        return value
    }
}

public final class IntegrationSpec: @unchecked Sendable {
    public package(set) var from: Located<Ref>?
    public package(set) var to: Located<Ref>?
    public package(set) var data: [Located<Ref>] = []
    public package(set) var via: Located<Ref>?
    public package(set) var `protocol`: Located<String>?
    public package(set) var authentication: Located<AuthenticationMethod>?
    public package(set) var encryption: Located<Encryption>?
    public package(set) var purpose: Located<String>?
    public package(set) var legalBasis: [Located<String>] = []
    public init() {}
}

public final class PlatformSpec: @unchecked Sendable {
    public package(set) var type: Located<PlatformType>?
    public package(set) var vendor: Located<String>?
    public package(set) var location: Located<PlatformLocation>?
    public package(set) var lifecycle: Located<Lifecycle>?
    public package(set) var availability: Located<String>?
    public package(set) var endOfSupport: Located<Day>?
    public init() {}
    public var effectiveLifecycle: Lifecycle { lifecycle?.value ?? .production }
    public var availabilityPercent: Double? { availability.flatMap { SystemSpec.percentage($0.value) } }
}

public final class ContractSpec: @unchecked Sendable {
    public package(set) var vendor: Located<String>?
    /// The vendor's organisation number (9 digits, spaces allowed).
    public package(set) var orgNumber: Located<String>?
    public package(set) var systems: [Located<Ref>] = []
    public package(set) var ends: Located<Day>?
    public package(set) var exitPlan: Located<String>?
    /// The contract includes a data processing agreement (GDPR art. 28).
    public package(set) var dataProcessingAgreement: Located<Bool>?
    public init() {}
}

/// Norwegian organisation numbers: nine digits whose last is a modulus 11 check digit.
public enum OrganisationNumber {
    public static func isValid(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { $0 != " " && $0 != "\u{00A0}" }
        guard digits.count == 9, digits.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return false }
        let values = digits.map { Int($0.value) - 0x30 }
        let weights = [3, 2, 7, 6, 5, 4, 3, 2]
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let rest = sum % 11
        let check = rest == 0 ? 0 : 11 - rest
        return check != 10 && check == values[8]
    }
}

public final class ExemptionSpec: @unchecked Sendable {
    public package(set) var rule: Located<String>?
    public package(set) var targets: [Located<Ref>] = []
    public package(set) var reason: Located<String>?
    public package(set) var approvedBy: Located<Ref>?
    public package(set) var expires: Located<Day>?
    public init() {}
}

/// A condition of a Transition.
public struct TransitionCondition: Sendable {
    public enum Test: Sendable, Equatable {
        case exists(Bool)
        case equals(path: String, value: ConditionValue)
        case contains(path: String, value: ConditionValue)
    }
    public var location: SourceLocation
    /// The reference as written (`kind:name`); never checked by `ref-resolves`.
    public var ref: Ref
    public var test: Test
    public init(location: SourceLocation, ref: Ref, test: Test) {
        self.location = location
        self.ref = ref
        self.test = test
    }
}

/// The value a condition compares with: the scalar text as written, or a list or map of them.
public indirect enum ConditionValue: Sendable, Equatable {
    case scalar(String)
    case list([ConditionValue])
    case map([String: ConditionValue])
    case null
}

public final class TransitionSpec: @unchecked Sendable {
    public package(set) var title: Located<String>?
    public package(set) var description: Located<String>?
    public package(set) var due: Located<Day>?
    public package(set) var conditions: [TransitionCondition] = []
    public init() {}
}

/// The kind-specific part of an element.
public enum Spec: Sendable {
    case group(GroupSpec)
    case capability(CapabilitySpec)
    case process(ProcessSpec)
    case dataEntity(DataEntitySpec)
    case system(SystemSpec)
    case integration(IntegrationSpec)
    case platform(PlatformSpec)
    case exemption(ExemptionSpec)
    case transition(TransitionSpec)
    case contract(ContractSpec)
}

/// One element of the landscape: one YAML document.
///
/// A final class with constant fields: an element is read once and then shared by the landscape,
/// the rules and the history walk without being copied. The kind-specific part is stored by kind
/// (`system`, `dataEntity`, ...), so that reading one field of it does not copy the whole part.
///
/// What the landscape's lookups need (kind, name, where it is, the refs it depends on) is always
/// at hand. The rest, its metadata and spec, may come from the parse cache undecoded: it is then
/// decoded the first time it is read, once, whichever thread asks. A check that takes up an
/// earlier run's evaluation (`CheckState`) reads a few elements of a large landscape in full.
public final class Element: Sendable {
    public let kind: Kind
    /// `metadata.name`, with where it was written.
    public let located: Located<String>
    /// Where the document starts.
    public let location: SourceLocation
    /// Index of the document in its file (0-based), for ordering.
    public let documentIndex: Int
    /// The refs this element depends on: every reference it makes (`references`) and the refs
    /// its Transition conditions name. A change to one of them can change what the rules say
    /// about this element; the landscape indexes them backwards (`Landscape.referrers(of:)`).
    public let dependencies: [Ref]
    /// The metadata and spec: made with the element (`Content`), or when first read
    /// (`DeferredContent`). A class-bound existential rather than an enum of the two: an enum
    /// keeps its case in spare bits of the pointer, which LeakSanitizer does not recognise as a
    /// pointer, so every element still alive when the program exits was reported as leaked.
    @usableFromInline let storage: any ContentSource

    /// Where an element's content comes from.
    @usableFromInline protocol ContentSource: AnyObject, Sendable {
        func content(name: Located<String>) -> Content
    }

    /// The metadata and the kind-specific part, by kind.
    @usableFromInline final class Content: ContentSource {
        @usableFromInline let metadata: Metadata
        @usableFromInline let group: GroupSpec?
        @usableFromInline let capability: CapabilitySpec?
        @usableFromInline let process: ProcessSpec?
        @usableFromInline let dataEntity: DataEntitySpec?
        @usableFromInline let system: SystemSpec?
        @usableFromInline let integration: IntegrationSpec?
        @usableFromInline let platform: PlatformSpec?
        @usableFromInline let exemption: ExemptionSpec?
        @usableFromInline let transition: TransitionSpec?
        @usableFromInline let contract: ContractSpec?

        @usableFromInline func content(name: Located<String>) -> Content { self }

        init(metadata: Metadata, spec: Spec?) {
            self.metadata = metadata
            var group: GroupSpec?, capability: CapabilitySpec?, process: ProcessSpec?
            var dataEntity: DataEntitySpec?, system: SystemSpec?, integration: IntegrationSpec?
            var platform: PlatformSpec?, exemption: ExemptionSpec?, transition: TransitionSpec?
            var contract: ContractSpec?
            switch spec {
            case .group(let s): group = s
            case .capability(let s): capability = s
            case .process(let s): process = s
            case .dataEntity(let s): dataEntity = s
            case .system(let s): system = s
            case .integration(let s): integration = s
            case .platform(let s): platform = s
            case .exemption(let s): exemption = s
            case .transition(let s): transition = s
            case .contract(let s): contract = s
            case nil: break
            }
            self.group = group
            self.capability = capability
            self.process = process
            self.dataEntity = dataEntity
            self.system = system
            self.integration = integration
            self.platform = platform
            self.exemption = exemption
            self.transition = transition
            self.contract = contract
        }
    }

    public init(kind: Kind, metadata: Metadata, spec: Spec, location: SourceLocation, documentIndex: Int) {
        self.kind = kind
        located = metadata.name
        self.location = location
        self.documentIndex = documentIndex
        dependencies = Element.dependencies(of: spec)
        storage = Content(metadata: metadata, spec: spec)
    }

    /// An element whose metadata and spec are made by `decode` when first read. `dependencies`
    /// must be what `Element.dependencies(of:)` gives for that spec. Should `decode` fail, the
    /// element reads as one with its name and nothing else.
    public init(kind: Kind, name: Located<String>, location: SourceLocation, documentIndex: Int, dependencies: [Ref],
                decode: @escaping @Sendable () -> (Metadata, Spec)?) {
        self.kind = kind
        located = name
        self.location = location
        self.documentIndex = documentIndex
        self.dependencies = dependencies
        storage = DeferredContent(decode)
    }

    /// What an element whose content is decoded when first read keeps until then, and after.
    @usableFromInline final class DeferredContent: ContentSource {
        let decode: @Sendable () -> (Metadata, Spec)?
        let made = AtomicLazyReference<Content>()

        init(_ decode: @escaping @Sendable () -> (Metadata, Spec)?) { self.decode = decode }

        /// Decodes at most once that is kept: two threads that ask at once may both decode, and
        /// both get the content the first of them stored.
        @usableFromInline func content(name: Located<String>) -> Content {
            if let content = made.load() { return content }
            let decoded = decode()
            return made.storeIfNil(Content(metadata: decoded?.0 ?? Metadata(name: name), spec: decoded?.1))
        }
    }

    @inlinable var made: Content { storage.content(name: located) }

    @inlinable public var metadata: Metadata { made.metadata }
    @inlinable public var group: GroupSpec? { made.group }
    @inlinable public var capability: CapabilitySpec? { made.capability }
    @inlinable public var process: ProcessSpec? { made.process }
    @inlinable public var dataEntity: DataEntitySpec? { made.dataEntity }
    @inlinable public var system: SystemSpec? { made.system }
    @inlinable public var integration: IntegrationSpec? { made.integration }
    @inlinable public var platform: PlatformSpec? { made.platform }
    @inlinable public var exemption: ExemptionSpec? { made.exemption }
    @inlinable public var transition: TransitionSpec? { made.transition }
    @inlinable public var contract: ContractSpec? { made.contract }

    /// The kind-specific part.
    public var spec: Spec {
        let made = made
        if let s = made.system { return .system(s) }
        if let s = made.dataEntity { return .dataEntity(s) }
        if let s = made.integration { return .integration(s) }
        if let s = made.process { return .process(s) }
        if let s = made.capability { return .capability(s) }
        if let s = made.group { return .group(s) }
        if let s = made.platform { return .platform(s) }
        if let s = made.exemption { return .exemption(s) }
        if let s = made.transition { return .transition(s) }
        if let s = made.contract { return .contract(s) }
        return .group(GroupSpec())
    }

    /// Where the field at `path` was written, or where the element starts when it is absent.
    public func location(of path: String) -> SourceLocation {
        field(path)?.location ?? location
    }

    public var name: String { located.value }
    public var ref: Ref { Ref(kind, located.value) }
    /// The group that owns it: a system's, process's or data entity's `spec.owner`.
    public var owner: Ref? { system?.owner?.value ?? dataEntity?.owner?.value ?? process?.owner?.value }
    public var file: String { location.file }
}

import ArkitektModel

/// A compact binary form of loaded files, for the parse cache: what a file gave (its elements and
/// findings) is stored by blob id and read back without parsing or decoding YAML again.
///
/// The format is private to one version of arkitekt (`formatVersion`); a reader that meets
/// anything unexpected stops and reports failure, and the caller then parses the file instead.
public enum BinaryCodec {
    /// Bumped whenever the model or the encoding changes.
    public static let formatVersion: UInt32 = 6

    public static func encode(_ file: LoadedFile) -> [UInt8] {
        var w = BinaryWriter()
        w.string(file.path)
        w.int(file.elements.count)
        for e in file.elements { w.element(e) }
        w.int(file.findings.count)
        for f in file.findings { w.finding(f) }
        // A file outside the landscape paths without a descriptor, or one with descriptors (read
        // again from its text, since what they give depends on the rest of the catalog).
        if file.ignored {
            w.int(1)
        } else if let catalog = file.catalog {
            w.int(2)
            w.string(String(decoding: catalog.bytes, as: UTF8.self))
            w.int(catalog.catalogOnly ? 1 : 0)
        } else {
            w.int(0)
        }
        return w.bytes
    }

    /// Nil when the bytes are not a well-formed record of this version.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> LoadedFile? {
        var r = BinaryReader(bytes)
        guard let path = r.string() else { return nil }
        r.file = path
        guard let count = r.count() else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            guard let e = r.element() else { return nil }
            elements.append(e)
        }
        guard let findingCount = r.count() else { return nil }
        var findings: [Finding] = []
        for _ in 0..<findingCount {
            guard let f = r.finding() else { return nil }
            findings.append(f)
        }
        switch r.int() {
        case 0?:
            guard r.atEnd else { return nil }
            return LoadedFile(path: path, elements: elements, findings: findings)
        case 1?:
            guard r.atEnd else { return nil }
            return LoadedFile(path: path, elements: [], findings: [], ignored: true)
        case 2?:
            guard let text = r.string(), let catalogOnly = r.int(), r.atEnd else { return nil }
            var limits = Limits()
            // Outside the landscape paths: any path that is not this one's folder will do.
            if catalogOnly == 1 { limits.catalog.ownPaths = ["\u{0}"] }
            let file = LandscapeLoader.load(path: path, bytes: Array(text.utf8), limits: limits)
            return file.catalog == nil ? nil : file
        default:
            return nil
        }
    }
}

/// Writes the cache's binary form: zigzag varints and length-prefixed UTF-8.
public struct BinaryWriter {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func int(_ v: Int) {
        var x = UInt64(bitPattern: Int64(v))
        x = (x << 1) ^ UInt64(bitPattern: Int64(v) >> 63)   // zigzag
        while x >= 0x80 {
            bytes.append(UInt8(x & 0x7f) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }
    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }
    public mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }
    public mutating func optString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }
    mutating func location(_ l: SourceLocation) {
        int(l.line)
        int(l.column)
    }
    public mutating func ref(_ r: Ref) {
        int(Kind.allCases.firstIndex(of: r.kind) ?? 0)
        string(r.name)
    }
    mutating func text(_ v: Located<String>?) {
        bool(v != nil)
        if let v { string(v.value); location(v.location) }
    }
    mutating func ref(_ v: Located<Ref>?) {
        bool(v != nil)
        if let v { ref(v.value); location(v.location) }
    }
    mutating func enumValue<E: FormatEnum>(_ v: Located<E>?) { text(v.map { Located($0.value.rawValue, at: $0.location) }) }
    mutating func day(_ v: Located<Day>?) { text(v.map { Located($0.value.description, at: $0.location) }) }
    mutating func bool(_ v: Located<Bool>?) { text(v.map { Located($0.value ? "true" : "false", at: $0.location) }) }
    mutating func texts(_ v: [Located<String>]) { int(v.count); for x in v { text(x) } }
    mutating func refs(_ v: [Located<Ref>]) { int(v.count); for x in v { ref(x) } }
    mutating func enums<E: FormatEnum>(_ v: [Located<E>]) { int(v.count); for x in v { enumValue(x) } }

    mutating func condition(_ v: ConditionValue) {
        switch v {
        case .null: int(0)
        case .scalar(let s): int(1); string(s)
        case .list(let items): int(2); int(items.count); for i in items { condition(i) }
        case .map(let m):
            int(3)
            let keys = m.keys.sorted(by: ByteOrder.less)
            int(keys.count)
            for k in keys { string(k); condition(m[k] ?? .null) }
        }
    }

    /// An element: first what the landscape's lookups need (kind, where, name, dependencies),
    /// then the length of the rest and the rest (metadata and spec), which a reader can leave
    /// undecoded until it is read (`BinaryReader.element`).
    mutating func element(_ e: Element) {
        int(Kind.allCases.firstIndex(of: e.kind) ?? 0)
        location(e.location)
        int(e.documentIndex)
        string(e.located.value); location(e.located.location)
        int(e.dependencies.count)
        for ref in e.dependencies { self.ref(ref) }
        var body = BinaryWriter()
        body.content(e)
        int(body.bytes.count)
        bytes += body.bytes
    }

    /// The metadata (but its name) and the spec of an element.
    mutating func content(_ e: Element) {
        let m = e.metadata
        text(m.title); text(m.description)
        let labels = m.labels.keys.sorted(by: ByteOrder.less)
        int(labels.count)
        for k in labels { string(k); string(m.labels[k] ?? "") }
        int(m.links.count)
        for l in m.links { optString(l.url); optString(l.title) }
        int(m.origin.rawValue)
        switch e.spec {
        case .group(let s): enumValue(s.type); ref(s.parent); text(s.email)
        case .capability(let s): ref(s.parent); text(s.los); bool(s.eid)
        case .process(let s): ref(s.owner); refs(s.capabilities); enums(s.users); refs(s.data); texts(s.legalBasis); bool(s.exercisesAuthority)
        case .dataEntity(let s):
            ref(s.owner)
            bool(s.definition != nil)
            if let d = s.definition {
                location(d.location)
                let langs = d.value.texts.keys.sorted(by: ByteOrder.less)
                int(langs.count)
                for k in langs { string(k); string(d.value.texts[k] ?? "") }
            }
            text(s.concept); enumValue(s.classification.personal); enumValue(s.classification.confidentiality)
            bool(s.classification.dutyOfConfidentiality)
            ref(s.authoritativeSource); texts(s.legalBasis); text(s.retention); text(s.retentionNote)
        case .system(let s):
            ref(s.owner); text(s.vendor); enumValue(s.scope); enumValue(s.lifecycle)
            refs(s.capabilities); refs(s.processes)
            int(s.data.count)
            for d in s.data { location(d.location); ref(d.entity); enumValue(d.access); ref(d.source) }
            refs(s.uses); ref(s.hosting); enums(s.audience); enumValue(s.channel); bool(s.userFacing); text(s.accessibility)
            text(s.accessibilityStatement); text(s.availability); day(s.endOfSupport); bool(s.archive.obligation); bool(s.archive.noark5)
            enumValue(s.security.confidentiality); enumValue(s.security.integrity); enumValue(s.security.availability)
            ref(s.security.authentication); day(s.security.riskAssessment)
            text(s.privacy.dpia); day(s.privacy.dpiaDate); day(s.privacy.dpoConsulted); enumValue(s.privacy.transferBasis)
            day(s.privacy.transferImpactAssessment); text(s.privacy.dataProcessingAgreement)
            int(s.privacy.subProcessors.count)
            for sub in s.privacy.subProcessors { location(sub.location); text(sub.name); enumValue(sub.country) }
        case .integration(let s):
            ref(s.from); ref(s.to); refs(s.data); ref(s.via); text(s.protocol)
            enumValue(s.authentication); enumValue(s.encryption); text(s.purpose); texts(s.legalBasis)
        case .platform(let s):
            enumValue(s.type); text(s.vendor); enumValue(s.location); enumValue(s.lifecycle); text(s.availability); day(s.endOfSupport)
        case .contract(let s):
            text(s.vendor); text(s.orgNumber); refs(s.systems); day(s.ends); text(s.exitPlan); bool(s.dataProcessingAgreement)
        case .exemption(let s): text(s.rule); refs(s.targets); text(s.reason); ref(s.approvedBy); day(s.expires)
        case .transition(let s):
            text(s.title); text(s.description); day(s.due)
            int(s.conditions.count)
            for c in s.conditions {
                location(c.location); ref(c.ref)
                switch c.test {
                case .exists(let b): int(0); bool(b)
                case .equals(let p, let v): int(1); string(p); condition(v)
                case .contains(let p, let v): int(2); string(p); condition(v)
                }
            }
        }
    }

    /// A location with its file (records of one file leave the file out).
    public mutating func placedLocation(_ l: SourceLocation) {
        string(l.file)
        location(l)
    }

    /// A finding with the file of its location.
    public mutating func placedFinding(_ f: Finding) {
        string(f.location.file)
        finding(f)
    }

    mutating func finding(_ f: Finding) {
        string(f.rule); string(f.principle)
        int(Severity.allCases.firstIndex(of: f.severity) ?? 0)
        bool(f.element != nil)
        if let r = f.element { ref(r) }
        location(f.location)
        string(f.message.nb); string(f.message.en)
        optString(f.detail)
    }
}

/// Reads what `BinaryWriter` wrote; any malformed input makes every later read fail.
public struct BinaryReader {
    let bytes: ArraySlice<UInt8>
    var at: Int
    var file = ""
    /// Set when anything did not read; every later read fails too.
    var broken = false

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    public var atEnd: Bool { !broken && at == bytes.endIndex }

    /// The next `n` bytes as they are.
    public mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard !broken, n >= 0, n <= bytes.endIndex - at else { broken = true; return nil }
        defer { at += n }
        return bytes[at..<(at + n)]
    }

    public mutating func int() -> Int? {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while !broken, at < bytes.endIndex, shift < 64 {
            let b = bytes[at]
            at += 1
            x |= UInt64(b & 0x7f) << shift
            if b < 0x80 {
                let v = Int64(bitPattern: (x >> 1) ^ (0 &- (x & 1)))
                return Int(v)
            }
            shift += 7
        }
        broken = true
        return nil
    }
    public mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= bytes.endIndex - at else { broken = true; return nil }
        return n
    }
    public mutating func bool() -> Bool? {
        guard !broken, at < bytes.endIndex, bytes[at] <= 1 else { broken = true; return nil }
        defer { at += 1 }
        return bytes[at] == 1
    }
    /// Where what `BinaryWriter.string` wrote lies in the bytes (indices of the slice read), and
    /// past it: for comparing runs of bytes in place, without a slice or a string of each.
    public mutating func stringRange() -> Range<Int>? {
        guard let n = count() else { return nil }
        defer { at += n }
        return at..<(at + n)
    }

    /// What `BinaryWriter.string` wrote, as bytes.
    public mutating func rawString() -> ArraySlice<UInt8>? {
        stringRange().map { bytes[$0] }
    }

    public mutating func string() -> String? {
        rawString().map { String(decoding: $0, as: UTF8.self) }
    }
    public mutating func optString() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    mutating func location() -> SourceLocation? {
        guard let line = int(), let column = int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }
    mutating func kind() -> Kind? {
        guard let i = int(), Kind.allCases.indices.contains(i) else { broken = true; return nil }
        return Kind.allCases[i]
    }
    public mutating func ref() -> Ref? {
        guard let k = kind(), let name = string() else { return nil }
        return Ref(k, name)
    }

    /// Reads an optional located value: Optional(nil) when absent, nil when broken.
    mutating func optional<T>(_ read: (inout BinaryReader) -> T?) -> T?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let v = read(&self) else { return nil }
        return .some(v)
    }
    mutating func text() -> Located<String>?? {
        optional { r in
            guard let s = r.string(), let l = r.location() else { return nil }
            return Located(s, at: l)
        }
    }
    mutating func locatedRef() -> Located<Ref>?? {
        optional { r in
            guard let v = r.ref(), let l = r.location() else { return nil }
            return Located(v, at: l)
        }
    }
    mutating func enumValue<E: FormatEnum>(_ type: E.Type) -> Located<E>?? {
        guard let t = text() else { return nil }
        guard let t else { return .some(nil) }
        guard let v = E(rawValue: t.value) else { broken = true; return nil }
        return .some(Located(v, at: t.location))
    }
    mutating func day() -> Located<Day>?? {
        guard let t = text() else { return nil }
        guard let t else { return .some(nil) }
        guard let d = Day(parsing: t.value) else { broken = true; return nil }
        return .some(Located(d, at: t.location))
    }
    mutating func locatedBool() -> Located<Bool>?? {
        guard let t = text() else { return nil }
        guard let t else { return .some(nil) }
        return .some(Located(t.value == "true", at: t.location))
    }
    public mutating func list<T>(_ read: (inout BinaryReader) -> T?) -> [T]? {
        guard let n = count() else { return nil }
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            guard let v = read(&self) else { broken = true; return nil }
            out.append(v)
        }
        return out
    }
    mutating func texts() -> [Located<String>]? { list { r in r.text() ?? nil } }
    mutating func refs() -> [Located<Ref>]? { list { r in r.locatedRef() ?? nil } }
    mutating func enums<E: FormatEnum>(_ type: E.Type) -> [Located<E>]? { list { r in r.enumValue(type) ?? nil } }

    mutating func condition(depth: Int = 0) -> ConditionValue? {
        guard depth < 64, let tag = int() else { broken = true; return nil }
        switch tag {
        case 0: return .null
        case 1: return string().map(ConditionValue.scalar)
        case 2: return list { r in r.condition(depth: depth + 1) }.map(ConditionValue.list)
        case 3:
            guard let n = count() else { return nil }
            var m: [String: ConditionValue] = [:]
            for _ in 0..<n {
                guard let k = string(), let v = condition(depth: depth + 1) else { return nil }
                m[k] = v
            }
            return .map(m)
        default:
            broken = true
            return nil
        }
    }

    // The spec readers: `try?`-free, each `?? nil` turns a broken read into nil for the caller.
    /// An element as `BinaryWriter.element` wrote it; its metadata and spec are decoded when
    /// first read. The record was checked whole (the parse cache's checksum) and written by this
    /// version, so that decoding does not fail.
    mutating func element() -> Element? {
        guard let kind = kind(), let start = location(), let documentIndex = int(),
              let name = string(), let nameLocation = location(),
              let dependencies = list({ $0.ref() }), let length = count(), let body = take(length) else { return nil }
        let located = Located(name, at: nameLocation)
        let file = self.file
        return Element(kind: kind, name: located, location: start, documentIndex: documentIndex, dependencies: dependencies) {
            var r = BinaryReader(body)
            r.file = file
            guard let content = r.content(kind, name: located), r.atEnd else { return nil }
            return content
        }
    }

    /// What `BinaryWriter.content` wrote.
    mutating func content(_ kind: Kind, name: Located<String>) -> (Metadata, Spec)? {
        guard let title = text(), let description = text(), let labelCount = count() else { return nil }
        var metadata = Metadata(name: name, title: title, description: description)
        for _ in 0..<labelCount {
            guard let k = string(), let v = string() else { return nil }
            metadata.labels[k] = v
        }
        guard let links = list({ r -> Link? in
            guard let url = r.optString(), let title = r.optString() else { return nil }
            return Link(url: url, title: title)
        }) else { return nil }
        metadata.links = links
        guard let origin = int().flatMap(ElementOrigin.init(rawValue:)) else { return nil }
        metadata.origin = origin
        guard let spec = spec(kind) else { return nil }
        return (metadata, spec)
    }

    mutating func spec(_ kind: Kind) -> Spec? {
        switch kind {
        case .group:
            let s = GroupSpec()
            guard let a = enumValue(GroupType.self), let b = locatedRef(), let c = text() else { return nil }
            s.type = a; s.parent = b; s.email = c
            return .group(s)
        case .capability:
            let s = CapabilitySpec()
            guard let a = locatedRef(), let b = text(), let c = locatedBool() else { return nil }
            s.parent = a; s.los = b; s.eid = c
            return .capability(s)
        case .process:
            let s = ProcessSpec()
            guard let a = locatedRef(), let b = refs(), let c = enums(ProcessUser.self), let d = refs(), let e = texts(),
                  let f = locatedBool() else { return nil }
            s.owner = a; s.capabilities = b; s.users = c; s.data = d; s.legalBasis = e; s.exercisesAuthority = f
            return .process(s)
        case .dataEntity:
            let s = DataEntitySpec()
            guard let owner = locatedRef(), let hasDefinition = bool() else { return nil }
            s.owner = owner
            if hasDefinition {
                guard let l = location(), let n = count() else { return nil }
                var texts: [String: String] = [:]
                for _ in 0..<n {
                    guard let k = string(), let v = string() else { return nil }
                    texts[k] = v
                }
                s.definition = Located(Definition(texts: texts), at: l)
            }
            guard let concept = text(), let personal = enumValue(PersonalClass.self), let confidentiality = enumValue(Confidentiality.self),
                  let duty = locatedBool(), let source = locatedRef(), let legal = texts(), let retention = text(), let note = text() else { return nil }
            s.concept = concept; s.classification.personal = personal; s.classification.confidentiality = confidentiality
            s.classification.dutyOfConfidentiality = duty
            s.authoritativeSource = source; s.legalBasis = legal; s.retention = retention; s.retentionNote = note
            return .dataEntity(s)
        case .system:
            let s = SystemSpec()
            guard let owner = locatedRef(), let vendor = text(), let scope = enumValue(Scope.self), let lifecycle = enumValue(Lifecycle.self),
                  let capabilities = refs(), let processes = refs() else { return nil }
            s.owner = owner; s.vendor = vendor; s.scope = scope; s.lifecycle = lifecycle; s.capabilities = capabilities; s.processes = processes
            guard let data = list({ r -> DataUse? in
                guard let l = r.location(), let entity = r.locatedRef(), let access = r.enumValue(Access.self), let source = r.locatedRef() else { return nil }
                var use = DataUse(location: l)
                use.entity = entity; use.access = access; use.source = source
                return use
            }) else { return nil }
            s.data = data
            guard let uses = refs(), let hosting = locatedRef(), let audience = enums(Audience.self), let channel = enumValue(Channel.self),
                  let userFacing = locatedBool(), let accessibility = text(), let statement = text(), let availability = text(),
                  let endOfSupport = day(), let obligation = locatedBool(), let noark5 = locatedBool() else { return nil }
            s.uses = uses; s.hosting = hosting; s.audience = audience; s.channel = channel; s.userFacing = userFacing
            s.accessibility = accessibility; s.accessibilityStatement = statement; s.availability = availability
            s.endOfSupport = endOfSupport; s.archive.obligation = obligation; s.archive.noark5 = noark5
            guard let c = enumValue(Level.self), let i = enumValue(Level.self), let a = enumValue(Level.self), let auth = locatedRef(),
                  let risk = day() else { return nil }
            s.security.confidentiality = c; s.security.integrity = i; s.security.availability = a; s.security.authentication = auth
            s.security.riskAssessment = risk
            guard let dpia = text(), let dpiaDate = day(), let dpo = day(), let transfer = enumValue(TransferBasis.self),
                  let tia = day(), let agreement = text() else { return nil }
            s.privacy.dpia = dpia; s.privacy.dpiaDate = dpiaDate; s.privacy.dpoConsulted = dpo; s.privacy.transferBasis = transfer
            s.privacy.transferImpactAssessment = tia; s.privacy.dataProcessingAgreement = agreement
            guard let subs = list({ r -> SubProcessor? in
                guard let l = r.location(), let name = r.text(), let country = r.enumValue(PlatformLocation.self) else { return nil }
                var sub = SubProcessor(location: l)
                sub.name = name; sub.country = country
                return sub
            }) else { return nil }
            s.privacy.subProcessors = subs
            return .system(s)
        case .integration:
            let s = IntegrationSpec()
            guard let from = locatedRef(), let to = locatedRef(), let data = refs(), let via = locatedRef(), let proto = text(),
                  let auth = enumValue(AuthenticationMethod.self), let enc = enumValue(Encryption.self), let purpose = text(), let legal = texts() else { return nil }
            s.from = from; s.to = to; s.data = data; s.via = via; s.protocol = proto; s.authentication = auth; s.encryption = enc
            s.purpose = purpose; s.legalBasis = legal
            return .integration(s)
        case .platform:
            let s = PlatformSpec()
            guard let t = enumValue(PlatformType.self), let v = text(), let l = enumValue(PlatformLocation.self), let lc = enumValue(Lifecycle.self),
                  let availability = text(), let endOfSupport = day() else { return nil }
            s.type = t; s.vendor = v; s.location = l; s.lifecycle = lc; s.availability = availability; s.endOfSupport = endOfSupport
            return .platform(s)
        case .contract:
            let s = ContractSpec()
            guard let vendor = text(), let number = text(), let systems = refs(), let ends = day(), let exit = text(),
                  let agreement = locatedBool() else { return nil }
            s.vendor = vendor; s.orgNumber = number; s.systems = systems; s.ends = ends; s.exitPlan = exit
            s.dataProcessingAgreement = agreement
            return .contract(s)
        case .exemption:
            let s = ExemptionSpec()
            guard let rule = text(), let targets = refs(), let reason = text(), let approved = locatedRef(), let expires = day() else { return nil }
            s.rule = rule; s.targets = targets; s.reason = reason; s.approvedBy = approved; s.expires = expires
            return .exemption(s)
        case .transition:
            let s = TransitionSpec()
            guard let title = text(), let description = text(), let due = day() else { return nil }
            s.title = title; s.description = description; s.due = due
            guard let conditions = list({ r -> TransitionCondition? in
                guard let l = r.location(), let ref = r.ref(), let tag = r.int() else { return nil }
                switch tag {
                case 0: return r.bool().map { TransitionCondition(location: l, ref: ref, test: .exists($0)) }
                case 1, 2:
                    guard let p = r.string(), let v = r.condition() else { return nil }
                    return TransitionCondition(location: l, ref: ref, test: tag == 1 ? .equals(path: p, value: v) : .contains(path: p, value: v))
                default: return nil
                }
            }) else { return nil }
            s.conditions = conditions
            return .transition(s)
        }
    }

    /// What `BinaryWriter.placedLocation` wrote.
    public mutating func placedLocation() -> SourceLocation? {
        guard let file = string() else { return nil }
        self.file = file
        return location()
    }

    /// What `BinaryWriter.placedFinding` wrote.
    public mutating func placedFinding() -> Finding? {
        guard let file = string() else { return nil }
        self.file = file
        return finding()
    }

    mutating func finding() -> Finding? {
        guard let rule = string(), let principle = string(), let sev = int(), Severity.allCases.indices.contains(sev),
              let hasElement = bool() else { broken = true; return nil }
        var element: Ref?
        if hasElement {
            guard let r = ref() else { return nil }
            element = r
        }
        guard let place = location(), let nb = string(), let en = string(), let detail = optString() else { return nil }
        return Finding(rule: rule, principle: principle, severity: Severity.allCases[sev], element: element, location: place,
                       message: LocalizedText(nb: nb, en: en), detail: detail)
    }
}

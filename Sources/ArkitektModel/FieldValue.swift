/// A field's value in a form that can be compared: references resolved to `kind:name`, enums as
/// their text, dates as days, lists whose order carries no meaning as sorted sets.
///
/// Rules that only ask "is the field there", transition conditions (`path`, `equals`, `contains`)
/// and the semantic diff all read elements through this one view.
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case ref(Ref)
    case bool(Bool)
    case day(Day)
    /// A list whose order matters (transition conditions).
    case list([FieldValue])
    /// A list whose order carries no meaning: kept sorted, compared as a set.
    case set([FieldValue])
    case map([String: FieldValue])

    public static func makeSet(_ values: [FieldValue]) -> FieldValue {
        if values.count <= 1 { return .set(values) }
        var unique: [FieldValue] = []
        unique.reserveCapacity(values.count)
        for v in values where !unique.contains(v) { unique.append(v) }
        guard unique.count > 1 else { return .set(unique) }
        if unique.allSatisfy({ if case .ref = $0 { return true } else { return false } })
            || unique.allSatisfy({ if case .text = $0 { return true } else { return false } }) {
            return .set(unique.sorted(by: FieldValue.precedes))
        }
        // Anything else compares by its rendering (`precedes` orders references and texts as
        // their renderings too): each member is rendered once, not once per comparison.
        let keyed = unique.map { (key: $0.description, value: $0) }
        return .set(keyed.sorted { ByteOrder.less($0.key, $1.key) }.map(\.value))
    }

    /// The order of set members: references and texts by their text in byte order, anything
    /// else by its rendering. References compare as their renderings would (`Ref.<`), so the
    /// order is that of the renderings throughout.
    public static func precedes(_ a: FieldValue, _ b: FieldValue) -> Bool {
        switch (a, b) {
        case (.ref(let x), .ref(let y)): return x < y
        case (.text(let x), .text(let y)): return ByteOrder.less(x, y)
        default: return ByteOrder.less(a.description, b.description)
        }
    }

    /// A stable, readable rendering (used for sorting sets and in diffs).
    public var description: String {
        var out = ""
        out.reserveCapacity(64)
        render(into: &out)
        return out
    }

    /// Appends the rendering to `out` (one string for a whole nested value: sets of maps are
    /// sorted by it, so it is made often).
    private func render(into out: inout String) {
        switch self {
        case .text(let t): out += t
        case .ref(let r): out += r.kind.refPrefix; out += ":"; out += r.name
        case .bool(let b): out += b ? "true" : "false"
        case .day(let d): out += d.description
        case .list(let items), .set(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.render(into: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, entry) in m.sorted(by: { ByteOrder.less($0.key, $1.key) }).enumerated() {
                if i > 0 { out += ", " }
                out += entry.key
                out += ": "
                entry.value.render(into: &out)
            }
            out += "}"
        }
    }

    /// The elements of a list or set; a single value is a list of one.
    public var items: [FieldValue] {
        switch self {
        case .list(let items), .set(let items): return items
        default: return [self]
        }
    }
}

/// One present field of an element: its dotted path, its value and where it was written.
public struct FieldEntry: Sendable {
    public let path: String
    public let value: FieldValue
    public let location: SourceLocation
}

extension Element {
    /// Fields whose value, when absent, is a default (`spec.lifecycle` absent equals `production`).
    public func defaultValue(at path: String) -> FieldValue? {
        switch (kind, path) {
        case (.system, "spec.lifecycle"), (.platform, "spec.lifecycle"): return .text(Lifecycle.production.rawValue)
        case (.system, "spec.scope"): return .text(Scope.local.rawValue)
        default: return nil
        }
    }

    /// The fields of a ref-typed path, for reading a condition's text as a reference.
    public func refKind(at path: String) -> Kind? {
        switch (kind, path) {
        case (_, "spec.owner"), (.exemption, "spec.approvedBy"): return .group
        case (.group, "spec.parent"): return .group
        case (.capability, "spec.parent"), (_, "spec.capabilities"): return .capability
        case (_, "spec.processes"): return .process
        case (.process, "spec.data"), (.integration, "spec.data"), (.system, "spec.data.entity"): return .dataEntity
        case (.system, "spec.data.source"), (.contract, "spec.systems"): return .system
        case (_, "spec.authoritativeSource"), (_, "spec.uses"), (_, "spec.from"), (_, "spec.to"), (_, "spec.via"),
             (_, "spec.security.authentication"): return .system
        case (_, "spec.hosting"): return .platform
        default: return nil
        }
    }

    /// Every present field, flattened to dotted paths (`spec.owner`, `spec.security.integrity`),
    /// made from the typed spec each time it is asked for: rules ask for single fields
    /// (`field(_:)`), and only the semantic diff needs them all.
    public var fields: [String: FieldEntry] {
        var all: [String: FieldEntry] = [:]
        all.reserveCapacity(12)
        Element.collectFields(self, only: nil) { all[$0.path] = $0 }
        return all
    }

    /// The field at a dotted path, if present; nothing else is made or even read (a list is
    /// sorted into a set only when it is the field asked for).
    public func field(_ path: String) -> FieldEntry? {
        var found: FieldEntry?
        Element.collectFields(self, only: path) { found = $0 }
        return found
    }

    /// The one list of which field sits at which path, for both `fields` and `field(_:)`: `take`
    /// gets every present field, or with `only` the one at that path. Each field is read from
    /// the spec only when its path is wanted (rules ask for one field at a time, often).
    static func collectFields(_ element: Element, only: String?, _ take: (FieldEntry) -> Void) {
        // The content is fetched once for all the fields below.
        let content = element.made
        let onlyIsASCII = only?.utf8.allSatisfy { $0 < 0x80 } ?? false
        var done = false
        /// Whether the field at `path` is to be made: equal as strings are (canonically, as a
        /// map's keys are) to `only`. Two ASCII paths of different lengths differ, which is cheap
        /// to see first: most paths differ in length. `pathIsASCII`: the path is known to be
        /// ASCII (every path written here, but not a definition's language, from the YAML).
        func wants(_ path: String, _ pathIsASCII: Bool) -> Bool {
            if done { return false }
            guard let only else { return true }
            if onlyIsASCII, pathIsASCII, only.utf8.count != path.utf8.count { return false }
            done = only == path
            return done
        }
        func put(_ path: String, pathIsASCII: Bool = true, _ make: () -> (FieldValue, SourceLocation)?) {
            guard wants(path, pathIsASCII), let (value, at) = make() else { return }
            take(FieldEntry(path: path, value: value, location: at))
        }
        func text(_ path: String, _ v: @autoclosure () -> Located<String>?) { put(path) { v().map { (.text($0.value), $0.location) } } }
        func ref(_ path: String, _ v: @autoclosure () -> Located<Ref>?) { put(path) { v().map { (.ref($0.value), $0.location) } } }
        func enumText<E: FormatEnum>(_ path: String, _ v: @autoclosure () -> Located<E>?) {
            put(path) { v().map { (.text($0.value.rawValue), $0.location) } }
        }
        func day(_ path: String, _ v: @autoclosure () -> Located<Day>?) { put(path) { v().map { (.day($0.value), $0.location) } } }
        func set<T>(_ path: String, _ v: @autoclosure () -> [Located<T>], _ value: (T) -> FieldValue) {
            put(path) {
                let v = v()
                guard let first = v.first else { return nil }
                return (.makeSet(v.map { value($0.value) }), first.location)
            }
        }
        func bool(_ path: String, _ v: @autoclosure () -> Located<Bool>?) { put(path) { v().map { (.bool($0.value), $0.location) } } }
        func refSet(_ path: String, _ v: @autoclosure () -> [Located<Ref>]) { set(path, v(), FieldValue.ref) }
        func textSet(_ path: String, _ v: @autoclosure () -> [Located<String>]) { set(path, v(), FieldValue.text) }

        text("metadata.title", content.metadata.title)
        text("metadata.description", content.metadata.description)
        put("metadata.labels") {
            let metadata = content.metadata
            return metadata.labels.isEmpty ? nil : (.map(metadata.labels.mapValues { .text($0) }), metadata.name.location)
        }
        put("metadata.links") {
            let metadata = content.metadata
            guard !metadata.links.isEmpty else { return nil }
            return (.list(metadata.links.map { link -> FieldValue in
                var m: [String: FieldValue] = [:]
                if let url = link.url { m["url"] = .text(url) }
                if let title = link.title { m["title"] = .text(title) }
                return .map(m)
            }), metadata.name.location)
        }

        switch element.kind {
        case .group:
            guard let s = content.group else { return }
            enumText("spec.type", s.type)
            ref("spec.parent", s.parent)
            text("spec.email", s.email)
        case .capability:
            guard let s = content.capability else { return }
            ref("spec.parent", s.parent)
            text("spec.los", s.los)
            bool("spec.eid", s.eid)
        case .process:
            guard let s = content.process else { return }
            ref("spec.owner", s.owner)
            refSet("spec.capabilities", s.capabilities)
            set("spec.users", s.users) { .text($0.rawValue) }
            refSet("spec.data", s.data)
            textSet("spec.legalBasis", s.legalBasis)
            bool("spec.exercisesAuthority", s.exercisesAuthority)
        case .dataEntity:
            guard let s = content.dataEntity else { return }
            ref("spec.owner", s.owner)
            if let d = s.definition, !d.value.texts.isEmpty {
                put("spec.definition") { (.map(d.value.texts.mapValues { .text($0) }), d.location) }
                if only.map({ $0.hasPrefix("spec.definition.") }) ?? true {
                    for (language, text) in d.value.texts where !text.trimmingSpaces.isEmpty {
                        put("spec.definition." + language, pathIsASCII: language.utf8.allSatisfy { $0 < 0x80 }) { (.text(text), d.location) }
                    }
                }
            }
            text("spec.concept", s.concept)
            enumText("spec.classification.personal", s.classification.personal)
            enumText("spec.classification.confidentiality", s.classification.confidentiality)
            bool("spec.classification.dutyOfConfidentiality", s.classification.dutyOfConfidentiality)
            ref("spec.authoritativeSource", s.authoritativeSource)
            textSet("spec.legalBasis", s.legalBasis)
            text("spec.retention", s.retention)
            text("spec.retentionNote", s.retentionNote)
        case .system:
            guard let s = content.system else { return }
            ref("spec.owner", s.owner)
            text("spec.vendor", s.vendor)
            enumText("spec.scope", s.scope)
            enumText("spec.lifecycle", s.lifecycle)
            refSet("spec.capabilities", s.capabilities)
            refSet("spec.processes", s.processes)
            put("spec.data") {
                guard let first = s.data.first else { return nil }
                return (.makeSet(s.data.map { use -> FieldValue in
                    var m: [String: FieldValue] = [:]
                    if let e = use.entity { m["entity"] = .ref(e.value) }
                    if let a = use.access { m["access"] = .text(a.value.rawValue) }
                    if let src = use.source { m["source"] = .ref(src.value) }
                    return .map(m)
                }), first.location)
            }
            refSet("spec.uses", s.uses)
            ref("spec.hosting", s.hosting)
            set("spec.audience", s.audience) { .text($0.rawValue) }
            enumText("spec.channel", s.channel)
            bool("spec.userFacing", s.userFacing)
            text("spec.accessibility", s.accessibility)
            text("spec.accessibilityStatement", s.accessibilityStatement)
            text("spec.availability", s.availability)
            day("spec.endOfSupport", s.endOfSupport)
            bool("spec.archive.obligation", s.archive.obligation)
            bool("spec.archive.noark5", s.archive.noark5)
            enumText("spec.security.confidentiality", s.security.confidentiality)
            enumText("spec.security.integrity", s.security.integrity)
            enumText("spec.security.availability", s.security.availability)
            ref("spec.security.authentication", s.security.authentication)
            day("spec.security.riskAssessment", s.security.riskAssessment)
            text("spec.privacy.dpia", s.privacy.dpia)
            day("spec.privacy.dpiaDate", s.privacy.dpiaDate)
            day("spec.privacy.dpoConsulted", s.privacy.dpoConsulted)
            enumText("spec.privacy.transferBasis", s.privacy.transferBasis)
            day("spec.privacy.transferImpactAssessment", s.privacy.transferImpactAssessment)
            text("spec.privacy.dataProcessingAgreement", s.privacy.dataProcessingAgreement)
            put("spec.privacy.subProcessors") {
                guard let first = s.privacy.subProcessors.first else { return nil }
                return (.makeSet(s.privacy.subProcessors.map { sub -> FieldValue in
                    var m: [String: FieldValue] = [:]
                    if let n = sub.name { m["name"] = .text(n.value) }
                    if let c = sub.country { m["location"] = .text(c.value.rawValue) }
                    return .map(m)
                }), first.location)
            }
        case .integration:
            guard let s = content.integration else { return }
            ref("spec.from", s.from)
            ref("spec.to", s.to)
            refSet("spec.data", s.data)
            ref("spec.via", s.via)
            text("spec.protocol", s.protocol)
            enumText("spec.authentication", s.authentication)
            enumText("spec.encryption", s.encryption)
            text("spec.purpose", s.purpose)
            textSet("spec.legalBasis", s.legalBasis)
        case .platform:
            guard let s = content.platform else { return }
            enumText("spec.type", s.type)
            text("spec.vendor", s.vendor)
            enumText("spec.location", s.location)
            enumText("spec.lifecycle", s.lifecycle)
            text("spec.availability", s.availability)
            day("spec.endOfSupport", s.endOfSupport)
        case .contract:
            guard let s = content.contract else { return }
            text("spec.vendor", s.vendor)
            text("spec.orgNumber", s.orgNumber)
            refSet("spec.systems", s.systems)
            day("spec.ends", s.ends)
            text("spec.exitPlan", s.exitPlan)
            bool("spec.dataProcessingAgreement", s.dataProcessingAgreement)
        case .exemption:
            guard let s = content.exemption else { return }
            text("spec.rule", s.rule)
            refSet("spec.targets", s.targets)
            text("spec.reason", s.reason)
            ref("spec.approvedBy", s.approvedBy)
            day("spec.expires", s.expires)
        case .transition:
            guard let s = content.transition else { return }
            text("spec.title", s.title)
            text("spec.description", s.description)
            day("spec.due", s.due)
            put("spec.conditions") {
                guard let first = s.conditions.first else { return nil }
                return (.list(s.conditions.map { c -> FieldValue in
                    var m: [String: FieldValue] = ["ref": .ref(c.ref)]
                    switch c.test {
                    case .exists(let b): m["exists"] = .bool(b)
                    case .equals(let path, let value): m["path"] = .text(path); m["equals"] = .text(value.text)
                    case .contains(let path, let value): m["path"] = .text(path); m["contains"] = .text(value.text)
                    }
                    return .map(m)
                }), first.location)
            }
        }
    }
}

extension ConditionValue {
    /// The value as one line of text, for display and comparison of scalars.
    public var text: String {
        switch self {
        case .scalar(let s): return s
        case .null: return ""
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted(by: ByteOrder.less).map { "\($0): \(m[$0]?.text ?? "")" }.joined(separator: ", ") + "}"
        }
    }
}

extension Element {
    /// Every reference the element makes, with the field it is written in (list fields without an
    /// index, so that reordering a list changes nothing). Transition conditions are not included:
    /// they may name elements that do not exist (yet).
    public var references: [(path: String, ref: Located<Ref>)] { Element.references(of: spec) }

    /// The refs of `references(of:)` in the same order, without their paths and places; for a
    /// Transition, the refs its conditions name.
    static func dependencies(of spec: Spec) -> [Ref] {
        if case .transition(let t) = spec { return t.conditions.map(\.ref) }
        var result: [Ref] = []
        forEachReference(in: spec) { _, ref in result.append(ref.value) }
        return result
    }

    static func references(of spec: Spec) -> [(path: String, ref: Located<Ref>)] {
        var result: [(path: String, ref: Located<Ref>)] = []
        forEachReference(in: spec) { path, ref in result.append((path, ref)) }
        return result
    }

    /// The one list of where a spec refers to other elements: `body` gets each reference with
    /// the field it is written in, in field order.
    static func forEachReference(in spec: Spec, _ body: (String, Located<Ref>) -> Void) {
        func add(_ path: String, _ ref: Located<Ref>?) { if let ref { body(path, ref) } }
        func addAll(_ path: String, _ refs: [Located<Ref>]) { for r in refs { body(path, r) } }
        switch spec {
        case .group(let s): add("spec.parent", s.parent)
        case .capability(let s): add("spec.parent", s.parent)
        case .process(let s):
            add("spec.owner", s.owner)
            addAll("spec.capabilities", s.capabilities)
            addAll("spec.data", s.data)
        case .dataEntity(let s):
            add("spec.owner", s.owner)
            add("spec.authoritativeSource", s.authoritativeSource)
        case .system(let s):
            add("spec.owner", s.owner)
            addAll("spec.capabilities", s.capabilities)
            addAll("spec.processes", s.processes)
            for use in s.data {
                add("spec.data.entity", use.entity)
                add("spec.data.source", use.source)
            }
            addAll("spec.uses", s.uses)
            add("spec.hosting", s.hosting)
            add("spec.security.authentication", s.security.authentication)
        case .integration(let s):
            add("spec.from", s.from)
            add("spec.to", s.to)
            addAll("spec.data", s.data)
            add("spec.via", s.via)
        case .platform: break
        case .exemption(let s):
            addAll("spec.targets", s.targets)
            add("spec.approvedBy", s.approvedBy)
        case .transition: break
        case .contract(let s): addAll("spec.systems", s.systems)
        }
    }
}

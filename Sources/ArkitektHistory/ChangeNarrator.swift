import ArkitektModel

/// Tells a landscape change in words architects read: "System X retired", "Data entity Y now read
/// from Folkeregisteret", "Integration A → B added". Fields without a sentence of their own get a
/// plain "field: before → after".
public enum ChangeNarrator {
    /// Sentences for a whole diff, in a stable order: added, removed, changed (by ref).
    public static func sentences(_ diff: LandscapeDiff, old: some ElementLookup, new: some ElementLookup) -> [LocalizedText] {
        diff.added.map { added($0, in: new) } + diff.removed.map { removed($0, in: old) }
            + diff.changed.flatMap { changed($0, old: old, new: new) }
    }

    /// The same sentences, by the element they are about (for an element's own history).
    public static func sentencesByElement(_ diff: LandscapeDiff, old: some ElementLookup, new: some ElementLookup) -> [Ref: [LocalizedText]] {
        var result: [Ref: [LocalizedText]] = [:]
        for element in diff.added { result[element.ref, default: []].append(added(element, in: new)) }
        for element in diff.removed { result[element.ref, default: []].append(removed(element, in: old)) }
        for change in diff.changed { result[change.ref, default: []] += changed(change, old: old, new: new) }
        return result
    }

    /// How an element is named in a sentence: kind and title (or name).
    static func name(_ element: Element) -> LocalizedText {
        let title = element.metadata.title?.value ?? element.name
        if let integration = element.integration, let from = integration.from?.value, let to = integration.to?.value {
            return LocalizedText(nb: "Integrasjon \(from.name) → \(to.name)", en: "Integration \(from.name) → \(to.name)")
        }
        return LocalizedText(nb: "\(element.kind.displayName.nb) \(title)", en: "\(element.kind.displayName.en) \(title)")
    }

    static func name(_ ref: Ref, in landscape: some ElementLookup) -> String {
        landscape[ref]?.metadata.title?.value ?? ref.name
    }

    static func added(_ element: Element, in landscape: some ElementLookup) -> LocalizedText {
        let n = name(element)
        return LocalizedText(nb: "\(n.nb) lagt til", en: "\(n.en) added")
    }

    static func removed(_ element: Element, in landscape: some ElementLookup) -> LocalizedText {
        let n = name(element)
        return LocalizedText(nb: "\(n.nb) fjernet", en: "\(n.en) removed")
    }

    static func lifecycleText(_ value: String) -> LocalizedText {
        switch Lifecycle(rawValue: value) {
        case .planned: return LocalizedText(nb: "planlagt", en: "planned")
        case .development: return LocalizedText(nb: "under utvikling", en: "in development")
        case .production: return LocalizedText(nb: "satt i produksjon", en: "in production")
        case .phasingOut: return LocalizedText(nb: "under utfasing", en: "being phased out")
        case .retired: return LocalizedText(nb: "utfaset", en: "retired")
        case nil: return LocalizedText(nb: value, en: value)
        }
    }

    static func changed(_ change: ElementChange, old: some ElementLookup, new: some ElementLookup) -> [LocalizedText] {
        let n = name(change.after)
        return change.fields.flatMap { field -> [LocalizedText] in
            switch field.path {
            case "spec.lifecycle":
                let value = field.after.map(\.description) ?? Lifecycle.production.rawValue
                let state = lifecycleText(value)
                if value == Lifecycle.retired.rawValue {
                    return [LocalizedText(nb: "\(n.nb) utfaset", en: "\(n.en) retired")]
                }
                return [LocalizedText(nb: "\(n.nb) er nå \(state.nb)", en: "\(n.en) is now \(state.en)")]
            case "spec.owner":
                guard case .ref(let owner)? = field.after else {
                    return [LocalizedText(nb: "\(n.nb) har ikke lenger eier", en: "\(n.en) no longer has an owner")]
                }
                let o = name(owner, in: new)
                return [LocalizedText(nb: "\(n.nb) eies nå av \(o)", en: "\(n.en) now owned by \(o)")]
            case "spec.authoritativeSource":
                guard case .ref(let source)? = field.after else {
                    return [LocalizedText(nb: "\(n.nb) har ikke lenger autoritativ kilde", en: "\(n.en) no longer has an authoritative source")]
                }
                let s = name(source, in: new)
                return [LocalizedText(nb: "\(n.nb) har nå \(s) som autoritativ kilde", en: "\(n.en) now has \(s) as its authoritative source")]
            case "spec.uses":
                return field.added.compactMap { value -> LocalizedText? in
                    guard case .ref(let r) = value else { return nil }
                    let u = name(r, in: new)
                    return LocalizedText(nb: "\(n.nb) tar i bruk \(u)", en: "\(n.en) now uses \(u)")
                } + field.removed.compactMap { value -> LocalizedText? in
                    guard case .ref(let r) = value else { return nil }
                    let u = name(r, in: old)
                    return LocalizedText(nb: "\(n.nb) bruker ikke lenger \(u)", en: "\(n.en) no longer uses \(u)")
                }
            case "spec.data" where change.after.kind == .system:
                return dataSentences(field, system: n, old: old, new: new)
            case "spec.hosting":
                guard case .ref(let p)? = field.after else { break }
                let h = name(p, in: new)
                return [LocalizedText(nb: "\(n.nb) driftes nå på \(h)", en: "\(n.en) now hosted on \(h)")]
            default:
                break
            }
            return [generic(field, n)]
        }
    }

    /// A System's data list: say where data is now read from, what it starts and stops handling.
    static func dataSentences(_ field: FieldChange, system n: LocalizedText, old: some ElementLookup, new: some ElementLookup) -> [LocalizedText] {
        func entity(_ v: FieldValue) -> Ref? {
            if case .map(let m) = v, case .ref(let r)? = m["entity"] { return r }
            return nil
        }
        func source(_ v: FieldValue) -> Ref? {
            if case .map(let m) = v, case .ref(let r)? = m["source"] { return r }
            return nil
        }
        func access(_ v: FieldValue) -> String? {
            if case .map(let m) = v, case .text(let t)? = m["access"] { return t }
            return nil
        }
        var out: [LocalizedText] = []
        let removed = field.removed, added = field.added
        var handledRemoved = Set<FieldValue>()
        for a in added {
            guard let e = entity(a) else { continue }
            let eName = name(e, in: new)
            if let previous = removed.first(where: { entity($0) == e }) {
                handledRemoved.insert(previous)
                if source(a) != source(previous), let s = source(a) {
                    out.append(LocalizedText(nb: "\(n.nb) leser nå \(eName) fra \(name(s, in: new))",
                                             en: "\(n.en) now reads \(eName) from \(name(s, in: new))"))
                    continue
                }
                if access(a) != access(previous), let acc = access(a) {
                    out.append(LocalizedText(nb: "\(n.nb) har nå tilgang «\(acc)» til \(eName)", en: "\(n.en) now has '\(acc)' access to \(eName)"))
                    continue
                }
                out.append(LocalizedText(nb: "\(n.nb): bruken av \(eName) er endret", en: "\(n.en): its use of \(eName) changed"))
            } else {
                let from = source(a).map { (" fra \(name($0, in: new))", " from \(name($0, in: new))") } ?? ("", "")
                out.append(LocalizedText(nb: "\(n.nb) behandler nå \(eName)\(from.0)", en: "\(n.en) now handles \(eName)\(from.1)"))
            }
        }
        for r in removed where !handledRemoved.contains(r) {
            guard let e = entity(r) else { continue }
            let eName = name(e, in: old)
            out.append(LocalizedText(nb: "\(n.nb) behandler ikke lenger \(eName)", en: "\(n.en) no longer handles \(eName)"))
        }
        return out
    }

    static func render(_ value: FieldValue?) -> String {
        guard let value else { return "–" }
        return value.description
    }

    /// Values longer than this are not repeated in a sentence: "description changed" says enough.
    static let longValue = 60

    static func generic(_ field: FieldChange, _ n: LocalizedText) -> LocalizedText {
        if case .set? = field.after ?? field.before {
            let parts = (field.added.map { "+ \($0)" } + field.removed.map { "− \($0)" }).joined(separator: ", ")
            return LocalizedText(nb: "\(n.nb): \(field.path) \(parts)", en: "\(n.en): \(field.path) \(parts)")
        }
        if render(field.before).count > longValue || render(field.after).count > longValue, field.before != nil, field.after != nil {
            return LocalizedText(nb: "\(n.nb): \(field.path) endret", en: "\(n.en): \(field.path) changed")
        }
        if field.before == nil {
            return LocalizedText(nb: "\(n.nb): \(field.path) satt til \(render(field.after))", en: "\(n.en): \(field.path) set to \(render(field.after))")
        }
        if field.after == nil {
            return LocalizedText(nb: "\(n.nb): \(field.path) fjernet", en: "\(n.en): \(field.path) removed")
        }
        return LocalizedText(nb: "\(n.nb): \(field.path) endret fra \(render(field.before)) til \(render(field.after))",
                             en: "\(n.en): \(field.path) changed from \(render(field.before)) to \(render(field.after))")
    }
}

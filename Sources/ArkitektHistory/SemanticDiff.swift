import ArkitektModel

/// One field that differs between two versions of an element.
public struct FieldChange: Sendable, Equatable {
    public let path: String
    /// nil when the field is absent on that side.
    public let before: FieldValue?
    public let after: FieldValue?
    /// For list fields compared as sets: what came and what went.
    public var added: [FieldValue] {
        guard case .set(let a)? = after else { return [] }
        let b = Set(before?.items ?? [])
        return a.filter { !b.contains($0) }
    }
    public var removed: [FieldValue] {
        guard case .set(let b)? = before else { return [] }
        let a = Set(after?.items ?? [])
        return b.filter { !a.contains($0) }
    }
}

/// An element present on both sides whose fields differ.
public struct ElementChange: Sendable {
    public let ref: Ref
    public let before: Element
    public let after: Element
    public let fields: [FieldChange]
}

/// The semantic difference of two landscapes: identity is the element's ref, so moving an
/// element to another file or reformatting it is no change; lists whose order means nothing are
/// compared as sets, and references are compared resolved (`owner: it` equals `owner: group:it`).
public struct LandscapeDiff: Sendable {
    public let added: [Element]
    public let removed: [Element]
    public let changed: [ElementChange]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Compares every element of the two landscapes.
    public init(from old: Landscape, to new: Landscape) {
        self.init(from: old, to: new, candidates: Set(old.refs).union(new.refs))
    }

    /// Compares only the candidate refs: in a history walk, the elements of the files that changed.
    /// Elements of unchanged files cannot differ, so they are never compared.
    public init(from old: some ElementLookup, to new: some ElementLookup, candidates: Set<Ref>) {
        var added: [Element] = []
        var removed: [Element] = []
        var changed: [ElementChange] = []
        for ref in candidates.sorted() {
            switch (old[ref], new[ref]) {
            case (nil, let after?): added.append(after)
            case (let before?, nil): removed.append(before)
            case (let before?, let after?):
                let fields = LandscapeDiff.compare(before, after)
                if !fields.isEmpty { changed.append(ElementChange(ref: ref, before: before, after: after, fields: fields)) }
            case (nil, nil): break
            }
        }
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    init(added: [Element], removed: [Element], changed: [ElementChange]) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    /// The part of the difference whose elements lie in files `keep` takes (on either side, for
    /// a changed one): a landscape's own part, or one library's.
    public func restricted(to keep: (String) -> Bool) -> LandscapeDiff {
        LandscapeDiff(added: added.filter { keep($0.file) }, removed: removed.filter { keep($0.file) },
                      changed: changed.filter { keep($0.after.file) || keep($0.before.file) })
    }

    /// The fields that differ, by path in byte order.
    public static func compare(_ a: Element, _ b: Element) -> [FieldChange] {
        let fieldsA = a.fields, fieldsB = b.fields
        var paths = Set(fieldsA.keys).union(fieldsB.keys)
        // The aggregate definition map is compared through its languages.
        paths.remove("spec.definition")
        return paths.sorted(by: ByteOrder.less).compactMap { path in
            let before = fieldsA[path]?.value, after = fieldsB[path]?.value
            guard before != after else { return nil }
            // An absent field with a default equals that default: no change.
            if before == nil, after == a.defaultValue(at: path) { return nil }
            if after == nil, before == b.defaultValue(at: path) { return nil }
            return FieldChange(path: path, before: before, after: after)
        }
    }
}

/// Which findings a change introduced and which it resolved, by identity (rule, element, detail),
/// never by line: a finding that only moved is neither.
public struct FindingDelta: Sendable {
    public let introduced: [Finding]
    public let resolved: [Finding]

    public init(from old: [Finding], to new: [Finding]) {
        let oldIDs = Set(old.map(FindingKey.init)), newIDs = Set(new.map(FindingKey.init))
        self.init(introduced: new.filter { !oldIDs.contains(FindingKey($0)) }, resolved: old.filter { !newIDs.contains(FindingKey($0)) })
    }

    /// From what came and went, in any order.
    public init(introduced: [Finding], resolved: [Finding]) {
        self.introduced = introduced.sorted(by: Finding.sortedOrder)
        self.resolved = resolved.sorted(by: Finding.sortedOrder)
    }

    public var isEmpty: Bool { introduced.isEmpty && resolved.isEmpty }
}

import ArkitektLoading
import ArkitektModel

/// When what the history rules watch last changed: for each System, the day of the last commit
/// that changed one of its aspects (`changed`) and the day of the last commit that added to it
/// (`introduced`: a new member of a set, a value where there was none or another one, false
/// become true).
///
/// It is made by going through the commits oldest to newest (`record`), in a history walk or in
/// a check, which adds the change from the last commit to what is checked (the index or the work
/// tree) as of the day of the check. Only what it has seen is known: where it starts, nothing
/// earlier is guessed. A system that appears is being described, not changed: its aspects count
/// from the first commit that holds it, and so does an integration added together with its sender.
public struct ChangeHistory: Sendable, Equatable {
    /// What is watched on a System.
    public enum Aspect: String, Sendable, CaseIterable, Comparable {
        /// Its own fields.
        case hosting = "spec.hosting", uses = "spec.uses", data = "spec.data"
        /// The special category and criminal offence data it holds (entities in its `data`).
        case specialData = "special-or-criminal-data"
        /// Whether its hosting platform is in a third country.
        case thirdCountry = "third-country-hosting"
        /// Integrations from it that carry personal data (only ever `introduced`).
        case outgoingPersonal = "outgoing-personal-integration"

        public static func < (a: Aspect, b: Aspect) -> Bool { a.rawValue < b.rawValue }
    }

    public struct Entry: Sendable, Equatable {
        public var changed: Day?
        public var introduced: Day?
        public init(changed: Day? = nil, introduced: Day? = nil) {
            self.changed = changed
            self.introduced = introduced
        }
    }

    public private(set) var entries: [Ref: [Aspect: Entry]] = [:]

    /// How long a risk assessment holds whatever changed (`risk-assessment-current`).
    public static let riskAssessmentMonths = 24

    public init() {}
    public init(entries: [Ref: [Aspect: Entry]]) { self.entries = entries }

    /// The day of the last commit that changed `aspect` of `ref`, if one did.
    public func changed(_ ref: Ref, _ aspect: Aspect) -> Day? { entries[ref]?[aspect]?.changed }
    /// The day of the last commit that added to `aspect` of `ref`, if one did.
    public func introduced(_ ref: Ref, _ aspect: Aspect) -> Day? { entries[ref]?[aspect]?.introduced }

    /// Of `aspects`, the one whose date (`\.changed` or `\.introduced`) is latest for `ref`, with
    /// that date; on the same day the first in `aspects`' order.
    public func latest(_ ref: Ref, of aspects: [Aspect], _ date: KeyPath<Entry, Day?>) -> (aspect: Aspect, day: Day)? {
        var latest: (aspect: Aspect, day: Day)?
        for aspect in aspects {
            guard let day = entries[ref]?[aspect]?[keyPath: date], latest.map({ day > $0.day }) ?? true else { continue }
            latest = (aspect, day)
        }
        return latest
    }

    /// Records what changed between `before` and `after` on `day`, where `touched` holds every ref
    /// added, removed or edited. Returns the Systems whose entries moved.
    ///
    /// With `keepingNewer`, an entry already set stays as it is: a walk from the newest commit
    /// back records each aspect's last change first (`HistoryWalker.walkBack`).
    @discardableResult
    public mutating func record(touched: Set<Ref>, before: some ElementLookup, after: Landscape, day: Day,
                                keepingNewer: Bool = false) -> Set<Ref> {
        /// Sets one date of an entry, unless a newer walk step has set it.
        func set(_ ref: Ref, _ aspect: Aspect, _ field: WritableKeyPath<Entry, Day?>) {
            if keepingNewer, entries[ref]?[aspect]?[keyPath: field] != nil { return }
            entries[ref, default: [:]][aspect, default: Entry()][keyPath: field] = day
        }
        var moved = Set<Ref>()
        // A system's aspects read its platform and its entities: an edit to one of those reaches
        // the systems that refer to it. Integrations are seen from their own side below.
        var systems = Set<Ref>()
        for ref in touched {
            switch ref.kind {
            case .system: systems.insert(ref)
            // Only what the systems' aspects read of them: whether an entity is special or
            // criminal data, whether a platform is in a third country. Any other edit to a popular
            // entity or platform leaves the many systems referring to it alone.
            case .dataEntity:
                guard (before[ref]?.dataEntity?.isSpecialOrCriminal ?? false) != (after[ref]?.dataEntity?.isSpecialOrCriminal ?? false) else { continue }
                for referrer in after.referrers(of: ref) where referrer.kind == .system { systems.insert(referrer) }
            case .platform:
                guard Self.isThirdCountry(before[ref]) != Self.isThirdCountry(after[ref]) else { continue }
                for referrer in after.referrers(of: ref) where referrer.kind == .system { systems.insert(referrer) }
            default: continue
            }
        }
        for ref in systems {
            guard let new = after[ref].map({ Self.aspects(of: $0, in: after) }) else {
                if !keepingNewer, entries.removeValue(forKey: ref) != nil { moved.insert(ref) }
                continue
            }
            guard let former = before[ref], former.kind == .system else { continue }
            let old = Self.aspects(of: former, in: before)
            for aspect in [Aspect.hosting, .uses, .data, .specialData, .thirdCountry] {
                let a = old[aspect] ?? nil, b = new[aspect] ?? nil
                guard a != b else { continue }
                set(ref, aspect, \.changed)
                if Self.adds(from: a, to: b) { set(ref, aspect, \.introduced) }
                moved.insert(ref)
            }
        }
        // An Integration with personal data that is new from a system (added, moved to it, or
        // now carrying personal data).
        for ref in touched where ref.kind == .integration {
            guard let to = Self.personalSender(after[ref], in: after), before[to]?.system != nil else { continue }
            if Self.personalSender(before[ref], in: before) == to { continue }
            set(to, .outgoingPersonal, \.changed)
            set(to, .outgoingPersonal, \.introduced)
            moved.insert(to)
        }
        return moved
    }

    static func isThirdCountry(_ element: Element?) -> Bool { element?.platform?.location?.value == .thirdCountry }

    /// The system an Integration sends personal data from, if it does.
    static func personalSender(_ element: Element?, in lookup: some ElementLookup) -> Ref? {
        guard let integration = element?.integration, let from = integration.from?.value,
              integration.data.contains(where: { lookup[$0.value]?.dataEntity?.isPersonal ?? false }) else { return nil }
        return from
    }

    /// The watched aspects of a System (nil values: absent).
    static func aspects(of element: Element?, in lookup: some ElementLookup) -> [Aspect: FieldValue?] {
        guard let element, let system = element.system else { return [:] }
        var special: [FieldValue] = []
        for use in system.data {
            guard let entity = use.entity?.value, lookup[entity]?.dataEntity?.isSpecialOrCriminal ?? false else { continue }
            special.append(.ref(entity))
        }
        let thirdCountry = system.hosting.map { lookup[$0.value]?.platform?.location?.value == .thirdCountry } ?? false
        return [
            .hosting: element.field(Aspect.hosting.rawValue)?.value,
            .uses: element.field(Aspect.uses.rawValue)?.value,
            .data: element.field(Aspect.data.rawValue)?.value,
            .specialData: special.isEmpty ? nil : FieldValue.makeSet(special),
            .thirdCountry: thirdCountry ? .bool(true) : nil,
        ]
    }

    /// Whether `b` holds something `a` did not: a value where there was none or another one, a
    /// member of a set not in the old one.
    static func adds(from a: FieldValue?, to b: FieldValue?) -> Bool {
        guard let b else { return false }
        guard let a else { return true }
        switch (a, b) {
        case (.set(let old), .set(let new)): return new.contains { !old.contains($0) }
        default: return a != b
        }
    }

    /// This history with `newer`'s dates where it has them (what a walk of later commits found),
    /// for the systems `keep` holds (those in the landscape now).
    public func updated(with newer: ChangeHistory, keep: (Ref) -> Bool) -> ChangeHistory {
        var merged: [Ref: [Aspect: Entry]] = [:]
        for (ref, aspects) in entries where keep(ref) { merged[ref] = aspects }
        for (ref, aspects) in newer.entries where keep(ref) {
            for (aspect, entry) in aspects {
                var old = merged[ref]?[aspect] ?? Entry()
                if let changed = entry.changed { old.changed = changed }
                if let introduced = entry.introduced { old.introduced = introduced }
                merged[ref, default: [:]][aspect] = old
            }
        }
        return ChangeHistory(entries: merged)
    }

    /// Records what changed from `before` to `after`, two whole landscapes, on `day`.
    @discardableResult
    public mutating func record(from before: Landscape, to after: Landscape, day: Day) -> Set<Ref> {
        record(touched: Set(before.refs).union(after.refs), before: before, after: after, day: day)
    }

    /// The systems whose entries differ between two histories (all of either's, when one is nil).
    public static func differing(_ a: ChangeHistory?, _ b: ChangeHistory?) -> Set<Ref> {
        let x = a?.entries ?? [:], y = b?.entries ?? [:]
        var refs = Set<Ref>()
        for (ref, entry) in x where y[ref] != entry { refs.insert(ref) }
        for (ref, entry) in y where x[ref] != entry { refs.insert(ref) }
        return refs
    }

    /// The history as bytes, in a stable order (`init?(decoding:)` reads it back).
    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.int(entries.count)
        for ref in entries.keys.sorted() {
            w.ref(ref)
            let aspects = entries[ref] ?? [:]
            w.int(aspects.count)
            for aspect in aspects.keys.sorted() {
                w.string(aspect.rawValue)
                w.optString(aspects[aspect]?.changed?.description)
                w.optString(aspects[aspect]?.introduced?.description)
            }
        }
        return w.bytes
    }

    /// What `encoded()` wrote; nil when it does not read whole.
    public init?(decoding bytes: ArraySlice<UInt8>) {
        var r = BinaryReader(bytes)
        guard let count = r.count() else { return nil }
        var entries: [Ref: [Aspect: Entry]] = [:]
        for _ in 0..<count {
            guard let ref = r.ref(), let n = r.count() else { return nil }
            var aspects: [Aspect: Entry] = [:]
            for _ in 0..<n {
                guard let name = r.string(), let aspect = Aspect(rawValue: name), let changed = r.optString(),
                      let introduced = r.optString() else { return nil }
                aspects[aspect] = Entry(changed: changed.flatMap { Day(parsing: $0) }, introduced: introduced.flatMap { Day(parsing: $0) })
            }
            entries[ref] = aspects
        }
        guard r.atEnd else { return nil }
        self.entries = entries
    }
}

import ArkitektLoading
import ArkitektModel

/// An `IncrementalEvaluation` written out and read back, so that a later run can take it up
/// where this one left it (`check --staged` after an earlier check of the same repository) and
/// re-check only what changed since.
///
/// What is written is what cannot be worked out again from the landscape: the day, each rule's
/// hits and findings by element, the loader's findings and the `exemption-unused` findings. It
/// is only valid for the rule set, configuration and files it was made with; the caller keeps
/// those next to it and checks them.
extension IncrementalEvaluation {
    /// The evaluation as bytes, with `exemption-unused` decided for `landscape` first.
    public func encoded(_ landscape: Landscape) -> [UInt8] {
        settleUnused(landscape)
        var w = BinaryWriter()
        w.int(today.year)
        w.int(today.month)
        w.int(today.day)
        let rules = found.keys.sorted(by: ByteOrder.less)
        w.int(rules.count)
        for rule in rules {
            let byElement = found[rule] ?? [:]
            w.string(rule)
            w.int(byElement.count)
            for ref in byElement.keys.sorted() {
                let list = byElement[ref] ?? []
                w.ref(ref)
                w.int(list.count)
                for recorded in list { w.recorded(recorded) }
            }
        }
        w.int(loaderFindings.count)
        for finding in loaderFindings { w.placedFinding(finding) }
        w.int(unused.count)
        for ref in unused.keys.sorted() {
            guard let recorded = unused[ref] else { continue }
            w.ref(ref)
            w.recorded(recorded)
        }
        return w.bytes
    }

    /// The evaluation `encoded` wrote, for the same engine. The findings in force are worked out
    /// again under `exemptions`: the resolved Exemption elements of the landscape it was made on,
    /// or of the landscape the caller is about to `update` it to (the update then has no
    /// suppression left to move). Nil when the bytes are not a whole state, or name a rule the
    /// engine does not run.
    public static func restore(_ bytes: ArraySlice<UInt8>, engine: RuleEngine, exemptions: [Element]) -> IncrementalEvaluation? {
        var r = BinaryReader(bytes)
        guard let year = r.int(), let month = r.int(), let dayOfMonth = r.int(),
              let today = Day(year: year, month: month, day: dayOfMonth), let ruleCount = r.count() else { return nil }
        let running = Set(Active.all(engine).map(\.rule.id))
        var found: [String: [Ref: [Recorded]]] = [:]
        for _ in 0..<ruleCount {
            guard let rule = r.string(), running.contains(rule), found[rule] == nil, let elementCount = r.count() else { return nil }
            var byElement: [Ref: [Recorded]] = [:]
            byElement.reserveCapacity(elementCount)
            for _ in 0..<elementCount {
                guard let ref = r.ref(), let list = r.list({ $0.recorded() }), !list.isEmpty else { return nil }
                byElement[ref] = list
            }
            found[rule] = byElement
        }
        guard let loaderFindings = r.list({ $0.placedFinding() }), let unusedCount = r.count() else { return nil }
        var unused: [Ref: Recorded] = [:]
        for _ in 0..<unusedCount {
            guard let ref = r.ref(), let recorded = r.recorded() else { return nil }
            unused[ref] = recorded
        }
        guard r.atEnd else { return nil }
        return IncrementalEvaluation(engine: engine, today: today, exemptions: exemptions, found: found,
                                     loaderFindings: loaderFindings, unused: unused)
    }
}

extension BinaryWriter {
    fileprivate mutating func recorded(_ recorded: IncrementalEvaluation.Recorded) {
        let hit = recorded.hit
        ref(hit.element)
        placedLocation(hit.location)
        optString(hit.detail)
        let keys = hit.arguments.keys.sorted(by: ByteOrder.less)
        int(keys.count)
        for key in keys {
            string(key)
            string(hit.arguments[key] ?? "")
        }
        placedFinding(recorded.finding)
    }
}

extension BinaryReader {
    fileprivate mutating func recorded() -> IncrementalEvaluation.Recorded? {
        guard let element = ref(), let location = placedLocation(), let detail = optString(), let count = count() else { return nil }
        var arguments: [String: String] = [:]
        for _ in 0..<count {
            guard let key = string(), let value = string() else { return nil }
            arguments[key] = value
        }
        guard let finding = placedFinding() else { return nil }
        return IncrementalEvaluation.Recorded(hit: Hit(element: element, location: location, detail: detail, arguments: arguments), finding: finding)
    }
}

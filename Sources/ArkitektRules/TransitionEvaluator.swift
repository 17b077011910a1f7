import ArkitektModel

/// Whether the conditions of a Transition hold in a landscape, and its status.
public enum TransitionEvaluator {
    public enum Status: String, Sendable, Codable {
        case achieved
        case inProgress = "in-progress"
        case overdue
    }

    public struct State: Sendable, Equatable {
        /// One entry per condition, in written order.
        public let holds: [Bool]
        public let status: Status
        public var satisfied: Int { holds.filter { $0 }.count }
        public var total: Int { holds.count }
    }

    public static func evaluate(_ transition: TransitionSpec, in landscape: some ElementLookup, today: Day) -> State {
        let holds = transition.conditions.map { holdsCondition($0, in: landscape) }
        let achieved = holds.allSatisfy { $0 }
        let status: Status
        if achieved {
            status = .achieved
        } else if let due = transition.due?.value, due < today {
            status = .overdue
        } else {
            status = .inProgress
        }
        return State(holds: holds, status: status)
    }

    public static func holdsCondition(_ condition: TransitionCondition, in landscape: some ElementLookup) -> Bool {
        let element = landscape[condition.ref]
        switch condition.test {
        case .exists(let expected):
            return (element != nil) == expected
        case .equals(let path, let expected):
            guard let element else { return false }
            let actual = element.field(path)?.value ?? element.defaultValue(at: path)
            guard let actual else { return expected == .null || expected == .scalar("") || expected == .list([]) }
            return matches(actual, expected, element: element, path: path)
        case .contains(let path, let expected):
            guard let element, let actual = element.field(path)?.value ?? element.defaultValue(at: path) else { return false }
            return actual.items.contains { matches($0, expected, element: element, path: path) }
        }
    }

    /// Compares a field's value with a condition's value as written: references after
    /// resolving bare names to the field's kind, dates as dates, lists as sets, maps by the keys
    /// the condition names.
    static func matches(_ actual: FieldValue, _ expected: ConditionValue, element: Element, path: String) -> Bool {
        switch (actual, expected) {
        case (.ref(let ref), .scalar(let text)):
            return Ref(parsing: text.trimmingSpaces, defaultKind: element.refKind(at: path) ?? ref.kind) == ref
        case (.day(let day), .scalar(let text)):
            return Day(parsing: text) == day
        case (.bool(let b), .scalar(let text)):
            switch text.lowercased() {
            case "true", "yes", "on": return b
            case "false", "no", "off": return !b
            default: return false
            }
        case (.text(let t), .scalar(let text)):
            return t == text
        case (.set(let items), .list(let wanted)), (.list(let items), .list(let wanted)):
            guard items.count == wanted.count else { return false }
            return wanted.allSatisfy { w in items.contains { matches($0, w, element: element, path: path) } }
                && items.allSatisfy { i in wanted.contains { matches(i, $0, element: element, path: path) } }
        case (.map(let fields), .map(let wanted)):
            return wanted.allSatisfy { key, value in
                guard let field = fields[key] else { return value == .null }
                return matches(field, value, element: element, path: mapKeyPath(path, key))
            }
        case (.map(let fields), .scalar):
            // A system's data entry compared with a bare value: compare its entity.
            guard let entity = fields["entity"] else { return false }
            return matches(entity, expected, element: element, path: mapKeyPath(path, "entity"))
        default:
            return false
        }
    }

    /// The ref kind of a key inside a list of maps (`spec.data` entries of a System).
    static func mapKeyPath(_ path: String, _ key: String) -> String {
        switch (path, key) {
        case ("spec.data", "entity"): return "spec.data.entity"
        case ("spec.data", "source"): return "spec.data.source"
        default: return path + "." + key
        }
    }
}

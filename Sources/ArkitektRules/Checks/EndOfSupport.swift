import ArkitektModel

/// The support of an active System or Platform ends (`endOfSupport`): `end-of-support` when the
/// day has passed, `end-of-support-soon` when it falls within 12 months and no Transition names
/// the element. Two rules, so that each has its own severity and an exemption for the coming end
/// does not hide the passed one.
enum SupportEnd {
    /// The element's end of support, when it is active and has one.
    static func end(_ element: Element) -> Located<Day>? {
        if let s = element.system, s.isActive { return s.endOfSupport }
        if let p = element.platform, p.effectiveLifecycle.isActive { return p.endOfSupport }
        return nil
    }

    static func hit(_ element: Element, _ end: Located<Day>) -> Hit {
        Hit(element: element.ref, location: end.location, arguments: ["end": end.value.description])
    }
}

struct EndOfSupportCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.date]

    static func dates(_ element: Element) -> [Day]? { SupportEnd.end(element).map { [$0.value] } ?? [] }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let end = SupportEnd.end(element), end.value < context.today else { return nil }
            return SupportEnd.hit(element, end)
        }
    }
}

struct EndOfSupportSoonCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.date, .referrers]

    static func dates(_ element: Element) -> [Day]? {
        SupportEnd.end(element).map { [$0.value.adding(months: -12), $0.value] } ?? []
    }

    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .transition }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let end = SupportEnd.end(element), context.today <= end.value,
                  end.value <= context.today.adding(months: 12), !context.namedByTransition(element.ref) else { return nil }
            return SupportEnd.hit(element, end)
        }
    }
}

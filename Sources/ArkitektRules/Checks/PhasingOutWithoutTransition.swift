import ArkitektModel

/// `phasing-out-without-transition`: a System or Platform being phased out that no Transition
/// with a due date names: nobody has planned when and how it goes.
struct PhasingOutWithoutTransitionCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referrers]

    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .transition }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            let lifecycle = element.system?.lifecycle ?? element.platform?.lifecycle
            guard let lifecycle, lifecycle.value == .phasingOut,
                  !context.namedByTransition(element.ref, withDue: true) else { return nil }
            return Hit(element: element.ref, location: lifecycle.location)
        }
    }
}

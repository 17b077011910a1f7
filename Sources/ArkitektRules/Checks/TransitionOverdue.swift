import ArkitektModel

/// `transition-overdue`: a transition that is not achieved although its due date has passed.
struct TransitionOverdueCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced, .date]

    static func dates(_ element: Element) -> [Day]? {
        element.transition?.due.map { [$0.value] } ?? []
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let transition = element.transition, let due = transition.due else { return nil }
            let state = TransitionEvaluator.evaluate(transition, in: context.landscape, today: context.today)
            guard state.status == .overdue else { return nil }
            return Hit(element: element.ref, location: due.location,
                       arguments: ["due": due.value.description, "satisfied": String(state.satisfied), "total": String(state.total)])
        }
    }
}

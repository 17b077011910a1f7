import ArkitektModel

/// `dpia-review-on-change`: a system's data protection impact assessment (`privacy.dpiaDate`) is
/// no older than the last commit that raised the risk to the people in its data: special category
/// or criminal offence data added, its hosting moved to a third country, or a new integration
/// sending personal data from it (GDPR art. 35(11)). Needs the history; without it, nothing.
struct DpiaReviewOnChangeCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.history]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        guard let history = context.history else { return [] }
        return selected.compactMap { element in
            guard let assessed = element.system?.privacy.dpiaDate else { return nil }
            guard let last = history.latest(element.ref, of: [.outgoingPersonal, .specialData, .thirdCountry], \.introduced),
                  assessed.value < last.day else { return nil }
            return Hit(element: element.ref, location: assessed.location, detail: last.aspect.rawValue,
                       arguments: ["assessed": assessed.value.description, "changedOn": last.day.description, last.aspect.rawValue: "yes"])
        }
    }
}

import ArkitektModel

/// `risk-assessment-current`: a system holding sensitive data has a risk assessment (ROS) that is
/// at most 24 months old and no older than the last commit that changed its hosting, what it uses
/// or its data. The last part needs the history; without it only the dates are judged.
struct RiskAssessmentCurrentCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.date, .history]
    static let months = ChangeHistory.riskAssessmentMonths

    static func dates(_ element: Element) -> [Day]? {
        element.system?.security.riskAssessment.map { [$0.value.adding(months: months)] } ?? []
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let system = element.system else { return nil }
            guard let assessed = system.security.riskAssessment else {
                return Hit(element: element.ref, location: element.location, detail: "missing", arguments: ["missing": "yes"])
            }
            if assessed.value.adding(months: months) < context.today {
                return Hit(element: element.ref, location: assessed.location, detail: "expired",
                           arguments: ["expired": assessed.value.description])
            }
            guard let last = context.history?.latest(element.ref, of: [.data, .hosting, .uses], \.changed),
                  assessed.value < last.day else { return nil }
            return Hit(element: element.ref, location: assessed.location, detail: "changed",
                       arguments: ["changed": "\(last.aspect.rawValue) (\(last.day))"])
        }
    }
}

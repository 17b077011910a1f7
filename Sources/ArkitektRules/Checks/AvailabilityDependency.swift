import ArkitektModel

/// `availability-dependency`: a system cannot promise more availability than a system it
/// depends on at run time.
struct AvailabilityDependencyCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system, let own = system.availabilityPercent else { continue }
            for used in system.uses {
                guard let other = context.system(used.value), let theirs = other.availabilityPercent, own > theirs else { continue }
                hits.append(Hit(element: element.ref, location: used.location, detail: used.value.description,
                                arguments: ["dependency": used.value.description,
                                            "own": system.availability?.value ?? "", "theirs": other.availability?.value ?? ""]))
            }
        }
        return hits
    }
}

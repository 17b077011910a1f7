import ArkitektModel

/// `availability-dependency`: a system cannot promise more availability than a system it
/// depends on at run time, nor than the platform it runs on.
struct AvailabilityDependencyCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system, let own = system.availabilityPercent else { continue }
            if let hosting = system.hosting, let platform = context.landscape[hosting.value]?.platform,
               let theirs = platform.availabilityPercent, own > theirs {
                hits.append(Hit(element: element.ref, location: hosting.location, detail: hosting.value.description,
                                arguments: ["dependency": hosting.value.description,
                                            "own": system.availability?.value ?? "", "theirs": platform.availability?.value ?? ""]))
            }
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

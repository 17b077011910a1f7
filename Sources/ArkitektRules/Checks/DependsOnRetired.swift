import ArkitektModel

/// `depends-on-retired`: an active system should not depend on a system, or run on a platform,
/// that is being phased out or is retired.
struct DependsOnRetiredCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system else { continue }
            var dependencies: [(Located<Ref>, Lifecycle)] = []
            for used in system.uses {
                if let lifecycle = context.system(used.value)?.effectiveLifecycle { dependencies.append((used, lifecycle)) }
            }
            if let hosting = system.hosting, let platform = context.landscape[hosting.value]?.platform {
                dependencies.append((hosting, platform.effectiveLifecycle))
            }
            for (dependency, lifecycle) in dependencies where lifecycle.isPhasingOutOrRetired {
                hits.append(Hit(element: element.ref, location: dependency.location, detail: dependency.value.description,
                                arguments: ["dependency": dependency.value.description, "lifecycle": lifecycle.rawValue]))
            }
        }
        return hits
    }
}

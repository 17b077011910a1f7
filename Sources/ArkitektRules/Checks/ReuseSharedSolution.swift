import ArkitektModel

/// `reuse-shared-solution`: a local system that realises a capability a shared solution in
/// production provides should use a shared solution for it. One still being built
/// (`development`) cannot be adopted yet.
struct ReuseSharedSolutionCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.siblings(through: .capability)]

    static func matters(_ referrer: Element, to target: Ref) -> Bool {
        referrer.system?.capabilities.contains { $0.value == target } ?? false
    }

    /// What the others that realise a capability are told depends on the shared systems that
    /// realise it: a change to a local system (most changes) concerns that system alone.
    static func changesSiblings(_ element: Element, through target: Ref) -> Bool {
        (element.system?.isShared ?? false) && matters(element, to: target)
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system else { continue }
            for (capability, shared) in SharedSolutions.bypassed(by: system, in: context.landscape) {
                let names = shared.map(\.description).joined(separator: ", ")
                hits.append(Hit(element: element.ref, location: capability.location, detail: capability.value.description,
                                arguments: ["capability": capability.value.description, "shared": names]))
            }
        }
        return hits
    }
}

/// Which shared solutions a system does the work of without using them: what
/// `reuse-shared-solution` reports, and what `arkitekt portfolio` calls a local look-alike.
public enum SharedSolutions {
    /// For each capability `system` realises (each once, where first written) that a shared
    /// solution in production realises too, while `system` uses none of the shared systems that
    /// realise it (active or not): those in production, sorted.
    public static func bypassed(by system: SystemSpec, in landscape: Landscape) -> [(capability: Located<Ref>, shared: [Ref])] {
        let uses = Set(system.uses.map(\.value))
        var found: [(capability: Located<Ref>, shared: [Ref])] = []
        var seen = Set<Ref>()
        for capability in system.capabilities where seen.insert(capability.value).inserted {
            // The shared systems that realise the capability (they refer to it), active or not.
            var anyShared: [Ref: SystemSpec] = [:]
            for ref in landscape.referrers(of: capability.value) where ref.kind == .system {
                guard let other = landscape[ref]?.system, other.isShared, other.capabilities.contains(where: { $0.value == capability.value }) else { continue }
                anyShared[ref] = other
            }
            let shared = anyShared.filter { $0.value.effectiveLifecycle == .production }.keys.sorted()
            guard !shared.isEmpty, uses.isDisjoint(with: anyShared.keys) else { continue }
            found.append((capability, shared))
        }
        return found
    }
}

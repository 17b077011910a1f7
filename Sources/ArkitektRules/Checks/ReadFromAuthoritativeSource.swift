import ArkitektModel

/// `read-from-authoritative-source`: a System that reads an entity with an authoritative source
/// must get it from that source: directly (`source: A`), or through systems that pass it on
/// (its `source` is S, S reads the entity with `source` A, ...), as municipalities read the
/// population register through KS Fiks Folkeregister. A chain that stops short of A, or goes
/// round in a circle, is a finding.
struct ReadFromAuthoritativeSourceCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced, .referencedTransitively]

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for system in selected {
            for use in system.system?.data ?? [] where use.access?.value == .read {
                guard let entity = use.entity?.value,
                      let authority = context.dataEntity(entity)?.authoritativeSource?.value,
                      authority != system.ref else { continue }
                var arguments = ["entity": entity.description, "authority": authority.description]
                if let source = use.source?.value {
                    let way = follow(source, entity: entity, to: authority, context: context)
                    let (key, chain): (String, [Ref])
                    switch way {
                    case .reached: continue
                    case .stops(let systems): (key, chain) = ("chain", systems)
                    case .circle(let systems): (key, chain) = ("cycle", systems)
                    }
                    arguments["source"] = source.description
                    arguments["path"] = chain.map(\.description).joined(separator: " → ")
                    arguments[key] = arguments["path"]
                }
                hits.append(Hit(element: system.ref, location: use.source?.location ?? use.entity?.location ?? use.location,
                                detail: entity.description, arguments: arguments))
            }
        }
        return hits
    }

    /// Where following `source` from system to system leads: to the authority, or it stops at a
    /// system without a source for the entity, or it comes back to a system already passed (the
    /// systems passed on the way, in order).
    enum Way: Equatable {
        case reached
        case stops([Ref])
        case circle([Ref])
    }

    static func follow(_ start: Ref, entity: Ref, to authority: Ref, context: RuleContext) -> Way {
        var chain: [Ref] = []
        var seen = Set<Ref>()
        var next: Ref? = start
        while let system = next {
            if system == authority { return .reached }
            chain.append(system)
            guard seen.insert(system).inserted else { return .circle(chain) }
            next = context.system(system)?.data.first { $0.entity?.value == entity && $0.source != nil }?.source?.value
        }
        return .stops(chain)
    }
}

import ArkitektModel

/// `third-country-transfer`: a local system whose personal data leaves the EU/EEA, through its
/// hosting platform or a sub-processor, has a transfer basis; clauses and corporate rules come
/// with a transfer impact assessment; and a derogation is not used for a process that exercises
/// public authority (GDPR art. 49(3)).
struct ThirdCountryTransferCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = [.referenced]

    /// Where the data goes out of the EU/EEA: the platform's ref, or the sub-processor's name.
    static func destination(_ system: SystemSpec, _ context: RuleContext) -> (name: String, location: SourceLocation)? {
        if let hosting = system.hosting, context.landscape[hosting.value]?.platform?.location?.value == .thirdCountry {
            return (hosting.value.description, hosting.location)
        }
        for sub in system.privacy.subProcessors where sub.country?.value == .thirdCountry {
            return (sub.name?.value ?? "?", sub.location)
        }
        return nil
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        var hits: [Hit] = []
        for element in selected {
            guard let system = element.system, let (to, at) = destination(system, context) else { continue }
            guard let basis = system.privacy.transferBasis else {
                hits.append(Hit(element: element.ref, location: at, detail: "basis", arguments: ["to": to, "noBasis": "yes"]))
                continue
            }
            if basis.value.needsImpactAssessment, system.privacy.transferImpactAssessment == nil {
                hits.append(Hit(element: element.ref, location: basis.location, detail: "transfer-impact-assessment",
                                arguments: ["to": to, "basis": basis.value.rawValue]))
            }
            if basis.value == .derogation,
               let process = system.processes.first(where: { context.landscape[$0.value]?.process?.exercisesAuthority?.value == true }) {
                hits.append(Hit(element: element.ref, location: basis.location, detail: "derogation",
                                arguments: ["to": to, "process": process.value.description]))
            }
        }
        return hits
    }
}

import ArkitektLoading
import ArkitektModel

/// `policy-weakened`: a change that makes the rules in force weaker than at the merge base it is
/// compared with (`check --against`): a rule turned off or lowered, a rule pack removed, a
/// landscape path dropped or narrowed, an exemption added or extended, entries added to the
/// baseline. It compares two states, so it gives nothing for one landscape: `PolicyComparison`
/// decides it, for `check --against` and for the rule's examples.
struct PolicyWeakenedCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        []
    }
}

/// The policy of one side of a comparison: its configuration (with where it lies), its rules,
/// its landscape's exemptions and the files its landscape has.
public struct PolicySide: Sendable {
    public let config: Config
    /// The configuration file's repository path, where its findings are placed.
    public let configFile: String
    /// The rules the configuration brings in (with the severities their packs give them).
    public let ruleSet: RuleSet
    public let exemptions: [Element]
    /// The landscape's files, relative to the landscape's root.
    public let files: [String]

    public init(config: Config, configFile: String, ruleSet: RuleSet, exemptions: [Element], files: [String]) {
        self.config = config
        self.configFile = configFile
        self.ruleSet = ruleSet
        self.exemptions = exemptions
        self.files = files
    }

    /// A rule's severity in force on this side; nil: off, or not there at all.
    func severity(of id: String) -> Severity? {
        guard let rule = ruleSet.rule(id) else { return nil }
        if let override = config.severity[id] { return override.value.severity }
        return rule.severity
    }
}

/// What makes the head's policy weaker than the base's, as `policy-weakened` findings (placed by
/// the engine of the base's rules, which are the ones in force).
public enum PolicyComparison {
    public static let ruleID = "policy-weakened"

    /// The built-in packs a configuration brings in (`ks` when it names none).
    static func packs(_ config: Config) -> [String] {
        config.rulePacksGiven ? config.rulePacks.map(\.value) : ["ks"]
    }

    /// `engine`: the base's, which places the findings (their severity, or off).
    public static func findings(base: PolicySide, head: PolicySide, engine: RuleEngine) -> [Finding] {
        guard let rule = engine.ruleSet.rule(ruleID) else { return [] }
        var found: [Finding] = []
        let top = SourceLocation(file: head.configFile, line: 1, column: 1)
        func add(_ element: Ref?, _ location: SourceLocation, _ detail: String, _ arguments: [String: String]) {
            var arguments = arguments
            if let element { arguments["element"] = element.description }
            let template = rule.message ?? rule.title
            let message = LocalizedText(nb: Template.render(template.nb, arguments), en: Template.render(template.en, arguments))
            found.append(Finding(rule: rule.id, principle: rule.principle, severity: rule.severity, element: element,
                                 location: location, message: message, detail: detail))
        }
        // A pack of the base that the head no longer brings in.
        let headPacks = Set(packs(head.config))
        let removed = packs(base.config).filter { !headPacks.contains($0) }
        for pack in removed {
            add(nil, head.config.rulePacks.first?.location ?? top, "pack:\(pack)", ["pack": pack])
        }
        // A rule turned off or given a lower severity than it has at the base: by the
        // configuration, or by its own pack (a pack's rule file changed). The rules of a removed
        // pack are reported with the pack.
        for described in base.ruleSet.rules {
            guard let before = base.severity(of: described.id) else { continue }
            guard head.ruleSet.rule(described.id) != nil else { continue }
            let after = head.severity(of: described.id)
            if let after, after >= before { continue }
            let to = after?.rawValue ?? "off"
            let location = head.config.severity[described.id]?.location ?? head.ruleSet.rule(described.id)?.location ?? top
            add(nil, location, "severity:\(described.id)", ["severity": "\(described.id) (\(before.rawValue) → \(to))"])
        }
        // A landscape path of the base, holding files there, that no path of the head still covers.
        for path in base.config.paths where !head.config.paths.contains(where: { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }) {
            guard base.files.contains(where: { path.isEmpty || $0 == path || $0.hasPrefix(path + "/") }) else { continue }
            add(nil, head.config.pathsLocation ?? top, "path:\(path)", ["path": path.isEmpty ? "." : path])
        }
        // An exemption that can be in force, new or covering more, or for longer, than at the base.
        // One that is not valid under the rules in force (a `schema` finding) never suppresses.
        func inForce(_ element: Element) -> (spec: ExemptionSpec, expires: Day)? {
            RuleContext.validExemption(element) { engine.ruleSet.rule($0)?.exemptable ?? false }
        }
        var before: [Ref: (spec: ExemptionSpec, expires: Day)] = [:]
        for element in base.exemptions { if let valid = inForce(element) { before[element.ref] = valid } }
        for element in head.exemptions {
            guard let (spec, expires) = inForce(element) else { continue }
            guard let old = before[element.ref] else {
                add(element.ref, element.metadata.name.location, "exemption-added", ["exemption": element.ref.description])
                continue
            }
            let later = expires > old.expires
            let wider = !Set(spec.targets.map(\.value)).isSubset(of: Set(old.spec.targets.map(\.value)))
            let otherRule = spec.rule?.value != old.spec.rule?.value
            if later || wider || otherRule {
                add(element.ref, spec.expires?.location ?? element.metadata.name.location, "exemption-extended", ["extended": element.ref.description])
            }
        }
        return found.compactMap(engine.place).sorted(by: Finding.sortedOrder)
    }

    /// The finding for entries added to a baseline file: findings it would hide from now on.
    public static func baselineFinding(added: Int, file: String, engine: RuleEngine) -> Finding? {
        guard added > 0, let rule = engine.ruleSet.rule(ruleID) else { return nil }
        let template = rule.message ?? rule.title
        let arguments = ["baseline": "\(added)"]
        let message = LocalizedText(nb: Template.render(template.nb, arguments), en: Template.render(template.en, arguments))
        return engine.place(Finding(rule: rule.id, principle: rule.principle, severity: rule.severity, element: nil,
                                    location: SourceLocation(file: file, line: 1, column: 1), message: message, detail: "baseline"))
    }
}

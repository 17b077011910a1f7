import ArkitektModel

/// `exemption-unused`: an unexpired exemption that suppresses no finding. Whether it suppressed
/// anything is only known after suppression, so the engine passes the exemptions that did.
struct ExemptionUnusedCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        // Decided after suppression (`RuleEngine.applyExemptions`, `IncrementalEvaluation`), where
        // what each exemption suppressed is known.
        []
    }

    static func unused(_ exemptions: [Element], used: Set<Ref>, context: RuleContext) -> [Hit] {
        exemptions.compactMap { element in
            guard let spec = element.exemption, !used.contains(element.ref), context.isValidExemption(element) else { return nil }
            if let expires = spec.expires, expires.value < context.today { return nil }
            return Hit(element: element.ref, location: element.location(of: "spec.rule"),
                       arguments: ["rule": spec.rule?.value ?? ""])
        }
    }
}

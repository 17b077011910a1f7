import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Testing

/// One YAML text read as a landscape file (`architecture/a.yaml` unless named otherwise).
func readLandscape(_ text: String, path: String = "architecture/a.yaml") -> (landscape: Landscape, findings: [Finding]) {
    LandscapeLoader.loadAll([LandscapeInput(path: path, bytes: Array(text.utf8))])
}

/// The findings of the built-in packs on one YAML text, judged on `day`.
func builtInFindings(_ text: String, on day: String = "2026-01-15") throws -> [Finding] {
    let (landscape, loaderFindings) = readLandscape(text)
    let today = try #require(Day(parsing: day))
    return RuleEngine(ruleSet: try RuleSet.builtIn()).run(landscape, loaderFindings: loaderFindings, today: today).findings
}

/// Whether each condition of the one Transition in a YAML text holds.
func conditionsHold(_ text: String) throws -> [Bool] {
    let landscape = readLandscape(text).landscape
    let transition = try #require(landscape.elements.first { $0.kind == .transition }?.transition)
    let today = try #require(Day(parsing: "2026-01-15"))
    return TransitionEvaluator.evaluate(transition, in: landscape, today: today).holds
}

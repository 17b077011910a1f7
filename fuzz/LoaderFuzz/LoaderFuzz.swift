// libFuzzer entry point for the YAML layer: one input is one landscape file, one `.arkitekt.yaml`
// and one rule pack file at the same time. Built and run by scripts/fuzz.sh (see docs/RELIABILITY.md).
//
// A crash, a sanitizer report or an input that runs past libFuzzer's -timeout is a bug: keep the
// input under Tests/ArkitektReliabilityTests/FuzzRegressions/ so that the regression test runs it.
import ArkitektLoading
import ArkitektModel
import ArkitektRules

/// Built once: parsing the embedded packs on every input would drown the signal.
private let builtInRules: RuleSet = {
    do {
        return try RuleSet.builtIn()
    } catch {
        fatalError("the built-in rule packs do not load: \(error)")
    }
}()

private let coreRules: RulePack? = try? BuiltInPacks.pack(named: "core")

/// A fixed "today", so that a run does not depend on the calendar.
private let fixedDay = Day(year: 2025, month: 6, day: 1)!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. As a landscape file, then the rules over what it gave.
    let loaded = LandscapeLoader.load(path: "architecture/fuzz.yaml", bytes: bytes)
    let (landscape, findings) = LandscapeLoader.assemble([loaded], fileCount: 1)
    let engine = RuleEngine(ruleSet: builtInRules)
    _ = engine.run(landscape, loaderFindings: findings, today: fixedDay)

    // 2. As the configuration.
    _ = try? Config.parse(bytes, file: ".arkitekt.yaml")

    // 3. As a custom rule pack; one that parses runs over the landscape of step 1.
    if let pack = try? RulePackParser.parse(name: "fuzz", files: [(path: "fuzz-pack.yaml", bytes: bytes)]),
       let core = coreRules,
       let set = try? RuleSet(packs: [core, pack]) {
        _ = RuleEngine(ruleSet: set).run(landscape, loaderFindings: findings, today: fixedDay)
    }
    return 0
}

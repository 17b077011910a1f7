import ArkitektRules
import Testing

/// How `user-facing-accessibility` reads a declared level: `WCAG <major>.<minor> <A|AA|AAA>` in
/// any case, and whether it reaches WCAG 2.1 AA (RULES.md). Anything else does not read as a
/// level, and so does not reach it.
@Suite struct WCAGLevelTests {
    @Test(arguments: [
        ("WCAG 2.1 AA", 2, 1, 2, true), ("wcag 2.2 aa", 2, 2, 2, true), ("WCAG 2.1 AAA", 2, 1, 3, true),
        ("WCAG\t3.0\tA", 3, 0, 1, false), ("WCAG 2.0 AAA", 2, 0, 3, false), ("WCAG 2.1 A", 2, 1, 1, false),
        ("WCAG 2.0 AA", 2, 0, 2, false), ("WCAG 1.9 AAA", 1, 9, 3, false), ("WCAG 3.0 AA", 3, 0, 2, true),
        ("WCAG 10.0 AA", 10, 0, 2, true),
    ] as [(String, Int, Int, Int, Bool)])
    func readsALevel(text: String, major: Int, minor: Int, conformance: Int, meets: Bool) throws {
        let level = try #require(WCAGLevel(parsing: text))
        #expect([level.major, level.minor, level.conformance] == [major, minor, conformance])
        #expect(level.meetsMinimum == meets)
    }

    @Test(arguments: ["WCAG 2.1. AA", "WCAG .2.1 AA", "WCAG 2..1 AA", "WCAG 2 AA", "WCAG 2.1", "WCAG 2.1 AA+",
                      "WCAG 2.1 AA extra", "UU 2.1 AA", "WCAG ٢.١ AA", "WCAG 2.x AA", "", "universelt utformet"])
    func otherTextIsNoLevel(text: String) {
        #expect(WCAGLevel(parsing: text) == nil)
    }
}

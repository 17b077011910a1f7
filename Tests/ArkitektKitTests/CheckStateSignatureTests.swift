@testable import ArkitektKit
import ArkitektLoading
import Testing

/// What a check state is valid for: the same build, configuration, rule packs, limits and place.
@Suite struct CheckStateSignatureTests {
    static func signature(_ inputs: [(path: String, content: [UInt8]?)], build: String = "1", prefix: String = "") -> String {
        CheckState.signature(limits: Limits(), prefix: prefix, inputs: inputs, build: build)
    }

    @Test func anythingThatDecidesTheFindingsChangesTheSignature() {
        let config: [(path: String, content: [UInt8]?)] = [(".arkitekt.yaml", Array("spec: {}\n".utf8))]
        let base = Self.signature(config)
        #expect(base == Self.signature(config))
        #expect(base != Self.signature(config, build: "2"), "a rebuilt binary")
        #expect(base != Self.signature(config, prefix: "land"), "another landscape in the repository")
        #expect(base != Self.signature([(".arkitekt.yaml", nil)]), "no configuration")
        #expect(base != Self.signature(config + [("packs/p.yaml", Array("x".utf8))]), "a rule pack")
        // Bytes are digested as bytes: two files that are not UTF-8 do not look alike.
        #expect(Self.signature([("p.yaml", [0xfe])]) != Self.signature([("p.yaml", [0xff])]))
    }

    /// The running build is stamped from its executable, so the state of another build is not
    /// taken up; only when the executable cannot be found is the stamp this process's alone.
    @Test func theBuildIsStampedFromTheExecutable() {
        #expect(!CheckState.build.hasPrefix("process "))
    }
}

import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Testing

/// `read-from-authoritative-source` along a chain of sources: what it says, word for word, when
/// the chain has no start, stops short, or goes round; and which entry of a system it follows.
@Suite struct AuthoritativeSourceTests {
    static func messages(_ systems: String) throws -> [String] {
        let text = """
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata: {name: person}
            spec: {authoritativeSource: folkeregisteret}
            ---
            apiVersion: arkitekt/v1
            kind: DataEntity
            metadata: {name: elev}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: folkeregisteret}
            spec: {scope: national, data: [{entity: person, access: master}]}
            ---
            \(systems)
            """
        return try builtInFindings(text).filter { $0.rule == "read-from-authoritative-source" }.map(\.message.en)
    }

    static func system(_ name: String, _ data: String) -> String {
        "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: \(name)}\nspec: {data: [\(data)]}\n"
    }

    @Test func noSourceStopsShortAndCircle() throws {
        let found = try Self.messages([
            Self.system("a", "{entity: person, access: read}"),
            Self.system("b", "{entity: person, access: read, source: c}"),
            Self.system("c", "{entity: person, access: write}"),
            Self.system("d", "{entity: person, access: read, source: e}"),
            Self.system("e", "{entity: person, access: read, source: d}"),
        ].joined(separator: "---\n"))
        let tail = "Set source: system:folkeregisteret, or a system that gets data:person from it."
        #expect(found == [
            "a (system:a) reads data:person, but its authoritative source is system:folkeregisteret. " + tail,
            "b (system:b) reads data:person from system:c, but its chain of sources (system:c) does not reach the authoritative source system:folkeregisteret. " + tail,
            "d (system:d) reads data:person from system:e, but its sources go round in a circle (system:e → system:d → system:e) "
                + "and never reach the authoritative source system:folkeregisteret. " + tail,
            "e (system:e) reads data:person from system:d, but its sources go round in a circle (system:d → system:e → system:d) "
                + "and never reach the authoritative source system:folkeregisteret. " + tail,
        ])
    }

    /// A system on the way is followed by its entry for the same entity, not by the first entry
    /// that has a source.
    @Test func theChainFollowsTheEntryForTheEntity() throws {
        let passes = try Self.messages([
            Self.system("fiks", "{entity: elev, access: read, source: skole}, {entity: person, access: read, source: folkeregisteret}"),
            Self.system("skole", "{entity: person, access: read, source: fiks}"),
        ].joined(separator: "---\n"))
        #expect(passes == [])
    }
}

import ArkitektGit
import ArkitektKit
import ArkitektTestSupport
import ArkitektModel
import Foundation
import Testing

/// The configuration and the rule packs it names cannot make arkitekt read outside the repository.
@Suite struct ContainmentTests {
    static func repository(config: String) throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write(".arkitekt.yaml", config)
        try fixture.temp.write("outside/o.yaml", Elements.group("outside"))
        try fixture.temp.write("x.yaml", "apiVersion: arkitekt/v1\nkind: Principle\n")
        try fixture.commitAll("config")
        return fixture
    }

    static func config(_ spec: String) -> String {
        "apiVersion: arkitekt/v1\nkind: Config\nspec:\n" + spec
    }

    @Test(arguments: ["../outside", "/etc", "architecture/../../outside", "./../outside", "\\\\server\\share"])
    func landscapePathOutside(_ path: String) throws {
        let fixture = try Self.repository(config: Self.config("  paths: [\"\(path.replacingOccurrences(of: "\\", with: "\\\\"))\"]\n"))
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            let error = try #require(checkError(fixture.root, selection), "\(path)")
            #expect(error.location?.file == ".arkitekt.yaml" && error.location?.line == 4, "\(path): \(error.text(.en))")
        }
    }

    @Test(arguments: ["../x.yaml", "/etc/passwd", "packs/../../x.yaml", "../outside"])
    func rulePackOutside(_ pack: String) throws {
        let fixture = try Self.repository(config: Self.config("  rulePacks: [ks, \"\(pack)\"]\n"))
        let error = try #require(checkError(fixture.root), "\(pack)")
        #expect(error.location?.file == ".arkitekt.yaml" && error.location?.line == 4, "\(pack): \(error.text(.en))")
    }

    /// A pack file that is a link out of the repository is not read: the run stops (exit 2) at the
    /// configuration line that names it, and says why.
    @Test func rulePackLinkedOutside() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        let pack = try String(contentsOfFile: ReliabilityPaths.packageRoot + "/rules/ks/availability-declared.yaml", encoding: .utf8)
            .replacingOccurrences(of: "name: availability-declared", with: "name: outside-rule")
        try fixture.temp.write("outside-pack.yaml", pack)
        try fixture.symlink("packs/link.yaml", to: "../../outside-pack.yaml")
        // The same pack as a file inside the repository is read, and the override is accepted.
        try fixture.write("packs/inside.yaml", pack)
        try fixture.write(".arkitekt.yaml", Self.config("  rulePacks: [ks, packs/inside.yaml]\n  severity: {outside-rule: off}\n"))
        try fixture.commitAll("inside pack")
        #expect(try runCheck(fixture.root).elements == 1)

        try fixture.write(".arkitekt.yaml", Self.config("  rulePacks: [ks, packs/link.yaml]\n  severity: {outside-rule: off}\n"))
        try fixture.commitAll("linked pack")
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            let error = try #require(checkError(fixture.root, selection))
            #expect(error.text(.en) == ".arkitekt.yaml:4:19: 'packs/link.yaml' is a symbolic link to '../../outside-pack.yaml', "
                    + "which is outside the repository or does not exist; arkitekt does not follow it. "
                    + "Put the file itself in the repository, or point the link at a file inside it.")
        }
    }

    /// A configuration that is a link out of the repository is never read.
    @Test func configLinkedOutside() throws {
        let fixture = try GitFixture()
        try fixture.write("architecture/a.yaml", Elements.group("a"))
        try fixture.write("secret/s.yaml", Elements.group("s1") + "---\n" + Elements.group("s2"))
        try fixture.temp.write("outside-config.yaml", Self.config("  paths: [secret]\n"))
        try fixture.symlink(".arkitekt.yaml", to: "../outside-config.yaml")
        try fixture.commitAll("linked config")
        for selection in [SourceSelection.workTree, .revision("HEAD")] {
            // Refused (exit 2): never the outside file's `paths: [secret]`, and never the defaults
            // in its place, which would judge the landscape by rules nobody chose.
            let error = try #require(checkError(fixture.root, selection))
            #expect(error.text(.en) == "'.arkitekt.yaml' is a symbolic link to '../outside-config.yaml', "
                    + "which is outside the repository or does not exist; arkitekt does not follow it. "
                    + "Put the file itself in the repository, or point the link at a file inside it.")
        }
        // A link inside the repository is read.
        try FileManager.default.removeItem(atPath: fixture.root + "/.arkitekt.yaml")
        try fixture.write("config/arkitekt.yaml", Self.config("  paths: [secret]\n"))
        try fixture.symlink(".arkitekt.yaml", to: "config/arkitekt.yaml")
        #expect(try runCheck(fixture.root).elements == 2)
        // Once mended, the commit of the past that held the link does not block the history: there
        // it reads as no configuration (a past commit cannot be mended).
        try fixture.commitAll("config inside")
        var history = HistoryOptions()
        history.path = fixture.root
        history.language = .en
        history.date = Day(year: 2025, month: 6, day: 1)
        let log = try Kit.changelog(range: nil, format: .json, options: history)
        #expect(log.exitCode == 0)
        #expect(try Kit.transitions(rev: nil, format: .json, options: history).exitCode == 0)
        #expect(try Kit.diff(from: "HEAD~1", to: "HEAD", format: .json, options: history).exitCode == 0)
        var against = CheckOptions()
        against.path = fixture.root
        against.against = "HEAD~1"
        against.format = .json
        against.date = Day(year: 2025, month: 6, day: 1)
        #expect(try Kit.check(against).exitCode == 0)
    }
}

import ArkitektTestSupport
import Foundation
import Testing

/// Findings that say what is really wrong: an invalid exemption for what is wrong with it and
/// nothing else, one day for both sides of every comparison, merge conflicts named as such,
/// duplicates with both places, and every file read or skipped told with `--verbose`. Each test
/// runs the built executable.
@Suite("findings that tell the truth")
struct TruthfulFindingsTests {
    let arkitekt = try? Executable()

    func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt)
        return try arkitekt.run(args, in: directory, environment: environment)
    }

    static let system = """
        apiVersion: arkitekt/v1
        kind: System
        metadata: {name: sak, description: Saksbehandling.}
        spec: {owner: it, lifecycle: production}
        ---
        apiVersion: arkitekt/v1
        kind: Group
        metadata: {name: it}
        spec: {type: department}

        """

    static func exemption(_ name: String, rule: String, expires: String, reason: Bool = true) -> String {
        """
        apiVersion: arkitekt/v1
        kind: Exemption
        metadata: {name: \(name)}
        spec:
          rule: \(rule)
          targets: [system:sak]
        \(reason ? "  reason: Avtalt med arkivet.\n" : "")  approvedBy: it
          expires: \(expires)

        """
    }

    func rules(_ json: String) throws -> [String] {
        try Report(json: json).rules
    }

    @Test func anInvalidExemptionIsReportedForWhatIsWrongWithItOnly() throws {
        let f = try KitFixture()
        try f.write("architecture/sak.yaml", Self.system)
        // A core rule cannot be exempted; a date that is no date; a missing reason.
        try f.write("architecture/x/core.yaml", Self.exemption("core", rule: "ref-resolves", expires: "2026-12-31"))
        try f.write("architecture/x/past-core.yaml", Self.exemption("past-core", rule: "duplicate-name", expires: "2020-01-01"))
        try f.write("architecture/x/bad-date.yaml", Self.exemption("bad-date", rule: "system-description", expires: "2026-31-12"))
        try f.write("architecture/x/no-reason.yaml", Self.exemption("no-reason", rule: "system-description", expires: "2020-01-01", reason: false))
        let result = try run(["check", "--format", "json", "--lang", "en", "--date", "2026-06-01", "--fail-on", "never"], in: f.root)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Report(json: result.stdout)
        let byElement = Dictionary(grouping: report.findings, by: { $0.element ?? "" }).mapValues { $0.map(\.rule) }
        #expect(byElement["exemption:core"] == ["schema"], "\(byElement)")
        #expect(byElement["exemption:past-core"] == ["schema"], "\(byElement)")
        #expect(byElement["exemption:bad-date"] == ["schema"], "\(byElement)")
        #expect(byElement["exemption:no-reason"] == ["schema"], "\(byElement)")
        #expect(!report.rules.contains("exemption-unused") && !report.rules.contains("exemption-expired"), "\(report.rules)")
        // A valid exemption that covers nothing is still unused, and a valid one that ran out expired.
        try f.write("architecture/x/valid.yaml", Self.exemption("valid", rule: "integration-purpose", expires: "2026-12-31"))
        try f.write("architecture/x/old.yaml", Self.exemption("old", rule: "integration-purpose", expires: "2026-01-01"))
        let again = try Report(json: try run(["check", "--format", "json", "--lang", "en", "--date", "2026-06-01"], in: f.root).stdout)
        #expect(again.findings.filter { $0.element == "exemption:valid" }.map(\.rule) == ["exemption-unused"])
        #expect(again.findings.filter { $0.element == "exemption:old" }.map(\.rule) == ["exemption-expired"])
    }

    /// `diff`, `changelog`, `check --against` and `diff` against the work tree judge both sides
    /// of a comparison on one day, so a change is what the commit did, never what time did.
    @Test func everyComparisonJudgesBothSidesOnOneDay() throws {
        let f = try KitFixture()
        try f.write("architecture/sak.yaml", Self.system)
        // Runs out between the two commits' dates; the second commit changes nothing about it.
        try f.write("architecture/x/kort.yaml", Self.exemption("kort", rule: "system-description", expires: "2024-03-01"))
        // Falls due between them, and is not met.
        try f.write("architecture/x/plan.yaml", """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: plan, title: Sak i sky}
            spec:
              due: 2024-03-15
              conditions:
                - {ref: system:sak, path: spec.lifecycle, equals: retired}

            """)
        var cli = f.cli
        cli.date = "2024-02-01T12:00:00Z"
        try f.git("add", "-A")
        try cli.run("commit", "-q", "-m", "first", in: f.root)
        try f.write("architecture/other.yaml", Doc.group("other"))
        cli.date = "2024-06-01T12:00:00Z"
        try f.git("add", "-A")
        try cli.run("commit", "-q", "-m", "second", in: f.root)
        #expect(try f.git("log", "--format=%cd", "--date=short") == "2024-06-01\n2024-02-01\n")

        func introduced(_ object: [String: Any]?) -> [String]? {
            (object?["introduced"] as? [[String: Any]]).map { $0.compactMap { $0["rule"] as? String }.sorted() }
        }
        func json(_ args: [String]) throws -> [String: Any]? {
            let result = try run(args, in: f.root)
            #expect(result.status == 0, "\(args): \(result.stderr)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        }
        let diff = try json(["diff", "HEAD~1", "HEAD", "--format", "json"])
        let changelog = try json(["changelog", "HEAD~1..HEAD", "--format", "json"])
        let entry = (changelog?["commits"] as? [[String: Any]])?.first
        #expect(entry?["subject"] as? String == "second")
        #expect(introduced(diff) == [], "time passing is no change: \(introduced(diff))")
        #expect(introduced(diff) == introduced(entry), "diff and changelog agree")
        // check --against, on the day of the newer commit, agrees too.
        let against = try run(["check", "--rev", "HEAD", "--against", "HEAD~1", "--date", "2024-06-01", "--format", "json"], in: f.root)
        #expect(try rules(against.stdout) == [], "\(against.stdout)")
        // And transitions on that day says what check says of the transition: overdue.
        let checked = try rules(try run(["check", "--rev", "HEAD", "--date", "2024-06-01", "--format", "json", "--fail-on", "never"], in: f.root).stdout)
        #expect(checked.contains("transition-overdue") && checked.contains("exemption-expired"), "\(checked)")
        let transitions = try json(["transitions", "--date", "2024-06-01", "--format", "json"])
        let plan = (transitions?["transitions"] as? [[String: Any]])?.first
        #expect(plan?["status"] as? String == "overdue", "\(String(describing: transitions))")
        // And with a given day every command uses it on both sides.
        let dated = try json(["diff", "HEAD~1", "HEAD", "--format", "json", "--date", "2030-01-01"])
        #expect(introduced(dated) == [])

        // A clean work tree diffed against HEAD shows nothing at all, today.
        let cleanJSON = try json(["diff", "HEAD", "--format", "json"])
        for key in ["added", "removed", "changed", "introduced", "resolved"] {
            #expect((cleanJSON?[key] as? [Any])?.isEmpty == true, "\(key): \(String(describing: cleanJSON))")
        }
        let cleanText = try run(["diff", "HEAD", "--lang", "en"], in: f.root)
        #expect(cleanText.stdout.contains("No change to the landscape."), "\(cleanText.stdout)")
        #expect(try rules(try run(["check", "--against", "HEAD", "--format", "json"], in: f.root).stdout) == [])
    }

    @Test func mergeConflictsAreNamedAsSuch() throws {
        let f = try KitFixture()
        try f.write("architecture/sak.yaml", Self.system)
        try f.commitAll("base")
        try f.git("checkout", "-q", "-b", "other")
        try f.write("architecture/sak.yaml", Self.system.replacingOccurrences(of: "Saksbehandling.", with: "Sak og arkiv."))
        try f.commitAll("other")
        try f.git("checkout", "-q", "-")
        try f.write("architecture/sak.yaml", Self.system.replacingOccurrences(of: "Saksbehandling.", with: "Saker."))
        try f.commitAll("main")
        _ = try? f.git("merge", "-q", "other")
        // The index holds the conflict: --staged stops and names the file.
        let staged = try run(["check", "--staged", "--lang", "en"], in: f.root)
        #expect(staged.status == 2)
        #expect(staged.stderr == "arkitekt: error: The index has unresolved merge conflicts in architecture/sak.yaml. Resolve them (fix the files, then 'git add' them) before checking what will be committed.\n")
        // The work tree holds the markers: a finding that says what it is, at the first marker.
        let work = try run(["check", "--lang", "en"], in: f.root)
        #expect(work.status == 1)
        #expect(work.stdout.hasPrefix("architecture/sak.yaml:3:1: error: Unresolved merge conflict: the file still holds git's conflict markers"), "\(work.stdout)")
        let nb = try run(["check"], in: f.root)
        #expect(nb.stdout.contains("Uløst flettekonflikt"), "\(nb.stdout)")
        let json = try Report(json: try run(["check", "--format", "json"], in: f.root).stdout)
        #expect(json.findings.first?.detail == "merge-conflict")
        // Resolved and added, the index is fine again.
        try f.write("architecture/sak.yaml", Self.system)
        try f.git("add", "architecture/sak.yaml")
        #expect(try run(["check", "--staged"], in: f.root).status == 0)
    }

    @Test func yamlMistakesInPlainWords() throws {
        let f = try KitFixture(git: false)
        try f.write("architecture/tab.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata:\n\tname: a\n")
        try f.write("architecture/alias.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: &m {name: b}\nspec: {type: team}\n---\napiVersion: arkitekt/v1\nkind: Group\nmetadata: *m\n")
        try f.write("architecture/colon.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: c}\nspec:\n  type: team: x\n")
        let en = try run(["check", "--lang", "en"], in: f.root)
        #expect(en.stdout.contains("architecture/tab.yaml:4:1: error: YAML error: YAML indents with spaces, not tabs, and this line has a tab in its indentation. Replace it with spaces; no element of this file was read. [yaml-syntax]"), "\(en.stdout)")
        #expect(en.stdout.contains("architecture/alias.yaml:8:11: error: YAML error: the alias *m refers to an anchor in an earlier document of the file, but anchors hold only within their own document (between two '---')."), "\(en.stdout)")
        #expect(en.stdout.contains("architecture/colon.yaml:5:13: error: YAML error: a colon stands where a value cannot have one (quote the value when it contains ': ')."), "\(en.stdout)")
        let nb = try run(["check"], in: f.root)
        #expect(nb.stdout.contains("YAML-feil: YAML rykker inn med mellomrom, ikke tabulator"), "\(nb.stdout)")
        #expect(nb.stdout.contains("men ankre gjelder bare innenfor sitt eget dokument"), "\(nb.stdout)")
        #expect(!nb.stdout.contains("libyaml"), "\(nb.stdout)")
    }

    @Test func aDuplicateNamesBothPlacesAndTheNewCopy() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("team"))
        try f.commitAll("team")
        try f.write("architecture/b.yaml", Doc.group("team"))
        let result = try run(["check", "--lang", "en"], in: f.root)
        #expect(result.stdout.contains("architecture/b.yaml:4:9: error: group:team is defined twice: first at architecture/a.yaml:4:9, then here at architecture/b.yaml:4:9. References go to the first. Rename one of them, or remove it. The copy in architecture/b.yaml is new: it is not in HEAD. [duplicate-name]"), "\(result.stdout)")
        // Both committed: nothing to say about which is newer.
        try f.commitAll("both")
        let committed = try run(["check", "--lang", "en"], in: f.root)
        #expect(committed.stdout.contains("then here at architecture/b.yaml:4:9. References go to the first. Rename one of them, or remove it. [duplicate-name]"), "\(committed.stdout)")
    }

    @Test func verboseAccountsForEveryFile() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.group("a"))
        try f.write("architecture/B.YAML", Doc.group("b"))
        try f.write("architecture/notes.md", "notes\n")
        try f.write("architecture/ignored.yaml", Doc.brokenGroup("ignored"))
        try f.write(".gitignore", "architecture/ignored.yaml\n")
        try f.write("elsewhere/c.yml", Doc.group("c"))
        try f.symlink("architecture/out.yaml", to: "/etc/hostname")
        try f.write("architecture/huge.yaml", String(repeating: "# padding padding padding padding padding padding\n", count: 180_000))
        let result = try run(["check", "--lang", "en", "-v"], in: f.root)
        #expect(result.status == 1, "the file over the limit is an error: \(result.stdout)")
        #expect(result.stderr == """
            arkitekt: read: architecture/B.YAML
            arkitekt: read: architecture/a.yaml
            arkitekt: skipped: architecture/huge.yaml: larger than the limit of 8388608 bytes
            arkitekt: skipped: architecture/ignored.yaml: git ignores it (.gitignore)
            arkitekt: skipped: architecture/notes.md: not .yaml or .yml
            arkitekt: skipped: architecture/out.yaml: symbolic link to '/etc/hostname', out of the repository or to nothing
            arkitekt: skipped: elsewhere/c.yml: outside the landscape paths (architecture/)

            """)
        #expect(result.stdout.contains("from 4 files"), "the link and the huge file are listed and skipped with a finding: \(result.stdout)")
        let nb = try run(["check", "--verbose", "--rev", "HEAD"], in: f.root)
        #expect(nb.status == 2, "no commit yet")
        try f.commitAll("all")
        let rev = try run(["check", "--verbose", "--rev", "HEAD"], in: f.root)
        #expect(rev.stderr.contains("arkitekt: lest: architecture/a.yaml\n"), "\(rev.stderr)")
        #expect(rev.stderr.contains("arkitekt: hoppet over: architecture/notes.md: ikke .yaml eller .yml\n"), "\(rev.stderr)")
        #expect(!rev.stderr.contains("ignored.yaml"), "not in the commit")
    }
}

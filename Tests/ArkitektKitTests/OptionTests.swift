import ArkitektTestSupport
import Foundation
import Testing

/// The options of the command line, driven through the built executable as a user or a CI script
/// would run it. Every fixture is a git repository built with the git command line (fixed authors
/// and dates), and git also serves as the independent oracle for commit ids and merge bases.
/// Every run that depends on "today" is given `--date`, so nothing here depends on the clock.
@Suite("the options of the command line, through the executable")
struct OptionTests {
    let arkitekt = try? Executable()

    // MARK: - Helpers

    func run(_ args: [String], in directory: String, environment: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt, "build the arkitekt product before running the tests", sourceLocation: sourceLocation)
        return try arkitekt.run(args, in: directory, environment: environment)
    }

    /// One finding as the JSON has it, written `Found(rule, severity, element, "file:line:col", detail)`.
    struct Found: Equatable, CustomStringConvertible {
        let rule: String
        let severity: String
        let element: String?
        let place: String
        let detail: String?

        init(_ rule: String, _ severity: String, _ element: String?, _ place: String, _ detail: String?) {
            self.rule = rule
            self.severity = severity
            self.element = element
            self.place = place
            self.detail = detail
        }

        var description: String { "\(rule) \(severity) \(element ?? "-") \(place) [\(detail ?? "-")]" }
    }

    /// A list of findings from a JSON value (`findings`, `suppressed`, `introduced`, `resolved`).
    func found(_ value: Any?, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Found] {
        let list = try #require(value as? [[String: Any]], "expected a list of findings", sourceLocation: sourceLocation)
        return try list.map { item in
            let file = try #require(item["file"] as? String, sourceLocation: sourceLocation)
            let line = try #require(item["line"] as? Int, sourceLocation: sourceLocation)
            let column = try #require(item["column"] as? Int, sourceLocation: sourceLocation)
            return Found(try #require(item["rule"] as? String, sourceLocation: sourceLocation),
                         try #require(item["severity"] as? String, sourceLocation: sourceLocation),
                         item["element"] as? String, "\(file):\(line):\(column)", item["detail"] as? String)
        }
    }

    func object(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "expected a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    /// `check ... --format json` in `directory`: the exit code and the findings.
    func checkJSON(_ args: [String], in directory: String, environment: [String: String] = [:],
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> (status: Int32, findings: [Found], json: [String: Any]) {
        let result = try run(["check", "--format", "json", "--lang", "en"] + args, in: directory, environment: environment,
                             sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(args): \(result.stderr)", sourceLocation: sourceLocation)
        let json = try object(result.stdout, sourceLocation: sourceLocation)
        return (result.status, try found(json["findings"], sourceLocation: sourceLocation), json)
    }

    /// Commits everything with author and committer date `day` at noon UTC; returns the commit id.
    @discardableResult
    static func commit(_ f: KitFixture, _ message: String, on day: String) throws -> String {
        var git = f.cli
        git.date = day + "T12:00:00+00:00"
        return try git.commitAll(message, in: f.root)
    }

    static func group(_ name: String, type: String = "department", _ extra: String = "") -> String {
        Doc.group(name, type: type, extra: extra)
    }

    static func short(_ id: String) -> String { String(id.prefix(10)) }

    // MARK: - 1. check --against

    /// `check --against REF` keeps only the findings that are new since the merge base of REF and
    /// HEAD. A finding is (rule, element, detail): one that only moves, to another line or to a
    /// renamed file, is old; one whose detail changes is new. The base is the merge base, not the
    /// tip of REF: main moves on after the branch point (fixing one old finding and making the
    /// branch's new one), and the report does not change with it.
    @Test func againstComparesWithTheMergeBaseByRuleElementAndDetail() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", Self.group("it"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))            // unknown-field at 7:3
        try f.write("architecture/c.yaml", Self.group("c", "  parent: ghost\n")) // ref-resolves at 7:11
        let base = try Self.commit(f, "base", on: "2024-01-01")
        try f.git("checkout", "-q", "-b", "feature")

        // The branch moves both old findings: c to another file, both a few lines down.
        try f.remove("architecture/c.yaml")
        try f.write("architecture/teams/c.yaml", "# moved from architecture/c.yaml\n\n" + Self.group("c", "  parent: ghost\n"))
        try f.write("architecture/a.yaml", "# a comment\n" + Doc.warningGroup("a"))
        try Self.commit(f, "move", on: "2024-01-02")
        let moved = [
            Found("unknown-field", "warning", "group:a", "architecture/a.yaml:8:3", "spec.emial"),
            Found("ref-resolves", "error", "group:c", "architecture/teams/c.yaml:9:11", "spec.parent group:ghost"),
        ]
        let plain = try checkJSON(["--date", "2026-06-01"], in: f.root)
        #expect(plain.status == 1)
        #expect(plain.findings == moved)
        // Only old findings remain: exit 0 where the same findings fail a plain check.
        for failOn in ["error", "warning", "info"] {
            let gate = try checkJSON(["--against", "main", "--fail-on", failOn, "--date", "2026-06-01"], in: f.root)
            #expect(gate.status == 0, "--fail-on \(failOn)")
            #expect(gate.findings == [], "--fail-on \(failOn)")
        }
        let text = try run(["check", "--against", "main", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(text.status == 0)
        #expect(text.stdout == "0 errors, 0 warnings, 0 info in 3 elements from 3 files.\n")

        // The same rule on the same element with another detail is a new finding: a warning, so
        // it fails only at --fail-on warning.
        try f.write("architecture/a.yaml", "# a comment\n" + Self.group("a", "  emali: x@example.invalid\n"))
        let detail = [Found("unknown-field", "warning", "group:a", "architecture/a.yaml:8:3", "spec.emali")]
        let atError = try checkJSON(["--against", "main", "--date", "2026-06-01"], in: f.root)
        #expect(atError.status == 0)
        #expect(atError.findings == detail)
        let atWarning = try checkJSON(["--against", "main", "--fail-on", "warning", "--date", "2026-06-01"], in: f.root)
        #expect(atWarning.status == 1)
        #expect(atWarning.findings == detail)
        try f.git("checkout", "-q", "--", "architecture/a.yaml")

        // main moves on after the branch point: it fixes c and gets d with a broken parent.
        try f.git("checkout", "-q", "main")
        try f.write("architecture/c.yaml", Self.group("c", "  parent: it\n"))
        try f.write("architecture/d.yaml", Self.group("d", "  parent: nosuch\n"))
        let mainTip = try Self.commit(f, "main moves on", on: "2024-01-03")
        try f.git("checkout", "-q", "feature")
        // The branch brings the same d, in a folder of its own.
        try f.write("architecture/teams/d.yaml", Self.group("d", "  parent: nosuch\n"))
        try Self.commit(f, "feature adds d", on: "2024-01-04")
        #expect(try f.gitLine("merge-base", "main", "HEAD") == base, "git's merge base is the branch point")

        let newSinceBase = [Found("ref-resolves", "error", "group:d", "architecture/teams/d.yaml:7:11", "spec.parent group:nosuch")]
        let gate = try checkJSON(["--against", "main", "--date", "2026-06-01"], in: f.root)
        #expect(gate.status == 1, "a new error fails the gate")
        #expect(gate.findings == newSinceBase)
        #expect(try checkJSON(["--against", "main", "--fail-on", "never", "--date", "2026-06-01"], in: f.root).status == 0)
        // --against main is --against the merge base itself, byte for byte.
        let byName = try run(["check", "--against", "main", "--format", "json", "--date", "2026-06-01"], in: f.root)
        let byBase = try run(["check", "--against", base, "--format", "json", "--date", "2026-06-01"], in: f.root)
        #expect(byName.status == byBase.status)
        #expect(byName.stdout == byBase.stdout)
        // Compared with main's tip instead, the findings would be the other way round: c's old
        // finding would count as introduced, and d's new one as known. (diff compares the tip.)
        let tip = try object(try run(["diff", mainTip, "HEAD", "--format", "json", "--lang", "en", "--date", "2026-06-01"], in: f.root).stdout)
        #expect(try found(tip["introduced"]) == [Found("ref-resolves", "error", "group:c", "architecture/teams/c.yaml:9:11", "spec.parent group:ghost")])
        #expect(try found(tip["resolved"]) == [])
    }

    // MARK: - 2. --show-suppressed, 4. --summary, 9. exemptions

    /// Exemptions: one that covers a rule's findings with several details on one element, one with
    /// several targets (one of which has no finding), one naming a core rule, and an expired one
    /// naming a core rule.
    static func exemptions() throws -> KitFixture {
        let f = try KitFixture()
        // `old2` is being phased out without a plan; that rule is not what these tests are about.
        try f.write(".arkitekt.yaml", Doc.config("  severity: {phasing-out-without-transition: off}"))
        try f.write("architecture/systems.yaml", """
            apiVersion: arkitekt/v1
            kind: Group
            metadata: {name: it}
            spec: {type: department}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: a}
            spec: {owner: it, scope: national, uses: [old1, old2]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: b}
            spec: {owner: it, scope: national, uses: [ghost]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: old1, description: Old one.}
            spec: {owner: it, scope: national, lifecycle: retired}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: old2, description: Old two.}
            spec: {owner: it, scope: national, lifecycle: phasing-out}

            """)
        try f.write("architecture/exemptions.yaml", """
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: retired-deps}
            spec:
              rule: depends-on-retired
              targets: [system:a]
              reason: The replacement is under way.
              expires: 2026-12-31
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: descriptions}
            spec:
              rule: system-description
              targets: [system:a, system:b, system:old1]
              reason: Descriptions come with the next revision.
              expires: 2026-06-01
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: core}
            spec:
              rule: ref-resolves
              targets: [system:b]
              reason: Not allowed.
              expires: 2026-12-31
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: core-expired}
            spec:
              rule: schema
              targets: [system:b]
              reason: Not allowed either.
              expires: 2020-01-01

            """)
        try f.commitAll("exemptions")
        return f
    }

    static let coreRuleLines = """
        architecture/exemptions.yaml:23:9: error: Rule 'ref-resolves' cannot be exempted: the core rules and the exemption rules always apply. Fix the problem instead. [schema]
        architecture/exemptions.yaml:32:9: error: Rule 'schema' cannot be exempted: the core rules and the exemption rules always apply. Fix the problem instead. [schema]
        architecture/systems.yaml:14:43: error: 'system:ghost' in spec.uses names no element. Fix the reference or add the element. [ref-resolves]

        """

    /// `--show-suppressed` lists the findings exemptions suppress after the others, each marked
    /// "(suppressed)" ("(unntatt)" in Bokmål); without it they are only counted.
    @Test func showSuppressedListsExemptedFindingsMarkedAsSuch() throws {
        let f = try Self.exemptions()
        let summary = "3 errors, 0 warnings, 0 info in 9 elements from 2 files (4 suppressed by exemptions).\n"
        let without = try run(["check", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(without.status == 1)
        #expect(without.stdout == Self.coreRuleLines + summary)

        let with = try run(["check", "--lang", "en", "--date", "2026-06-01", "--show-suppressed"], in: f.root)
        #expect(with.status == 1, "suppressed findings never fail a run")
        #expect(with.stdout == Self.coreRuleLines + """
            architecture/systems.yaml:6:1: info: a (system:a) has no description. Say briefly what the system does in metadata.description. [system-description] (suppressed)
            architecture/systems.yaml:9:43: warning: a (system:a) depends on system:old1, whose lifecycle is 'retired'. Move the dependency to an active solution. [depends-on-retired] (suppressed)
            architecture/systems.yaml:9:49: warning: a (system:a) depends on system:old2, whose lifecycle is 'phasing-out'. Move the dependency to an active solution. [depends-on-retired] (suppressed)
            architecture/systems.yaml:11:1: info: b (system:b) has no description. Say briefly what the system does in metadata.description. [system-description] (suppressed)

            """ + summary)

        // In Bokmål the mark is "(unntatt)".
        let bokmalLines = """
            architecture/exemptions.yaml:23:9: error: Regelen «ref-resolves» kan ikke unntas: kjernereglene og reglene for dispensasjoner gjelder alltid. Rett feilen i stedet. [schema]
            architecture/exemptions.yaml:32:9: error: Regelen «schema» kan ikke unntas: kjernereglene og reglene for dispensasjoner gjelder alltid. Rett feilen i stedet. [schema]
            architecture/systems.yaml:14:43: error: «system:ghost» i spec.uses peker ikke på noe element. Rett referansen eller legg til elementet. [ref-resolves]

            """
        let bokmalSummary = "3 feil, 0 advarsler, 0 info i 9 elementer fra 2 filer (4 unntatt av dispensasjoner).\n"
        let bokmal = try run(["check", "--lang", "nb", "--date", "2026-06-01", "--show-suppressed"], in: f.root)
        #expect(bokmal.stdout == bokmalLines + """
            architecture/systems.yaml:6:1: info: a (system:a) har ingen beskrivelse. Skriv kort hva systemet gjør i metadata.description. [system-description] (unntatt)
            architecture/systems.yaml:9:43: warning: a (system:a) er avhengig av system:old1, som har livsløp «retired». Flytt avhengigheten til en aktiv løsning. [depends-on-retired] (unntatt)
            architecture/systems.yaml:9:49: warning: a (system:a) er avhengig av system:old2, som har livsløp «phasing-out». Flytt avhengigheten til en aktiv løsning. [depends-on-retired] (unntatt)
            architecture/systems.yaml:11:1: info: b (system:b) har ingen beskrivelse. Skriv kort hva systemet gjør i metadata.description. [system-description] (unntatt)

            """ + bokmalSummary)
        #expect(try run(["check", "--lang", "nb", "--date", "2026-06-01"], in: f.root).stdout == bokmalLines + bokmalSummary)

        // JSON: the `suppressed` list only with the flag; the count always.
        let json = try checkJSON(["--date", "2026-06-01"], in: f.root).json
        #expect(json["suppressed"] == nil)
        #expect((json["summary"] as? [String: Any])?["suppressed"] as? Int == 4)
    }

    /// Exemptions as FORMAT.md has them. One exemption suppresses every finding of its rule on its
    /// target, whatever the detail (a system that uses two retired systems); one with several
    /// targets suppresses on each, and counts as used though one target has no finding. An
    /// exemption naming a core rule is a `schema` finding at its `rule` and nothing else: the
    /// finding it names stays, and it is neither unused (valid date) nor expired (past date).
    /// The day after an exemption's last day, it suppresses nothing and is reported as expired.
    @Test func exemptionsWithSeveralTargetsDetailsAndCoreRules() throws {
        let f = try Self.exemptions()
        let inForce = try checkJSON(["--date", "2026-06-01", "--show-suppressed"], in: f.root)
        #expect(inForce.status == 1)
        let invalid = [
            Found("schema", "error", "exemption:core", "architecture/exemptions.yaml:23:9", "spec.rule"),
            Found("schema", "error", "exemption:core-expired", "architecture/exemptions.yaml:32:9", "spec.rule"),
        ]
        let dangling = Found("ref-resolves", "error", "system:b", "architecture/systems.yaml:14:43", "spec.uses system:ghost")
        #expect(inForce.findings == invalid + [dangling])
        #expect(try found(inForce.json["suppressed"]) == [
            Found("system-description", "info", "system:a", "architecture/systems.yaml:6:1", nil),
            Found("depends-on-retired", "warning", "system:a", "architecture/systems.yaml:9:43", "system:old1"),
            Found("depends-on-retired", "warning", "system:a", "architecture/systems.yaml:9:49", "system:old2"),
            Found("system-description", "info", "system:b", "architecture/systems.yaml:11:1", nil),
        ])
        #expect(inForce.json["summary"] as? [String: Int] == ["error": 3, "warning": 0, "info": 0, "elements": 9, "files": 2, "suppressed": 4])

        // A day later `descriptions` has run out: its findings are back, and it is reported.
        let dayAfter = try checkJSON(["--date", "2026-06-02", "--show-suppressed"], in: f.root)
        #expect(dayAfter.findings == [
            Found("exemption-expired", "warning", "exemption:descriptions", "architecture/exemptions.yaml:17:12", nil),
        ] + invalid + [
            Found("system-description", "info", "system:a", "architecture/systems.yaml:6:1", nil),
            Found("system-description", "info", "system:b", "architecture/systems.yaml:11:1", nil),
            dangling,
        ])
        #expect(try found(dayAfter.json["suppressed"]) == [
            Found("depends-on-retired", "warning", "system:a", "architecture/systems.yaml:9:43", "system:old1"),
            Found("depends-on-retired", "warning", "system:a", "architecture/systems.yaml:9:49", "system:old2"),
        ])
    }

    /// `--summary` prints every principle of the rule set in its order, with its counts (number
    /// agreeing: "1 warning"), what exemptions suppressed, and a tick where nothing was found.
    @Test func summaryPrintsEveryPrincipleExactly() throws {
        let f = try Self.exemptions()
        let en = try run(["check", "--lang", "en", "--date", "2026-06-02", "--summary"], in: f.root)
        #expect(en.status == 1)
        #expect(en.stdout == """
            architecture/exemptions.yaml:17:12: warning: Exemption descriptions (exemption:descriptions) for rule system-description expired on 2026-06-01 and no longer suppresses anything. Renew it with a new reason or remove it. [exemption-expired]
            architecture/exemptions.yaml:23:9: error: Rule 'ref-resolves' cannot be exempted: the core rules and the exemption rules always apply. Fix the problem instead. [schema]
            architecture/exemptions.yaml:32:9: error: Rule 'schema' cannot be exempted: the core rules and the exemption rules always apply. Fix the problem instead. [schema]
            architecture/systems.yaml:6:1: info: a (system:a) has no description. Say briefly what the system does in metadata.description. [system-description]
            architecture/systems.yaml:11:1: info: b (system:b) has no description. Say briefly what the system does in metadata.description. [system-description]
            architecture/systems.yaml:14:43: error: 'system:ghost' in spec.uses names no element. Fix the reference or add the element. [ref-resolves]

            By principle:
              kjerne                            3 errors, 0 warnings, 0 info  Core
              prosessorientering                0 errors, 0 warnings, 0 info  Process orientation from the users' needs (citizens, businesses and voluntary organisations) ✓
              brukervennlighet                  0 errors, 0 warnings, 0 info  Usability ✓
              innebygget-personvern             0 errors, 0 warnings, 0 info  Privacy by design ✓
              innebygget-informasjonssikkerhet  0 errors, 0 warnings, 0 info  Information security by design ✓
              fleksibilitet-og-skalerbarhet     0 errors, 0 warnings, 0 info, 2 suppressed  Flexibility and scalability ✓
              apenhet                           0 errors, 0 warnings, 2 info  Openness
              tilgjengelighet                   0 errors, 0 warnings, 0 info  Availability ✓
              standardisering-og-gjenbruk       0 errors, 0 warnings, 0 info  Standardisation, reuse, transparency and simplicity ✓
              eierskap-til-data                 0 errors, 0 warnings, 0 info  Data ownership ✓
              felles-datadefinisjoner           0 errors, 0 warnings, 0 info  Common data definitions ✓
              tjenstlig-behov                   0 errors, 0 warnings, 0 info  Need to know ✓
              arkitektur-og-lovgivning          0 errors, 0 warnings, 0 info  Architecture and legislation support each other ✓
              stegvis-forbedring                0 errors, 1 warning, 0 info  Step-by-step improvement
            3 errors, 1 warning, 2 info in 9 elements from 2 files (2 suppressed by exemptions).

            """)
        let nb = try run(["check", "--lang", "nb", "--date", "2026-06-02", "--summary"], in: f.root)
        let table = nb.stdout.components(separatedBy: "\n\nPer prinsipp:\n")
        try #require(table.count == 2, "\(nb.stdout)")
        #expect(table[1] == """
              kjerne                            3 feil, 0 advarsler, 0 info  Kjerne
              prosessorientering                0 feil, 0 advarsler, 0 info  Prosessorientering med utgangspunkt i brukerens behov (innbyggere, næringsliv og frivillige organisasjoner) ✓
              brukervennlighet                  0 feil, 0 advarsler, 0 info  Brukervennlighet ✓
              innebygget-personvern             0 feil, 0 advarsler, 0 info  Innebygget personvern ✓
              innebygget-informasjonssikkerhet  0 feil, 0 advarsler, 0 info  Innebygget informasjonssikkerhet ✓
              fleksibilitet-og-skalerbarhet     0 feil, 0 advarsler, 0 info, 2 unntatt  Fleksibilitet og skalerbarhet ✓
              apenhet                           0 feil, 0 advarsler, 2 info  Åpenhet
              tilgjengelighet                   0 feil, 0 advarsler, 0 info  Tilgjengelighet ✓
              standardisering-og-gjenbruk       0 feil, 0 advarsler, 0 info  Standardisering, gjenbruk, transparens og enkelhet ✓
              eierskap-til-data                 0 feil, 0 advarsler, 0 info  Eierskap til data ✓
              felles-datadefinisjoner           0 feil, 0 advarsler, 0 info  Felles datadefinisjoner ✓
              tjenstlig-behov                   0 feil, 0 advarsler, 0 info  Tjenstlig behov ✓
              arkitektur-og-lovgivning          0 feil, 0 advarsler, 0 info  Arkitektur og lovgivning skal understøtte hverandre ✓
              stegvis-forbedring                0 feil, 1 advarsel, 0 info  Stegvis forbedring
            3 feil, 1 advarsel, 2 info i 9 elementer fra 2 filer (2 unntatt av dispensasjoner).

            """)
        // Without the flag there is no table; the rest is the same.
        let plain = try run(["check", "--lang", "en", "--date", "2026-06-02"], in: f.root)
        let parts = en.stdout.components(separatedBy: "\nBy principle:\n")
        try #require(parts.count == 2)
        #expect(plain.stdout == parts[0] + "3 errors, 1 warning, 2 info in 9 elements from 2 files (2 suppressed by exemptions).\n")
    }

    /// Two elements of one kind and name: references go to the first by path in byte order
    /// (`a-b.yaml` before `a/x.yaml`, as '-' sorts before '/'), the second is the one reported,
    /// naming both places. Renamed so that the order turns, the other copy is the one that counts,
    /// and the new copy in the work tree is said to be new.
    @Test func aReferenceGoesToTheFirstOfTwoDuplicates() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", """
            apiVersion: arkitekt/v1
            kind: Group
            metadata: {name: it}
            spec: {type: department}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: user, description: Uses dup.}
            spec: {owner: it, scope: national, uses: [dup]}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: dup-in-production}
            spec:
              title: Dup runs
              conditions:
                - {ref: system:dup, path: spec.lifecycle, equals: production}

            """)
        try f.write("architecture/a-b.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: dup, description: First copy.}\nspec: {owner: it, scope: national}\n")
        try f.write("architecture/a/x.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: dup, description: Second copy.}\nspec: {owner: it, scope: national, lifecycle: retired}\n")
        let commit = try Self.commit(f, "two copies", on: "2024-01-10")

        let duplicate = "system:dup is defined twice: first at architecture/a-b.yaml:3:18, then here at architecture/a/x.yaml:3:18. References go to the first. Rename one of them, or remove it."
        let check = try run(["check", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(check.status == 1)
        // No depends-on-retired: `uses: [dup]` reaches the first copy, which is in production.
        #expect(check.stdout == "architecture/a/x.yaml:3:18: error: \(duplicate) [duplicate-name]\n1 error, 0 warnings, 0 info in 5 elements from 3 files.\n")
        let json = try checkJSON(["--date", "2026-06-01"], in: f.root)
        #expect(json.findings == [Found("duplicate-name", "error", "system:dup", "architecture/a/x.yaml:3:18", "architecture/a/x.yaml#0")])
        // The revision and the index resolve the same way as the work tree.
        for source in [["--rev", "HEAD"], ["--staged"], ["--no-cache"]] {
            #expect(try run(["check", "--lang", "en", "--date", "2026-06-01"] + source, in: f.root).stdout == check.stdout, "\(source)")
        }
        // A transition condition on the duplicated ref sees the first copy too.
        let transitions = try object(try run(["transitions", "--format", "json", "--date", "2026-06-01"], in: f.root).stdout)
        let only = try #require((transitions["transitions"] as? [[String: Any]])?.first)
        #expect(only["status"] as? String == "achieved")
        #expect((only["achievedAt"] as? [String: Any])?["id"] as? String == commit)

        // Rename the first copy so that it sorts after the other: the retired copy is now first.
        try f.git("mv", "architecture/a-b.yaml", "architecture/a/y.yaml")
        try f.git("reset", "-q")
        let turned = try run(["check", "--lang", "en", "--date", "2026-06-01"], in: f.root)
        #expect(turned.stdout == """
            architecture/a/y.yaml:3:18: error: system:dup is defined twice: first at architecture/a/x.yaml:3:18, then here at architecture/a/y.yaml:3:18. References go to the first. Rename one of them, or remove it. The copy in architecture/a/y.yaml is new: it is not in HEAD. [duplicate-name]
            architecture/it.yaml:9:43: warning: user (system:user) depends on system:dup, whose lifecycle is 'retired'. Move the dependency to an active solution. [depends-on-retired]
            1 error, 1 warning, 0 info in 5 elements from 3 files.

            """)
    }

    // MARK: - 3. --baseline and --write-baseline

    /// `--write-baseline FILE` records every finding by identity (sorted, no lines) and still
    /// reports them; `--baseline FILE` then passes while nothing new turns up, also when the old
    /// findings move, fails on a new finding, and lists entries that no longer match as stale.
    @Test func baselineIsWrittenThenReadBack() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", Self.group("it"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        try f.write("architecture/c.yaml", Self.group("c", "  parent: ghost\n"))
        try f.commitAll("start")
        let version = try run(["--version"], in: f.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!version.isEmpty)

        let write = try run(["check", "--write-baseline", "arkitekt-baseline.json", "--fail-on", "never", "--lang", "en"], in: f.root)
        #expect(write.status == 0)
        #expect(write.stdout == """
            architecture/a.yaml:7:3: warning: Unknown field 'spec.emial': the format does not define it, so it is ignored. Did you mean 'email'? [unknown-field]
            architecture/c.yaml:7:11: error: 'group:ghost' in spec.parent names no element. Fix the reference or add the element. [ref-resolves]
            1 error, 1 warning, 0 info in 3 elements from 3 files.

            """, "writing a baseline still reports")
        let written = String(decoding: try f.disk("arkitekt-baseline.json"), as: UTF8.self)
        #expect(written == """
            {
              "version": 1,
              "generator": "arkitekt \(version)",
              "findings": [
                {
                  "rule": "ref-resolves",
                  "element": "group:c",
                  "detail": "spec.parent group:ghost",
                  "file": null
                },
                {
                  "rule": "unknown-field",
                  "element": "group:a",
                  "detail": "spec.emial",
                  "file": null
                }
              ]
            }

            """)
        // Without --fail-on never, writing the baseline exits as the findings say.
        #expect(try run(["check", "--write-baseline", "again.json"], in: f.root).status == 1)
        #expect(try f.disk("again.json") == f.disk("arkitekt-baseline.json"))

        let clean = "0 errors, 0 warnings, 0 info in 3 elements from 3 files.\n"
        let known = try run(["check", "--baseline", "arkitekt-baseline.json", "--lang", "en"], in: f.root)
        #expect(known.status == 0, "every finding is in the baseline")
        #expect(known.stdout == clean)
        // The known findings move (another file, other lines): still known.
        try f.remove("architecture/c.yaml")
        try f.write("architecture/teams/c.yaml", "# moved\n" + Self.group("c", "  parent: ghost\n"))
        try f.write("architecture/a.yaml", "\n\n" + Doc.warningGroup("a"))
        let movedRun = try run(["check", "--baseline", "arkitekt-baseline.json", "--lang", "en", "--fail-on", "info"], in: f.root)
        #expect(movedRun.status == 0)
        #expect(movedRun.stdout == clean)

        // A new error fails the run; the fixed one's entry is stale, and said to be.
        try f.write("architecture/teams/c.yaml", "# moved\n" + Self.group("c", "  parent: it\n"))
        try f.write("architecture/e.yaml", Doc.brokenGroup("e"))
        let new = try run(["check", "--baseline", "arkitekt-baseline.json", "--lang", "en"], in: f.root)
        #expect(new.status == 1)
        #expect(new.stdout == """
            architecture/e.yaml:6:9: error: 'departmnet' is not a valid value of 'spec.type'. Valid values: municipality, county, department, unit, team, role, external. Did you mean 'department'? [schema]
            baseline: ref-resolves group:c [spec.parent group:ghost] no longer occurs; remove the entry (or write the baseline again).
            1 error, 0 warnings, 0 info in 4 elements from 4 files.

            """)
        let json = try checkJSON(["--baseline", "arkitekt-baseline.json"], in: f.root)
        #expect(json.status == 1)
        #expect(json.findings == [Found("schema", "error", "group:e", "architecture/e.yaml:6:9", "spec.type")])
        let stale = try #require(json.json["staleBaseline"] as? [[String: Any]])
        #expect(stale.count == 1)
        #expect(stale.first?["rule"] as? String == "ref-resolves")
        #expect(stale.first?["element"] as? String == "group:c")
        #expect(stale.first?["detail"] as? String == "spec.parent group:ghost")
        #expect(stale.first?["file"] is NSNull)
    }

    // MARK: - 5. --no-cache and ARKITEKT_NO_CACHE

    /// What a run leaves behind: `parse-cache` under the git directory shared by all work trees
    /// (`git rev-parse --git-common-dir`), `check-state` under the work tree's own
    /// (`--git-dir`). `--no-cache` and `ARKITEKT_NO_CACHE=1` write neither, for every command that
    /// reads the work tree or the index, and leave an existing cache as it was; the output is the
    /// same bytes with and without. `ARKITEKT_NO_CACHE=0` leaves the cache on.
    @Test func noCacheAndTheVariableWriteNothingAndChangeNoOutput() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", Self.group("it"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        try f.commitAll("start")
        let commonDir = try f.gitLine("rev-parse", "--path-format=absolute", "--git-common-dir")
        let gitDir = try f.gitLine("rev-parse", "--path-format=absolute", "--git-dir")
        let parseCache = commonDir + "/arkitekt/parse-cache", checkState = gitDir + "/arkitekt/check-state"
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
        let off = ["ARKITEKT_NO_CACHE": "1"]
        let args = ["check", "--format", "json", "--lang", "en", "--date", "2026-06-01"]

        let cold = try run(args + ["--no-cache"], in: f.root)
        #expect(cold.status == 0)
        #expect(try found(try object(cold.stdout)["findings"]) == [Found("unknown-field", "warning", "group:a", "architecture/a.yaml:7:3", "spec.emial")])
        for (extra, environment) in [(["--no-cache"], [:]), (["--no-cache", "--staged"], [:]), ([], off), (["--staged"], off)] {
            let result = try run(args + extra, in: f.root, environment: environment)
            #expect(result.stdout == cold.stdout, "\(extra) \(environment)")
        }
        // diff reads the work tree as check does (and fills the cache when it may: see below).
        let diff = ["diff", "HEAD", "--date", "2026-06-01", "--format", "json"]
        let diffWithout = try run(diff, in: f.root, environment: off)
        #expect(diffWithout.status == 0)
        #expect(!exists(commonDir + "/arkitekt"), "nothing written under the git directory")
        #expect(try run(diff, in: f.root).stdout == diffWithout.stdout)
        #expect(exists(parseCache) && exists(checkState), "diff of the work tree with the cache on writes it")
        try FileManager.default.removeItem(atPath: commonDir + "/arkitekt")

        // With the cache on (the default, or the variable at 0) both files are written.
        let warm = try run(args, in: f.root, environment: ["ARKITEKT_NO_CACHE": "0"])
        #expect(warm.stdout == cold.stdout)
        #expect(exists(parseCache) && exists(checkState))
        #expect(try run(args, in: f.root).stdout == cold.stdout, "a run that takes up the cache says the same")

        // A change: the runs without the cache see it and leave the cache as it was; a run with it
        // then rewrites both files (so there was something to write).
        try f.write("architecture/b.yaml", Doc.brokenGroup("b"))
        func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
        let before = (try bytes(parseCache), try bytes(checkState))
        let changed = try run(args + ["--no-cache"], in: f.root)
        #expect(changed.status == 1)
        #expect(try found(try object(changed.stdout)["findings"]) == [
            Found("unknown-field", "warning", "group:a", "architecture/a.yaml:7:3", "spec.emial"),
            Found("schema", "error", "group:b", "architecture/b.yaml:6:9", "spec.type"),
        ])
        #expect(try run(args, in: f.root, environment: off).stdout == changed.stdout)
        #expect(try run(args + ["--no-cache", "--staged"], in: f.root).stdout == cold.stdout, "the index has no b yet")
        #expect(try bytes(parseCache) == before.0)
        #expect(try bytes(checkState) == before.1)
        #expect(try run(args, in: f.root).stdout == changed.stdout)
        #expect(try bytes(parseCache) != before.0)
        #expect(try bytes(checkState) != before.1)

        // A linked work tree shares the parse cache and keeps a check state of its own.
        try f.commitAll("b")
        let linked = f.temp.url("linked")
        try f.git("worktree", "add", "-q", "--detach", linked)
        let linkedGitDir = try f.git(in: linked, "rev-parse", "--path-format=absolute", "--git-dir").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try f.git(in: linked, "rev-parse", "--path-format=absolute", "--git-common-dir").trimmingCharacters(in: .whitespacesAndNewlines) == commonDir)
        #expect(linkedGitDir != gitDir)
        #expect(try run(args + ["--no-cache"], in: linked).stdout == changed.stdout)
        #expect(!exists(linkedGitDir + "/arkitekt"))
        #expect(try run(args, in: linked).stdout == changed.stdout)
        #expect(exists(linkedGitDir + "/arkitekt/check-state"))
        #expect(!exists(linkedGitDir + "/arkitekt/parse-cache"), "the parse cache stays in the common directory")
    }

    /// Replaces `from` by `to` (of the same length) in a cache file and seals it again with the
    /// cache's own checksum (FNV-1a 64 over the body, eight little-endian bytes at a time, then the
    /// rest), so that the cache reads as whole but says something the files do not.
    static func poison(_ path: String, _ from: String, _ to: String) throws {
        let a = Array(from.utf8), b = Array(to.utf8)
        try #require(a.count == b.count)
        var body = Array([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))).dropLast(8))
        var replaced = 0
        var i = 0
        while i + a.count <= body.count {
            if body[i..<(i + a.count)].elementsEqual(a) {
                body.replaceSubrange(i..<(i + a.count), with: b)
                replaced += 1
                i += a.count
            } else {
                i += 1
            }
        }
        try #require(replaced > 0, "\(from) is not in the cache")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        let words = body.count / 8
        for w in 0..<words {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(body[w * 8 + k]) << UInt64(8 * k) }
            hash = (hash ^ word) &* prime
        }
        for byte in body[(words * 8)...] { hash = (hash ^ UInt64(byte)) &* prime }
        body += (0..<8).map { UInt8(truncatingIfNeeded: hash >> UInt64(8 * $0)) }
        try Data(body).write(to: URL(fileURLWithPath: path))
    }

    /// `--no-cache` does not read the parse cache either, on any side of a run: a cache that says
    /// something else than the files (sealed as if whole) changes nothing, also for the merge base
    /// that `check --against` reads. (A run with the cache reads the altered record: the control.)
    @Test func noCacheReadsNothingAnEarlierRunLeft() throws {
        let f = try KitFixture()
        try f.write("architecture/g.yaml", Self.group("g", type: "team", "  parent: ghostaa\n"))
        try f.commitAll("base")
        #expect(try run(["check"], in: f.root).status == 1, "fills the parse cache")
        try f.git("checkout", "-q", "-b", "feature")
        try f.write("architecture/h.yaml", Self.group("h", type: "team"))
        try f.commitAll("feature")
        try Self.poison(f.root + "/.git/arkitekt/parse-cache", "ghostaa", "ghostbb")

        let truth = [Found("ref-resolves", "error", "group:g", "architecture/g.yaml:7:11", "spec.parent group:ghostaa")]
        let control = try checkJSON(["--rev", "main", "--date", "2026-06-01"], in: f.root)
        #expect(control.findings == [Found("ref-resolves", "error", "group:g", "architecture/g.yaml:7:11", "spec.parent group:ghostbb")],
                "the run with the cache reads the altered record")
        for (extra, environment) in [(["--no-cache"], [:]), ([], ["ARKITEKT_NO_CACHE": "1"])] {
            let rev = try checkJSON(["--rev", "main", "--date", "2026-06-01"] + extra, in: f.root, environment: environment)
            #expect(rev.findings == truth, "\(extra) \(environment)")
            // The branch changed nothing about g: nothing is new since the merge base.
            let gate = try checkJSON(["--against", "main", "--date", "2026-06-01"] + extra, in: f.root, environment: environment)
            #expect(gate.status == 0, "\(extra) \(environment)")
            #expect(gate.findings == [], "\(extra) \(environment)")
        }
    }

    // MARK: - 6. diff against the work tree

    /// `diff REV` compares a revision with the work tree (untracked files included), element by
    /// element, and lists the findings introduced and resolved, in every format it has.
    @Test func diffAgainstTheWorkTreeInEveryFormat() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", Self.group("it"))
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        try f.write("architecture/c.yaml", Self.group("c", "  parent: ghost\n"))
        try f.write("architecture/d.yaml", Self.group("d"))
        let head = try Self.commit(f, "start", on: "2024-01-10")
        try f.write("architecture/a.yaml", Self.group("a", "  email: x@example.invalid\n"))
        try f.write("architecture/c.yaml", Self.group("c", "  parent: it\n"))
        try f.remove("architecture/d.yaml")
        try f.write("architecture/e.yaml", Doc.brokenGroup("e"))
        let schema = "'departmnet' is not a valid value of 'spec.type'. Valid values: municipality, county, department, unit, team, role, external. Did you mean 'department'?"
        let unknown = "Unknown field 'spec.emial': the format does not define it, so it is ignored. Did you mean 'email'?"
        let dangling = "'group:ghost' in spec.parent names no element. Fix the reference or add the element."
        let options = ["--date", "2026-06-01", "--lang", "en"]

        let text = try run(["diff", "HEAD", "--format", "text"] + options, in: f.root)
        #expect(text.status == 0)
        #expect(text.stdout == """
            diff \(Self.short(head))..worktree
            + group:e
            - group:d
            ~ group:a
                spec.email: – → x@example.invalid
            ~ group:c
                spec.parent: group:ghost → group:it
            Findings introduced:
              architecture/e.yaml:6:9: error: \(schema) [schema]
            Findings resolved:
              architecture/a.yaml:7:3: warning: \(unknown) [unknown-field]
              architecture/c.yaml:7:11: error: \(dangling) [ref-resolves]
            1 added, 1 removed, 2 changed; 1 finding introduced, 2 resolved.

            """)
        // The default format is text.
        #expect(try run(["diff", "HEAD"] + options, in: f.root).stdout == text.stdout)
        let bokmal = try run(["diff", "HEAD", "--date", "2026-06-01", "--lang", "nb"], in: f.root)
        #expect(bokmal.stdout.hasSuffix("\n1 lagt til, 1 fjernet, 2 endret; 1 nytt og 2 løste funn.\n"), "\(bokmal.stdout)")

        let json = try object(try run(["diff", "HEAD", "--format", "json"] + options, in: f.root).stdout)
        #expect(json["from"] as? String == head)
        #expect(json["to"] as? String == "worktree")
        #expect(json["added"] as? [String] == ["group:e"])
        #expect(json["removed"] as? [String] == ["group:d"])
        let changed = try #require(json["changed"] as? [[String: Any]])
        #expect(changed.map { $0["element"] as? String } == ["group:a", "group:c"])
        let fields = changed.map { ($0["fields"] as? [[String: Any]] ?? []).map { field in
            "\(field["path"] as? String ?? "?"): \(field["before"] as? String ?? "null") → \(field["after"] as? String ?? "null")"
        } }
        #expect(fields == [["spec.email: null → x@example.invalid"], ["spec.parent: group:ghost → group:it"]])
        #expect(try found(json["introduced"]) == [Found("schema", "error", "group:e", "architecture/e.yaml:6:9", "spec.type")])
        #expect(try found(json["resolved"]) == [
            Found("unknown-field", "warning", "group:a", "architecture/a.yaml:7:3", "spec.emial"),
            Found("ref-resolves", "error", "group:c", "architecture/c.yaml:7:11", "spec.parent group:ghost"),
        ])

        let markdown = try run(["diff", "HEAD", "--format", "markdown"] + options, in: f.root)
        #expect(markdown.status == 0)
        #expect(markdown.stdout == """
            ## Architecture changes `\(Self.short(head))`..`worktree`

            - Group e added
            - Group d removed
            - Group a: spec.email set to x@example.invalid
            - Group c: spec.parent changed from group:ghost to group:it

            | element | field | before | after |
            |---|---|---|---|
            | `group:a` | `spec.email` | – | `x@example.invalid` |
            | `group:c` | `spec.parent` | `group:ghost` | `group:it` |

            ### Findings introduced (1)

            - **error** `schema` \(schema) (`architecture/e.yaml:6:9`)

            ### Findings resolved (2)

            - **warning** `unknown-field` \(unknown) (`architecture/a.yaml:7:3`)
            - **error** `ref-resolves` \(dangling) (`architecture/c.yaml:7:11`)

            """)
    }

    // MARK: - 7. changelog

    /// `changelog` groups commits under tags, newest first: a tagged commit opens a section that
    /// holds the landscape commits up to the next tag; commits after the last tag come first under
    /// their own heading. A tag on a commit that changed no landscape file still opens its section
    /// (with the commits before it; "no change" when there are none), and the JSON says so too:
    /// `tags` per commit (the tags on that commit), and `sections` as the Markdown groups them.
    @Test func changelogGroupsCommitsUnderTheirTags() throws {
        let f = try KitFixture()
        try f.write("architecture/it.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\nspec: {type: department}\n")
        try f.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a, description: A.}\nspec: {owner: it, scope: national}\n")
        let start = try Self.commit(f, "start", on: "2024-01-10")
        try f.git("tag", "v1")
        try f.write("architecture/b.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: b}\nspec: {owner: it, scope: national}\n")
        let addB = try Self.commit(f, "add b", on: "2024-02-10")
        try f.write("README.md", "The landscape.\n")
        let readme = try Self.commit(f, "readme", on: "2024-03-10")
        var tagger = f.cli
        tagger.date = "2024-03-11T12:00:00+00:00"
        try tagger.run("tag", "-a", "v2", "-m", "Release 2", in: f.root)
        try f.write("README.md", "The landscape, again.\n")
        let readme2 = try Self.commit(f, "readme again", on: "2024-03-20")
        try f.git("tag", "v2.1")
        try f.git("tag", "release-2.1")
        try f.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a, description: A.}\nspec: {owner: it, scope: national, lifecycle: retired}\n")
        let retire = try Self.commit(f, "retire a", on: "2024-04-10")

        let markdown = try run(["changelog", "--lang", "en"], in: f.root)
        #expect(markdown.status == 0)
        #expect(markdown.stdout == """
            # Architecture changelog

            Range: `HEAD`

            ## Since the last tag

            ### 2024-04-10 `\(Self.short(retire))` retire a

            *Ada Author*

            - System a retired

            ## release-2.1, v2.1 (2024-03-20)

            No change to the landscape.

            ## v2 (2024-03-10)

            ### 2024-02-10 `\(Self.short(addB))` add b

            *Ada Author*

            - System b added

            <details><summary>Findings introduced: 1 (apenhet 1)</summary>

            - **info** `system-description` b (system:b) has no description. Say briefly what the system does in metadata.description.

            </details>

            ## v1 (2024-01-10)

            ### 2024-01-10 `\(Self.short(start))` start

            *Ada Author*

            - Group it added
            - System a added

            """)
        // markdown is the default format.
        #expect(try run(["changelog", "--lang", "en", "--format", "markdown"], in: f.root).stdout == markdown.stdout)

        let json = try object(try run(["changelog", "--format", "json", "--lang", "en"], in: f.root).stdout)
        #expect(json["range"] as? String == "HEAD")
        let commits = try #require(json["commits"] as? [[String: Any]])
        #expect(commits.map { $0["id"] as? String } == [retire, addB, start], "only commits that touched the landscape")
        #expect(commits.map { $0["tags"] as? [String] } == [[], [], ["v1"]])
        #expect(commits.map { $0["date"] as? String } == ["2024-04-10", "2024-02-10", "2024-01-10"])
        #expect(try found(commits[1]["introduced"]) == [Found("system-description", "info", "system:b", "architecture/b.yaml:1:1", nil)])
        let sections = try #require(json["sections"] as? [[String: Any]], "the JSON groups the commits as the Markdown does")
        #expect(sections.map { $0["tags"] as? [String] } == [[], ["release-2.1", "v2.1"], ["v2"], ["v1"]])
        #expect(sections.map { $0["commit"] as? String } == [nil, readme2, readme, start])
        #expect(sections.first?["commit"] is NSNull)
        #expect(sections.map { $0["date"] as? String } == [nil, "2024-03-20", "2024-03-10", "2024-01-10"])
        #expect(sections.map { $0["commits"] as? [String] } == [[retire], [], [addB], [start]])

        // A range leaves out what lies before it, v1's section with it.
        let range = try object(try run(["changelog", "v1..HEAD", "--format", "json"], in: f.root).stdout)
        #expect(range["range"] as? String == "v1..HEAD")
        #expect((range["commits"] as? [[String: Any]])?.map { $0["id"] as? String } == [retire, addB])
        #expect((range["sections"] as? [[String: Any]])?.map { $0["tags"] as? [String] } == [[], ["release-2.1", "v2.1"], ["v2"]])
    }

    // MARK: - 8. transitions

    /// A landscape whose transitions test each rule of FORMAT.md's "Transitions", over three commits.
    static func transitionHistory() throws -> (KitFixture, [String]) {
        let f = try KitFixture()
        try f.write("architecture/base.yaml", """
            apiVersion: arkitekt/v1
            kind: Group
            metadata: {name: it}
            spec: {type: department}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: id-porten, description: National login.}
            spec: {owner: it, scope: national}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: svarut, description: National mail.}
            spec: {owner: it, scope: national}

            """)
        try f.write("architecture/transitions.yaml", """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: refs}
            spec:
              title: Portal logs in with ID-porten
              due: 2024-06-30
              conditions:
                - {ref: system:portal, path: spec.security.authentication, equals: id-porten}
                - {ref: system:portal, path: spec.uses, equals: [id-porten, system:svarut]}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: defaults}
            spec:
              title: Defaults count
              conditions:
                - {ref: system:portal, path: spec.lifecycle, equals: production}
                - {ref: system:portal, path: spec.scope, equals: local}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: dates}
            spec:
              title: The DPO was consulted
              due: 2025-01-01
              conditions:
                - {ref: system:portal, path: spec.privacy.dpoConsulted, equals: 2024-02-10}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: wrong-day}
            spec:
              title: The DPO was consulted a day later
              conditions:
                - {ref: system:portal, path: spec.privacy.dpoConsulted, equals: "2024-02-11"}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: retire-print}
            spec:
              title: Old print is gone
              due: 2024-12-31
              conditions:
                - {ref: system:gammel-print, exists: false}
                - {ref: system:ny-print, exists: true}
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: nothing}
            spec:
              title: Nothing to do
              due: 2020-01-01
            ---
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: someday}
            spec:
              title: Some day
              conditions:
                - {ref: system:ny-print, path: spec.lifecycle, equals: production}

            """)
        let print = "---\napiVersion: arkitekt/v1\nkind: System\nmetadata: {name: gammel-print, description: Old print.}\nspec: {owner: it, scope: national}\n"
        try f.write("architecture/systems.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: portal, description: Portal.}\nspec: {owner: it}\n" + print)
        let first = try Self.commit(f, "start", on: "2024-01-10")
        // The portal's fields are written otherwise than the conditions: refs with and without
        // their prefix, the list in another order, the date as a YAML timestamp.
        let portal = """
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: portal, description: Portal.}
            spec:
              owner: it
              uses: [system:svarut, id-porten]
              security: {authentication: system:id-porten}
              privacy: {dpoConsulted: 2024-02-10 09:30:00}

            """
        try f.write("architecture/systems.yaml", portal + print)
        let second = try Self.commit(f, "portal", on: "2024-02-10")
        try f.write("architecture/systems.yaml", portal + "---\napiVersion: arkitekt/v1\nkind: System\nmetadata: {name: ny-print, description: New print.}\nspec: {owner: it, scope: national, lifecycle: planned}\n")
        let third = try Self.commit(f, "print", on: "2024-03-10")
        return (f, [first, second, third])
    }

    /// `transitions`: `equals` compares after resolving refs (bare or prefixed, lists as sets),
    /// an absent field by its default (lifecycle production, scope local), dates as dates (a
    /// timestamp equals its day, the next day does not); `exists: false` holds once the element is
    /// gone; a transition without conditions is achieved, even past its due date; one without `due`
    /// is never overdue. Each condition carries the commit where it was first met (git's ids).
    @Test func transitionsJudgeConditionsAsTheFormatSays() throws {
        let (f, ids) = try Self.transitionHistory()
        let (first, second, third) = (ids[0], ids[1], ids[2])
        let json = try object(try run(["transitions", "--format", "json", "--date", "2026-06-01", "--lang", "en"], in: f.root).stdout)
        #expect(json["revision"] as? String == third)
        let all = try #require(json["transitions"] as? [[String: Any]])
        struct Row: Equatable {
            let element: String, status: String, satisfied: Int, total: Int, due: String?, achievedAt: String?
            let holds: [Bool], firstMet: [String?]
        }
        let rows = all.map { t in
            let conditions = t["conditions"] as? [[String: Any]] ?? []
            return Row(element: t["element"] as? String ?? "?", status: t["status"] as? String ?? "?",
                       satisfied: t["satisfied"] as? Int ?? -1, total: t["total"] as? Int ?? -1, due: t["due"] as? String,
                       achievedAt: (t["achievedAt"] as? [String: Any])?["id"] as? String,
                       holds: conditions.map { $0["holds"] as? Bool ?? false },
                       firstMet: conditions.map { ($0["firstMet"] as? [String: Any])?["id"] as? String })
        }
        #expect(rows == [
            Row(element: "transition:refs", status: "achieved", satisfied: 2, total: 2, due: "2024-06-30", achievedAt: second,
                holds: [true, true], firstMet: [second, second]),
            Row(element: "transition:defaults", status: "achieved", satisfied: 2, total: 2, due: nil, achievedAt: first,
                holds: [true, true], firstMet: [first, first]),
            Row(element: "transition:dates", status: "achieved", satisfied: 1, total: 1, due: "2025-01-01", achievedAt: second,
                holds: [true], firstMet: [second]),
            Row(element: "transition:wrong-day", status: "in-progress", satisfied: 0, total: 1, due: nil, achievedAt: nil,
                holds: [false], firstMet: [nil]),
            Row(element: "transition:retire-print", status: "achieved", satisfied: 2, total: 2, due: "2024-12-31", achievedAt: third,
                holds: [true, true], firstMet: [third, third]),
            Row(element: "transition:nothing", status: "achieved", satisfied: 0, total: 0, due: "2020-01-01", achievedAt: first,
                holds: [], firstMet: []),
            Row(element: "transition:someday", status: "in-progress", satisfied: 0, total: 1, due: nil, achievedAt: nil,
                holds: [false], firstMet: [nil]),
        ])

        let text = try run(["transitions", "--date", "2026-06-01", "--lang", "en"], in: f.root)
        let (one, two, three) = (Self.short(first), Self.short(second), Self.short(third))
        #expect(text.stdout == """
            transition:refs  Portal logs in with ID-porten  2/2  achieved, due 2024-06-30 (achieved 2024-02-10 \(two))
              ✓ system:portal spec.security.authentication = id-porten  first met 2024-02-10 \(two)
              ✓ system:portal spec.uses = [id-porten, system:svarut]  first met 2024-02-10 \(two)
            transition:defaults  Defaults count  2/2  achieved (achieved 2024-01-10 \(one))
              ✓ system:portal spec.lifecycle = production  first met 2024-01-10 \(one)
              ✓ system:portal spec.scope = local  first met 2024-01-10 \(one)
            transition:dates  The DPO was consulted  1/1  achieved, due 2025-01-01 (achieved 2024-02-10 \(two))
              ✓ system:portal spec.privacy.dpoConsulted = 2024-02-10  first met 2024-02-10 \(two)
            transition:wrong-day  The DPO was consulted a day later  0/1  in progress
              ✗ system:portal spec.privacy.dpoConsulted = 2024-02-11
            transition:retire-print  Old print is gone  2/2  achieved, due 2024-12-31 (achieved 2024-03-10 \(three))
              ✓ system:gammel-print does not exist  first met 2024-03-10 \(three)
              ✓ system:ny-print exists  first met 2024-03-10 \(three)
            transition:nothing  Nothing to do  0/0  achieved, due 2020-01-01 (achieved 2024-01-10 \(one))
            transition:someday  Some day  0/1  in progress
              ✗ system:ny-print spec.lifecycle = production

            """)

        // At the first commit, judged around refs' due date: "overdue" starts the day after it.
        func statuses(_ date: String) throws -> [String: String] {
            let out = try object(try run(["transitions", "--rev", first, "--format", "json", "--date", date], in: f.root).stdout)
            return Dictionary(uniqueKeysWithValues: (out["transitions"] as? [[String: Any]] ?? []).map {
                ($0["element"] as? String ?? "?", $0["status"] as? String ?? "?")
            })
        }
        #expect(try statuses("2024-06-30") == [
            "transition:refs": "in-progress", "transition:defaults": "achieved", "transition:dates": "in-progress",
            "transition:wrong-day": "in-progress", "transition:retire-print": "in-progress", "transition:nothing": "achieved",
            "transition:someday": "in-progress",
        ])
        #expect(try statuses("2024-07-01")["transition:refs"] == "overdue")
        let late = try statuses("2099-12-31")
        #expect(late["transition:refs"] == "overdue" && late["transition:dates"] == "overdue" && late["transition:retire-print"] == "overdue")
        #expect(late["transition:someday"] == "in-progress" && late["transition:wrong-day"] == "in-progress", "no due date, never overdue")
        #expect(late["transition:nothing"] == "achieved", "no conditions: achieved, whatever the date")
        // check agrees: transition-overdue only for those past due.
        let overdue = try checkJSON(["--rev", first, "--date", "2099-12-31"], in: f.root).findings.filter { $0.rule == "transition-overdue" }
        #expect(overdue.map(\.element) == ["transition:refs", "transition:dates", "transition:retire-print"])
    }

    // MARK: - 10. -C DIR

    /// `version` checks the options around it as every command does, and `rules test` names a
    /// pack's files as written, whether the folder is given with a trailing slash or through a link.
    @Test func versionChecksItsOptionsAndRulesTestNamesFilesAsWritten() throws {
        let f = try Self.commandFixture()
        let badLanguage = try run(["version", "--lang", "xx"], in: f.root)
        #expect(badLanguage.status == 2 && badLanguage.stdout.isEmpty)
        // In the landscape's own language (English), as every error of the run.
        #expect(badLanguage.stderr == "arkitekt: error: The value 'xx' is invalid for '--lang <lang>'. Valid values: nb, en. See 'arkitekt --help'.\n")
        let noFolder = try run(["-C", f.temp.path + "/nowhere", "version", "--lang", "en"], in: f.root)
        #expect(noFolder.status == 2 && noFolder.stdout.isEmpty)
        #expect(noFolder.stderr == "arkitekt: error: '\(f.temp.path)/nowhere' does not exist. See 'arkitekt --help'.\n")
        #expect(try run(["version", "-v", "--lang", "en"], in: f.root).status == 0)

        let expected = try run(["rules", "test", "packs"], in: f.root)
        #expect(expected.status == 1 && expected.stdout.contains("      packs/broken.yaml:13:9: broken-owner: "))
        let slash = try run(["rules", "test", "packs/"], in: f.root)
        #expect(slash.status == 1 && slash.stdout == expected.stdout)
        try FileManager.default.createSymbolicLink(atPath: f.root + "/linked", withDestinationPath: "packs")
        let linked = try run(["rules", "test", "linked"], in: f.root)
        #expect(linked.status == 1)
        #expect(linked.stdout == expected.stdout.replacingOccurrences(of: "packs/broken.yaml", with: "linked/broken.yaml"))
    }

    /// A pack of one rule, `id`: a System needs an owner. `passing` is the text of its passing example.
    static func ownerPack(_ id: String, passing: String) -> String {
        """
        apiVersion: arkitekt/v1
        kind: Rule
        metadata: {name: \(id)}
        spec:
          principle: eierskap-til-data
          severity: error
          title: {nb: Eier mangler, en: No owner}
          rationale: {nb: Noen må eie det., en: Someone must own it.}
          select: {kind: System}
          check: {require: spec.owner}
          examples:
            pass:
              - landscape: "\(passing)"
            fail:
              - landscape: "apiVersion: arkitekt/v1\\nkind: System\\nmetadata: {name: a}\\n"
                findings: [{element: "system:a"}]

        """
    }

    /// A repository with its own configuration (English, a rule pack of its own), a history, and a
    /// change in the work tree, for running every command in it.
    static func commandFixture() throws -> KitFixture {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  rulePacks: [ks, rules/local]\n  language: en"))
        let system = "apiVersion: arkitekt/v1\\nkind: System\\nmetadata: {name: a}\\n"
        try f.write("rules/local/local-owner.yaml", Self.ownerPack("local-owner", passing: "apiVersion: arkitekt/v1\\nkind: Group\\nmetadata: {name: it}\\n---\\n" + system + "spec: {owner: it}\\n"))
        // A pack whose passing example is no valid landscape (its owner is nowhere): its test fails,
        // naming the file as the user wrote its path.
        try f.write("packs/broken.yaml", Self.ownerPack("broken-owner", passing: system + "spec: {owner: it}\\n"))
        try f.write("architecture/it.yaml", Self.group("it"))
        try f.write("architecture/a.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a, description: A.}\nspec: {owner: it, scope: national}\n")
        try f.write("architecture/plan.yaml", """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: retire-a}
            spec:
              title: Retire a
              due: 2025-01-01
              conditions:
                - {ref: system:a, path: spec.lifecycle, equals: retired}

            """)
        try Self.commit(f, "start", on: "2024-01-10")
        try f.git("tag", "v1")
        try f.write("architecture/b.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: b}\nspec: {scope: national}\n")
        try Self.commit(f, "add b", on: "2024-02-10")
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        return f
    }

    /// `-C DIR`, before or after the command name, with an absolute or a relative DIR, gives
    /// exactly what running in DIR gives (exit code, stdout, stderr) for every command: check
    /// (with relative files and baselines), diff, changelog, transitions, rules, rules test,
    /// explain (of DIR's own rule), hook install and uninstall, and version. DIR's configuration
    /// is the one read: the outputs are in its language, English, without --lang.
    @Test func optionCIsTheSameAsRunningInTheFolder() throws {
        let f = try Self.commandFixture()
        let elsewhere = f.temp.url("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try f.write("known.json", "{\"version\": 1, \"findings\": []}\n")
        let version = try run(["--version"], in: f.root)
        let commands: [(args: [String], status: Int32, says: String)] = [
            (["check", "--date", "2026-06-01"], 1, "architecture/b.yaml:1:1: error: "),
            (["check", "--date", "2026-06-01", "--format", "json", "architecture/b.yaml"], 1, "\"file\": \"architecture/b.yaml\""),
            (["check", "--date", "2026-06-01", "--staged", "--summary"], 1, "By principle:"),
            (["check", "--date", "2024-06-01", "--rev", "v1", "--fail-on", "info"], 0, "0 errors, 0 warnings, 0 info in 3 elements from 3 files."),
            (["check", "--date", "2026-06-01", "--against", "v1"], 1, "[local-owner]"),
            (["check", "--date", "2026-06-01", "--baseline", "known.json"], 1, "[system-owner-required]"),
            (["check", "--rev", "nosuch"], 2, "arkitekt: error: "),
            (["diff", "v1", "--date", "2026-06-01"], 0, "+ system:b"),
            (["diff", "v1", "HEAD", "--format", "json"], 0, "\"added\": [\n    \"system:b\"\n  ]"),
            (["changelog"], 0, "## v1 (2024-01-10)"),
            (["changelog", "--format", "json"], 0, "\"subject\": \"add b\""),
            (["transitions", "--date", "2026-06-01"], 0, "transition:retire-a  Retire a  0/1  overdue, due 2025-01-01"),
            (["transitions", "--format", "json", "--date", "2024-06-01"], 0, "\"status\": \"in-progress\""),
            (["rules"], 0, "local-owner"),
            (["rules", "--format", "markdown"], 0, "`local-owner`"),
            (["rules", "test", "rules/local"], 0, "ok    local-owner (1 + 1 examples)\n1 of 1 rule proved by its examples.\n"),
            (["rules", "test", "packs/broken.yaml"], 1, "FAIL  broken-owner\n      packs/broken.yaml:13:9: broken-owner: the example is not a valid landscape: "
                + "ref-resolves system:a [spec.owner group:it] at architecture/example.yaml:4:15\n0 of 1 rule proved by its examples.\n"),
            (["explain", "local-owner"], 0, "local-owner: No owner\n"),
            (["version"], 0, version.stdout),
        ]
        for (args, status, says) in commands {
            let here = try run(args, in: f.root)
            #expect(here.status == status, "\(args): \(here.stderr)")
            #expect(here.stdout.contains(says) || here.stderr.contains(says), "\(args): \(here.stdout)")
            let forms = [["-C", f.root] + args, [args[0], "-C", f.root] + Array(args.dropFirst())]
            for form in forms {
                let there = try run(form, in: elsewhere)
                #expect(there.status == here.status, "\(form): \(there.stderr)")
                #expect(there.stdout == here.stdout, "\(form)")
                #expect(there.stderr == here.stderr, "\(form)")
            }
            let relative = try run(["-C", "repo"] + args, in: f.temp.path)
            #expect(relative.status == here.status && relative.stdout == here.stdout && relative.stderr == here.stderr, "-C repo \(args)")
        }
        // From a folder inside the landscape, as from the folder itself.
        let inside = try run(["check", "--date", "2026-06-01"], in: f.root + "/architecture")
        #expect(try run(["-C", f.root + "/architecture", "check", "--date", "2026-06-01"], in: elsewhere).stdout == inside.stdout)
        #expect(inside.stdout == (try run(["check", "--date", "2026-06-01"], in: f.root)).stdout)
        // A baseline written with -C lands in DIR.
        let written = try run(["check", "-C", f.root, "--write-baseline", "written.json", "--fail-on", "never"], in: elsewhere)
        #expect(written.status == 0)
        #expect(FileManager.default.fileExists(atPath: f.root + "/written.json"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/written.json"))

        // hook install and uninstall write and remove the same hook, with the same words.
        let hook = f.root + "/.git/hooks/pre-commit"
        let installHere = try run(["hook", "install"], in: f.root)
        #expect(installHere.status == 0)
        #expect(installHere.stderr + installHere.stdout == "arkitekt: pre-commit hook installed at \(URL(fileURLWithPath: hook).resolvingSymlinksInPath().path).\n")
        let script = try f.disk(".git/hooks/pre-commit")
        let uninstallHere = try run(["hook", "uninstall"], in: f.root)
        #expect(uninstallHere.status == 0)
        #expect(!FileManager.default.fileExists(atPath: hook))
        for (install, uninstall) in [(["-C", f.root, "hook", "install"], ["-C", f.root, "hook", "uninstall"]),
                                     (["hook", "-C", f.root, "install"], ["hook", "-C", f.root, "uninstall"]),
                                     (["hook", "install", "-C", f.root], ["hook", "uninstall", "-C", f.root])] {
            let installed = try run(install, in: elsewhere)
            #expect(installed.status == 0 && installed.stdout == installHere.stdout && installed.stderr == installHere.stderr, "\(install)")
            #expect(try f.disk(".git/hooks/pre-commit") == script, "\(install)")
            let removed = try run(uninstall, in: elsewhere)
            #expect(removed.status == 0 && removed.stdout == uninstallHere.stdout && removed.stderr == uninstallHere.stderr, "\(uninstall)")
            #expect(!FileManager.default.fileExists(atPath: hook), "\(uninstall)")
        }
        // version takes the global options like every command.
        for args in [["version", "--lang", "en"], ["version", "-v"], ["--lang", "en", "version"]] {
            let result = try run(args, in: elsewhere)
            #expect(result.status == 0 && result.stdout == version.stdout && result.stderr.isEmpty, "\(args): \(result.stderr)")
        }
        #expect(try run(["version", "extra"], in: elsewhere).status == 2, "but no other argument")
    }
}

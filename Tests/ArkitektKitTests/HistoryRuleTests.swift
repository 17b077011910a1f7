@testable import ArkitektKit
import ArkitektModel
import Foundation
import Testing

/// `risk-assessment-current` and `dpia-review-on-change` in `check`: the history is read from git
/// (the commits up to HEAD, and the change from HEAD made on the day of the check), kept for the
/// next run, and where there is none, the run says so and judges only the dates.
@Suite struct HistoryRuleTests {
    static func system(hosting: String, riskAssessment: String = "2025-01-10", dpiaDate: String = "2025-01-10",
                       extraData: String = "") -> String {
        """
        apiVersion: arkitekt/v1
        kind: System
        metadata: {name: skoleadm, description: Elevregister.}
        spec:
          hosting: \(hosting)
          data: [{entity: elev, access: master}\(extraData)]
          security: {riskAssessment: \(riskAssessment)}
          privacy: {dpiaDate: \(dpiaDate)}

        """
    }

    static let rest = """
        apiVersion: arkitekt/v1
        kind: DataEntity
        metadata: {name: elev}
        spec: {classification: {personal: personal}}
        ---
        apiVersion: arkitekt/v1
        kind: DataEntity
        metadata: {name: helsekort}
        spec: {classification: {personal: special}}
        ---
        apiVersion: arkitekt/v1
        kind: Platform
        metadata: {name: gammel}
        spec: {type: on-premises, location: norway}
        ---
        apiVersion: arkitekt/v1
        kind: Platform
        metadata: {name: ny}
        spec: {type: on-premises, location: norway}

        """

    /// A repository whose system was described on 2025-01-05 and moved to `ny` on 2025-03-01,
    /// after its risk assessment of 2025-01-10.
    static func moved() throws -> KitFixture {
        let f = try KitFixture()
        try f.write("architecture/rest.yaml", rest)
        try f.write("architecture/skoleadm.yaml", system(hosting: "gammel"))
        _ = try Self.commit(f, "first", on: "2025-01-05T12:00:00+00:00")
        try f.write("architecture/skoleadm.yaml", system(hosting: "ny"))
        _ = try Self.commit(f, "moved", on: "2025-03-01T12:00:00+00:00")
        return f
    }

    /// Commits everything with author and committer date `date`.
    static func commit(_ f: KitFixture, _ message: String, on date: String) throws -> String {
        var cli = f.cli
        cli.date = date
        return try cli.commitAll(message, in: f.root)
    }

    static func history(_ report: Report) -> [String] {
        report.findings.filter { $0.rule == "risk-assessment-current" || $0.rule == "dpia-review-on-change" }
            .map { "\($0.element ?? "-") \($0.rule) \($0.detail ?? "-")" }.sorted()
    }

    @Test func aCommitAfterTheAssessmentIsFound() throws {
        let f = try Self.moved()
        let output = try f.check(.workTree)
        #expect(Self.history(try Report(json: output.stdout)) == ["system:skoleadm risk-assessment-current changed"])
        #expect(output.notes.isEmpty, "\(output.notes)")
        let message = try #require(try Report(json: output.stdout).findings.first { $0.rule == "risk-assessment-current" }?.message)
        #expect(message.contains("the change to spec.hosting (2025-03-01)"))
        // The same from the index and from the revision.
        #expect(Self.history(try f.report(.staged)) == ["system:skoleadm risk-assessment-current changed"])
        #expect(Self.history(try f.report(.revision("HEAD"))) == ["system:skoleadm risk-assessment-current changed"])
        // Judged at the first commit, nothing had changed yet.
        #expect(Self.history(try f.report(.revision("HEAD~1"))) == [])
    }

    @Test func aNewerAssessmentAndADescriptionAreNoFinding() throws {
        let f = try Self.moved()
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny", riskAssessment: "2025-03-01"))
        #expect(Self.history(try f.report(.workTree)) == [])
        // A repository whose first commit holds the system: describing it is no change.
        let g = try KitFixture()
        try g.write("architecture/rest.yaml", Self.rest)
        try g.write("architecture/skoleadm.yaml", Self.system(hosting: "ny"))
        _ = try Self.commit(g, "first", on: "2025-03-01T12:00:00+00:00")
        #expect(Self.history(try g.report(.workTree)) == [])
    }

    /// What is not committed yet counts as changed on the day of the check.
    @Test func theChangeFromHeadIsMadeOnTheDayOfTheCheck() throws {
        let f = try KitFixture()
        try f.write("architecture/rest.yaml", Self.rest)
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "gammel", riskAssessment: "2026-05-01", dpiaDate: "2026-05-01"))
        _ = try Self.commit(f, "first", on: "2026-05-01T12:00:00+00:00")
        #expect(Self.history(try f.report(.workTree)) == [])
        // Health data added, not committed: the DPIA is older than the check's day (2026-06-01).
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "gammel", riskAssessment: "2026-05-01", dpiaDate: "2026-05-01",
                                                              extraData: ", {entity: helsekort, access: master}"))
        #expect(Self.history(try f.report(.workTree)) == [
            "system:skoleadm dpia-review-on-change special-or-criminal-data", "system:skoleadm risk-assessment-current changed",
        ])
        // Not staged yet: the index is still HEAD.
        #expect(Self.history(try f.report(.staged)) == [])
        _ = try f.git("add", "-A")
        #expect(Self.history(try f.report(.staged)) == [
            "system:skoleadm dpia-review-on-change special-or-criminal-data", "system:skoleadm risk-assessment-current changed",
        ])
        // Reviewed the same day: nothing.
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "gammel", riskAssessment: "2026-06-01", dpiaDate: "2026-06-01",
                                                              extraData: ", {entity: helsekort, access: master}"))
        #expect(Self.history(try f.report(.workTree)) == [])
    }

    /// The walk is kept: the next run with the same HEAD takes it up, and a run after a new commit
    /// walks only that commit; both say what a fresh walk says.
    @Test func theWalkIsKeptAndTakenUp() throws {
        let f = try Self.moved()
        let kept = f.root + "/.git/arkitekt/change-history-head"
        #expect(!FileManager.default.fileExists(atPath: kept))
        let first = try f.check(.workTree).stdout
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(try f.check(.workTree).stdout == first)
        // A new commit gives the system health data after its DPIA.
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny", extraData: ", {entity: helsekort, access: master}"))
        _ = try Self.commit(f, "health", on: "2025-04-01T12:00:00+00:00")
        let forward = try f.check(.workTree).stdout
        #expect(Self.history(try Report(json: forward)) == [
            "system:skoleadm dpia-review-on-change special-or-criminal-data", "system:skoleadm risk-assessment-current changed",
        ])
        try FileManager.default.removeItem(atPath: kept)
        try FileManager.default.removeItem(atPath: f.root + "/.git/arkitekt/check-state")
        #expect(try f.check(.workTree).stdout == forward)
        // A damaged file is read as none.
        try Data("ARKITEKT-CHANGE-HISTORY\nrubbish".utf8).write(to: URL(fileURLWithPath: kept))
        #expect(try f.check(.workTree).stdout == forward)
    }

    @Test func withoutHistoryTheRunSaysSoAndJudgesOnlyTheDates() throws {
        let f = try KitFixture(git: false)
        try f.write("architecture/rest.yaml", Self.rest)
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny", riskAssessment: "2024-05-31"))
        let output = try f.check(.workTree)
        #expect(Self.history(try Report(json: output.stdout)) == ["system:skoleadm risk-assessment-current expired"])
        #expect(output.notes == ["arkitekt: the landscape is not in a git repository and has no history: "
            + "risk-assessment-current judges only the dates, and dpia-review-on-change judges nothing."])
        // A day before the last commit: the history as it was then is not known.
        let g = try Self.moved()
        let before = try g.check(.workTree, date: Day(year: 2025, month: 2, day: 1))
        #expect(Self.history(try Report(json: before.stdout)) == [])
        #expect(before.notes.count == 1 && before.notes[0].contains("before the last commit (2025-03-01)"))
        // Bokmål, and nothing said when the rules are off.
        let nb = try f.check(.workTree, language: .nb)
        #expect(nb.notes.first?.contains("har ingen historikk") == true)
        try f.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  severity: {risk-assessment-current: off, dpia-review-on-change: off}\n")
        #expect(try f.check(.workTree).notes.isEmpty)
    }

    /// The walk goes back only as far as the oldest date a change could be compared with: a
    /// DPIA's day, or a risk assessment's while it is not over 24 months old. Nothing older can
    /// make either rule report.
    @Test func theWalkGoesBackToTheOldestDateCompared() throws {
        let f = try Self.moved()
        // Both dates are 2025-01-10 in the fixture.
        let (landscape, _) = Kit.load(try Workspace(path: f.root, selection: .workTree).files(under: ["architecture"]))
        #expect(CheckHistory.oldestDateCompared(landscape, today: Day(year: 2026, month: 6, day: 1) ?? Day(unixSeconds: 0))
                == Day(year: 2025, month: 1, day: 10))
        // An assessment over 24 months old is reported for its age: it sets no bound. Without a
        // DPIA date either, there is nothing to compare and no walk at all.
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny").replacingOccurrences(of: "  privacy: {dpiaDate: 2025-01-10}\n", with: ""))
        let (later, _) = Kit.load(try Workspace(path: f.root, selection: .workTree).files(under: ["architecture"]))
        #expect(CheckHistory.oldestDateCompared(later, today: Day(year: 2027, month: 1, day: 11) ?? Day(unixSeconds: 0)) == nil)
        #expect(CheckHistory.oldestDateCompared(later, today: Day(year: 2027, month: 1, day: 10) ?? Day(unixSeconds: 0))
                == Day(year: 2025, month: 1, day: 10))
    }

    /// An older date than the walk went back to makes the next check walk further: the dates of
    /// the files a check changed are read from them, the others from what was kept.
    @Test func anOlderDateWalksFurtherBack() throws {
        let f = try KitFixture()
        try f.write("architecture/rest.yaml", Self.rest)
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "gammel", riskAssessment: "2025-01-10", dpiaDate: "2025-01-10"))
        _ = try Self.commit(f, "described", on: "2024-12-01T12:00:00+00:00")
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny", riskAssessment: "2025-01-10", dpiaDate: "2025-01-10"))
        _ = try Self.commit(f, "moved", on: "2024-12-15T12:00:00+00:00")
        try f.write("architecture/other.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n")
        _ = try Self.commit(f, "unrelated", on: "2025-01-20T12:00:00+00:00")
        // The move came before the assessment: nothing, and the walk went back to 2025-01-10 only.
        #expect(Self.history(try f.report(.workTree)) == [])
        // An older assessment, not committed: the move is now later than it.
        try f.write("architecture/skoleadm.yaml", Self.system(hosting: "ny", riskAssessment: "2024-12-10", dpiaDate: "2025-01-10"))
        #expect(Self.history(try f.report(.workTree)) == ["system:skoleadm risk-assessment-current changed"])
    }
}

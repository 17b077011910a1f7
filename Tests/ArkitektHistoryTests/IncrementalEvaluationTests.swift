import ArkitektTestSupport
import ArkitektGit
import ArkitektHistory
import ArkitektKit
import ArkitektLoading
import ArkitektModel
import ArkitektRules
import Foundation
import Testing

/// Random edits of the sample landscape, reproducible from a seed: the changes a history walk
/// applies one commit at a time.
struct LandscapeMutator {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Text edits that change what the rules see: lifecycles, data access, scope, classification,
    /// dates around the sample's expiries and due dates, hosting and capabilities.
    static let edits: [(String, String)] = [
        ("lifecycle: production", "lifecycle: retired"), ("lifecycle: retired", "lifecycle: production"),
        ("lifecycle: production", "lifecycle: phasing-out"),
        ("access: read", "access: master"), ("access: master", "access: read"), ("access: write", "access: master"),
        ("scope: local", "scope: national"), ("scope: national", "scope: local"), ("scope: municipal", "scope: local"),
        ("personal: none", "personal: special"), ("personal: special", "personal: none"), ("personal: ordinary", "personal: none"),
        ("expires: 2027-03-31", "expires: 2025-01-15"), ("expires: 2025-03-31", "expires: 2027-12-31"),
        ("due: 2027-06-30", "due: 2025-02-01"), ("due: 2025-12-31", "due: 2028-01-01"),
        ("availability: 99.9%", "availability: 95%"), ("availability: 99%", "availability: 99.99%"),
        ("WCAG 2.1 AA", "WCAG 2.0 A"),
        // The fields of Norwegian law (issue 17) and what the rules on them read through references.
        ("audience: [citizens]", "audience: [employees]"), ("audience: [employees]", "audience: [citizens]"),
        ("channel: fagsystem", "channel: web"), ("channel: web", "channel: intranet"),
        ("noark5: true", "noark5: false"), ("obligation: true", "obligation: false"), ("eid: true", "eid: false"),
        ("dataProcessingAgreement: true", "dataProcessingAgreement: false"), ("ends: 2027-02-28", "ends: 2029-02-28"),
        ("ends: 2029-12-31", "ends: 2026-09-30"), ("endOfSupport: 2027-01-31", "endOfSupport: 2025-06-01"),
        ("source: fiks-folkeregister", "source: krr"), ("personal: personal", "personal: criminal"),
        ("confidentiality: high", "confidentiality: low"), ("legalBasis: Forskrift", "purpose: Forskrift"),
        ("type: external", "type: unit\n  parent: fjordvik-kommune"), ("hosting: saas-norge", "hosting: saas-usa"),
    ]
    static let days = ["2025-01-10", "2025-03-15", "2025-07-01", "2026-01-01", "2026-02-01", "2027-04-01", "2027-07-01"]

    let original: [String: String]
    var current: [String: String]
    var rng: SplitMix64

    init(seed: UInt64) throws {
        let base = Self.root + "/samples/landscape/"
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: base + "architecture")
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".yaml") else { continue }
            files["architecture/" + path] = try String(contentsOfFile: base + "architecture/" + path, encoding: .utf8)
        }
        original = files
        current = files
        rng = SplitMix64(seed: seed)
    }

    /// Changes one to three files; returns the paths changed.
    mutating func step() -> Set<String> {
        var changed = Set<String>()
        for _ in 0..<(1 + rng.next(3)) {
            let paths = original.keys.sorted()
            let path = paths[rng.next(paths.count)]
            switch rng.next(10) {
            case 0: current[path] = nil                                  // removed
            case 1: current[path] = original[path]                       // restored
            case 2:                                                      // renamed element: refs to it dangle
                current[path] = current[path].map { $0.replacingOccurrences(of: "\n  name: ", with: "\n  name: x") }
            case 3:                                                      // a second element with the same names
                let copy = "architecture/zz-copy-\(rng.next(4)).yaml"
                current[copy] = current[path]
                changed.insert(copy)
            case 4: current[path] = "kind: [broken\n"                    // unreadable YAML
            default:
                guard let text = current[path] ?? original[path] else { continue }
                let applicable = Self.edits.filter { text.contains($0.0) }
                guard !applicable.isEmpty else { continue }
                let (from, to) = applicable[rng.next(applicable.count)]
                current[path] = text.replacingOccurrences(of: from, with: to)
            }
            changed.insert(path)
        }
        return changed
    }

    mutating func day() -> Day {
        Day(parsing: Self.days[rng.next(Self.days.count)]) ?? Day(unixSeconds: 0)
    }

    static func load(_ path: String, _ text: String) -> LoadedFile {
        LandscapeLoader.load(path: path, bytes: Array(text.utf8), limits: Limits())
    }
}

@Suite struct IncrementalEvaluationTests {
    /// A full evaluation of the files, sorted, as `check` does it.
    func full(_ files: [String: LoadedFile], engine: RuleEngine, today: Day) -> (Landscape, EngineResult) {
        let (landscape, loaderFindings) = LandscapeLoader.assemble(Array(files.values), fileCount: files.count)
        return (landscape, engine.run(landscape, loaderFindings: loaderFindings, today: today))
    }

    /// A reader's finding depends on every system along its chain of sources: a change at the far
    /// end of the chain reaches it (`RuleScope.referencedTransitively`).
    @Test func aChangeAtTheEndOfAChainOfSourcesReachesTheReader() throws {
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let today = try #require(Day(parsing: "2026-01-15"))
        func system(_ name: String, _ data: String) -> String {
            "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: \(name)}\nspec: {data: [\(data)]}\n"
        }
        var texts = [
            "architecture/person.yaml": "apiVersion: arkitekt/v1\nkind: DataEntity\nmetadata: {name: person}\nspec: {authoritativeSource: folkeregisteret}\n",
            "architecture/freg.yaml": system("folkeregisteret", "{entity: person, access: master}"),
            "architecture/fiks.yaml": system("fiks", "{entity: person, access: read, source: folkeregisteret}"),
            "architecture/mellom.yaml": system("mellom", "{entity: person, access: read, source: fiks}"),
            "architecture/skole.yaml": system("skole", "{entity: person, access: read, source: mellom}"),
        ]
        var evolving = EvolvingLandscape()
        evolving.reset(files: [:], engine: engine, today: today)
        var files = texts.mapValues { _ in LoadedFile?.none }
        for (path, text) in texts { files[path] = LandscapeMutator.load(path, text) }
        #expect(evolving.apply(files, day: today) != nil)
        func readers() -> [String] {
            evolving.result(today: today).findings.filter { $0.rule == "read-from-authoritative-source" }.compactMap { $0.element?.description }.sorted()
        }
        #expect(readers() == [])
        // The far end stops passing the data on: every reader down the chain is reported.
        texts["architecture/fiks.yaml"] = system("fiks", "{entity: person, access: write}")
        #expect(evolving.apply(["architecture/fiks.yaml": LandscapeMutator.load("architecture/fiks.yaml", texts["architecture/fiks.yaml"] ?? "")], day: today) != nil)
        #expect(readers() == ["system:mellom", "system:skole"])
        let loaded = Dictionary(uniqueKeysWithValues: texts.map { ($0.key, LandscapeMutator.load($0.key, $0.value)) })
        var withHistory = engine
        withHistory.history = evolving.history
        #expect(evolving.result(today: today).findings.sorted(by: Finding.sortedOrder) == full(loaded, engine: withHistory, today: today).1.findings)
        // And mends it again.
        texts["architecture/fiks.yaml"] = system("fiks", "{entity: person, access: read, source: folkeregisteret}")
        #expect(evolving.apply(["architecture/fiks.yaml": LandscapeMutator.load("architecture/fiks.yaml", texts["architecture/fiks.yaml"] ?? "")], day: today) != nil)
        #expect(readers() == [])
    }

    /// Relations the random walk may not meet: an Integration that comes or goes re-checks the
    /// system it is sent from (`archive-noark-integration` reads the integrations from it), an
    /// archive that stops being one re-checks the systems sending to it, and a Transition that
    /// comes or goes re-checks the system it names (`end-of-support-soon`,
    /// `phasing-out-without-transition`). Each step is held to a full run.
    @Test func integrationsArchivesAndTransitionsReachWhatTheyConcern() throws {
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let today = try #require(Day(parsing: "2026-01-15"))
        var texts = [
            "architecture/byggesak.yaml": "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: byggesak}\nspec: {archive: {obligation: true}, endOfSupport: 2026-06-30}\n",
            "architecture/arkiv.yaml": "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: sak-arkiv}\nspec: {archive: {noark5: true}, lifecycle: phasing-out}\n",
            "architecture/integrasjon.yaml": "apiVersion: arkitekt/v1\nkind: Integration\nmetadata: {name: til-arkiv}\nspec: {from: byggesak, to: sak-arkiv}\n",
        ]
        var evolving = EvolvingLandscape()
        evolving.reset(files: [:], engine: engine, today: today)
        #expect(evolving.apply(Dictionary(uniqueKeysWithValues: texts.map { ($0.key, Optional(LandscapeMutator.load($0.key, $0.value))) }),
                               day: today) != nil)
        func found(_ rules: Set<String>) -> [String] {
            evolving.result(today: today).findings.filter { rules.contains($0.rule) }.map { "\($0.rule) \($0.element?.description ?? "-")" }.sorted()
        }
        func step(_ path: String, _ text: String?) throws {
            texts[path] = text
            #expect(evolving.apply([path: text.map { LandscapeMutator.load(path, $0) }], day: today) != nil)
            let loaded = Dictionary(uniqueKeysWithValues: texts.map { ($0.key, LandscapeMutator.load($0.key, $0.value)) })
            #expect(evolving.result(today: today).findings.sorted(by: Finding.sortedOrder) == full(loaded, engine: engine, today: today).1.findings)
        }
        let rules: Set = ["archive-noark-integration", "end-of-support-soon", "phasing-out-without-transition"]
        #expect(found(rules) == ["end-of-support-soon system:byggesak", "phasing-out-without-transition system:sak-arkiv"])
        // The integration goes: the system sends to no archive.
        try step("architecture/integrasjon.yaml", nil)
        #expect(found(["archive-noark-integration"]) == ["archive-noark-integration system:byggesak"])
        // It comes back, but the archive is no Noark 5 archive any more.
        try step("architecture/integrasjon.yaml", "apiVersion: arkitekt/v1\nkind: Integration\nmetadata: {name: til-arkiv}\nspec: {from: byggesak, to: sak-arkiv}\n")
        #expect(found(["archive-noark-integration"]) == [])
        try step("architecture/arkiv.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: sak-arkiv}\nspec: {lifecycle: phasing-out}\n")
        #expect(found(["archive-noark-integration"]) == ["archive-noark-integration system:byggesak"])
        // A transition with a due date names both: neither is without a plan any more.
        try step("architecture/plan.yaml", """
            apiVersion: arkitekt/v1
            kind: Transition
            metadata: {name: plan}
            spec:
              due: 2026-12-31
              conditions:
                - {ref: "system:byggesak", path: spec.lifecycle, equals: retired}
                - {ref: "system:sak-arkiv", exists: false}

            """)
        #expect(found(["end-of-support-soon", "phasing-out-without-transition"]) == [])
        try step("architecture/plan.yaml", nil)
        #expect(found(["end-of-support-soon", "phasing-out-without-transition"]) == [
            "end-of-support-soon system:byggesak", "phasing-out-without-transition system:sak-arkiv",
        ])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func incrementalEqualsFullAtEveryStep(seed: UInt64) throws {
        var mutator = try LandscapeMutator(seed: seed)
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        var evolving = EvolvingLandscape()
        var today = try #require(Day(parsing: "2025-03-15"))
        evolving.reset(files: [:], engine: engine, today: today)
        // Start from the whole sample, read file by file.
        var files = Dictionary(uniqueKeysWithValues: mutator.current.map { ($0.key, LandscapeMutator.load($0.key, $0.value)) })
        #expect(evolving.apply(files.mapValues { Optional($0) }, day: today) != nil)
        var previous = full(files, engine: engine, today: today).0
        var steps = 0, findingsSeen = 0
        for _ in 0..<120 {
            let paths = mutator.step()
            var updates: [String: LoadedFile?] = [:]
            for path in paths {
                let file = mutator.current[path].map { LandscapeMutator.load(path, $0) }
                updates[path] = .some(file)
                files[path] = file
            }
            // Each step is a commit of its own day; the history rules read when things changed.
            today = mutator.day()
            let applied = evolving.apply(updates, day: today)
            let (before, touched) = try #require(applied)
            var engine = engine
            engine.history = evolving.history
            let (landscape, expected) = full(files, engine: engine, today: today)
            let got = evolving.result(today: today)
            #expect(got.findings.sorted(by: Finding.sortedOrder) == expected.findings, "seed \(seed), step \(steps), \(paths.sorted())")
            #expect(got.suppressed.sorted(by: Finding.sortedOrder) == expected.suppressed, "seed \(seed), step \(steps)")
            // The landscape changed in place equals the one read whole, and `before` the previous one.
            #expect(evolving.landscape.elements.map(\.location) == landscape.elements.map(\.location))
            #expect(evolving.landscape.resolvedElements.map(\.location) == landscape.resolvedElements.map(\.location))
            for ref in Set(previous.refs).union(landscape.refs) {
                #expect(before[ref] === previous[ref], "before[\(ref)] at step \(steps)")
                #expect(evolving.landscape[ref] === landscape[ref], "\(ref) at step \(steps), touched: \(touched.contains(ref))")
            }
            // Another day without a change: only what that day decides may move.
            let later = mutator.day()
            let expectedLater = engine.run(landscape, loaderFindings: LandscapeLoader.assemble(Array(files.values), fileCount: files.count).findings, today: later)
            #expect(evolving.result(today: later).findings.sorted(by: Finding.sortedOrder) == expectedLater.findings, "seed \(seed), step \(steps), later")
            previous = landscape
            steps += 1
            findingsSeen += expected.findings.count
        }
        #expect(steps == 120)
        #expect(findingsSeen > 120, "the walk should meet findings along the way")
    }
}

@Suite struct IncrementalWalkTests {
    /// Over a history of random edits with dates that cross expiries and due dates, what the walk
    /// says each commit introduced and resolved equals comparing two full checks of the parent
    /// and the commit, both on the commit's date.
    @Test func walkDeltasEqualFullChecksOfBothSides() throws {
        let repo = try HistoryRepo()
        var mutator = try LandscapeMutator(seed: 7)
        for (path, text) in mutator.current { try repo.write(path, text) }
        repo.git.date = "2025-01-05T12:00:00+00:00"
        try repo.git.commitAll("the sample", in: repo.path)
        // A commit a month, from February 2025 to January 2027: across the sample's expiries and due
        // dates, and in order, as a history is (a check of a commit knows the history up to it).
        let start = try #require(Day(parsing: "2025-02-05"))
        for i in 0..<24 {
            for path in mutator.step() {
                if let text = mutator.current[path] { try repo.write(path, text) } else { try? repo.remove(path) }
            }
            repo.git.date = "\(start.adding(months: i))T12:00:00+00:00"
            try repo.git.commitAll("edit \(i)", in: repo.path)
        }
        let repository = try #require(try GitRepository.discover(from: repo.path))
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let walker = HistoryWalker(repository: repository, context: { _ in CommitContext(prefixes: ["architecture"], key: "k", engine: engine) })
        let steps = try walker.walk(try repository.log(nil, firstParent: true))
        #expect(steps.count == 25)
        var changes = 0
        for step in steps {
            // The day comes from git itself (the committer date), not from the walker's own
            // reading of the commit, so that a mistake there shows here.
            let today = try #require(Day(parsing: try repo.git.run("log", "-1", "--format=%cd", "--date=format:%Y-%m-%d", step.commit.id, in: repo.path)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            func findings(_ rev: String?) throws -> Set<FindingIdentity> {
                guard let rev else { return [] }
                let analysis = try Kit.analyse(try Workspace(path: repo.path, selection: .revision(rev)), today: today, useCache: false)
                return Set(analysis.result.findings.map(\.identity))
            }
            let old = try findings(step.commit.parents.first), new = try findings(step.commit.id)
            #expect(Set(step.delta.introduced.map(\.identity)) == new.subtracting(old), "\(step.commit.id)")
            #expect(Set(step.delta.resolved.map(\.identity)) == old.subtracting(new), "\(step.commit.id)")
            changes += step.delta.introduced.count + step.delta.resolved.count
        }
        #expect(changes > 20, "the edits should introduce and resolve findings")
    }
}

@Suite struct WalkDayTests {
    /// The day decides: an exemption that runs out between a commit's parent and the commit is not
    /// something the commit did. The walk judges both sides on the commit's day; judged each on its
    /// own day, on the parent's day or on today's, the findings introduced would differ, and each
    /// of those readings fails one of the expectations below.
    @Test func timePassingBetweenTwoCommitsIsNotAChange() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.write("architecture/sak.yaml", Doc.system("sak", "{}"))
        try repo.write("architecture/unntak.yaml", """
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: sak-uten-eier}
            spec: {rule: system-owner-required, targets: [system:sak], reason: Eieren utnevnes., expires: 2025-01-15}

            """)
        repo.git.date = "2025-01-10T12:00:00+00:00"
        let before = try repo.git.commitAll("exempted", in: repo.path)
        // The second commit adds a system and an exemption for it that has already run out on
        // the commit's day (2025-01-20) but not on its parent's (2025-01-10).
        try repo.write("architecture/other.yaml", Doc.system("other") + """
            ---
            apiVersion: arkitekt/v1
            kind: Exemption
            metadata: {name: other-uten-prosess}
            spec: {rule: system-supports-process, targets: [system:other], reason: Kartlegges., expires: 2025-01-15}

            """)
        repo.git.date = "2025-01-20T12:00:00+00:00"
        let after = try repo.git.commitAll("an unrelated system", in: repo.path)

        func identities(_ rev: String, on day: String) throws -> Set<String> {
            let today = try #require(Day(parsing: day))
            let analysis = try Kit.analyse(try Workspace(path: repo.path, selection: .revision(rev)), today: today, useCache: false)
            return Set(analysis.result.findings.filter { $0.rule == "system-owner-required" || $0.rule.hasPrefix("exemption-") }
                .map { "\($0.rule) \($0.element?.description ?? "")" })
        }
        // Each side on its own day: the exemption holds before and has run out after.
        #expect(try identities(before, on: "2025-01-10") == [])
        #expect(try identities(after, on: "2025-01-20") == ["exemption-expired exemption:other-uten-prosess", "exemption-expired exemption:sak-uten-eier",
                                                             "system-owner-required system:sak"])
        // The walk: the second commit added one system and introduced only what that system brought.
        let repository = try #require(try GitRepository.discover(from: repo.path))
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let walker = HistoryWalker(repository: repository, context: { _ in CommitContext(prefixes: ["architecture"], key: "k", engine: engine) })
        let steps = try walker.walk(try repository.log(nil, firstParent: true))
        #expect(steps.map(\.commit.id).sorted() == [before, after].sorted())
        func introduced(_ id: String) throws -> [String] {
            let step = try #require(steps.first { $0.commit.id == id })
            #expect(step.delta.resolved.isEmpty)
            return step.delta.introduced.map { "\($0.rule) \($0.element?.description ?? "")" }.sorted()
        }
        // The first commit on its own day: its exemption holds (on today's date, it would not).
        #expect(try introduced(before) == ["security-classification-required system:sak", "system-supports-process system:sak"])
        // The second on its day, both sides: the old exemption's running out is not the commit's
        // doing, the new exemption's is (on the parent's day the new one would still hold).
        #expect(try introduced(after) == ["exemption-expired exemption:other-uten-prosess", "security-classification-required system:other",
                                          "system-supports-process system:other"])
    }
}

@Suite struct WalkReaderTests {
    struct Stop: Error {}

    /// The reading thread runs ahead; when the visitor stops the walk, the walk ends with that
    /// error (the reader is stopped and waited for, nothing hangs) and can run again.
    @Test func visitorErrorStopsTheWalk() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        for i in 0..<40 {
            try repo.write("architecture/s\(i).yaml", Doc.system("s\(i)"))
            repo.git.date = "2025-02-\(String(format: "%02d", 1 + i % 28))T12:\(String(format: "%02d", i)):00+00:00"
            try repo.git.commitAll("add s\(i)", in: repo.path)
        }
        let repository = try #require(try GitRepository.discover(from: repo.path))
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let walker = HistoryWalker(repository: repository, context: { _ in CommitContext(prefixes: ["architecture"], key: "k", engine: engine) })
        let commits = try repository.log(nil, firstParent: true)
        var seen = 0
        #expect(throws: Stop.self) {
            try walker.walk(commits) { _, _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
        // A second walk over the same walker sees every commit.
        #expect(try walker.walk(commits).count == 40)
    }

    /// An error on the reading side (here: a commit whose context cannot be made) ends the walk
    /// with that error.
    @Test func readerErrorEndsTheWalk() throws {
        let repo = try HistoryRepo()
        try repo.write("architecture/it.yaml", Doc.group)
        try repo.commit("1")
        try repo.write("architecture/a.yaml", Doc.system("a"))
        try repo.commit("2")
        let repository = try #require(try GitRepository.discover(from: repo.path))
        let engine = RuleEngine(ruleSet: try RuleSet.builtIn())
        let commits = try repository.log(nil, firstParent: true)
        let failing = commits[0].id
        let walker = HistoryWalker(repository: repository, context: { commit in
            if commit.id == failing { throw Stop() }
            return CommitContext(prefixes: ["architecture"], key: "k", engine: engine)
        })
        var visited = 0
        #expect(throws: Stop.self) { try walker.walk(commits) { _, _ in visited += 1 } }
        #expect(visited == 1)
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import Foundation

/// What the rules that read the history (`RuleScope.history`) see in a check: when each watched
/// aspect of each system last changed in the commits up to the one checked (HEAD for the index
/// and the work tree), and, for the index and the work tree, the change from HEAD as made on the
/// day of the check.
///
/// The commits are walked once, newest first from the landscape checked (first parents, with
/// today's landscape paths, back to the oldest date a change could be compared with), so that no
/// older landscape has to be read whole; what the walk found is kept under the git directory
/// (`.git/arkitekt/change-history-head`, and `-revision` for another commit, such as the merge
/// base of `check --against`) with the commit it reached: the next check takes it up as it is
/// when HEAD has not moved, and walks only the new commits when HEAD has moved on from it. Where there is no history to read (outside git, a
/// shallow clone, a day of the check before the last commit's) there is none, and the run says
/// why, when a system has a date it would have been compared with: the rules then judge only
/// what needs no history, never a guess.
enum CheckHistory {
    static let magic = Array("ARKITEKT-CHANGE-HISTORY\n".utf8)
    static let formatVersion = 2

    /// The history for a check of `source`, or nil with the reason there is none.
    /// - Parameter keep: take up and leave the walk under the git directory (not with `--no-cache`).
    /// - Parameter ahead: the commits read ahead (`readAhead`), if that was started; its thread
    ///   is stopped before this returns.
    static func make(_ workspace: Workspace, source: LoadedSource, paths: [String], today: Day,
                     limits: Limits, keep: Bool, ahead: WalkAhead? = nil) -> (history: ChangeHistory?, note: LocalizedText?) {
        defer { ahead?.finish() }
        let landscape = source.landscape
        /// No history: said only where it would have mattered, a system with a date to compare.
        func none(_ note: LocalizedText) -> (history: ChangeHistory?, note: LocalizedText?) {
            (nil, dates(landscape.unorderedElements(of: .system)).oldest(today: today) == nil ? nil : note)
        }
        guard let repository = workspace.repository else { return none(Notes.noRepository) }
        guard !repository.isShallow else { return none(Notes.shallow) }
        let prefixes = paths.map(workspace.inRepository)
        let tip: CommitInfo
        switch workspace.selection {
        case .revision(let revision):
            guard let commit = try? repository.commit(revision) else { return none(Notes.unreadable) }
            tip = commit
        case .workTree, .staged:
            // Nothing committed yet: everything is being described, nothing has changed.
            guard !repository.isEmpty else { return (ChangeHistory(), nil) }
            guard let commit = try? repository.commit("HEAD") else { return none(Notes.unreadable) }
            tip = commit
        }
        guard HistoryWalker.day(of: tip) <= today else { return none(Notes.dayBeforeCommit(HistoryWalker.day(of: tip))) }
        let filter = HistoryWalker.landscapeFilter(prefixes, limits: limits)
        // One file for HEAD and one for a revision, so that `check --against`, which reads both,
        // does not walk one of them again on every run; several landscapes of one repository (a
        // monorepo) each keep their own.
        let file = keptFile(repository, tip: tip.id, prefixes: prefixes)
        let signature = "arkitekt \(ArkitektVersion.current) history \(formatVersion) codec \(BinaryCodec.formatVersion) "
            + "build \(CheckState.build) paths \(prefixes.joined(separator: ","))"
        var kept = keep ? read(file, signature: signature) : nil
        let current = kept?.tip == tip.id ? kept : nil

        // The files of what is checked that differ from the tip's (an index or a work tree).
        var listing = current?.listing ?? [:]
        if current == nil {
            guard let entries = try? repository.entries(tip.id, filter: filter) else { return none(Notes.unreadable) }
            for entry in entries { listing[entry.path] = entry.contentBlobID ?? "" }
        }
        var changed = Set<String>()
        var whole = false
        if case .revision = workspace.selection {} else {
            let checked = Dictionary(source.files.map { ($0.path, $0.source?.cacheBlob ?? "") }, uniquingKeysWith: { a, _ in a })
            whole = source.files.isEmpty
            for (path, blob) in checked where blob.isEmpty || listing[path] != blob { changed.insert(path) }
            for path in listing.keys where checked[path] == nil { changed.insert(path) }
        }
        // A catalog's descriptors depend on one another: the tip is read whole, so that the walk
        // back has every descriptor to decode the others with.
        if source.hasCatalog { whole = true }

        // Only a change after the oldest date a change could be compared with matters: nothing
        // older can make either rule report. The dates of the files the tip holds unchanged are
        // taken from what was kept, so that a staged check decodes only the systems it changed.
        var fileDates = current?.dates ?? [:]
        if current == nil || whole {
            fileDates = dates(landscape.unorderedElements(of: .system))
        } else {
            for path in changed { fileDates[path] = nil }
            let inChanged = landscape.unorderedElements(of: .system).filter { changed.contains($0.file) }
            for (path, found) in dates(inChanged) { fileDates[path] = found }
        }
        guard let since = fileDates.oldest(today: today) else { return (nil, nil) }
        ahead?.stop(before: since)
        if let old = kept, old.since > since { kept = nil }
        let reuse = kept?.tip == tip.id ? kept : nil

        // A walker reads the tip's versions of the changed files and, when needed, the commits.
        // The files the check has read, or its parse cache holds, are not parsed again.
        guard let noRules = try? RuleSet(packs: []) else { return none(Notes.unreadable) }
        let walker = HistoryWalker(repository: repository, limits: limits) { _ in
            CommitContext(prefixes: prefixes, key: "", engine: RuleEngine(ruleSet: noRules))
        }
        let box = UncheckedParseCache(source.cache, source.byBlob)
        walker.alreadyParsed = { blob, path in
            box.read[BlobPath(blob: blob, path: path)] ?? box.cache?.record(blob: blob, path: path).flatMap(BinaryCodec.decode)
        }
        var headFiles: [String: LoadedFile] = [:]
        func readHead() -> Bool {
            let wanted = FileFilter(prefixes: whole ? prefixes : changed.sorted(by: ByteOrder.less), extensions: FileFilter.landscapeExtensions,
                                    maxBytes: limits.maxFileBytes)
            guard let entries = try? repository.entries(tip.id, filter: wanted),
                  let loaded = try? walker.load(entries.filter { whole || changed.contains($0.path) }) else { return false }
            headFiles = loaded
            return true
        }
        if whole || !changed.isEmpty {
            guard readHead() else { return none(Notes.unreadable) }
            // The tip's descriptors need the whole catalog to be read (the checked files had none).
            if !whole, headFiles.values.contains(where: { $0.catalog != nil }) {
                whole = true
                guard readHead() else { return none(Notes.unreadable) }
            }
        }
        // Read whole (without the listing a parse cache gives), or the changed files put back.
        let wholeTip = whole ? LandscapeLoader.assemble(Array(headFiles.values), fileCount: headFiles.count, limits: limits).landscape : nil
        let checkedFiles = Dictionary(source.files.filter { changed.contains($0.path) }.map { ($0.path, $0.file?.elements ?? []) },
                                      uniquingKeysWith: { a, _ in a })
        let atTip = LandscapeBefore(base: landscape, puttingBack: Dictionary(uniqueKeysWithValues: changed.map { ($0, headFiles[$0]) }),
                                    current: { checkedFiles[$0] ?? [] })

        // The committed history: kept, or kept and the commits since, or walked back to `since`.
        var committed: ChangeHistory
        if let reuse {
            committed = reuse.history
        } else {
            // The landscape at the tip, to walk back from: what was checked, with the changed
            // files as the tip has them.
            var tipLandscape = wholeTip ?? landscape
            var tipFiles = wholeTip != nil ? headFiles
                : Dictionary(grouping: landscape.elements, by: \.file).mapValues { LoadedFile(path: $0[0].file, elements: $0, findings: []) }
            if wholeTip == nil {
                for path in changed {
                    tipLandscape.replace(file: path, with: headFiles[path]?.elements ?? [])
                    tipFiles[path] = headFiles[path]
                }
            }
            var base = ChangeHistory()
            var commits: [CommitInfo]
            let read = ahead.flatMap { $0.tip == tip.id && $0.prefixes == prefixes ? $0 : nil }
            if let kept, let newer = try? repository.log("\(kept.tip)..\(tip.id)", firstParent: true),
               let oldest = newer.last, oldest.parents.first == kept.tip {
                commits = newer
                base = kept.history
            } else {
                guard let all = read?.commits() ?? (try? repository.log(tip.id, firstParent: true)) else { return none(Notes.unreadable) }
                // Newest first, down to the first commit older than `since`.
                commits = Array(all.prefix { HistoryWalker.day(of: $0) >= since })
                kept = nil
            }
            guard let found = try? walker.walkBack(commits, landscape: tipLandscape, files: tipFiles, prefixes: prefixes, ahead: read) else {
                return none(Notes.unreadable)
            }
            committed = base.updated(with: found) { tipLandscape.contains($0) }
            if keep {
                let tipDates = dates(tipLandscape.unorderedElements(of: .system))
                write(Kept(tip: tip.id, since: kept?.since ?? since, history: committed, listing: listing, dates: tipDates),
                      signature: signature, to: file)
            }
        }
        // The change from the tip, made on the day of the check.
        var history = committed
        if let wholeTip {
            history.record(from: wholeTip, to: landscape, day: today)
        } else if !atTip.touched.isEmpty {
            history.record(touched: atTip.touched, before: atTip, after: landscape, day: today)
        }
        return (history, nil)
    }

    /// Where the walk of `tip` is kept: one file for HEAD and one for another revision, so that
    /// `check --against`, which reads both, does not walk one of them again on every run; several
    /// landscapes of one repository (a monorepo) each keep their own.
    static func keptFile(_ repository: GitRepository, tip: String, prefixes: [String]) -> String {
        let landscapeKey = prefixes == ["architecture"] ? "" : "-" + SHA256.hex(prefixes.joined(separator: "\n")).prefix(12)
        return repository.gitDirectory + "/arkitekt/change-history-"
            + (tip == (try? repository.commit("HEAD"))?.id ? "head" : "revision") + landscapeKey
    }

    /// Starts reading the commits a walk back from the checked commit (HEAD for the index and the
    /// work tree) will need, before the landscape is read (`WalkAhead`). Not when a walk is kept
    /// (it is taken up instead), outside git, in a shallow clone or in an empty repository.
    static func readAhead(_ workspace: Workspace, paths: [String], limits: Limits, keep: Bool) -> WalkAhead? {
        guard let repository = workspace.repository, !repository.isShallow, !repository.isEmpty else { return nil }
        let revision: String
        switch workspace.selection {
        case .revision(let name): revision = name
        case .workTree, .staged: revision = "HEAD"
        }
        let prefixes = paths.map(workspace.inRepository)
        guard let tip = try? repository.commit(revision),
              !(keep && FileManager.default.fileExists(atPath: keptFile(repository, tip: tip.id, prefixes: prefixes))),
              let second = try? repository.reopened() else { return nil }
        return WalkAhead(repository: second, tip: tip.id, prefixes: prefixes, limits: limits)
    }

    /// `make` begun on another core; `made` waits for it. The walk only reads what it is given
    /// (the repository, the checked source and its parse cache), and the check leaves them as they
    /// are until it has the history.
    final class Walk: @unchecked Sendable {
        private let ahead: Ahead<Made>

        struct Made: @unchecked Sendable {
            let history: ChangeHistory?
            let note: LocalizedText?
        }

        init(_ workspace: Workspace, source: LoadedSource, paths: [String], today: Day, limits: Limits, keep: Bool,
             readAhead: WalkAhead?) {
            let input = Input(workspace: workspace, source: source)
            ahead = Ahead(1) { _ in
                let made = CheckHistory.make(input.workspace, source: input.source, paths: paths, today: today, limits: limits, keep: keep,
                                             ahead: readAhead)
                return Made(history: made.history, note: made.note)
            }
        }

        private struct Input: @unchecked Sendable {
            let workspace: Workspace
            let source: LoadedSource
        }

        /// The history and the note, once the walk is over.
        var made: Made {
            ahead.finish().first.flatMap { $0 } ?? Made(history: nil, note: Notes.unreadable)
        }
    }

    /// The dates of a file's systems that a change could be compared with.
    struct FileDates: Equatable {
        var riskAssessments: [Day] = []
        var dpia: Day?
    }

    /// The dates of `systems`, by file.
    static func dates(_ systems: [Element]) -> [String: FileDates] {
        var found: [String: FileDates] = [:]
        for element in systems {
            guard let system = element.system else { continue }
            if let assessed = system.security.riskAssessment?.value { found[element.file, default: FileDates()].riskAssessments.append(assessed) }
            if let dpia = system.privacy.dpiaDate?.value, found[element.file]?.dpia.map({ dpia < $0 }) ?? true {
                found[element.file, default: FileDates()].dpia = dpia
            }
        }
        return found
    }

    /// The oldest date the rules would compare with a change in `landscape`.
    static func oldestDateCompared(_ landscape: Landscape, today: Day) -> Day? {
        dates(landscape.unorderedElements(of: .system)).oldest(today: today)
    }

    /// What a walk found: the commit it reached (and the day it went back to), the history up to
    /// it, the content blob of each landscape file there, and the dates of its systems by file.
    struct Kept {
        var tip: String
        /// The walk took the commits of this day and later.
        var since: Day
        var history: ChangeHistory
        var listing: [String: String]
        var dates: [String: FileDates] = [:]
    }

    static func read(_ path: String, signature: String) -> Kept? {
        guard let data = ParseCache.read(path), let body = ParseCache.verified(data, magic: magic) else { return nil }
        var r = BinaryReader(body)
        guard r.string() == signature, let tip = r.string(), let since = r.string().flatMap({ Day(parsing: $0) }),
              let length = r.count(), let bytes = r.take(length),
              let history = ChangeHistory(decoding: bytes), let count = r.count() else { return nil }
        var listing: [String: String] = [:]
        for _ in 0..<count {
            guard let path = r.string(), let blob = r.string() else { return nil }
            listing[path] = blob
        }
        guard let dateCount = r.count() else { return nil }
        var dates: [String: FileDates] = [:]
        for _ in 0..<dateCount {
            guard let path = r.string(), let n = r.count() else { return nil }
            var file = FileDates()
            for _ in 0..<n {
                guard let day = r.string().flatMap({ Day(parsing: $0) }) else { return nil }
                file.riskAssessments.append(day)
            }
            guard let dpia = r.optString() else { return nil }
            file.dpia = dpia.flatMap { Day(parsing: $0) }
            dates[path] = file
        }
        guard r.atEnd else { return nil }
        return Kept(tip: tip, since: since, history: history, listing: listing, dates: dates)
    }

    static func write(_ kept: Kept, signature: String, to path: String) {
        var w = BinaryWriter()
        w.bytes = magic
        w.string(signature)
        w.string(kept.tip)
        w.string(kept.since.description)
        let history = kept.history.encoded()
        w.int(history.count)
        w.bytes += history
        w.int(kept.listing.count)
        for path in kept.listing.keys.sorted(by: ByteOrder.less) {
            w.string(path)
            w.string(kept.listing[path] ?? "")
        }
        w.int(kept.dates.count)
        for path in kept.dates.keys.sorted(by: ByteOrder.less) {
            let file = kept.dates[path] ?? FileDates()
            w.string(path)
            w.int(file.riskAssessments.count)
            for day in file.riskAssessments { w.string(day.description) }
            w.optString(file.dpia?.description)
        }
        ParseCache.writeSealed(&w.bytes, to: path)
    }

    /// Why a run has no history, said once on stderr.
    enum Notes {
        static let judged = LocalizedText(
            nb: "risk-assessment-current vurderer bare datoene, og dpia-review-on-change vurderer ingenting.",
            en: "risk-assessment-current judges only the dates, and dpia-review-on-change judges nothing.")
        static func note(nb: String, en: String, advice: LocalizedText? = nil) -> LocalizedText {
            LocalizedText(nb: "arkitekt: \(nb): \(judged.nb)" + (advice.map { " " + $0.nb } ?? ""),
                          en: "arkitekt: \(en): \(judged.en)" + (advice.map { " " + $0.en } ?? ""))
        }
        static let noRepository = note(nb: "landskapet ligger ikke i et git-depot og har ingen historikk",
                                       en: "the landscape is not in a git repository and has no history")
        static let shallow = note(nb: "klonen er grunn (shallow), så historikken er ufullstendig",
                                  en: "this is a shallow clone, so the history is incomplete", advice: Kit.shallowAdvice)
        static let unreadable = note(nb: "historikken kunne ikke leses", en: "the history could not be read")
        static func dayBeforeCommit(_ day: Day) -> LocalizedText {
            note(nb: "dagen det vurderes for, ligger før siste commit (\(day)), og historikken slik den var da, er ikke kjent",
                 en: "the day judged lies before the last commit (\(day)), and the history as it stood then is not known")
        }
    }
}

/// The parse cache, read from the walk's reading thread while the check waits for the walk: it
/// is only read (`record`), never changed, until the walk returns.
final class UncheckedParseCache: @unchecked Sendable {
    let cache: ParseCache?
    let read: [BlobPath: LoadedFile]
    init(_ cache: ParseCache?, _ read: [BlobPath: LoadedFile]) {
        self.cache = cache
        self.read = read
    }
}

extension Dictionary where Key == String, Value == CheckHistory.FileDates {
    /// The oldest date the rules would compare with a change: a System's `privacy.dpiaDate`, or
    /// its `security.riskAssessment` while it is not over 24 months old (after that it is reported
    /// for its age, whatever changed); nil when there is none.
    func oldest(today: Day) -> Day? {
        var oldest: Day?
        for file in values {
            var candidates = file.riskAssessments.filter { $0.adding(months: ChangeHistory.riskAssessmentMonths) >= today }
            if let dpia = file.dpia { candidates.append(dpia) }
            for day in candidates where oldest.map({ day < $0 }) ?? true { oldest = day }
        }
        return oldest
    }
}

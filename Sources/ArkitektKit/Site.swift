import ArkitektGit
import ArkitektHistory
import ArkitektModel
import ArkitektReporting
import ArkitektSite
import Foundation

/// Options of `arkitekt site`.
public struct SiteOptions: Sendable {
    public var path = "."
    public var rev: String?
    public var output = "site"
    public var language: Language?
    public var date: Day?
    public var force = false
    public var history = true
    public var useCache = Kit.cacheEnabled
    public init() {}
}

extension Kit {
    /// The file that marks a folder as a site arkitekt wrote, with the files it wrote: a later
    /// run may replace and remove those, and nothing else.
    static let siteMarker = ".arkitekt-site"
    /// Diagrams laid out by an earlier run (SVG by the hash of their DOT), kept in the site.
    static let siteDiagramCache = ".arkitekt-site-diagrams"

    /// `arkitekt site`: the architecture library as static pages in a folder.
    public static func site(_ options: SiteOptions, progress: ((String, Int, Int) -> Void)? = nil) throws(KitError) -> CommandOutput {
        let selection: SourceSelection = options.rev.map { .revision($0) } ?? .workTree
        let workspace = try Workspace(path: options.path, selection: selection)
        let today = options.date ?? today()
        let output = options.output
        // Refused before anything is read or walked: the folder is the user's until shown otherwise.
        let previous = try siteFolder(output, force: options.force)
        let analysis = try analyse(workspace, today: today, useCache: options.useCache)
        let language = options.language ?? analysis.config.language ?? .nb
        var source = language == .nb ? "arbeidskatalogen" : "the work tree"
        var history: SiteHistory?
        if let repository = workspace.repository, options.history {
            let head = options.rev ?? "HEAD"
            if repository.isEmpty && options.rev == nil {
                history = SiteHistory()
            } else {
                let commit = try commit(head, in: repository)
                source = options.rev.map { "\($0) (\(HistoryText.short(commit.id)))" } ?? source + " (HEAD \(HistoryText.short(commit.id)))"
                history = try siteHistory(workspace, repository: repository, head: commit, final: analysis, today: today,
                                          progress: progress.map { p in { p("commits", $0, $1) } })
            }
        } else if let rev = options.rev, let repository = workspace.repository {
            source = "\(rev) (\(HistoryText.short(try commit(rev, in: repository).id)))"
        }
        let input = SiteInput(landscape: analysis.landscape, findings: analysis.result.findings, suppressed: analysis.result.suppressed,
                              ruleSet: analysis.ruleSet, language: language, today: today, source: source, history: history,
                              version: ArkitektVersion.current)
        let builder = SiteBuilder(input)
        let cachePath = output + "/" + siteDiagramCache
        builder.diagrams = readDiagramCache(cachePath)
        builder.progress = progress.map { p in { p(language == .nb ? "sider" : "pages", $0, $1) } }
        let writer = SiteWriter(output: output, previous: previous)
        builder.build { writer.write($0) }
        builder.diagrams = [:]
        let written = try writer.finish(diagrams: builder.used, cachePath: cachePath)
        let nb = language == .nb
        let index = output.hasSuffix("/") ? output + "index.html" : output + "/index.html"
        var text = nb ? "Skrev nettstedet til \(output): \(written.files) filer, \(written.changed) endret, \(written.removed) fjernet; \(builder.laidOut) diagrammer tegnet, \(builder.used.count - min(builder.laidOut, builder.used.count)) fra forrige kjøring.\n"
            : "Wrote the site to \(output): \(written.files) files, \(written.changed) changed, \(written.removed) removed; \(builder.laidOut) diagrams laid out, \(builder.used.count - min(builder.laidOut, builder.used.count)) from the previous run.\n"
        text += nb ? "Åpne \(index) i en nettleser.\n" : "Open \(index) in a browser.\n"
        var result = CommandOutput(stdout: text, exitCode: 0)
        result.analysis = analysis
        return result
    }

    /// The walk behind the site's history: each touched commit, what it did to each element, the
    /// findings in force after it, the tags, and the transitions' progress.
    static func siteHistory(_ workspace: Workspace, repository: GitRepository, head: CommitInfo, final: Analysis, today: Day,
                            progress: ((Int, Int) -> Void)?) throws(KitError) -> SiteHistory {
        let commits: [CommitInfo]
        let tags: [String: [String]]
        do {
            commits = try repository.log(head.id, firstParent: true)
            tags = try repository.tagsByCommit()
        } catch {
            throw gitFailure(error)
        }
        try refuseShallowBoundary(commits, in: repository, command: "site")
        var history = SiteHistory()
        history.walked = commits.count
        let tracker = TransitionTracker.Progress(final: final.landscape)
        _ = try walk(workspace, commits: commits, progress: progress, reportsFindings: true) { step, landscapes in
            tracker.observe(step, landscapes)
            guard step.touched, let landscapes else { return }
            let index = history.commits.count
            history.commits.append(SiteHistory.Commit(id: step.commit.id, summary: step.commit.summary, author: step.commit.authorName,
                                                      day: HistoryWalker.day(of: step.commit), tags: (tags[step.commit.id] ?? []).sorted(by: ByteOrder.less)))
            for (ref, sentences) in ChangeNarrator.sentencesByElement(step.diff, old: landscapes.before, new: landscapes.after) {
                history.changes[ref, default: []].append(SiteHistory.Change(commit: index, sentences: sentences))
            }
            var counts: [String: Int] = [:]
            for finding in landscapes.findings ?? [] { counts[finding.principle, default: 0] += 1 }
            history.trend.append((index, counts))
        }
        history.transitions = tracker.finish(final: final.landscape, commit: head, today: today)
        var tagList: [(name: String, day: Day)] = []
        for commit in commits {
            for name in tags[commit.id] ?? [] { tagList.append((name, HistoryWalker.day(of: commit))) }
        }
        history.tags = tagList.sorted { $0.day != $1.day ? $0.day < $1.day : ByteOrder.less($0.name, $1.name) }
        return history
    }

    /// Checks the output folder: absent or empty (fine), an earlier site (its files, which this
    /// run may replace or remove), or anything else (refused without `--force`, and even with it
    /// no file of the user's is removed). Returns the files of the earlier site.
    static func siteFolder(_ output: String, force: Bool) throws(KitError) -> Set<String> {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: output, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            throw KitError(nb: "«\(output)» finnes og er ingen mappe: nettstedet trenger en mappe.",
                           en: "'\(output)' exists and is not a folder: the site needs a folder.")
        }
        let marker = output + "/" + siteMarker
        if let text = try? String(contentsOfFile: marker, encoding: .utf8), text.hasPrefix("arkitekt-site 1\n") {
            return Set(text.split(separator: "\n").dropFirst().map(String.init).filter { isSafeSitePath($0) })
        }
        let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
        if contents.isEmpty || force { return [] }
        throw KitError(
            nb: "Mappen «\(output)» finnes og er ikke et nettsted arkitekt har laget (den mangler \(siteMarker)); ingenting ble skrevet. Velg en annen mappe med -o, eller bruk --force for å skrive i den (ingen av filene dine blir slettet).",
            en: "The folder '\(output)' exists and is not a site arkitekt made (it has no \(siteMarker)); nothing was written. Choose another folder with -o, or use --force to write into it (none of your files is deleted).")
    }

    /// A path from a marker: relative, inside the folder, no `..`.
    static func isSafeSitePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }

    /// Writes the files that differ from what is there as they come, then removes the files of the
    /// earlier site that this one no longer has, and writes the marker and the diagram cache.
    final class SiteWriter {
        let output: String
        let previous: Set<String>
        var paths: [String] = []
        var changed = 0
        var failure: KitError?

        init(output: String, previous: Set<String>) {
            self.output = output
            self.previous = previous
        }

        func write(_ file: SiteFile) {
            guard failure == nil else { return }
            paths.append(file.path)
            let path = output + "/" + file.path
            let data = Data(file.content.utf8)
            if let existing = FileManager.default.contents(atPath: path), existing == data { return }
            do {
                try Kit.write(data, to: path)
                changed += 1
            } catch {
                failure = error
            }
        }

        func finish(diagrams: [String: String], cachePath: String) throws(KitError) -> (files: Int, changed: Int, removed: Int) {
            if let failure { throw failure }
            let current = Set(paths)
            var removed = 0
            for path in previous.subtracting(current).sorted() {
                if (try? FileManager.default.removeItem(atPath: output + "/" + path)) != nil { removed += 1 }
            }
            let marker = Data(("arkitekt-site 1\n" + paths.sorted(by: ByteOrder.less).joined(separator: "\n") + "\n").utf8)
            let markerPath = output + "/" + Kit.siteMarker
            if FileManager.default.contents(atPath: markerPath) != marker { try Kit.write(marker, to: markerPath) }
            try Kit.writeDiagramCache(diagrams, to: cachePath)
            return (paths.count, changed, removed)
        }
    }

    /// Writes a file whole, making its folder: a file that is there is replaced through a
    /// temporary file and a rename, so that a reader never sees half of it. No fsync: a page can
    /// always be made again, and syncing ten thousand of them took a tenth of the run.
    static func write(_ data: Data, to path: String) throws(KitError) {
        func failed(_ reason: String) -> KitError {
            KitError(nb: "Kunne ikke skrive «\(path)»: \(reason)", en: "Could not write '\(path)': \(reason)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw failed(error.localizedDescription)
            }
        }
        let replacing = FileManager.default.fileExists(atPath: path)
        let target = replacing ? path + ".arkitekt-tmp" : path
        // A new file, never through a link that happens to be there.
        if replacing { unlink(target) }
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failed(String(cString: strerror(errno))) }
        var written = 0
        let ok = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while written < raw.count {
                let n = Foundation.write(fd, base + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        let closed = close(fd) == 0
        guard ok, closed else {
            let reason = String(cString: strerror(errno))
            unlink(target)
            throw failed(reason)
        }
        if replacing, rename(target, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(target)
            throw failed(reason)
        }
    }

    /// Writes the diagram cache entry by entry (it can be larger than the pages that show it),
    /// into a temporary file that then takes its place.
    static func writeDiagramCache(_ diagrams: [String: String], to path: String) throws(KitError) {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw KitError(nb: "Kunne ikke skrive «\(temporary)».", en: "Could not write '\(temporary)'.")
        }
        do {
            try handle.write(contentsOf: Data("arkitekt-diagrams 1\n".utf8))
            for key in diagrams.keys.sorted() {
                guard let svg = diagrams[key] else { continue }
                try handle.write(contentsOf: Data("\(key) \(svg.utf8.count)\n".utf8))
                try handle.write(contentsOf: Data(svg.utf8))
            }
            try handle.close()
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw KitError(nb: "Kunne ikke skrive «\(path)»: \(error.localizedDescription)", en: "Could not write '\(path)': \(error.localizedDescription)")
        }
    }

    /// The diagram cache: for each diagram, the hash of its DOT, the length of its SVG in bytes,
    /// and the SVG. (The DOT itself is not kept; its hash is the key.)
    /// Reads it back as SVG by DOT hash; a damaged or foreign file reads as empty.
    static func readDiagramCache(_ path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return data.withUnsafeBytes { raw -> [String: String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            let header = Array("arkitekt-diagrams 1\n".utf8)
            guard bytes.starts(with: header) else { return [:] }
            var result: [String: String] = [:]
            var i = header.count
            while i < bytes.count {
                guard let newline = bytes[i...].firstIndex(of: 0x0A) else { return [:] }
                let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<newline]), as: UTF8.self).split(separator: " ")
                guard line.count == 2, let length = Int(line[1]), length >= 0, length <= bytes.count - newline - 1 else { return [:] }
                result[String(line[0])] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(newline + 1)..<(newline + 1 + length)]), as: UTF8.self)
                i = newline + 1 + length
            }
            return result
        }
    }
}

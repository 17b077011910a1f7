import ArkitektGit
import ArkitektGraph
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
    /// Diagrams laid out by an earlier run (SVG by the hash of their DOT), under the git directory.
    static let siteDiagramCache = "site-diagrams"

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
        // A file of someone else's is never replaced: all of them are named before anything is written.
        try refuseOthersFiles(builder.paths(), in: output, previous: previous)
        // Diagrams laid out by earlier runs are kept beside the parse cache, not in the site (which
        // gets published): keyed by their DOT text, stamped with the versions that drew them.
        let cachePath = workspace.repository.map { $0.gitDirectory + "/arkitekt/" + siteDiagramCache }
        let stamp = "arkitekt \(ArkitektVersion.current) graphviz \(Graphviz.version)"
        if options.useCache, let cachePath { builder.diagrams = readDiagramCache(cachePath, stamp: stamp) }
        builder.progress = progress.map { p in { p(language == .nb ? "sider" : "pages", $0, $1) } }
        let writer = SiteWriter(output: output, previous: previous)
        builder.build { writer.write($0) }
        builder.diagrams = [:]
        let written = try writer.finish()
        if let cachePath { writeDiagramCache(builder.used, to: cachePath, stamp: stamp) }
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
    /// run may replace or remove), or anything else (refused without `--force`; with it, the site
    /// is written beside what is there, and `refuseOthersFiles` keeps every file of it). Returns
    /// the files of the earlier site.
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
            nb: "Mappen «\(output)» finnes og er ikke et nettsted arkitekt har laget (den mangler \(siteMarker)); ingenting ble skrevet. Velg en annen mappe med -o, eller bruk --force for å skrive i den (ingen av filene dine blir endret eller slettet).",
            en: "The folder '\(output)' exists and is not a site arkitekt made (it has no \(siteMarker)); nothing was written. Choose another folder with -o, or use --force to write into it (none of your files is changed or deleted).")
    }

    /// A path from a marker: relative, inside the folder, no `..`.
    static func isSafeSitePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }

    /// Stops the run when a page would replace a file arkitekt did not write (one an earlier site
    /// of its own does not list), or when a folder on the way is a link or a file: writing there
    /// would change something of the user's, or something outside the folder.
    static func refuseOthersFiles(_ paths: [String], in output: String, previous: Set<String>) throws(KitError) {
        var theirs: [String] = []
        var folders = Set<String>()
        for path in paths {
            var folder = ""
            for part in path.split(separator: "/").dropLast() {
                folder += (folder.isEmpty ? "" : "/") + part
                folders.insert(folder)
            }
            var info = stat()
            if !previous.contains(path), lstat(output + "/" + path, &info) == 0 { theirs.append(path) }
        }
        for folder in folders {
            var info = stat()
            if lstat(output + "/" + folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { theirs.append(folder + "/") }
        }
        guard !theirs.isEmpty else { return }
        theirs.sort(by: ByteOrder.less)
        let shown = theirs.prefix(5).joined(separator: ", ") + (theirs.count > 5 ? " (+\(theirs.count - 5))" : "")
        throw KitError(
            nb: "I «\(output)» ligger allerede \(theirs.count == 1 ? "en fil" : "\(theirs.count) filer") som nettstedet ville ha erstattet, og som arkitekt ikke har skrevet: \(shown). Ingenting ble skrevet. Flytt dem, eller velg en annen mappe med -o.",
            en: "'\(output)' already holds \(theirs.count == 1 ? "a file" : "\(theirs.count) files") the site would replace, which arkitekt did not write: \(shown). Nothing was written. Move them, or choose another folder with -o.")
    }

    /// Writes the files that differ from what is there as they come, then removes the files of the
    /// earlier site that this one no longer has, and writes the list of its files.
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

        /// Writes one file when it differs; false after a failure (the run stops making pages).
        func write(_ file: SiteFile) -> Bool {
            guard failure == nil else { return false }
            let path = output + "/" + file.path
            let bytes = Array(file.content.utf8)
            if let existing = FileManager.default.contents(atPath: path), existing.elementsEqual(bytes) {
                paths.append(file.path)
                return true
            }
            let folder = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                failure = KitError(nb: "Kunne ikke lage mappen «\(folder)»: \(error.localizedDescription)",
                                   en: "Could not make the folder '\(folder)': \(error.localizedDescription)")
                return false
            }
            // Pages can always be made again: no fsync (ten thousand of them took a tenth of the run).
            guard AtomicFile.writeRebuildable(bytes, to: path) else {
                let reason = String(cString: strerror(errno))
                failure = KitError(nb: "Kunne ikke skrive «\(path)»: \(reason)", en: "Could not write '\(path)': \(reason)")
                return false
            }
            paths.append(file.path)
            changed += 1
            return true
        }

        /// Removes what the earlier site had and this one has not (regular files only), and
        /// writes the list. After a failure the list keeps the earlier site's files too, so that a
        /// later run still knows them for its own; then the failure is thrown.
        func finish() throws(KitError) -> (files: Int, changed: Int, removed: Int) {
            let current = Set(paths)
            var removed = 0
            if failure == nil {
                for path in previous.subtracting(current).sorted(by: ByteOrder.less) {
                    var info = stat()
                    guard lstat(output + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                    if unlink(output + "/" + path) == 0 { removed += 1 }
                }
            }
            let listed = failure == nil ? current : current.union(previous)
            let marker = Array(("arkitekt-site 1\n" + listed.sorted(by: ByteOrder.less).joined(separator: "\n") + "\n").utf8)
            let markerPath = output + "/" + Kit.siteMarker
            if FileManager.default.contents(atPath: markerPath).map({ !$0.elementsEqual(marker) }) ?? true,
               !AtomicFile.writeRebuildable(marker, to: markerPath), failure == nil {
                failure = KitError(nb: "Kunne ikke skrive «\(markerPath)»: \(String(cString: strerror(errno)))",
                                   en: "Could not write '\(markerPath)': \(String(cString: strerror(errno)))")
            }
            if let failure { throw failure }
            return (paths.count, changed, removed)
        }
    }

    /// Writes the diagram cache entry by entry (it can be larger than the pages that show it),
    /// into a temporary file that then takes its place. A cache that cannot be written is no
    /// error: the next run lays the diagrams out again.
    static func writeDiagramCache(_ diagrams: [String: String], to path: String, stamp: String) {
        let temporary = AtomicFile.temporaryPath(for: path)
        guard (try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)) != nil,
              FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else { return }
        do {
            try handle.write(contentsOf: Data("arkitekt-diagrams 2 \(stamp)\n".utf8))
            for key in diagrams.keys.sorted() {
                guard let svg = diagrams[key] else { continue }
                try handle.write(contentsOf: Data("\(key) \(svg.utf8.count)\n".utf8))
                try handle.write(contentsOf: Data(svg.utf8))
            }
            try handle.close()
            if rename(temporary, path) != 0 { unlink(temporary) }
        } catch {
            unlink(temporary)
        }
    }

    /// The diagram cache: a line that says which versions drew it, then for each diagram the
    /// hash of its DOT, the length of its SVG in bytes, and the SVG. Read back as SVG by DOT
    /// hash; a damaged file, or one drawn by other versions, reads as empty.
    static func readDiagramCache(_ path: String, stamp: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return data.withUnsafeBytes { raw -> [String: String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            let header = Array("arkitekt-diagrams 2 \(stamp)\n".utf8)
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

import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import Dispatch
import Foundation

/// What reading a landscape gave: the landscape and the findings of reading it, and for a run
/// that can keep its evaluation (`CheckState`), the files as the git source listed them.
struct LoadedSource {
    var landscape: Landscape
    var findings: [Finding]
    /// Every file of the listing, in listing order, when the run fills the parse cache.
    var files: [ListedFile] = []
    /// The parse cache of the run, when it has one and fills it.
    var cache: ParseCache?
    /// The files read, by content blob and path, where the blob is known: a walk of the same
    /// repository's history (`CheckHistory`) takes them instead of parsing them again.
    var byBlob: [BlobPath: LoadedFile] = [:]
    /// Some file holds Backstage descriptors.
    var hasCatalog = false
}

/// A file's content blob and path.
struct BlobPath: Hashable {
    var blob: String
    var path: String
}

/// A file of a listing, what it was read from and what it gave.
struct ListedFile {
    var path: String
    /// Nil when unknown, such as for a work-tree file git would filter.
    var source: FileSource?
    var file: LoadedFile?
    /// Whether the parse cache file, as the run leaves it, holds its record.
    var cached: Bool
}

/// What a file of a listing was read from, enough to tell whether it changed between two runs
/// and to find what it gave in the parse cache.
struct FileSource: Equatable {
    /// The entry (blob id, kind, and for a link the blob of its target).
    var identity: String
    /// The parse cache's blob id for it ("" when the cache does not hold it).
    var cacheBlob: String
}

extension Workspace {
    /// The landscape of a configuration: under its paths (and `alsoUnder`) and its catalog paths.
    /// When those hold no file and no catalog paths are configured, a repository of Backstage
    /// descriptors alone is read as one: the descriptors anywhere in it (`Config.discovery`).
    /// `limits` must hold `catalogSettings(config, alsoUnder:)`. Returns the paths read.
    /// The paths `loadLandscape` reads first (before any discovery).
    func landscapePaths(_ config: Config, alsoUnder: [String] = []) -> [String] {
        Config.union(Config.union(config.paths, alsoUnder), config.catalogPaths ?? [])
    }

    func loadLandscape(_ config: Config, alsoUnder: [String] = [], limits: Limits,
                       cache: ParseCache.Pending?) throws(KitError) -> (source: LoadedSource, paths: [String]) {
        var paths = landscapePaths(config, alsoUnder: alsoUnder)
        var source = try loadLandscape(under: paths, limits: limits, cache: cache)
        if source.landscape.fileCount == 0, config.discovers {
            paths = Config.union(paths, Config.discovery)
            source = try loadLandscape(under: paths, limits: limits, cache: nil)
        }
        return (source, paths)
    }

    /// Starts reading the parse cache (`.git/arkitekt/parse-cache`) of the repository, if any.
    func readParseCache(limits: Limits) -> ParseCache.Pending? {
        repository.map { ParseCache.Pending(path: $0.commonDirectory + "/arkitekt/parse-cache", limits: limits) }
    }

    /// The landscape under `prefixes`, with the findings of reading it. In a repository, files
    /// whose blob an earlier run parsed come from the parse cache; only the others are read and
    /// parsed (in parallel).
    func loadLandscape(under prefixes: [String], limits: Limits = Limits(), cache pending: ParseCache.Pending?) throws(KitError) -> LoadedSource {
        guard let repository else {
            let loaded = SourceLoading.load(try files(under: prefixes), limits: limits)
            let (landscape, findings) = LandscapeLoader.assemble(loaded, fileCount: loaded.count, limits: limits)
            return LoadedSource(landscape: landscape, findings: findings, hasCatalog: loaded.contains { $0.catalog != nil })
        }
        let cache = pending?.wait()
        // Every source reads the cache; the work tree and the index, which people check again
        // and again as they edit, also fill it. A check of a revision (a CI gate in a fresh clone,
        // most often) leaves `.git` as it was.
        var fills = cache != nil
        if case .revision = selection { fills = false }
        let filter = FileFilter(prefixes: prefixes.map(inRepository), extensions: FileFilter.landscapeExtensions, maxBytes: limits.maxFileBytes)
        // Every file in its place in the listing (which is in path order), however it was read.
        var loaded: [LoadedFile?] = []
        var sources: [FileSource?] = []
        var cachedAt: [Bool] = []
        var paths: [String] = []
        var blobs: [String?] = []
        var fileCount = 0
        // Blobs are read on this thread (libgit2 objects stay confined to it) while the files
        // read so far are parsed (and encoded for the cache) on the other cores.
        let parser = PipelinedParser(limits: limits, encoding: fills)
        do {
            switch selection {
            case .workTree:
                let files = filter.overlaid(try repository.files(.workTree, filter: filter), with: overlay, onDisk: onDisk)
                fileCount = files.count
                blobs = files.map { $0.kind == .regular && !$0.omitted ? $0.blobID : nil }
                loaded = Array(repeating: nil, count: files.count)
                if fills {
                    paths = files.map(\.path)
                    sources = files.map { file in
                        guard file.kind == .regular, !file.omitted, let blob = file.blobID else { return nil }
                        return FileSource(identity: blob, cacheBlob: blob)
                    }
                }
                let cached = cache?.records(for: files.map { ($0.blobID, $0.path) })
                cachedAt = cached?.map { $0 != nil } ?? []
                for (position, file) in files.enumerated() {
                    if let skipped = SourceLoading.skipped(path: file.path, kind: file.kind, size: file.size, omitted: file.omitted, limits: limits) {
                        loaded[position] = skipped
                    } else if let hit = cached?[position] {
                        loaded[position] = hit
                    } else {
                        parser.add(LandscapeInput(path: file.path, bytes: file.content), blob: file.blobID ?? "", position: position)
                    }
                }
            case .staged, .revision:
                let entries: [TreeEntryInfo]
                if case .revision(let rev) = selection {
                    entries = try repository.entries(rev, filter: filter)
                } else {
                    entries = try repository.stagedEntries(filter: filter)
                }
                fileCount = entries.count
                blobs = entries.map(\.contentBlobID)
                loaded = Array(repeating: nil, count: entries.count)
                if fills {
                    paths = entries.map(\.path)
                    sources = entries.map { entry in
                        let identity: String
                        switch entry.kind {
                        case .regular: identity = entry.blobID
                        case .symlink: identity = "link \(entry.blobID) \(entry.contentBlobID ?? "-")"
                        case .submodule: identity = "submodule \(entry.blobID)"
                        }
                        return FileSource(identity: identity, cacheBlob: entry.contentBlobID ?? "")
                    }
                }
                let cached = cache?.records(for: entries.map { ($0.contentBlobID, $0.path) })
                cachedAt = cached?.map { $0 != nil } ?? []
                for (position, entry) in entries.enumerated() {
                    switch try SourceLoading.read(entry, from: repository, limits: limits, cached: { _, _ in cached?[position] }) {
                    case .loaded(let file): loaded[position] = file
                    case .bytes(let blob, let input): parser.add(input, blob: blob, position: position)
                    case .none: break
                    }
                }
            }
        } catch {
            throw Kit.gitFailure(error, while: Kit.cannotReadLandscape)
        }
        var stored: [Int] = []
        for (file, blob, record, position) in parser.finish() {
            if fills, !blob.isEmpty, let record {
                cache?.store(record: record, blob: blob, path: file.path)
                stored.append(position)
            }
            loaded[position] = file
        }
        if fills { cache?.save() }
        if cache?.saved == true, !cachedAt.isEmpty {
            for position in stored { cachedAt[position] = true }
        }
        let (landscape, findings) = LandscapeLoader.assemble(loaded.compactMap { $0 }, fileCount: fileCount, limits: limits)
        var source = LoadedSource(landscape: landscape, findings: findings, hasCatalog: loaded.contains { $0?.catalog != nil })
        for (position, blob) in blobs.enumerated() {
            guard let blob, let file = loaded[position] else { continue }
            source.byBlob[BlobPath(blob: blob, path: file.path)] = file
        }
        if fills {
            source.cache = cache
            source.files = (0..<paths.count).map {
                ListedFile(path: paths[$0], source: sources[$0], file: loaded[$0], cached: cachedAt.indices.contains($0) && cachedAt[$0])
            }
        }
        return source
    }
}

/// Parses files in batches on the concurrent queue while the caller goes on reading more; with
/// `encoding`, each file's parse cache record is made there too.
final class PipelinedParser: @unchecked Sendable {
    typealias Result = (file: LoadedFile, blob: String, record: [UInt8]?, position: Int)
    private let limits: Limits
    private let encoding: Bool
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var batch: [(input: LandscapeInput, blob: String, position: Int)] = []
    private var results: [Result] = []
    static let batchSize = 32

    init(limits: Limits, encoding: Bool) {
        self.limits = limits
        self.encoding = encoding
    }

    /// Parses `input` (from `blob`, "" for none); `position` comes back with the result.
    func add(_ input: LandscapeInput, blob: String, position: Int) {
        batch.append((input, blob, position))
        if batch.count >= Self.batchSize { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        let work = batch
        batch = []
        let limits = limits, encoding = encoding
        DispatchQueue.global().async(group: group) { [self] in
            let parsed = work.map { input, blob, position -> Result in
                let file = LandscapeLoader.load(path: input.path, bytes: input.bytes, limits: limits)
                return (file, blob, encoding && !blob.isEmpty ? BinaryCodec.encode(file) : nil, position)
            }
            lock.lock()
            results.append(contentsOf: parsed)
            lock.unlock()
        }
    }

    /// Waits for every batch; the order is restored by the caller (files are assembled by path).
    func finish() -> [Result] {
        flush()
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel
import Dispatch
import Foundation

extension Workspace {
    /// The landscape under `prefixes`, with the findings of reading it. In a repository, files
    /// whose blob an earlier run parsed come from the parse cache; only the others are read and
    /// parsed (in parallel).
    func loadLandscape(under prefixes: [String], limits: Limits = Limits(), useCache: Bool) throws(KitError) -> (Landscape, [Finding]) {
        guard let repository else {
            return Kit.load(try files(under: prefixes), limits: limits)
        }
        let cache = useCache ? ParseCache(path: repository.commonDirectory + "/arkitekt/parse-cache", limits: limits) : nil
        let filter = FileFilter(prefixes: prefixes.map(inRepository), extensions: ["yaml", "yml"], maxBytes: limits.maxFileBytes)
        var loaded: [LoadedFile] = []
        var fileCount = 0
        // Blobs are read on this thread (libgit2 objects stay confined to it) while the files
        // read so far are parsed on the other cores.
        let parser = PipelinedParser(limits: limits)
        do {
            switch selection {
            case .workTree:
                let files = try repository.files(.workTree, filter: filter)
                fileCount = files.count
                for file in files {
                    if let finding = SourceLoading.skipFinding(path: file.path, kind: file.kind, size: file.size, omitted: file.omitted, limits: limits) {
                        loaded.append(LoadedFile(path: file.path, elements: [], findings: [finding]))
                    } else if let blob = file.blobID, let hit = cache?.lookup(blob: blob, path: file.path) {
                        loaded.append(hit)
                    } else {
                        parser.add(LandscapeInput(path: file.path, bytes: file.content), blob: file.blobID ?? "")
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
                for entry in entries {
                    switch try SourceLoading.read(entry, from: repository, limits: limits, cached: { cache?.lookup(blob: $0, path: $1) }) {
                    case .loaded(let file): loaded.append(file)
                    case .bytes(let blob, let input): parser.add(input, blob: blob)
                    case .none: break
                    }
                }
            }
        } catch {
            throw KitError(nb: "Kan ikke lese landskapet: \(error)", en: "Cannot read the landscape: \(error)")
        }
        for (file, blob) in parser.finish() {
            if !blob.isEmpty { cache?.store(file, blob: blob) }
            loaded.append(file)
        }
        cache?.save()
        return LandscapeLoader.assemble(loaded, fileCount: fileCount, limits: limits)
    }
}

/// Parses files in batches on the concurrent queue while the caller goes on reading more.
final class PipelinedParser: @unchecked Sendable {
    private let limits: Limits
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var batch: [(LandscapeInput, String)] = []
    private var results: [(LoadedFile, String)] = []
    static let batchSize = 32

    init(limits: Limits) { self.limits = limits }

    func add(_ input: LandscapeInput, blob: String) {
        batch.append((input, blob))
        if batch.count >= Self.batchSize { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        let work = batch
        batch = []
        let limits = limits
        DispatchQueue.global().async(group: group) { [self] in
            let parsed = work.map { (LandscapeLoader.load(path: $0.0.path, bytes: $0.0.bytes, limits: limits), $0.1) }
            lock.lock()
            results.append(contentsOf: parsed)
            lock.unlock()
        }
    }

    /// Waits for every batch; the order is restored by the caller (files are assembled by path).
    func finish() -> [(LoadedFile, String)] {
        flush()
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

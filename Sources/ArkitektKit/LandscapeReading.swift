import ArkitektGit
import ArkitektHistory
import ArkitektLoading
import ArkitektModel

extension Workspace {
    /// The landscape under `prefixes`, with the findings of reading it. In a repository, files
    /// whose blob an earlier run parsed come from the parse cache; only the others are read and
    /// parsed (in parallel).
    func loadLandscape(under prefixes: [String], limits: Limits = Limits(), useCache: Bool) throws(KitError) -> (Landscape, [Finding]) {
        guard let repository, useCache else {
            let files = try files(under: prefixes)
            return LandscapeLoader.assemble(SourceLoading.load(files, limits: limits), fileCount: files.count, limits: limits)
        }
        let cache = ParseCache(path: repository.commonDirectory + "/arkitekt/parse-cache", limits: limits)
        let filter = FileFilter(prefixes: prefixes.map(inRepository), extensions: ["yaml", "yml"], maxBytes: limits.maxFileBytes)
        var loaded: [LoadedFile] = []
        var inputs: [(blob: String, input: LandscapeInput)] = []
        var fileCount = 0
        do {
            switch selection {
            case .workTree:
                let files = try repository.files(.workTree, filter: filter)
                fileCount = files.count
                for file in files {
                    if let finding = SourceLoading.skipFinding(path: file.path, kind: file.kind, size: file.size, omitted: file.omitted, limits: limits) {
                        loaded.append(LoadedFile(path: file.path, elements: [], findings: [finding]))
                    } else if let blob = file.blobID, let hit = cache.lookup(blob: blob, path: file.path) {
                        loaded.append(hit)
                    } else {
                        inputs.append((file.blobID ?? "", LandscapeInput(path: file.path, bytes: file.content)))
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
                    if let finding = SourceLoading.skipFinding(path: entry.path, kind: entry.kind, size: 0, omitted: false, limits: limits) {
                        loaded.append(LoadedFile(path: entry.path, elements: [], findings: [finding]))
                        continue
                    }
                    guard let blob = entry.contentBlobID else { continue }
                    if let hit = cache.lookup(blob: blob, path: entry.path) {
                        loaded.append(hit)
                        continue
                    }
                    let bytes = try repository.blob(blob)
                    if bytes.count > limits.maxFileBytes {
                        loaded.append(LoadedFile(path: entry.path, elements: [],
                                                 findings: [LandscapeLoader.fileTooLargeFinding(path: entry.path, limit: limits.maxFileBytes)]))
                        continue
                    }
                    inputs.append((blob, LandscapeInput(path: entry.path, bytes: bytes)))
                }
            }
        } catch {
            throw KitError(nb: "Kan ikke lese landskapet: \(error)", en: "Cannot read the landscape: \(error)")
        }
        let parsed = LandscapeLoader.loadFiles(inputs.map(\.input), limits: limits)
        for ((blob, _), file) in zip(inputs, parsed) {
            if !blob.isEmpty { cache.store(file, blob: blob) }
            loaded.append(file)
        }
        cache.save()
        return LandscapeLoader.assemble(loaded, fileCount: fileCount, limits: limits)
    }
}

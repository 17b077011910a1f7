import ArkitektGit
import ArkitektLoading
import ArkitektModel

/// Turns what the Git layer lists into loaded files. Entries that cannot be YAML (a submodule, a
/// link out of the repository, a file over the size limit) become a finding instead.
public enum SourceLoading {
    /// What an entry that is not read as YAML gives, or nil when it should be parsed: a finding,
    /// or, outside the landscape paths (where only Backstage descriptors are looked for), nothing.
    public static func skipped(path: String, kind: SourceFileKind, size: Int, omitted: Bool, limits: Limits) -> LoadedFile? {
        guard let finding = skipFinding(path: path, kind: kind, size: size, omitted: omitted, limits: limits) else { return nil }
        if limits.catalog.isCatalogOnly(path) { return LoadedFile(path: path, elements: [], findings: [], ignored: true) }
        return LoadedFile(path: path, elements: [], findings: [finding])
    }

    /// The finding for an entry that is not read as YAML, or nil when it should be parsed.
    static func skipFinding(path: String, kind: SourceFileKind, size: Int, omitted: Bool, limits: Limits) -> Finding? {
        let start = SourceLocation(file: path, line: 1, column: 1)
        switch kind {
        case .submodule:
            return Finding(rule: "skipped-document", element: nil, location: start, message: LocalizedText(
                nb: "En git-undermodul ligger i landskapsstien; den er hoppet over. Beskriv innholdet i dette depotet eller flytt undermodulen ut.",
                en: "A git submodule sits inside the landscape path; it was skipped. Describe its contents in this repository or move the submodule out."),
                detail: "submodule")
        case .symlink(let target, let escapes) where escapes:
            return Finding(rule: "skipped-document", element: nil, location: start, message: LocalizedText(
                nb: "Den symbolske lenken peker til «\(target)», utenfor depotet eller til noe som ikke finnes; den følges ikke.",
                en: "The symbolic link points to '\(target)', outside the repository or to nothing; it is not followed."),
                detail: "symlink")
        default:
            break
        }
        if omitted || size > limits.maxFileBytes {
            return LandscapeLoader.fileTooLargeFinding(path: path, limit: limits.maxFileBytes)
        }
        return nil
    }

    /// Loads source files (already read) in parallel; results in the order given.
    public static func load(_ files: [SourceFile], limits: Limits = Limits()) -> [LoadedFile] {
        var results = [LoadedFile?](repeating: nil, count: files.count)
        var inputs: [LandscapeInput] = []
        var slots: [Int] = []
        for (i, file) in files.enumerated() {
            if let skipped = skipped(path: file.path, kind: file.kind, size: file.size, omitted: file.omitted, limits: limits) {
                results[i] = skipped
            } else {
                inputs.append(LandscapeInput(path: file.path, bytes: file.content))
                slots.append(i)
            }
        }
        for (slot, loaded) in zip(slots, LandscapeLoader.loadFiles(inputs, limits: limits)) {
            results[slot] = loaded
        }
        return results.enumerated().map { $0.element ?? LoadedFile(path: files[$0.offset].path, elements: [], findings: []) }
    }

    /// What reading one tree or index entry gives before parsing.
    public enum EntryContent {
        /// Settled without parsing: a skipped entry, a cache hit, a file over the size limit.
        case loaded(LoadedFile)
        /// Bytes to parse, from the blob with this id.
        case bytes(blob: String, LandscapeInput)
        /// Nothing to read (a link whose content has no blob).
        case none
    }

    /// Reads one entry the same way for a check and for a history walk: entries that are not
    /// YAML become a finding, cached files are taken as they are, the rest is read by blob id.
    public static func read(_ entry: TreeEntryInfo, from repository: GitRepository, limits: Limits,
                            cached: (_ blob: String, _ path: String) -> LoadedFile?) throws -> EntryContent {
        if let skipped = skipped(path: entry.path, kind: entry.kind, size: 0, omitted: false, limits: limits) {
            return .loaded(skipped)
        }
        guard let blob = entry.contentBlobID else { return .none }
        if let hit = cached(blob, entry.path) { return .loaded(hit) }
        let bytes = try repository.blob(blob)
        if bytes.count > limits.maxFileBytes {
            return .loaded(skipped(path: entry.path, kind: .regular, size: bytes.count, omitted: false, limits: limits)
                           ?? LoadedFile(path: entry.path, elements: [], findings: []))
        }
        return .bytes(blob: blob, LandscapeInput(path: entry.path, bytes: bytes))
    }
}

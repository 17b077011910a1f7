import ArkitektModel
import CLibGit2

extension GitRepository {
    /// Landscape entries of a revision's tree (any tree-ish), filtered like `files(.revision(rev), filter:)`, without
    /// reading blob contents (only a symlink's link text, to resolve it like `files` does). Sorted by path (byte
    /// order). `filter.maxBytes` does not apply. Unknown revision -> GitError.
    public func entries(_ revision: String, filter: FileFilter) throws -> [TreeEntryInfo] {
        let reader = try RevisionReader(repository: self, revision: revision)
        return EntryOrdering.sorted(try reader.entryInfos(FilterSpec(filter)))
    }

    /// The same for the index, with the rules of `files(.staged, filter:)` (stage 0, "ours" for a conflict,
    /// intent-to-add entries skipped). A bare repository: GitError (GIT_EBAREREPO).
    public func stagedEntries(filter: FileFilter) throws -> [TreeEntryInfo] {
        return EntryOrdering.sorted(try stagedReader().entryInfos(FilterSpec(filter)))
    }

    /// The paths of the index that have unresolved merge conflicts (entries of stage 1 to 3 and
    /// none of stage 0), in byte order, each once. A bare repository: GitError (GIT_EBAREREPO).
    public func conflictedPaths() throws -> [String] {
        if isBare { throw bareRepositoryError("conflictedPaths()") }
        // The common case, no conflict, is answered by libgit2 without copying the entries out.
        guard try withIndex(handle, { git_index_has_conflicts($0) != 0 }) else { return [] }
        var resolved = Set<PathBytes>()
        var conflicted = Set<PathBytes>()
        for entry in try loadIndexEntries(handle) {
            if entry.stage == 0 { resolved.insert(entry.path) } else { conflicted.insert(entry.path) }
        }
        return conflicted.subtracting(resolved).map(CText.string).sorted(by: ByteOrder.less)
    }

    /// Raw bytes of a blob by hex id (a full id, or an unambiguous prefix of at least 4 digits).
    /// Invalid id -> GitError (GIT_EINVALIDSPEC); missing, or not a blob -> GitError (GIT_ENOTFOUND);
    /// ambiguous prefix -> GitError (GIT_EAMBIGUOUS).
    public func blob(_ id: String) throws -> [UInt8] {
        let digits = Array(id.utf8)
        guard digits.count >= 4, digits.count <= 40, digits.allSatisfy(ObjectIDs.isHexDigit) else {
            throw GitError(code: GIT_EINVALIDSPEC.rawValue, operation: "blob('\(id)')", message: "invalid object id '\(id)'")
        }
        var oid = git_oid()
        let parsed = digits.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { git_oid_fromstrn(&oid, $0.baseAddress, digits.count) }
        }
        try check(parsed, "git_oid_fromstrn('\(id)')")
        var pointer: OpaquePointer?
        let result = git_blob_lookup_prefix(&pointer, handle.pointer, &oid, digits.count)
        if result < 0 {
            let detail = LibGit2.lastErrorText(result)
            let message: String
            switch result {
            case GIT_ENOTFOUND.rawValue: message = "blob '\(id)' not found: \(detail)"
            case GIT_EAMBIGUOUS.rawValue: message = "ambiguous blob id '\(id)': \(detail)"
            default: message = "cannot read blob '\(id)': \(detail)"
            }
            throw GitError(code: result, operation: "git_blob_lookup('\(id)')", message: message)
        }
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_blob_lookup('\(id)')", message: "blob '\(id)' not found")
        }
        let blob = BlobHandle(pointer, owner: handle)
        return withExtendedLifetime(blob) {
            let size = Int(clamping: git_blob_rawsize(pointer))
            guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
            return [UInt8](UnsafeRawBufferPointer(start: raw, count: size))
        }
    }
}

enum EntryOrdering {
    /// Byte order of the UTF-8 path (ties, only possible after lossy decoding, keep their input order).
    /// Trees and the index usually list their entries in this order already: then nothing moves.
    static func sorted(_ entries: [TreeEntryInfo]) -> [TreeEntryInfo] {
        let inOrder = zip(entries, entries.dropFirst()).allSatisfy { ByteOrder.compare($0.path, $1.path) <= 0 }
        if inOrder { return entries }
        let order = entries.indices.sorted { lhs, rhs in
            let order = ByteOrder.compare(entries[lhs].path, entries[rhs].path)
            return order == 0 ? lhs < rhs : order < 0
        }
        return order.map { entries[$0] }
    }
}

extension TreeEntryInfo {
    /// A regular file, whose content is its own blob.
    static func regular(_ path: PathBytes, _ id: git_oid) -> TreeEntryInfo {
        let hex = id.hex
        return TreeEntryInfo(path: CText.string(path), blobID: hex, kind: .regular, contentBlobID: hex)
    }
}

/// A symlink stored in git (tree or index) as an entry: resolved like `gitSymlinkFile`, without reading the target.
func gitSymlinkEntry(path: PathBytes, id: git_oid, blobs: BlobStore,
                     lookup: (PathBytes) throws -> ResolverNode<git_oid>) throws -> TreeEntryInfo {
    let text = try blobs.linkText(id)
    var contentID: String?
    if let text, let target = try SymlinkResolver.resolve(linkPath: path, target: text, lookup: lookup) {
        contentID = target.payload.hex
    }
    return TreeEntryInfo(path: CText.string(path), blobID: id.hex,
                         kind: .symlink(target: CText.string(text ?? []), escapes: contentID == nil),
                         contentBlobID: contentID)
}

extension RevisionReader {
    func entryInfo(_ path: PathBytes, _ entry: Entry) throws -> TreeEntryInfo? {
        switch entry.type {
        case GIT_OBJECT_BLOB:
            if entry.mode & fileTypeMask == symlinkMode {
                return try gitSymlinkEntry(path: path, id: entry.id, blobs: blobs, lookup: node)
            }
            return .regular(path, entry.id)
        case GIT_OBJECT_COMMIT:
            return TreeEntryInfo(path: CText.string(path), blobID: entry.id.hex, kind: .submodule, contentBlobID: nil)
        default:
            return nil
        }
    }

    func entryInfos(_ spec: FilterSpec) throws -> [TreeEntryInfo] {
        var out: [TreeEntryInfo] = []
        for prefix in spec.prefixes {
            if prefix.isEmpty {
                try walkEntries(root, base: [], spec, &out)
                continue
            }
            guard let entry = try entry(at: prefix) else { continue }
            switch entry.type {
            case GIT_OBJECT_TREE:
                try walkEntries(try lookupTree(entry.id), base: prefix, spec, &out)
            case GIT_OBJECT_COMMIT:
                if spec.matchesSubmodule(prefix), let info = try entryInfo(prefix, entry) { out.append(info) }
            default:
                if spec.matchesFile(prefix), let info = try entryInfo(prefix, entry) { out.append(info) }
            }
        }
        return out
    }

    private func walkEntries(_ tree: TreeHandle, base: PathBytes, _ spec: FilterSpec, _ out: inout [TreeEntryInfo]) throws {
        for (path, entry) in Self.children(of: tree, base: base) {
            switch entry.type {
            case GIT_OBJECT_TREE:
                try walkEntries(try lookupTree(entry.id), base: path, spec, &out)
            case GIT_OBJECT_COMMIT:
                if spec.matchesSubmodule(path), let info = try entryInfo(path, entry) { out.append(info) }
            case GIT_OBJECT_BLOB:
                if spec.matchesFile(path), let info = try entryInfo(path, entry) { out.append(info) }
            default:
                continue
            }
        }
    }
}

extension StagedReader {
    func entryInfos(_ spec: FilterSpec) throws -> [TreeEntryInfo] {
        var out: [TreeEntryInfo] = []
        for (path, entry) in ordered {
            let matches = entry.fileType == gitlinkMode ? spec.matchesSubmodule(path) : spec.matchesFile(path)
            guard matches else { continue }
            switch entry.fileType {
            case regularMode:
                out.append(.regular(path, entry.id))
            case symlinkMode:
                out.append(try gitSymlinkEntry(path: path, id: entry.id, blobs: blobs, lookup: node))
            case gitlinkMode:
                out.append(TreeEntryInfo(path: CText.string(path), blobID: entry.id.hex, kind: .submodule, contentBlobID: nil))
            default:
                continue  // sparse-index directory entries and the like
            }
        }
        return out
    }
}

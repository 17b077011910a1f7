import ArkitektModel
import CLibGit2

extension GitRepository {
    /// Landscape files that differ between two trees (`old` nil = the empty tree, e.g. for a root commit).
    /// Both revisions may be any tree-ish (commit id, branch, tag, "X^{tree}").
    ///
    /// Restricted to the filter's prefixes and extensions like `files(_:filter:)` (submodule entries by the
    /// prefixes only; `maxBytes` does not apply: nothing is read). An own walk over the two trees that skips every
    /// subtree whose id is the same on both sides and descends only into subtrees that can hold a landscape path.
    ///
    /// - No rename detection: a move is a deletion plus an addition.
    /// - An entry is modified when its id changes or its kind changes (regular file / symlink / submodule); a
    ///   change of the executable bit alone is not a change of the landscape and is not reported.
    /// - Symlinks and submodules change with their entry id (the link text, the recorded commit): a symlink whose
    ///   target file changed but whose text did not is not reported.
    /// - A file replaced by a directory (or back) is a deletion plus additions.
    ///
    /// Sorted by path (byte order).
    public func changedFiles(from old: String?, to new: String, filter: FileFilter) throws -> [FileChange] {
        let spec = FilterSpec(filter)
        let oldTree = try old.map { try tree($0) }
        let newTree = try tree(new)
        if spec.prefixes.isEmpty { return [] }
        let differ = TreeDiffer(repository: handle, spec: spec)
        try withExtendedLifetime((oldTree, newTree)) {
            let oldID = oldTree.flatMap { git_tree_id($0.pointer)?.pointee }
            let newID = git_tree_id(newTree.pointer)?.pointee
            if let oldID, let newID, ObjectIDs.equal(oldID, newID) { return }
            try differ.compareTrees(old: oldTree.map(TreeDiffer.items), new: TreeDiffer.items(newTree), base: [])
        }
        return differ.changes.enumerated().sorted { lhs, rhs in
            let order = ByteOrder.compare(lhs.element.path, rhs.element.path)
            return order == 0 ? lhs.offset < rhs.offset : order < 0
        }.map(\.element)
    }
}

/// Compares two trees level by level.
final class TreeDiffer {
    struct Item {
        let name: PathBytes
        let type: git_object_t
        let mode: UInt32
        let id: git_oid

        var isTree: Bool { type == GIT_OBJECT_TREE }
        /// Regular (any permission), symlink or gitlink.
        var fileType: UInt32 { mode & fileTypeMask }
    }

    let repository: RepositoryHandle
    let spec: FilterSpec
    private(set) var changes: [FileChange] = []

    init(repository: RepositoryHandle, spec: FilterSpec) {
        self.repository = repository
        self.spec = spec
    }

    /// The entries of a tree, copied out (borrowed entries live only as long as their tree).
    static func items(_ tree: TreeHandle) -> [Item] {
        withExtendedLifetime(tree) {
            let count = git_tree_entrycount(tree.pointer)
            var items: [Item] = []
            items.reserveCapacity(count)
            for index in 0..<count {
                guard let entry = git_tree_entry_byindex(tree.pointer, index),
                      let name = git_tree_entry_name(entry),
                      let id = git_tree_entry_id(entry) else { continue }
                items.append(Item(name: CText.bytes(name), type: git_tree_entry_type(entry),
                                  mode: git_tree_entry_filemode(entry).rawValue, id: id.pointee))
            }
            return items
        }
    }

    private func loadItems(_ id: git_oid) throws -> [Item] {
        var oid = id
        var pointer: OpaquePointer?
        try check(git_tree_lookup(&pointer, repository.pointer, &oid), "git_tree_lookup(\(oid.hex))")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_tree_lookup(\(oid.hex))", message: "tree not found")
        }
        return TreeDiffer.items(TreeHandle(pointer, owner: repository))
    }

    /// True when a landscape path can lie at or below the directory `path`.
    private func mayContainMatches(_ path: PathBytes) -> Bool {
        spec.prefixes.contains { PathRules.isWithin(path, prefix: $0) || PathRules.isWithin($0, prefix: path) }
    }

    /// Whether a non-tree entry at `path` is a landscape file.
    private func isLandscape(_ path: PathBytes, _ item: Item) -> Bool {
        switch item.type {
        case GIT_OBJECT_BLOB: return spec.matchesFile(path)
        case GIT_OBJECT_COMMIT: return spec.matchesSubmodule(path)
        default: return false
        }
    }

    /// Compares the entries of two directories at `base` (nil = absent on that side).
    func compareTrees(old: [Item]?, new: [Item]?, base: PathBytes) throws {
        var oldByName: [PathBytes: Item] = [:]
        for item in old ?? [] { oldByName[item.name] = item }
        for item in new ?? [] {
            try compare(path: PathRules.join(base, item.name), old: oldByName.removeValue(forKey: item.name), new: item)
        }
        for item in old ?? [] where oldByName[item.name] != nil {
            try compare(path: PathRules.join(base, item.name), old: item, new: nil)
        }
    }

    private func compare(path: PathBytes, old: Item?, new: Item?) throws {
        let oldTree = old.flatMap { $0.isTree ? $0 : nil }
        let newTree = new.flatMap { $0.isTree ? $0 : nil }
        if oldTree != nil || newTree != nil {
            let same = oldTree.flatMap { oldTree in newTree.map { ObjectIDs.equal(oldTree.id, $0.id) } } ?? false
            if !same, mayContainMatches(path) {
                try compareTrees(old: try oldTree.map { try loadItems($0.id) },
                                 new: try newTree.map { try loadItems($0.id) }, base: path)
            }
        }
        let oldFile = old.flatMap { !$0.isTree && isLandscape(path, $0) ? $0 : nil }
        let newFile = new.flatMap { !$0.isTree && isLandscape(path, $0) ? $0 : nil }
        let status: FileChange.Status
        switch (oldFile, newFile) {
        case (nil, nil):
            return
        case (nil, .some):
            status = .added
        case (.some, nil):
            status = .deleted
        case (.some(let before), .some(let after)):
            // Same id and kind: at most the executable bit changed (the mode masked to its file type ignores it).
            if ObjectIDs.equal(before.id, after.id), before.fileType == after.fileType { return }
            status = .modified
        }
        changes.append(FileChange(path: CText.string(path), status: status,
                                  oldBlobID: oldFile?.id.hex, newBlobID: newFile?.id.hex))
    }
}

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
    ///
    /// - Parameter reuse: the trees earlier comparisons of a walk read, for this one to take up
    ///   instead of reading them again; it then keeps this comparison's trees for later ones.
    public func changedFiles(from old: String?, to new: String, filter: FileFilter, reuse: TreeReuse? = nil) throws -> [FileChange] {
        let spec = FilterSpec(filter)
        let oldTree = try old.map { try tree($0) }
        let newTree = try tree(new)
        if spec.prefixes.isEmpty { return [] }
        let differ = TreeDiffer(repository: handle, spec: spec, reuse: reuse)
        try withExtendedLifetime((oldTree, newTree)) {
            let oldID = oldTree.flatMap { git_tree_id($0.pointer)?.pointee }
            let newID = git_tree_id(newTree.pointer)?.pointee
            if let oldID, let newID, ObjectIDs.equal(oldID, newID) { return }
            try differ.compareTrees(old: oldTree, new: newTree, base: [])
        }
        return differ.changes.enumerated().sorted { lhs, rhs in
            let order = ByteOrder.compare(lhs.element.path, rhs.element.path)
            return order == 0 ? lhs.offset < rhs.offset : order < 0
        }.map(\.element)
    }
}

/// Compares two trees level by level: a merge of the two sorted listings git keeps, which passes
/// over every entry whose id is the same on both sides without copying or hashing anything.
final class TreeDiffer {
    struct Item {
        let name: PathBytes
        let type: git_object_t
        let mode: UInt32
        let id: git_oid

        var isTree: Bool { type == GIT_OBJECT_TREE }
        /// Regular (any permission), symlink or gitlink.
        var fileType: UInt32 { mode & fileTypeMask }
        var entryType: FileChange.EntryType {
            type == GIT_OBJECT_COMMIT ? .submodule : fileType == symlinkMode ? .symlink : .file
        }
    }

    let repository: RepositoryHandle
    let spec: FilterSpec
    let reuse: TreeReuse?
    private(set) var changes: [FileChange] = []

    init(repository: RepositoryHandle, spec: FilterSpec, reuse: TreeReuse? = nil) {
        self.repository = repository
        self.spec = spec
        self.reuse = reuse
    }

    /// A borrowed entry copied out (it lives only as long as its tree).
    static func item(_ entry: OpaquePointer) -> Item? {
        guard let name = git_tree_entry_name(entry), let id = git_tree_entry_id(entry) else { return nil }
        return Item(name: CText.bytes(name), type: git_tree_entry_type(entry), mode: git_tree_entry_filemode(entry).rawValue, id: id.pointee)
    }

    private func lookUp(_ id: git_oid) throws -> TreeHandle {
        var oid = id
        var pointer: OpaquePointer?
        try check(git_tree_lookup(&pointer, repository.pointer, &oid), "git_tree_lookup(\(oid.hex))")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_tree_lookup(\(oid.hex))", message: "tree not found")
        }
        return TreeHandle(pointer, owner: repository)
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

    /// Compares the entries of two directories at `base` (nil = absent on that side). Both
    /// listings are in git's order (`git_tree_entry_cmp`: by name, a tree's name as if it ended
    /// in `/`), so one pass pairs them; a file and a folder of the same name do not pair, and are a
    /// deletion and additions.
    func compareTrees(old: TreeHandle?, new: TreeHandle?, base: PathBytes) throws {
        try withExtendedLifetime((old, new)) {
            let oldCount = old.map { git_tree_entrycount($0.pointer) } ?? 0
            let newCount = new.map { git_tree_entrycount($0.pointer) } ?? 0
            var i = 0, j = 0
            while i < oldCount || j < newCount {
                let a = i < oldCount ? old.flatMap { git_tree_entry_byindex($0.pointer, i) } : nil
                let b = j < newCount ? new.flatMap { git_tree_entry_byindex($0.pointer, j) } : nil
                let order: Int32
                switch (a, b) {
                case (let a?, let b?): order = git_tree_entry_cmp(a, b)
                case (.some, nil): order = -1
                case (nil, .some): order = 1
                case (nil, nil):
                    // An entry libgit2 could not give: nothing to compare at either index.
                    i += 1
                    j += 1
                    continue
                }
                if order == 0, let a, let b {
                    i += 1
                    j += 1
                    // The same entry on both sides: nothing below it changed.
                    if let x = git_tree_entry_id(a), let y = git_tree_entry_id(b), ObjectIDs.equal(x.pointee, y.pointee),
                       git_tree_entry_filemode(a).rawValue == git_tree_entry_filemode(b).rawValue { continue }
                    guard let before = Self.item(a), let after = Self.item(b) else { continue }
                    try compare(path: PathRules.join(base, after.name), old: before, new: after)
                } else if order < 0, let a {
                    i += 1
                    guard let before = Self.item(a) else { continue }
                    try compare(path: PathRules.join(base, before.name), old: before, new: nil)
                } else if let b {
                    j += 1
                    guard let after = Self.item(b) else { continue }
                    try compare(path: PathRules.join(base, after.name), old: nil, new: after)
                }
            }
        }
    }

    private func compare(path: PathBytes, old: Item?, new: Item?) throws {
        let oldTree = old.flatMap { $0.isTree ? $0 : nil }
        let newTree = new.flatMap { $0.isTree ? $0 : nil }
        if oldTree != nil || newTree != nil {
            let same = oldTree.flatMap { oldTree in newTree.map { ObjectIDs.equal(oldTree.id, $0.id) } } ?? false
            if !same, mayContainMatches(path) {
                let trees = try reuse.map { try $0.trees(at: path, old: oldTree?.id, new: newTree?.id, load: lookUp) }
                    ?? (old: try oldTree.map { try lookUp($0.id) }, new: try newTree.map { try lookUp($0.id) })
                try compareTrees(old: trees.old, new: trees.new, base: path)
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
        changes.append(FileChange(path: CText.string(path), status: status, oldBlobID: oldFile?.id.hex, newBlobID: newFile?.id.hex,
                                  oldType: oldFile?.entryType, newType: newFile?.entryType))
    }
}

/// The trees a walk's comparisons read, kept for the next comparison of the same folder. Along a
/// history, the older side of a folder in one commit's comparison is the newer side in the next
/// comparison that changes that folder (the other way round when walking back), and libgit2 keeps
/// no tree over 4 KB in its own cache: a folder of thousands of files would otherwise be read and
/// parsed twice per commit that changes it. Each folder keeps only the two versions of its last
/// comparison. One walk, one thread.
public final class TreeReuse {
    private var byPath: [PathBytes: [(key: TreeKey, tree: TreeHandle)]] = [:]

    public init() {}

    /// The trees `old` and `new` at `path`, from the last comparison of that folder or loaded;
    /// they are then what the folder keeps.
    func trees(at path: PathBytes, old: git_oid?, new: git_oid?,
               load: (git_oid) throws -> TreeHandle) rethrows -> (old: TreeHandle?, new: TreeHandle?) {
        let kept = byPath[path] ?? []
        var now: [(key: TreeKey, tree: TreeHandle)] = []
        func take(_ id: git_oid?) throws -> TreeHandle? {
            guard let id else { return nil }
            let key = TreeKey(id)
            let tree = try kept.first(where: { $0.key == key })?.tree ?? now.first(where: { $0.key == key })?.tree ?? load(id)
            now.append((key, tree))
            return tree
        }
        let trees = (old: try take(old), new: try take(new))
        byPath[path] = now
        return trees
    }
}
/// A tree's object id as a dictionary key.
struct TreeKey: Hashable {
    let id: git_oid

    init(_ id: git_oid) { self.id = id }

    static func == (a: TreeKey, b: TreeKey) -> Bool { ObjectIDs.equal(a.id, b.id) }

    func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: id.id) { hasher.combine(bytes: $0) }
    }
}

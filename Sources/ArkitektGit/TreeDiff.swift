import ArkitektModel
import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let oldID = oldTree.flatMap { withExtendedLifetime($0) { git_tree_id($0.pointer)?.pointee } }
        guard let newID = withExtendedLifetime(newTree, { git_tree_id(newTree.pointer)?.pointee }) else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_tree_id(\(new))", message: "the tree has no id")
        }
        if let oldID, ObjectIDs.equal(oldID, newID) { return [] }
        let differ = try TreeDiffer(repository: handle, spec: spec, reuse: reuse)
        let roots = try differ.trees(at: [], old: oldID, new: newID)
        try differ.compareTrees(old: roots.old, new: roots.new, base: [])
        return differ.changes.enumerated().sorted { lhs, rhs in
            let order = ByteOrder.compare(lhs.element.path, rhs.element.path)
            return order == 0 ? lhs.offset < rhs.offset : order < 0
        }.map(\.element)
    }
}

/// A tree object as git stores it, read from the object database without libgit2 parsing it into
/// entries: `<octal mode> <name>\0<20-byte id>`, one entry after the other, in git's order.
/// Comparing two versions of a folder of thousands of files then costs a pass over their bytes,
/// most of it `memcmp` of entries that did not change, instead of two parses into entry tables.
struct RawTree {
    let id: git_oid
    let bytes: [UInt8]

    static let idSize = 20

    /// One entry: where it lies in `bytes`, its mode and where its name and id are.
    struct Entry {
        let start: Int
        let nameStart: Int
        let nameEnd: Int
        let end: Int
        let mode: UInt32

        var idStart: Int { nameEnd + 1 }
        var isTree: Bool { mode & fileTypeMask == directoryMode }
        var type: git_object_t {
            switch mode & fileTypeMask {
            case directoryMode: return GIT_OBJECT_TREE
            case gitlinkMode: return GIT_OBJECT_COMMIT
            default: return GIT_OBJECT_BLOB
            }
        }
    }

    /// The entry at `offset`, or an error naming the tree when its bytes are not an entry.
    func entry(at offset: Int) throws -> Entry {
        try bytes.withUnsafeBufferPointer { buffer in
            var p = offset
            var mode: UInt32 = 0
            var digits = 0
            while p < buffer.count, buffer[p] != 0x20 {
                let digit = buffer[p] &- 0x30
                guard digit < 8, digits < 7 else { throw malformed(offset, "a mode that is not octal") }
                mode = mode << 3 | UInt32(digit)
                digits += 1
                p += 1
            }
            guard digits > 0, p < buffer.count else { throw malformed(offset, "an entry without a mode") }
            let nameStart = p + 1
            guard let base = buffer.baseAddress, nameStart < buffer.count,
                  let nul = memchr(base + nameStart, 0, buffer.count - nameStart) else {
                throw malformed(offset, "a name without its end")
            }
            let nameEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nul))
            let end = nameEnd + 1 + Self.idSize
            guard nameEnd > nameStart, end <= buffer.count else { throw malformed(offset, "an entry cut short") }
            return Entry(start: offset, nameStart: nameStart, nameEnd: nameEnd, end: end, mode: mode)
        }
    }

    private func malformed(_ offset: Int, _ what: String) -> GitError {
        GitError(code: GIT_EINVALID.rawValue, operation: "reading tree \(id.hex)", message: "\(what) at byte \(offset)")
    }

    func name(_ entry: Entry) -> PathBytes { Array(bytes[entry.nameStart..<entry.nameEnd]) }

    func oid(_ entry: Entry) -> git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { out in
            bytes.withUnsafeBytes { raw in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[entry.idStart..<entry.end]))
            }
        }
        return oid
    }

    /// Whether two entries (of this tree and `other`) are the same bytes: same mode, name and id.
    func same(_ a: Entry, as b: Entry, in other: RawTree) -> Bool {
        guard a.end - a.start == b.end - b.start else { return false }
        return bytes.withUnsafeBytes { x in
            other.bytes.withUnsafeBytes { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return false }
                return memcmp(x + a.start, y + b.start, a.end - a.start) == 0
            }
        }
    }

    /// git's order of two entries (`git_tree_entry_cmp`): by name bytes, a tree's name as if it
    /// ended in `/`.
    func order(_ a: Entry, _ b: Entry, in other: RawTree) -> Int32 {
        bytes.withUnsafeBufferPointer { x in
            other.bytes.withUnsafeBufferPointer { y in
                let n = a.nameEnd - a.nameStart, m = b.nameEnd - b.nameStart
                let common = Swift.min(n, m)
                var i = 0
                while i < common {
                    let c = x[a.nameStart + i], d = y[b.nameStart + i]
                    if c != d { return c < d ? -1 : 1 }
                    i += 1
                }
                let c: UInt8 = n > common ? x[a.nameStart + common] : a.isTree ? PathRules.slash : 0
                let d: UInt8 = m > common ? y[b.nameStart + common] : b.isTree ? PathRules.slash : 0
                return c == d ? 0 : c < d ? -1 : 1
            }
        }
    }
}

/// Compares two trees level by level: a merge of the two sorted listings git keeps, which passes
/// over every entry whose bytes are the same on both sides without copying or hashing anything.
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

    let odb: OdbHandle
    let spec: FilterSpec
    let reuse: TreeReuse?
    private(set) var changes: [FileChange] = []

    init(repository: RepositoryHandle, spec: FilterSpec, reuse: TreeReuse? = nil) throws {
        var pointer: OpaquePointer?
        try check(git_repository_odb(&pointer, repository.pointer), "git_repository_odb")
        guard let pointer else {
            throw GitError(code: GIT_ERROR.rawValue, operation: "git_repository_odb", message: "libgit2 returned no object database")
        }
        self.odb = OdbHandle(pointer, owner: repository)
        self.spec = spec
        self.reuse = reuse
    }

    /// An entry copied out of its tree.
    static func item(_ tree: RawTree, _ entry: RawTree.Entry) -> Item {
        Item(name: tree.name(entry), type: entry.type, mode: entry.mode, id: tree.oid(entry))
    }

    /// The tree `id` as stored (not parsed), or an error when it is missing or not a tree.
    private func read(_ id: git_oid) throws -> RawTree {
        var oid = id
        var pointer: OpaquePointer?
        try check(git_odb_read(&pointer, odb.pointer, &oid), "git_odb_read(\(oid.hex))")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_odb_read(\(oid.hex))", message: "tree not found")
        }
        defer { git_odb_object_free(pointer) }
        guard git_odb_object_type(pointer) == GIT_OBJECT_TREE else {
            throw GitError(code: GIT_EINVALID.rawValue, operation: "git_odb_read(\(oid.hex))", message: "the object is not a tree")
        }
        let size = git_odb_object_size(pointer)
        guard size > 0, let data = git_odb_object_data(pointer) else { return RawTree(id: id, bytes: []) }
        return RawTree(id: id, bytes: [UInt8](UnsafeRawBufferPointer(start: data, count: size)))
    }

    /// The two versions of the folder at `path`, from the walk's reuse or read.
    func trees(at path: PathBytes, old: git_oid?, new: git_oid?) throws -> (old: RawTree?, new: RawTree?) {
        try reuse.map { try $0.trees(at: path, old: old, new: new, load: read) }
            ?? (old: try old.map(read), new: try new.map(read))
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
    /// listings are in git's order (by name, a tree's name as if it ended in `/`), so one pass
    /// pairs them; a file and a folder of the same name do not pair, and are a deletion and
    /// additions.
    func compareTrees(old: RawTree?, new: RawTree?, base: PathBytes) throws {
        let a = old ?? RawTree(id: git_oid(), bytes: []), b = new ?? RawTree(id: git_oid(), bytes: [])
        var i = 0, j = 0
        while i < a.bytes.count || j < b.bytes.count {
            let x = i < a.bytes.count ? try a.entry(at: i) : nil
            let y = j < b.bytes.count ? try b.entry(at: j) : nil
            if let x, let y {
                // The same bytes on both sides: the same entry, nothing below it changed.
                if a.same(x, as: y, in: b) {
                    i = x.end
                    j = y.end
                    continue
                }
                let order = a.order(x, y, in: b)
                if order == 0 {
                    i = x.end
                    j = y.end
                    let before = Self.item(a, x), after = Self.item(b, y)
                    try compare(path: PathRules.join(base, after.name), old: before, new: after)
                } else if order < 0 {
                    i = x.end
                    let before = Self.item(a, x)
                    try compare(path: PathRules.join(base, before.name), old: before, new: nil)
                } else {
                    j = y.end
                    let after = Self.item(b, y)
                    try compare(path: PathRules.join(base, after.name), old: nil, new: after)
                }
            } else if let x {
                i = x.end
                let before = Self.item(a, x)
                try compare(path: PathRules.join(base, before.name), old: before, new: nil)
            } else if let y {
                j = y.end
                let after = Self.item(b, y)
                try compare(path: PathRules.join(base, after.name), old: nil, new: after)
            }
        }
    }

    private func compare(path: PathBytes, old: Item?, new: Item?) throws {
        let oldTree = old.flatMap { $0.isTree ? $0 : nil }
        let newTree = new.flatMap { $0.isTree ? $0 : nil }
        if oldTree != nil || newTree != nil {
            let same = oldTree.flatMap { oldTree in newTree.map { ObjectIDs.equal(oldTree.id, $0.id) } } ?? false
            if !same, mayContainMatches(path) {
                let trees = try trees(at: path, old: oldTree?.id, new: newTree?.id)
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
/// comparison that changes that folder (the other way round when walking back): a folder of
/// thousands of files would otherwise be read twice per commit that changes it. Each folder
/// keeps only the two versions of its last comparison. One walk, one thread.
public final class TreeReuse {
    private var byPath: [PathBytes: [(key: TreeKey, tree: RawTree)]] = [:]

    public init() {}

    /// The trees `old` and `new` at `path`, from the last comparison of that folder or loaded;
    /// they are then what the folder keeps.
    func trees(at path: PathBytes, old: git_oid?, new: git_oid?,
               load: (git_oid) throws -> RawTree) rethrows -> (old: RawTree?, new: RawTree?) {
        let kept = byPath[path] ?? []
        var now: [(key: TreeKey, tree: RawTree)] = []
        func take(_ id: git_oid?) throws -> RawTree? {
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

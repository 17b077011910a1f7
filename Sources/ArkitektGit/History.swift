import CLibGit2

// History primitives: commit logs, merge bases, tags and HEAD.
//
// `log` does not use git_revwalk: libgit2 1.5 knows nothing about shallow grafts, so its revwalk fails with
// "object not found" at the boundary of a shallow clone (even for a plain `HEAD` walk, as it parses parents
// eagerly), and none of its sort modes reproduces `git log`'s default order (TOPOLOGICAL|TIME is
// `--date-order`; TIME alone breaks ties between equal commit times differently). `CommitGraph` below is a
// port of git's own walk (revision.c: prepare_revision_walk, limit_list, process_parents,
// mark_parents_uninteresting; commit-reach.c: paint_down_to_common, remove_redundant), with shallow boundary
// commits treated as root commits exactly like git treats them.

extension GitRepository {
    /// Commits of a range, newest first, in the order of `git log [--first-parent] RANGE` (default order:
    /// by committer date, a commit's parents are queued when it is shown, equal dates first-queued-first).
    ///
    /// - `range`: nil (HEAD; an empty repository gives []), one revision ("v2", "HEAD~3", an id), "A..B"
    ///   (reachable from B, not from A), or "A...B" (reachable from either, not from any of their merge bases).
    ///   An empty side of ".."/"..." means HEAD, as in git.
    /// - `firstParent`: follow only the first parent of the shown commits (the hidden side still excludes all
    ///   ancestors of A, as git does).
    ///
    /// In a shallow clone the boundary commits show as root commits (no parents), as in `git log`.
    /// Unknown revision -> GitError whose message says "unknown revision 'X'" for the failing side.
    public func log(_ range: String?, firstParent: Bool) throws -> [CommitInfo] {
        let pending: [(id: String, hidden: Bool)]
        let graph = try CommitGraph(repository: handle, shallow: shallowCommits())
        switch RangeSyntax.parse(range) {
        case .head:
            if isEmpty { return [] }
            pending = [(try commitOID("HEAD").hex, false)]
        case .single(let revision):
            pending = [(try commitOID(revision).hex, false)]
        case .range(let exclude, let include):
            let excluded = try commitOID(exclude).hex
            pending = [(excluded, true), (try commitOID(include).hex, false)]
        case .symmetric(let left, let right):
            let leftID = try commitOID(left).hex
            let rightID = try commitOID(right).hex
            let bases = try graph.mergeBases(leftID, rightID)
            pending = bases.map { ($0, true) } + [(leftID, false), (rightID, false)]
        }
        return try graph.walk(pending, firstParent: firstParent)
    }

    /// The best common ancestor of two revisions, as `git merge-base A B` prints it; nil when there is none
    /// (unrelated histories, or a shallow clone that does not contain it: git treats the boundary commits as root
    /// commits, so a base below the boundary does not exist for it either). Unknown revision -> GitError.
    ///
    /// A complete repository uses git_merge_base. A shallow clone uses git's own algorithm over the grafted history
    /// instead, because libgit2 1.5 ignores the shallow boundary and fails on the missing parents.
    public func mergeBase(_ a: String, _ b: String) throws -> String? {
        var first = try commitOID(a)
        var second = try commitOID(b)
        let shallow = try shallowCommits()
        if !shallow.isEmpty {
            let graph = CommitGraph(repository: handle, shallow: shallow)
            return try graph.mergeBases(first.hex, second.hex).first
        }
        var base = git_oid()
        let result = git_merge_base(&base, handle.pointer, &first, &second)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "git_merge_base('\(a)', '\(b)')")
        return base.hex
    }

    /// Tags by the commit they point at (annotated tags peeled, also tags of tags), each list of tag names
    /// sorted in byte order, e.g. ["<commit id>": ["v1", "v1.0"]]. Tags of trees or blobs, and tags whose target
    /// is missing (shallow clones), are left out.
    public func tagsByCommit() throws -> [String: [String]] {
        let prefix = Array("refs/tags/".utf8)
        var tags: [String: [String]] = [:]
        try forEachReference { reference, nameBytes in
            guard nameBytes.count > prefix.count, nameBytes.starts(with: prefix) else { return }
            var peeled: OpaquePointer?
            let peelResult = git_reference_peel(&peeled, reference.pointer, GIT_OBJECT_COMMIT)
            switch peelResult {
            case GIT_ENOTFOUND.rawValue, GIT_EPEEL.rawValue, GIT_EINVALIDSPEC.rawValue:
                return  // not a commit, or not in this clone
            default:
                try check(peelResult, "git_reference_peel('\(CText.string(nameBytes))')")
            }
            guard let peeled else { return }
            let object = ObjectHandle(peeled, owner: handle)
            guard let id = withExtendedLifetime(object, { git_object_id(object.pointer)?.pointee.hex }) else { return }
            tags[id, default: []].append(CText.string(Array(nameBytes[prefix.count...])))
        }
        return tags.mapValues { names in names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    /// Calls `body` with each reference and its full name (`refs/tags/v1`).
    func forEachReference(_ body: (ReferenceHandle, [UInt8]) throws -> Void) throws {
        var pointer: OpaquePointer?
        try check(git_reference_iterator_new(&pointer, handle.pointer), "git_reference_iterator_new")
        guard let pointer else { return }
        let iterator = ReferenceIteratorHandle(pointer, owner: handle)
        try withExtendedLifetime(iterator) {
            while true {
                var referencePointer: OpaquePointer?
                let result = git_reference_next(&referencePointer, iterator.pointer)
                if result == GIT_ITEROVER.rawValue { break }
                try check(result, "git_reference_next")
                guard let referencePointer else { continue }
                let reference = ReferenceHandle(referencePointer, owner: handle)
                guard let name = git_reference_name(reference.pointer) else { continue }
                try body(reference, CText.bytes(name))
            }
        }
    }

    /// Where HEAD is: on a branch, detached, or on an unborn branch.
    public func head() throws -> HeadState {
        var pointer: OpaquePointer?
        try check(git_reference_lookup(&pointer, handle.pointer, "HEAD"), "git_reference_lookup('HEAD')")
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_reference_lookup('HEAD')", message: "HEAD not found")
        }
        let headReference = ReferenceHandle(pointer, owner: handle)
        return try withExtendedLifetime(headReference) {
            if git_reference_type(pointer) == GIT_REFERENCE_SYMBOLIC {
                let target = git_reference_symbolic_target(pointer).map { CText.bytes($0) } ?? []
                let branchPrefix = Array("refs/heads/".utf8)
                let short = target.starts(with: branchPrefix) ? Array(target[branchPrefix.count...]) : target
                var resolved: OpaquePointer?
                let result = git_reference_resolve(&resolved, pointer)
                if result == GIT_ENOTFOUND.rawValue { return .unborn(branch: CText.string(short)) }
                try check(result, "git_reference_resolve('HEAD')")
                if let resolved { git_reference_free(resolved) }
                return .branch(CText.string(short))
            }
            guard let target = git_reference_target(pointer) else {
                throw GitError(code: GIT_ERROR.rawValue, operation: "git_reference_target('HEAD')", message: "HEAD has no target")
            }
            return .detached(commit: target.pointee.hex)
        }
    }

    /// Ids of the shallow boundary commits (their parents are not in the clone), from the `shallow` file of the
    /// repository; empty for a complete repository. Cheap: one small file read.
    public func shallowCommits() throws -> Set<String> {
        guard let commonDirectory = git_repository_commondir(handle.pointer) else { return [] }
        var path = CText.bytes(commonDirectory)
        if path.last != PathRules.slash { path.append(PathRules.slash) }
        path.append(contentsOf: Array("shallow".utf8))
        let read: ReadContent?
        do {
            read = try Disk.readRegularFile(path, maxBytes: 64 * 1024 * 1024)
        } catch let error as FileSystemError {
            throw GitError(code: GIT_ERROR.rawValue, operation: "read '\(error.path)'", message: error.description)
        }
        guard let read else { return [] }
        var ids = Set<String>()
        for line in read.content.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) {
            let id = CText.string(Array(line)).lowercased()
            if id.utf8.count == 40, id.utf8.allSatisfy(ObjectIDs.isHexDigit) { ids.insert(id) }
        }
        return ids
    }

    /// A revision peeled to a commit, as an object id.
    func commitOID(_ revision: String) throws -> git_oid {
        let object = try resolve(revision)
        let commit = CommitHandle(try peel(object, to: GIT_OBJECT_COMMIT, revision: revision, what: "a commit"), owner: handle)
        return try withExtendedLifetime(commit) {
            guard let id = git_commit_id(commit.pointer) else {
                throw GitError(code: GIT_ERROR.rawValue, operation: "git_commit_id('\(revision)')", message: "commit without id")
            }
            return id.pointee
        }
    }
}

// MARK: - Range syntax

enum RangeSyntax: Equatable {
    case head
    case single(String)
    /// "A..B": `include` not reachable from `exclude`.
    case range(exclude: String, include: String)
    /// "A...B".
    case symmetric(String, String)

    static func parse(_ text: String?) -> RangeSyntax {
        guard let text else { return .head }
        let bytes = Array(text.utf8)
        guard let dots = bytes.indices.first(where: { $0 + 1 < bytes.count && bytes[$0] == PathRules.dot && bytes[$0 + 1] == PathRules.dot }) else {
            return .single(text)
        }
        let left = Array(bytes[..<dots])
        var rightStart = dots + 2
        let symmetric = rightStart < bytes.count && bytes[rightStart] == PathRules.dot
        if symmetric { rightStart += 1 }
        let right = Array(bytes[rightStart...])
        let leftRevision = left.isEmpty ? "HEAD" : CText.string(left)
        let rightRevision = right.isEmpty ? "HEAD" : CText.string(right)
        return symmetric ? .symmetric(leftRevision, rightRevision) : .range(exclude: leftRevision, include: rightRevision)
    }
}

enum ObjectIDs {
    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// Parses a full hex id (40 digits, either case).
    static func parse(_ hex: String) -> git_oid? {
        let bytes = Array(hex.utf8)
        guard bytes.count == 40, bytes.allSatisfy(isHexDigit) else { return nil }
        var oid = git_oid()
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { git_oid_fromstrn(&oid, $0.baseAddress, 40) }
        }
        return result < 0 ? nil : oid
    }

    static func equal(_ a: git_oid, _ b: git_oid) -> Bool {
        var a = a
        var b = b
        return git_oid_cmp(&a, &b) == 0
    }
}

// MARK: - Commit data

enum CommitData {
    /// Copies a commit out of libgit2. `grafted`: a shallow boundary commit, shown without parents.
    static func info(_ pointer: OpaquePointer, grafted: Bool) -> CommitInfo {
        let id = git_commit_id(pointer).map { $0.pointee.hex } ?? ""
        let summary = git_commit_summary(pointer).map { String(cString: $0) } ?? ""
        var name = "", email = "", time: Int64 = 0, offset: Int32 = 0
        if let author = git_commit_author(pointer) {
            name = author.pointee.name.map { String(cString: $0) } ?? ""
            email = author.pointee.email.map { String(cString: $0) } ?? ""
            time = Int64(author.pointee.when.time)
            offset = Int32(author.pointee.when.offset)
        }
        var parents: [String] = []
        if !grafted {
            let count = git_commit_parentcount(pointer)
            parents.reserveCapacity(Int(count))
            for index in 0..<count {
                if let parent = git_commit_parent_id(pointer, index) { parents.append(parent.pointee.hex) }
            }
        }
        return CommitInfo(id: id, summary: summary, authorName: name, authorEmail: email, time: time,
                          timeOffsetMinutes: offset, parents: parents,
                          committerTime: Int64(git_commit_time(pointer)),
                          committerOffsetMinutes: Int32(git_commit_time_offset(pointer)))
    }
}

// MARK: - Commit graph

/// Date-ordered queue of commits: newest committer time first, equal times in insertion order
/// (git's `commit_list_insert_by_date` / prio_queue with its insertion counter).
struct CommitQueue {
    struct Item {
        let id: String
        let time: Int64
        let sequence: Int
    }

    private(set) var items: [Item] = []
    private var counter = 0

    var isEmpty: Bool { items.isEmpty }
    var first: Item? { items.first }

    private static func precedes(_ a: Item, _ b: Item) -> Bool {
        a.time != b.time ? a.time > b.time : a.sequence < b.sequence
    }

    mutating func push(_ id: String, time: Int64) {
        items.append(Item(id: id, time: time, sequence: counter))
        counter += 1
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard CommitQueue.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Item? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < items.count, CommitQueue.precedes(items[left], items[best]) { best = left }
                if right < items.count, CommitQueue.precedes(items[right], items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}

/// Commits read lazily from the object database; shallow boundary commits have no parents (git's grafts).
final class CommitGraph {
    struct Node {
        let info: CommitInfo
        let parentIDs: [git_oid]
        var id: String { info.id }
        var time: Int64 { info.committerTime }
        var parents: [String] { info.parents }
    }

    let repository: RepositoryHandle
    let shallow: Set<String>
    private var nodes: [String: Node] = [:]

    init(repository: RepositoryHandle, shallow: Set<String>) {
        self.repository = repository
        self.shallow = shallow
    }

    func node(_ id: String) throws -> Node {
        if let node = nodes[id] { return node }
        guard var oid = ObjectIDs.parse(id) else {
            throw GitError(code: GIT_EINVALIDSPEC.rawValue, operation: "commit('\(id)')", message: "invalid commit id '\(id)'")
        }
        var pointer: OpaquePointer?
        let result = git_commit_lookup(&pointer, repository.pointer, &oid)
        if result < 0 {
            let detail = LibGit2.lastErrorText(result)
            throw GitError(code: result, operation: "git_commit_lookup(\(id))",
                           message: "commit \(id) is missing from the repository (incomplete history?): \(detail)")
        }
        guard let pointer else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, operation: "git_commit_lookup(\(id))", message: "commit \(id) not found")
        }
        let commit = CommitHandle(pointer, owner: repository)
        let grafted = shallow.contains(id)
        let node = withExtendedLifetime(commit) {
            var parentIDs: [git_oid] = []
            if !grafted {
                for index in 0..<git_commit_parentcount(pointer) {
                    if let parent = git_commit_parent_id(pointer, index) { parentIDs.append(parent.pointee) }
                }
            }
            return Node(info: CommitData.info(pointer, grafted: grafted), parentIDs: parentIDs)
        }
        nodes[id] = node
        return node
    }

    // MARK: log

    private struct WalkFlags: OptionSet {
        let rawValue: UInt8
        static let seen = WalkFlags(rawValue: 1)
        static let added = WalkFlags(rawValue: 2)
        static let uninteresting = WalkFlags(rawValue: 4)
    }

    /// How many uninteresting commits git looks at after it ran out of interesting ones (revision.c SLOP).
    private static let slop = 5

    /// git's revision walk: `pending` in command line order (hidden = "^X").
    func walk(_ pending: [(id: String, hidden: Bool)], firstParent: Bool) throws -> [CommitInfo] {
        var flags: [String: WalkFlags] = [:]
        var initial: [Node] = []
        for (id, hidden) in pending {
            let node = try node(id)
            if hidden {
                flags[id, default: []].insert(.uninteresting)
                markParentsUninteresting(node, &flags)
            }
            if !flags[id, default: []].contains(.seen) {
                flags[id, default: []].insert(.seen)
                initial.append(node)
            }
        }
        // commit_list_sort_by_date: a stable sort, newest first.
        let sorted = initial.enumerated().sorted { lhs, rhs in
            lhs.element.time != rhs.element.time ? lhs.element.time > rhs.element.time : lhs.offset < rhs.offset
        }
        var queue = CommitQueue()
        for (_, node) in sorted { queue.push(node.id, time: node.time) }

        // limit_list (for a walk without hidden commits it is the plain walk: nothing is uninteresting).
        var shown: [String] = []
        var lastDate = Int64.max
        var slop = CommitGraph.slop
        while let item = queue.pop() {
            try processParents(item.id, firstParent: firstParent, &flags, &queue)
            if flags[item.id, default: []].contains(.uninteresting) {
                if let node = nodes[item.id] { markParentsUninteresting(node, &flags) }
                slop = stillInteresting(queue, lastDate, slop, flags)
                if slop > 0 { continue }
                break
            }
            lastDate = item.time
            shown.append(item.id)
        }
        return try shown.compactMap { id in
            flags[id, default: []].contains(.uninteresting) ? nil : try node(id).info
        }
    }

    private func processParents(_ id: String, firstParent: Bool, _ flags: inout [String: WalkFlags], _ queue: inout CommitQueue) throws {
        if flags[id, default: []].contains(.added) { return }
        flags[id, default: []].insert(.added)
        let commit = try node(id)
        if flags[id, default: []].contains(.uninteresting) {
            for parent in commit.parents {
                flags[parent, default: []].insert(.uninteresting)
                guard let parentNode = try? node(parent) else { continue }  // git parses gently here
                if !parentNode.parents.isEmpty { markParentsUninteresting(parentNode, &flags) }
                if flags[parent, default: []].contains(.seen) { continue }
                flags[parent, default: []].insert(.seen)
                queue.push(parent, time: parentNode.time)
            }
            return
        }
        for parent in commit.parents {
            let parentNode = try node(parent)
            if !flags[parent, default: []].contains(.seen) {
                flags[parent, default: []].insert(.seen)
                queue.push(parent, time: parentNode.time)
            }
            if firstParent { break }
        }
    }

    /// Marks the parents of `commit` uninteresting, and recursively the parents of those already loaded.
    private func markParentsUninteresting(_ commit: Node, _ flags: inout [String: WalkFlags]) {
        var pending = commit.parents
        while let id = pending.popLast() {
            if flags[id, default: []].contains(.uninteresting) { continue }
            flags[id, default: []].insert(.uninteresting)
            if let node = nodes[id] { pending.append(contentsOf: node.parents) }
        }
    }

    private func stillInteresting(_ queue: CommitQueue, _ date: Int64, _ slop: Int, _ flags: [String: WalkFlags]) -> Int {
        guard let head = queue.first else { return 0 }
        if date <= head.time { return CommitGraph.slop }
        if queue.items.contains(where: { !flags[$0.id, default: []].contains(.uninteresting) }) { return CommitGraph.slop }
        return slop - 1
    }

    // MARK: merge bases

    private struct PaintFlags: OptionSet {
        let rawValue: UInt8
        static let parent1 = PaintFlags(rawValue: 1)
        static let parent2 = PaintFlags(rawValue: 2)
        static let stale = PaintFlags(rawValue: 4)
        static let result = PaintFlags(rawValue: 8)
    }

    /// git's paint_down_to_common: the common ancestors found (newest first) and the flags painted.
    private func paintDownToCommon(_ one: String, _ twos: [String]) throws -> (found: [String], flags: [String: PaintFlags]) {
        var flags: [String: PaintFlags] = [:]
        flags[one, default: []].insert(.parent1)
        if twos.isEmpty { return ([one], flags) }
        var queue = CommitQueue()
        queue.push(one, time: try node(one).time)
        for two in twos {
            flags[two, default: []].insert(.parent2)
            queue.push(two, time: try node(two).time)
        }
        var found: [(id: String, time: Int64)] = []
        while queue.items.contains(where: { !flags[$0.id, default: []].contains(.stale) }), let item = queue.pop() {
            var paint = flags[item.id, default: []].intersection([.parent1, .parent2, .stale])
            if paint == [.parent1, .parent2] {
                if !flags[item.id, default: []].contains(.result) {
                    flags[item.id, default: []].insert(.result)
                    found.append((item.id, item.time))
                }
                paint.insert(.stale)
            }
            for parent in try node(item.id).parents {
                if flags[parent, default: []].isSuperset(of: paint) { continue }
                let parentNode = try node(parent)
                flags[parent, default: []].formUnion(paint)
                queue.push(parent, time: parentNode.time)
            }
        }
        return (CommitGraph.byDate(found), flags)
    }

    /// Stable sort, newest first (commit_list_insert_by_date of each in turn).
    private static func byDate(_ commits: [(id: String, time: Int64)]) -> [String] {
        commits.enumerated().sorted { lhs, rhs in
            lhs.element.time != rhs.element.time ? lhs.element.time > rhs.element.time : lhs.offset < rhs.offset
        }.map(\.element.id)
    }

    /// All best common ancestors of two commits (git's get_merge_bases), newest first; the first one is what
    /// `git merge-base` prints.
    func mergeBases(_ one: String, _ two: String) throws -> [String] {
        let (found, flags) = try paintDownToCommon(one, [two])
        let candidates = found.filter { !flags[$0, default: []].contains(.stale) }
        if candidates.count <= 1 { return candidates }
        // remove_redundant: drop every candidate reachable from another one.
        var redundant = [Bool](repeating: false, count: candidates.count)
        for index in candidates.indices where !redundant[index] {
            let others = candidates.indices.filter { $0 != index && !redundant[$0] }
            let painted = try paintDownToCommon(candidates[index], others.map { candidates[$0] }).flags
            if painted[candidates[index], default: []].contains(.parent2) { redundant[index] = true }
            for other in others where painted[candidates[other], default: []].contains(.parent1) { redundant[other] = true }
        }
        let kept = candidates.indices.filter { !redundant[$0] }
        return CommitGraph.byDate(try kept.map { (candidates[$0], try node(candidates[$0]).time) })
    }
}

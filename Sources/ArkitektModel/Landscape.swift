import Dispatch
import Foundation
import Synchronization

/// Looks up elements by reference: a landscape, or a landscape as it was before a change.
public protocol ElementLookup {
    /// The element a reference resolves to, if any.
    subscript(ref: Ref) -> Element? { get }
}

extension ElementLookup {
    public func contains(_ ref: Ref) -> Bool { self[ref] != nil }
}

/// All elements read from one source (a revision, the index or the work tree).
///
/// Elements are kept in file order (repository-relative path in byte order, then document
/// order). Of two elements with the same ref, the first is the one references resolve to.
///
/// The lookups (by ref, by kind, who refers to an element) are kept up to date when one file is
/// replaced, so a history walk changes the landscape in time proportional to the change. The
/// ordered lists (`elements`, `resolvedElements`, `elements(of:)`) are built on first use after
/// a change. The elements by file and the refs by kind are made only when the landscape first
/// changes: until then the ordered lists, made with the landscape, answer for them.
public struct Landscape: Sendable, ElementLookup {
    /// Number of landscape files read (parsed or not).
    public var fileCount: Int
    /// Number of elements, duplicates included.
    public private(set) var elementCount = 0
    /// The elements of each file, in document order; nil until the first `replace`.
    private var files: [String: [Element]]?
    /// The element each ref resolves to.
    private var index: [Ref: Element]
    /// For refs that more than one element has: all of them, in file order.
    private var duplicates: [Ref: [Element]]
    /// The resolved refs of each kind; nil until the first `replace`.
    private var kindRefs: [Kind: Set<Ref>]?
    /// For each ref: the refs of the elements that refer to it; nil until the first `replace`,
    /// which keeps it up to date from then on.
    private var referrerIndex: [Ref: Referrers]?
    /// Who refers to whom before the first change: worked out on another core.
    private var referrerLookup: ReferrerLookup?
    /// The ordered lists, built when first asked for.
    private var ordered: OrderedCache

    public init(elements: [Element], fileCount: Int) {
        self.init(fileCount: fileCount)
        referrerLookup = ReferrerLookup(elements)
        fill(elements)
    }

    private init(fileCount: Int) {
        self.fileCount = fileCount
        files = nil
        index = [:]
        duplicates = [:]
        kindRefs = nil
        referrerIndex = nil
        referrerLookup = nil
        ordered = OrderedCache()
    }

    /// Everything but the referrer index, for elements in file order.
    private mutating func fill(_ elements: [Element]) {
        index.reserveCapacity(elements.count)
        var resolved: [Element] = []
        resolved.reserveCapacity(elements.count)
        for element in elements {
            if add(element, indexingReferrers: false) { resolved.append(element) }
        }
        ordered.store(elements: elements, resolved: resolved)
    }

    /// Makes the elements by file, the refs by kind and the referrer index before the first
    /// change, which keeps them up to date from then on. All three are nil until then, and are
    /// set together here.
    private mutating func makeChangeable() {
        guard files == nil else { return }
        referrerIndex = referrerLookup?.index() ?? [:]
        referrerLookup = nil
        let lists = lists
        var byFile: [String: [Element]] = [:]
        var start = 0
        let elements = lists.elements
        while start < elements.count {
            let file = elements[start].file
            var end = start + 1
            while end < elements.count, elements[end].file == file { end += 1 }
            byFile[file, default: []].append(contentsOf: elements[start..<end])
            start = end
        }
        files = byFile
        kindRefs = lists.byKind.mapValues { Set($0.map(\.ref)) }
    }

    /// Who refers to whom among `elements`.
    fileprivate static func referrerIndex(_ elements: [Element]) -> [Ref: Referrers] {
        var made: [Ref: Referrers] = [:]
        made.reserveCapacity(elements.count)
        for element in elements {
            let ref = element.ref
            for target in element.dependencies { made[target, default: Referrers()].insert(ref) }
        }
        return made
    }

    /// Replaces the elements of the file at `path` (none: the file holds no element now).
    /// Whether the file is still counted is up to the caller (`fileCount`).
    public mutating func replace(file path: String, with elements: [Element]) {
        makeChangeable()
        for element in files?[path] ?? [] { remove(element) }
        files?[path] = elements.isEmpty ? nil : elements
        for element in elements { add(element) }
        ordered = OrderedCache()
    }

    /// Adds one element to the lookups; true when it is the one its ref resolves to.
    @discardableResult
    private mutating func add(_ element: Element, indexingReferrers: Bool = true) -> Bool {
        let ref = element.ref
        elementCount += 1
        if indexingReferrers {
            for target in element.dependencies { referrerIndex?[target, default: Referrers()].insert(ref) }
        }
        guard let existing = index[ref] else {
            index[ref] = element
            kindRefs?[ref.kind, default: []].insert(ref)
            return true
        }
        var all = duplicates[ref] ?? [existing]
        let position = all.firstIndex { Landscape.precedes(element, $0) } ?? all.count
        all.insert(element, at: position)
        duplicates[ref] = all
        index[ref] = all[0]
        return position == 0
    }

    private mutating func remove(_ element: Element) {
        let ref = element.ref
        elementCount -= 1
        for target in element.dependencies where referrerIndex?[target]?.remove(ref) == true {
            referrerIndex?[target] = nil
        }
        if var all = duplicates[ref] {
            all.removeAll { $0 === element }
            duplicates[ref] = all.count > 1 ? all : nil
            index[ref] = all.first
        } else if index[ref] === element {
            index[ref] = nil
            kindRefs?[ref.kind]?.remove(ref)
        }
    }

    /// Which of two elements of one ref a reference resolves to: the landscape's own before a
    /// library's (`isImported`), then file order: path in byte order, then document order.
    static func precedes(_ a: Element, _ b: Element) -> Bool {
        let (x, y) = (isImported(a.file), isImported(b.file))
        if x != y { return y }
        return a.file == b.file ? a.documentIndex < b.documentIndex : ByteOrder.less(a.file, b.file)
    }

    /// Whether a file is one a library gave: `@NAME//` and its path in the library's repository.
    /// The empty folder name (`//`) keeps it apart from every path of the landscape's own: git
    /// and the disk have no such path.
    public static func isImported(_ file: String) -> Bool { librarySlash(file) != nil }

    /// The library an imported file is from (`felles` for `@felles//architecture/a.yaml`).
    public static func library(of file: String) -> String? {
        librarySlash(file).map { String(file[file.index(after: file.startIndex)..<$0]) }
    }

    /// Where the library's name ends in an imported file's path (the first of `//`).
    private static func librarySlash(_ file: String) -> String.Index? {
        let bytes = file.utf8
        guard bytes.first == UInt8(ascii: "@"), let slash = bytes.firstIndex(of: UInt8(ascii: "/")),
              bytes.index(after: slash) != bytes.endIndex, bytes[bytes.index(after: slash)] == UInt8(ascii: "/") else { return nil }
        return slash
    }

    /// Where a library's file is said to lie (`@felles//architecture/a.yaml`).
    public static func importedPath(library: String, _ path: String) -> String { "@" + library + "//" + path }

    public subscript(ref: Ref) -> Element? { index[ref] ?? fromLibrary(ref) }

    public func contains(_ ref: Ref) -> Bool { self[ref] != nil }

    /// Every element with this ref, the resolved one first (more than one: duplicates).
    public func all(_ ref: Ref) -> [Element] {
        duplicates[ref] ?? index[ref].map { [$0] } ?? fromLibrary(ref).map { [$0] } ?? []
    }

    /// `name@library`: the element of that kind and name a library gave (`@library//…`), also
    /// where the landscape's own has the name. Nil for any other ref.
    private func fromLibrary(_ ref: Ref) -> Element? {
        guard let at = ref.name.utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let name = String(ref.name[..<at]), library = String(ref.name[ref.name.index(after: at)...])
        return all(Ref(ref.kind, name)).first { Landscape.library(of: $0.file) == library }
    }

    /// The resolved refs of one kind (unordered).
    public func refs(of kind: Kind) -> Set<Ref> {
        if let kindRefs { return kindRefs[kind] ?? [] }
        return Set(elements(of: kind).map(\.ref))
    }

    /// The resolved elements of one kind, in no particular order: without the ordered lists,
    /// which a landscape that changes file by file would build again for each change.
    public func unorderedElements(of kind: Kind) -> [Element] {
        refs(of: kind).compactMap { index[$0] }
    }

    /// The refs of the elements that refer to `ref` (in a field, or in a Transition condition),
    /// in no particular order, possibly more than once.
    public func referrers(of ref: Ref) -> [Ref] {
        let found = ownReferrers(of: ref)
        // A library's element is also referred to as `name@library`.
        guard let element = index[ref], let library = Landscape.library(of: element.file) else { return found }
        return found + ownReferrers(of: Ref(ref.kind, ref.name + "@" + library))
    }

    private func ownReferrers(of ref: Ref) -> [Ref] {
        if let referrerIndex { return referrerIndex[ref]?.refs ?? [] }
        return referrerLookup?.referrers(of: ref) ?? []
    }

    /// Every element, in file order.
    public var elements: [Element] { lists.elements }

    /// The elements references resolve to (duplicates left out), in file order.
    public var resolvedElements: [Element] { lists.resolved }

    /// The resolved elements of one kind, in file order.
    public func elements(of kind: Kind) -> [Element] { lists.byKind[kind] ?? [] }

    /// The ordered lists: made with the landscape, and again from its files after a change.
    private var lists: OrderedCache.Lists { ordered.lists(files: files ?? [:], index: index) }

    /// Every reference known, sorted, for did-you-mean suggestions.
    public var refs: [Ref] { index.keys.sorted() }
}

/// The refs referring to one element, one entry per reference. Kept as a list, which is cheap to
/// build for the many elements with few referrers; a long list becomes a count per ref when one
/// of them is removed, so that a history walk does not scan thousands of referrers of a popular
/// element for every edit of one of them.
struct Referrers {
    private var list: [Ref] = []
    private var counts: [Ref: Int]?
    /// Above this many entries, a removal turns the list into counts.
    static let longList = 32

    mutating func insert(_ ref: Ref) {
        if counts != nil {
            counts?[ref, default: 0] += 1
        } else {
            list.append(ref)
        }
    }

    /// Removes one reference by `ref`; true when none is left.
    mutating func remove(_ ref: Ref) -> Bool {
        if counts == nil, list.count > Self.longList {
            counts = Dictionary(list.map { ($0, 1) }, uniquingKeysWith: +)
            list = []
        }
        if let count = counts?[ref] {
            counts?[ref] = count > 1 ? count - 1 : nil
            return counts?.isEmpty ?? true
        }
        if counts == nil, let i = list.firstIndex(of: ref) {
            list.swapAt(i, list.count - 1)
            list.removeLast()
        }
        return counts?.isEmpty ?? list.isEmpty
    }

    var refs: [Ref] { counts.map { Array($0.keys) } ?? list }
}

/// Who refers to whom in a landscape that has not changed since it was made. The index is built
/// on another core from the moment the landscape is made; until it is there, the first few
/// questions are answered by going through the elements (a check that takes up an earlier run's
/// state asks a handful, and should not wait for an index of ten thousand elements), and later
/// ones wait for it (a full check asks thousands).
private final class ReferrerLookup: Sendable {
    private let elements: [Element]
    private let built = AtomicLazyReference<Built>()
    private let scans = Atomic<Int>(0)
    private let group = DispatchGroup()
    /// How many questions are answered by going through the elements before the index is there.
    static let scanned = 16

    final class Built: Sendable {
        let index: [Ref: Referrers]
        init(_ index: [Ref: Referrers]) { self.index = index }
    }

    init(_ elements: [Element]) {
        self.elements = elements
        DispatchQueue.global().async(group: group) { [self] in
            _ = built.storeIfNil(Built(Landscape.referrerIndex(elements)))
        }
    }

    /// The finished index (waiting for it).
    func index() -> [Ref: Referrers] {
        group.wait()
        return built.load()?.index ?? Landscape.referrerIndex(elements)
    }

    /// As `Landscape.referrers(of:)`: the same refs in the same order either way (the index lists
    /// the referrers of a ref in the order of the elements too).
    func referrers(of ref: Ref) -> [Ref] {
        if let built = built.load() { return built.index[ref]?.refs ?? [] }
        if scans.add(1, ordering: .relaxed).oldValue < Self.scanned { return Landscape.scanReferrers(elements, of: ref) }
        return index()[ref]?.refs ?? []
    }
}

extension Landscape {
    /// The referrers of `ref` among `elements`, found by going through them all: what the index
    /// holds for it (`referrerIndex(_:)`), in the same order.
    static func scanReferrers(_ elements: [Element], of ref: Ref) -> [Ref] {
        var found: [Ref] = []
        for element in elements {
            for target in element.dependencies where target == ref { found.append(element.ref) }
        }
        return found
    }

    /// `referrerIndex(_:)`'s answer for `ref`, for the tests.
    static func indexedReferrers(_ elements: [Element], of ref: Ref) -> [Ref] {
        referrerIndex(elements)[ref]?.refs ?? []
    }
}

/// The ordered lists of a landscape, computed once per version of it. Shared between copies of
/// the same version (a copy that changes gets a new cache), so it guards itself with a lock.
private final class OrderedCache: @unchecked Sendable {
    struct Lists {
        var elements: [Element]
        var resolved: [Element]
        var byKind: [Kind: [Element]]
    }
    private let lock = NSLock()
    private var lists: Lists?

    func store(elements: [Element], resolved: [Element]) {
        lock.withLock { lists = Lists(elements: elements, resolved: resolved, byKind: Self.byKind(resolved)) }
    }

    func lists(files: [String: [Element]], index: [Ref: Element]) -> Lists {
        lock.withLock {
            if let lists { return lists }
            let elements = files.keys.sorted(by: ByteOrder.less).flatMap { files[$0] ?? [] }
            let resolved = elements.filter { index[$0.ref] === $0 }
            let made = Lists(elements: elements, resolved: resolved, byKind: Self.byKind(resolved))
            lists = made
            return made
        }
    }

    static func byKind(_ resolved: [Element]) -> [Kind: [Element]] {
        var byKind: [Kind: [Element]] = [:]
        for element in resolved { byKind[element.kind, default: []].append(element) }
        return byKind
    }
}

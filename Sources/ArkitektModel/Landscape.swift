/// All elements read from one source (a revision, the index or the work tree).
///
/// Elements are kept in file order (repository-relative path in byte order, then document
/// order). Of two elements with the same ref, the first is the one references resolve to.
public struct Landscape: Sendable {
    public let elements: [Element]
    /// Number of landscape files read (parsed or not).
    public let fileCount: Int
    private let index: [Ref: Int]
    /// The elements references resolve to (duplicates left out), in file order.
    public let resolvedElements: [Element]
    private let byKind: [Kind: [Element]]

    public init(elements: [Element], fileCount: Int) {
        self.elements = elements
        self.fileCount = fileCount
        var index: [Ref: Int] = [:]
        index.reserveCapacity(elements.count)
        var resolved: [Element] = []
        resolved.reserveCapacity(elements.count)
        var byKind: [Kind: [Element]] = [:]
        for (i, element) in elements.enumerated() where index[element.ref] == nil {
            index[element.ref] = i
            resolved.append(element)
            byKind[element.kind, default: []].append(element)
        }
        self.index = index
        self.resolvedElements = resolved
        self.byKind = byKind
    }

    public subscript(ref: Ref) -> Element? {
        guard let i = index[ref] else { return nil }
        return elements[i]
    }

    public func contains(_ ref: Ref) -> Bool { index[ref] != nil }

    /// The resolved elements of one kind, in file order.
    public func elements(of kind: Kind) -> [Element] {
        byKind[kind] ?? []
    }

    /// Every reference known, sorted, for did-you-mean suggestions.
    public var refs: [Ref] { index.keys.sorted() }
}

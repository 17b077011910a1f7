import ArkitektModel

/// One YAML document as a compact node tree that keeps every node's position.
///
/// Nodes live in one array and refer to their children by index, so a document is a handful of
/// allocations however many nodes it has. An alias is the index of the node its anchor names: the
/// tree is a DAG, and nothing is ever copied or expanded.
public struct YAMLDocument: Sendable {
    public enum NodeKind: UInt8, Sendable {
        case scalar, mapping, sequence
    }

    public struct Node: Sendable {
        public var kind: NodeKind
        /// True for a plain (unquoted) scalar without an explicit tag: only those can mean null.
        public var plain: Bool
        /// 1-based line and column (columns count characters, as libyaml does).
        public var line: Int32
        public var column: Int32
        /// Range into `children`; a mapping stores key, value, key, value...
        public var childStart: Int32
        public var childCount: Int32
        /// Index into `scalars` for a scalar node.
        public var scalarIndex: Int32
    }

    public internal(set) var nodes: [Node] = []
    public internal(set) var children: [Int32] = []
    public internal(set) var scalars: [String] = []
    /// The root node, or nil for an empty document.
    public internal(set) var root: Int32?
    /// Index of the document in its file (0-based).
    public let index: Int

    init(index: Int) { self.index = index }

    public func node(_ i: Int32) -> Node { nodes[Int(i)] }

    public func scalar(_ i: Int32) -> String? {
        let n = nodes[Int(i)]
        guard n.kind == .scalar else { return nil }
        return scalars[Int(n.scalarIndex)]
    }

    /// A plain scalar that YAML reads as null: empty, `~`, `null`, `Null`, `NULL`.
    public func isNull(_ i: Int32) -> Bool {
        let n = nodes[Int(i)]
        guard n.kind == .scalar, n.plain else { return false }
        switch scalars[Int(n.scalarIndex)] {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The children of a sequence.
    public func items(_ i: Int32) -> ArraySlice<Int32> {
        let n = nodes[Int(i)]
        guard n.kind == .sequence else { return [] }
        return children[Int(n.childStart)..<Int(n.childStart + n.childCount)]
    }

    /// Key/value pairs of a mapping, in written order, with YAML 1.1 merge keys (`<<: *base`)
    /// applied: merged entries come after the mapping's own and never override them. A merge that
    /// leads back to a mapping already being merged (`a: &a {<<: *a}`) is ignored.
    public func pairs(_ i: Int32) -> [(key: Int32, value: Int32)] {
        var visiting = Set<Int32>()
        return pairs(i, visiting: &visiting)
    }

    private func pairs(_ i: Int32, visiting: inout Set<Int32>) -> [(key: Int32, value: Int32)] {
        let n = nodes[Int(i)]
        guard n.kind == .mapping else { return [] }
        var result: [(key: Int32, value: Int32)] = []
        result.reserveCapacity(Int(n.childCount / 2))
        var merges: [Int32] = []
        var k = Int(n.childStart)
        let end = Int(n.childStart + n.childCount)
        while k + 1 < end {
            let key = children[k], value = children[k + 1]
            if nodes[Int(key)].plain, scalar(key) == "<<" {
                merges.append(value)
            } else {
                result.append((key, value))
            }
            k += 2
        }
        // Only a mapping that merges can lead back to itself: only those are tracked.
        if !merges.isEmpty {
            guard visiting.insert(i).inserted else { return [] }
            defer { visiting.remove(i) }
            var seen = Set(result.compactMap { scalar($0.key) })
            var sources: [Int32] = []
            for m in merges {
                if nodes[Int(m)].kind == .sequence { sources.append(contentsOf: items(m)) } else { sources.append(m) }
            }
            var merged = Set<Int32>()
            for source in sources where nodes[Int(source)].kind == .mapping && merged.insert(source).inserted {
                for pair in pairs(source, visiting: &visiting) {
                    if let name = scalar(pair.key) {
                        guard seen.insert(name).inserted else { continue }
                    }
                    result.append(pair)
                }
            }
        }
        return result
    }

    /// The value of `key` in a mapping (first occurrence; merged entries count after the
    /// mapping's own).
    public func value(_ mapping: Int32, _ key: String) -> Int32? {
        let n = nodes[Int(mapping)]
        guard n.kind == .mapping else { return nil }
        var k = Int(n.childStart)
        let end = Int(n.childStart + n.childCount)
        var hasMerge = false
        while k + 1 < end {
            let keyNode = children[k]
            if let name = scalar(keyNode) {
                if name == "<<" && nodes[Int(keyNode)].plain {
                    hasMerge = true
                } else if name == key {
                    return children[k + 1]
                }
            }
            k += 2
        }
        guard hasMerge else { return nil }
        return pairs(mapping).first { scalar($0.key) == key }?.value
    }

    /// Whether a mapping has a merge key (`<<`), which `pairs` must resolve.
    public func hasMergeKey(_ mapping: Int32) -> Bool {
        let n = nodes[Int(mapping)]
        guard n.kind == .mapping else { return false }
        var k = Int(n.childStart)
        let end = Int(n.childStart + n.childCount)
        while k + 1 < end {
            let keyNode = children[k]
            if nodes[Int(keyNode)].plain, scalar(keyNode) == "<<" { return true }
            k += 2
        }
        return false
    }
}

/// What a YAML file turned into: its documents, or the reason it could not be read.
public enum YAMLParseResult: Sendable {
    case documents([YAMLDocument])
    case failure(YAMLFailure)
}

/// Why a file could not be read, and where.
public struct YAMLFailure: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// libyaml's own error text (problem, and context where it has one).
        case syntax(String)
        /// A tab in the indentation of the line (YAML indents with spaces only).
        case tabIndentation
        /// An alias of an anchor that an earlier document of the file defines: anchors do not
        /// reach across `---`.
        case aliasAcrossDocuments(String)
        /// An alias of an anchor that no document defines.
        case undefinedAlias(String)
        /// git's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) left in the file.
        case mergeConflict
        case notUTF8
        case limit(ResourceLimit, Int)
    }
    public let reason: Reason
    public let line: Int
    public let column: Int
}

extension YAMLFailure.Reason {
    /// Whether the text is not YAML as written (rather than not UTF-8, or over a limit).
    public var isSyntax: Bool {
        switch self {
        case .syntax, .tabIndentation, .aliasAcrossDocuments, .undefinedAlias, .mergeConflict: return true
        case .notUTF8, .limit: return false
        }
    }
}

/// The bounds that keep a hostile or broken file from exhausting time or memory.
public enum ResourceLimit: String, Sendable, CaseIterable {
    /// Bytes in one file.
    case fileSize = "file-size"
    /// Nodes a document would have if every alias were expanded ("billion laughs").
    case aliasExpansion = "alias-expansion"
    /// Depth of nested mappings and sequences.
    case nestingDepth = "nesting-depth"
    /// Documents in one file.
    case documents = "documents"
    /// Elements in the whole landscape.
    case elements = "elements"
}

/// The limits in force. The defaults are far above any real landscape and far below what
/// would hurt: see docs/RELIABILITY.md.
public struct Limits: Sendable, Equatable {
    public var maxFileBytes: Int = 8 * 1024 * 1024
    public var maxAliasExpansion: Int = 100_000
    public var maxNestingDepth: Int = 64
    public var maxDocumentsPerFile: Int = 10_000
    public var maxElements: Int = 500_000
    /// Which files hold arkitekt's own format, and what Backstage descriptors mean.
    public var catalog = CatalogSettings()

    public init() {}

    public func value(_ limit: ResourceLimit) -> Int {
        switch limit {
        case .fileSize: return maxFileBytes
        case .aliasExpansion: return maxAliasExpansion
        case .nestingDepth: return maxNestingDepth
        case .documents: return maxDocumentsPerFile
        case .elements: return maxElements
        }
    }
}

/// What reading Backstage descriptors needs from the configuration.
public struct CatalogSettings: Sendable, Equatable {
    /// The folders of arkitekt's own files (repository-relative, "" for all); a file outside them
    /// is read only for its Backstage documents. Nil: every file read is arkitekt's own.
    public var ownPaths: [String]?
    /// Owner names (lower case) that count as no owner.
    public var placeholderOwners: [String]

    public init(ownPaths: [String]? = nil, placeholderOwners: [String] = ["unspecified", "unknown", "tbd"]) {
        self.ownPaths = ownPaths
        self.placeholderOwners = placeholderOwners
    }

    /// Whether the file at a repository-relative path is read only for its Backstage documents.
    public func isCatalogOnly(_ path: String) -> Bool {
        guard let ownPaths else { return false }
        return !ownPaths.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
    }
}

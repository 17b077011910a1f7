import ArkitektModel

/// Reads YAML documents strictly; used for elements, the configuration and rule packs.
///
/// Reads one YAML document into an element, strictly: every field the format does not define is
/// an `unknown-field` finding, every value of the wrong shape a `schema` finding. Nothing falls back
/// silently to a default.
public struct DocumentDecoder {
    public let doc: YAMLDocument
    public let file: String
    public var findings: [Finding] = []
    /// The element being read, once its kind and name are known (findings name it).
    public var element: Ref?
    /// Where the element was described (a Backstage descriptor is read through this decoder).
    var origin: ElementOrigin = .arkitekt

    public init(doc: YAMLDocument, file: String) {
        self.doc = doc
        self.file = file
    }

    // MARK: Positions and findings

    public func location(_ node: Int32) -> SourceLocation {
        let n = doc.node(node)
        return SourceLocation(file: file, line: Int(n.line), column: Int(n.column))
    }

    public mutating func report(_ rule: String, _ node: Int32, _ message: LocalizedText, detail: String? = nil) {
        findings.append(Finding(rule: rule, element: element, location: location(node), message: message, detail: detail))
    }

    public mutating func schema(_ node: Int32, _ message: LocalizedText, detail: String) {
        report("schema", node, message, detail: detail)
    }

    // MARK: Shapes

    /// Absent: missing, null, a string empty or of spaces only, empty list or empty map.
    public func isAbsent(_ node: Int32?) -> Bool {
        guard let node else { return true }
        let n = doc.node(node)
        switch n.kind {
        case .scalar: return doc.isNull(node) || (doc.scalar(node)?.allSatisfy(\.isWhitespace) ?? true)
        case .mapping, .sequence: return n.childCount == 0
        }
    }

    /// The fields of a mapping, checking that only `allowed` keys appear. Returns nil (after a
    /// `schema` finding) when the node is present but not a mapping.
    public mutating func fields(_ node: Int32?, path: String, allowed: [String]) -> [String: Int32]? {
        guard let map = fieldMap(node, path: path, allowed: allowed) else { return nil }
        var result: [String: Int32] = [:]
        result.reserveCapacity(map.entries.count)
        for entry in map.entries { result[entry.key] = entry.node }
        return result
    }

    /// `fields` as a short list: the few keys of a mapping are found by comparing, which costs
    /// less than hashing them into a dictionary.
    mutating func fieldMap(_ node: Int32?, path: String, allowed: [String]) -> FieldMap? {
        guard let node, !isAbsent(node) else { return FieldMap() }
        guard doc.node(node).kind == .mapping else {
            schema(node, LoaderMessages.wrongShape(path, expected: .map), detail: path)
            return nil
        }
        var result = FieldMap()
        result.entries.reserveCapacity(min(allowed.count, Int(doc.node(node).childCount / 2)))
        // The dotted path of a key, built only for a finding.
        func full(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        func add(_ keyNode: Int32, _ valueNode: Int32) {
            guard let key = doc.scalar(keyNode) else {
                schema(keyNode, LoaderMessages.wrongShape("\(path)", expected: .text), detail: path + ".<key>")
                return
            }
            if result[key] != nil {
                let full = full(key)
                schema(keyNode, LoaderMessages.duplicateKey(full), detail: "duplicate-key:" + full)
                return
            }
            if !allowed.contains(key) {
                let full = full(key)
                report("unknown-field", keyNode, LoaderMessages.unknownField(full, Suggest.closest(to: key, in: allowed)), detail: full)
                return
            }
            result.entries.append((key, valueNode))
        }
        if doc.hasMergeKey(node) {
            for (keyNode, valueNode) in doc.pairs(node) { add(keyNode, valueNode) }
        } else {
            // Without a merge key the pairs are the mapping's children as written.
            let n = doc.node(node)
            var k = Int(n.childStart)
            let end = Int(n.childStart + n.childCount)
            while k + 1 < end {
                add(doc.children[k], doc.children[k + 1])
                k += 2
            }
        }
        return result
    }

    /// The entries of a free-form map (labels, definitions): any key, each once. A repeated key
    /// is a `schema` finding and the first value is kept.
    public mutating func uniquePairs(_ node: Int32, _ path: String) -> [(key: String, value: Int32)] {
        var seen = Set<String>()
        var result: [(key: String, value: Int32)] = []
        for (k, v) in doc.pairs(node) {
            guard let key = doc.scalar(k) else {
                schema(k, LoaderMessages.wrongShape(path, expected: .text), detail: path + ".<key>")
                continue
            }
            guard seen.insert(key).inserted else {
                schema(k, LoaderMessages.duplicateKey(path + "." + key), detail: "duplicate-key:" + path + "." + key)
                continue
            }
            result.append((key, v))
        }
        return result
    }

    public mutating func text(_ node: Int32?, _ path: String) -> Located<String>? {
        guard let node, !isAbsent(node) else { return nil }
        guard let value = doc.scalar(node) else {
            schema(node, LoaderMessages.wrongShape(path, expected: .text), detail: path)
            return nil
        }
        return Located(value, at: location(node))
    }

    /// A string or a list of strings (legal bases).
    public mutating func texts(_ node: Int32?, _ path: String) -> [Located<String>] {
        guard let node, !isAbsent(node) else { return [] }
        if doc.node(node).kind == .sequence {
            return doc.items(node).enumerated().compactMap { i, item in
                guard !isAbsent(item) else { return nil }
                return text(item, "\(path)[\(i)]")
            }
        }
        guard let value = doc.scalar(node) else {
            schema(node, LoaderMessages.wrongShape(path, expected: .listOrText), detail: path)
            return []
        }
        return [Located(value, at: location(node))]
    }

    public mutating func enumValue<E: FormatEnum>(_ node: Int32?, _ path: String, _ type: E.Type) -> Located<E>? {
        guard let raw = text(node, path), let node else { return nil }
        if let value = E(rawValue: raw.value) { return Located(value, at: raw.location) }
        let allowed = E.allCases.map(\.rawValue)
        schema(node, LoaderMessages.unknownValue(path, raw.value, allowed: allowed,
                                                 suggestion: Suggest.closest(to: raw.value, in: allowed)), detail: path)
        return nil
    }

    public mutating func bool(_ node: Int32?, _ path: String) -> Located<Bool>? {
        guard let raw = text(node, path), let node else { return nil }
        switch raw.value.lowercased() {
        case "true", "yes", "on": return Located(true, at: raw.location)
        case "false", "no", "off": return Located(false, at: raw.location)
        default:
            schema(node, LoaderMessages.wrongShape(path, expected: .bool), detail: path)
            return nil
        }
    }

    public mutating func date(_ node: Int32?, _ path: String) -> Located<Day>? {
        guard let raw = text(node, path), let node else { return nil }
        guard let day = Day(parsing: raw.value) else {
            schema(node, LoaderMessages.wrongShape(path, expected: .date), detail: path)
            return nil
        }
        return Located(day, at: raw.location)
    }

    /// A reference with a fixed target kind: a bare name or `kind:name` of that kind.
    public mutating func ref(_ node: Int32?, _ path: String, _ kind: Kind) -> Located<Ref>? {
        guard let raw = text(node, path), let node else { return nil }
        let value = raw.value.trimmingSpaces
        guard let ref = Ref(parsing: value, defaultKind: kind) else {
            schema(node, LoaderMessages.wrongShape(path, expected: .ref(kind)), detail: path)
            return nil
        }
        guard ref.kind == kind else {
            schema(node, LoaderMessages.refKindMismatch(path, value, expected: kind), detail: path)
            return nil
        }
        return Located(ref, at: raw.location)
    }

    /// A reference to any kind, which must be written `kind:name`.
    public mutating func anyRef(_ node: Int32?, _ path: String) -> Located<Ref>? {
        guard let raw = text(node, path), let node else { return nil }
        guard let ref = Ref(parsing: raw.value.trimmingSpaces) else {
            schema(node, LoaderMessages.wrongShape(path, expected: .anyRef), detail: path)
            return nil
        }
        return Located(ref, at: raw.location)
    }

    /// The items of a list; a single scalar where a list is expected is a `schema` finding.
    public mutating func list(_ node: Int32?, _ path: String) -> [(index: Int, node: Int32)] {
        guard let node, !isAbsent(node) else { return [] }
        guard doc.node(node).kind == .sequence else {
            schema(node, LoaderMessages.wrongShape(path, expected: .list), detail: path)
            return []
        }
        return doc.items(node).enumerated().compactMap { isAbsent($0.element) ? nil : ($0.offset, $0.element) }
    }

    public mutating func refs(_ node: Int32?, _ path: String, _ kind: Kind) -> [Located<Ref>] {
        let items = list(node, path)
        var result: [Located<Ref>] = []
        result.reserveCapacity(items.count)
        for (index, item) in items {
            if let ref = refItem(item, kind, { "\(path)[\(index)]" }) { result.append(ref) }
        }
        return result
    }

    public mutating func enumList<E: FormatEnum>(_ node: Int32?, _ path: String, _ type: E.Type) -> [Located<E>] {
        list(node, path).compactMap { item in enumItem(item.node, type, { "\(path)[\(item.index)]" }) }
    }

    /// `ref(node, path(), kind)`, with the path built only when there is a finding to report.
    mutating func refItem(_ node: Int32?, _ kind: Kind, _ path: () -> String) -> Located<Ref>? {
        guard let node, !isAbsent(node) else { return nil }
        if let raw = doc.scalar(node), let ref = Ref(parsing: raw.trimmingSpaces, defaultKind: kind), ref.kind == kind {
            return Located(ref, at: location(node))
        }
        return ref(node, path(), kind)
    }

    /// `enumValue(node, path(), type)`, with the path built only when there is a finding to report.
    mutating func enumItem<E: FormatEnum>(_ node: Int32?, _ type: E.Type, _ path: () -> String) -> Located<E>? {
        guard let node, !isAbsent(node) else { return nil }
        if let raw = doc.scalar(node), let value = E(rawValue: raw) { return Located(value, at: location(node)) }
        return enumValue(node, path(), type)
    }

    /// A generic value for transition conditions: scalars as written.
    public func conditionValue(_ node: Int32, depth: Int = 0) -> ConditionValue {
        guard depth < 32 else { return .null }
        let n = doc.node(node)
        switch n.kind {
        case .scalar:
            return doc.isNull(node) ? .null : .scalar(doc.scalar(node) ?? "")
        case .sequence:
            return .list(doc.items(node).map { conditionValue($0, depth: depth + 1) })
        case .mapping:
            var map: [String: ConditionValue] = [:]
            for (k, v) in doc.pairs(node) {
                if let key = doc.scalar(k), map[key] == nil { map[key] = conditionValue(v, depth: depth + 1) }
            }
            return .map(map)
        }
    }
}

/// The fields of one mapping, in written order, each key once.
struct FieldMap {
    var entries: [(key: String, node: Int32)] = []

    subscript(key: String) -> Int32? {
        for entry in entries where entry.key == key { return entry.node }
        return nil
    }
}

import ArkitektModel

/// What one file gave: its elements in document order, and the findings of reading it.
public struct LoadedFile: Sendable {
    public let path: String
    public let elements: [Element]
    public let findings: [Finding]
    /// For a file that holds Backstage descriptors: what its elements are made from again
    /// whenever the catalog changes (`CatalogLinker`).
    public let catalog: CatalogSource?
    /// A file outside the landscape paths without a Backstage descriptor: no part of the landscape.
    public let ignored: Bool

    public init(path: String, elements: [Element], findings: [Finding], catalog: CatalogSource? = nil, ignored: Bool = false) {
        self.path = path
        self.elements = elements
        self.findings = findings
        self.catalog = catalog
        self.ignored = ignored
    }
}

/// Turns files into elements. The only entry into the YAML layer for the rest of arkitekt.
public enum LandscapeLoader {
    /// The first line of a Git LFS pointer file.
    static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    /// Reads one file. A file that does not parse, is not UTF-8 or breaks a limit gives one
    /// file-level finding and no elements.
    public static func load(path: String, bytes: [UInt8], limits: Limits = Limits()) -> LoadedFile {
        let catalogOnly = limits.catalog.isCatalogOnly(path)
        let mayHoldDescriptor = Backstage.mayHoldDescriptor(bytes)
        if catalogOnly && !mayHoldDescriptor { return LoadedFile(path: path, elements: [], findings: [], ignored: true) }
        if bytes.starts(with: lfsPointerPrefix) {
            let f = Finding(rule: "yaml-syntax", element: nil, location: SourceLocation(file: path, line: 1, column: 1),
                            message: LoaderMessages.lfsPointer, detail: "lfs-pointer")
            return LoadedFile(path: path, elements: [], findings: [f])
        }
        switch YAMLParser.parse(bytes, limits: limits) {
        case .failure where catalogOnly:
            // Outside the landscape paths a file is only looked at: one that is no YAML (a
            // template's skeleton with `{% if %}`) is no part of the landscape.
            return LoadedFile(path: path, elements: [], findings: [], ignored: true)
        case .failure(let failure):
            // A file that does not parse because git's conflict markers are still in it is named
            // for what it is, at the first marker.
            if case .syntax = failure.reason, let line = conflictMarkerLine(bytes) {
                let conflict = YAMLFailure(reason: .mergeConflict, line: line, column: 1)
                return LoadedFile(path: path, elements: [], findings: [finding(for: conflict, path: path)])
            }
            return LoadedFile(path: path, elements: [], findings: [finding(for: failure, path: path)])
        case .documents(let documents):
            var elements: [Element] = []
            var findings: [Finding] = []
            var entries: [CatalogEntry] = []
            for doc in documents {
                var decoder = DocumentDecoder(doc: doc, file: path)
                if mayHoldDescriptor, let root = doc.root, doc.node(root).kind == .mapping,
                   Backstage.isBackstage(doc.value(root, "apiVersion").flatMap { doc.scalar($0) }?.trimmingSpaces) {
                    let entry = decoder.catalogEntry(root)
                    // Outside the landscape paths, a descriptor whose name is no Backstage name
                    // is a template's skeleton (`name: ${{ values.name }}`), not an entity.
                    if catalogOnly && !Backstage.isValidName(entry.name) { continue }
                    entries.append(entry)
                    continue
                }
                // Outside the landscape paths only the descriptors are read.
                if catalogOnly { continue }
                if let element = decoder.decodeElement() { elements.append(element) }
                findings.append(contentsOf: decoder.findings)
            }
            if entries.isEmpty {
                return LoadedFile(path: path, elements: elements, findings: findings, ignored: catalogOnly)
            }
            let source = CatalogSource(bytes: bytes, entries: entries, ownElements: elements, ownFindings: findings, catalogOnly: catalogOnly)
            return LoadedFile(path: path, elements: elements, findings: findings, catalog: source)
        }
    }

    /// A finding for a file that was not read, or nil-free: every failure becomes one.
    public static func finding(for failure: YAMLFailure, path: String) -> Finding {
        let location = SourceLocation(file: path, line: failure.line, column: failure.column)
        switch failure.reason {
        case .syntax(let problem):
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.syntax(problem))
        case .tabIndentation:
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.tabIndentation, detail: "tab")
        case .aliasAcrossDocuments(let name):
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.aliasAcrossDocuments(name))
        case .undefinedAlias(let name):
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.undefinedAlias(name))
        case .mergeConflict:
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.mergeConflict, detail: "merge-conflict")
        case .notUTF8:
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.notUTF8, detail: "encoding")
        case .limit(let limit, let value):
            return Finding(rule: "resource-limit", element: nil, location: location,
                           message: LoaderMessages.limit(limit, value), detail: limit.rawValue)
        }
    }

    /// The 1-based line of the first of git's conflict markers (`<<<<<<< `, `=======`,
    /// `>>>>>>> ` at the start of a line), nil when there is none.
    static func conflictMarkerLine(_ bytes: [UInt8]) -> Int? {
        let markers: [[UInt8]] = [Array("<<<<<<<".utf8), Array("=======".utf8), Array(">>>>>>>".utf8)]
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let text = bytes[start..<end]
            for marker in markers where text.starts(with: marker) {
                let rest = text.dropFirst(marker.count)
                // `=======` stands alone; the others are followed by a space and a name, or nothing.
                if rest.isEmpty || rest.first == 0x0D || (marker[0] != 0x3D && rest.first == 0x20) { return line }
            }
            line += 1
            start = end + 1
        }
        return nil
    }

    /// The finding for a landscape that has more elements than the limit allows.
    public static func elementLimitFinding(at location: SourceLocation, limit: Int) -> Finding {
        Finding(rule: "resource-limit", element: nil, location: location,
                message: LoaderMessages.limit(.elements, limit), detail: ResourceLimit.elements.rawValue)
    }

    /// The finding for a file that was too large to read at all.
    public static func fileTooLargeFinding(path: String, limit: Int) -> Finding {
        finding(for: YAMLFailure(reason: .limit(.fileSize, limit), line: 1, column: 1), path: path)
    }
}

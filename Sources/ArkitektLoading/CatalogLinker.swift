import ArkitektModel

/// Makes the elements of Backstage descriptors with the whole catalog in view (see `Backstage`):
/// every file that holds a descriptor gets its elements and findings again from its own bytes
/// and the index of all of them. Files without a descriptor are left as they are.
public enum CatalogLinker {
    /// The files, those with descriptors decoded against the whole catalog; the same order.
    public static func link(_ files: [LoadedFile], limits: Limits = Limits()) -> [LoadedFile] {
        guard files.contains(where: { $0.catalog != nil }) else { return files }
        // The index in path order, whatever order the files come in (a dictionary's, in a walk).
        let ordered = files.filter { $0.catalog != nil }.sorted { ByteOrder.less($0.path, $1.path) }
        let context = CatalogContext(ordered.flatMap { $0.catalog?.entries ?? [] }, placeholderOwners: limits.catalog.placeholderOwners)
        return files.map { $0.catalog == nil ? $0 : link($0, context: context, limits: limits) }
    }

    /// `updates` (path -> the file, or nil for a removed one) to apply to a landscape of `files`,
    /// with, when any file before or after holds a descriptor, every file that holds one
    /// decoded again: one descriptor's change can change what another one gives.
    /// A file that is no part of the landscape (`ignored`) comes back as a removal.
    public static func linked(_ all: [String: LoadedFile?], in files: [String: LoadedFile], limits: Limits = Limits()) -> [String: LoadedFile?] {
        let updates = all.mapValues { $0.flatMap { $0.ignored ? nil : $0 } }
        let touchesCatalog = updates.contains { path, file in file?.catalog != nil || files[path]?.catalog != nil }
        guard touchesCatalog else { return updates }
        var all = files
        for (path, file) in updates { all[path] = file ?? nil }
        let catalogFiles = all.values.filter { $0.catalog != nil }
        var result = updates
        for file in link(catalogFiles, limits: limits) { result[file.path] = .some(file) }
        return result
    }

    static func link(_ file: LoadedFile, context: CatalogContext, limits: Limits) -> LoadedFile {
        guard let source = file.catalog else { return file }
        var elements = source.ownElements
        var findings = source.ownFindings
        if case .documents(let documents) = YAMLParser.parse(source.bytes, limits: limits) {
            let wanted = Set(source.entries.map(\.documentIndex))
            for doc in documents where wanted.contains(doc.index) {
                guard let root = doc.root else { continue }
                var decoder = DocumentDecoder(doc: doc, file: file.path)
                elements.append(contentsOf: decoder.decodeBackstage(root, context: context))
                findings.append(contentsOf: decoder.findings)
            }
        }
        elements.sort { $0.documentIndex < $1.documentIndex }
        return LoadedFile(path: file.path, elements: elements, findings: findings, catalog: source)
    }
}

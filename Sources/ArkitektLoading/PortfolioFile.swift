import ArkitektModel

/// A portfolio file (`kind: Portfolio`): the landscapes `arkitekt portfolio` reads side by side,
/// each from its own git repository at a revision. A landscape is named as a library is in
/// `.arkitekt.yaml`: `name`, `git` (a path relative to the portfolio file's folder, or a URL),
/// `rev` and an optional `path` (the landscape's folder in its repository).
public struct PortfolioFile: Sendable {
    public static let kindName = "Portfolio"

    /// In the file's order; names are unique.
    public var landscapes: [LibrarySpec]

    public init(landscapes: [LibrarySpec]) {
        self.landscapes = landscapes
    }

    /// Reads a portfolio strictly: any other key, a missing value, a name given twice or a path
    /// that leaves the repository is an error at its place.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> PortfolioFile {
        var (decoder, root, top) = try ConfigError.strictDocument(
            bytes, file: file, kind: kindName, allowed: FormatSchema.keys(FormatSchema.portfolio, ""), single: LocalizedText(
                nb: "\(file) skal være ett YAML-dokument av typen \(kindName) med landskapene i spec.landscapes.",
                en: "\(file) must be a single YAML document of kind \(kindName) with the landscapes in spec.landscapes."))
        func fail(_ node: Int32, _ message: LocalizedText) -> ConfigError {
            ConfigError(location: decoder.location(node), message: message)
        }
        if let metadata = top["metadata"], !decoder.isAbsent(metadata) {
            let keys = FormatSchema.keys(FormatSchema.portfolio, "metadata")
            let fields = decoder.fields(metadata, path: "metadata", allowed: keys)
            for key in keys { _ = decoder.text(fields?[key], "metadata.\(key)") }
            try decoder.throwFirst()
        }
        let spec = decoder.fields(top["spec"], path: "spec", allowed: FormatSchema.keys(FormatSchema.portfolio, "spec"))
        try decoder.throwFirst()
        guard let spec, let node = spec["landscapes"], !decoder.doc.isNull(node) else {
            throw fail(top["spec"] ?? root, LoaderMessages.missing("spec.landscapes"))
        }
        let landscapes = try Config.repositories(node, &decoder, key: "spec.landscapes", allowed: FormatSchema.keys(FormatSchema.portfolio, "spec.landscapes"),
                                                 noun: LocalizedText(nb: "Landskapet", en: "The landscape"),
                                                 nameNoun: LocalizedText(nb: "Landskapsnavnet", en: "The landscape name"),
                                                 otherName: LocalizedText(nb: "hvert landskap", en: "each landscape"))
        guard !landscapes.isEmpty else {
            throw ConfigError(location: decoder.location(node), message: LocalizedText(
                nb: "\(file) har ingen landskap i spec.landscapes: en portefølje uten landskap har ingenting å vise.",
                en: "\(file) has no landscapes in spec.landscapes: a portfolio of none has nothing to show."))
        }
        return PortfolioFile(landscapes: landscapes)
    }
}

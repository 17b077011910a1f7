import ArkitektModel

/// A per-rule severity in `.arkitekt.yaml`: a severity, or `off`.
public enum SeverityOverride: String, FormatEnum {
    case error, warning, info, off

    public var severity: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .off: return nil
        }
    }
}

/// The repository's configuration, `.arkitekt.yaml` at its root.
public struct Config: Sendable {
    public static let fileName = ".arkitekt.yaml"
    public static let defaultPaths = ["architecture"]

    /// Landscape paths, repository-relative, normalised (no `./`, no trailing `/`).
    public var paths: [String] = Config.defaultPaths
    /// Where `spec.paths` is written, when it is (for errors about the paths).
    public var pathsLocation: SourceLocation?
    /// Built-in pack names (`ks`) or repository paths to pack files, as written.
    public var rulePacks: [Located<String>] = []
    public var severity: [String: Located<SeverityOverride>] = [:]
    public var language: Language?
    /// True when the packs were given in the file (else the built-in `ks` pack applies).
    public var rulePacksGiven = false
    /// Where Backstage descriptors are looked for besides `paths` (`spec.backstage.paths`): in
    /// these folders a YAML file is read only for its Backstage documents, and a file without
    /// one is not part of the landscape. Nil when not configured: then the whole repository is
    /// searched for descriptors when `paths` hold no file (`Config.discovery`).
    public var catalogPaths: [String]?
    /// Where descriptors are looked for when the landscape paths hold nothing and no catalog
    /// paths are configured: everywhere.
    public static let discovery = [""]

    /// Whether a landscape that holds nothing under `paths` is looked for as Backstage
    /// descriptors anywhere: when the file names neither `paths` nor `backstage.paths`.
    public var discovers: Bool { pathsLocation == nil && catalogPaths == nil }
    /// Owners that stand for "nobody yet" in Backstage catalogs (`spec.backstage.placeholderOwners`):
    /// an owner named so counts as no owner. Compared without case.
    public var placeholderOwners: [String] = Config.defaultPlaceholderOwners
    /// Landscapes of other repositories this one imports (`spec.libraries`), in the file's order.
    public var libraries: [LibrarySpec] = []
    public static let defaultPlaceholderOwners = ["unspecified", "unknown", "tbd"]

    /// Every folder a run reads from: `paths`, then the catalog paths that no landscape path
    /// already holds.
    public var readPaths: [String] { Config.union(paths, catalogPaths ?? []) }

    /// `a`, then what of `b` it lacks.
    public static func union(_ a: [String], _ b: [String]) -> [String] {
        var all = a
        for path in b where !all.contains(path) { all.append(path) }
        return all
    }


    public init() {}
}

/// A library a landscape imports (`spec.libraries` in `.arkitekt.yaml`).
public struct LibrarySpec: Sendable {
    /// What the landscape calls it: `name@library` picks one of its elements.
    public let name: Located<String>
    /// Where its repository is: a path relative to the importing repository, or a URL.
    public let git: Located<String>
    /// The tag, branch or commit to pin.
    public let rev: Located<String>
    /// The folder of its landscape inside its repository, when given (normalised).
    public let path: Located<String>?

    public init(name: Located<String>, git: Located<String>, rev: Located<String>, path: Located<String>? = nil) {
        self.name = name
        self.git = git
        self.rev = rev
        self.path = path
    }
}

/// A configuration that cannot be used: where, and what is wrong. Exit code 2.
public struct ConfigError: Error, Sendable, Equatable {
    public let location: SourceLocation
    public let message: LocalizedText

    public init(location: SourceLocation, message: LocalizedText) {
        self.location = location
        self.message = message
    }

    /// The documents of a file arkitekt reads strictly (the configuration, the lock) that hold
    /// something; YAML that does not parse is an error at its place.
    /// The one document of a file arkitekt writes or reads strictly (the lock, a portfolio), its
    /// decoder and top-level fields, once `apiVersion` and `kind` are what they must be. `single`
    /// says what to do when the file is not one document.
    static func strictDocument(_ bytes: [UInt8], file: String, kind kindName: String, allowed: [String],
                               single: LocalizedText) throws(ConfigError) -> (decoder: DocumentDecoder, root: Int32, top: [String: Int32]) {
        let documents = try documents(bytes, file: file)
        guard documents.count == 1, let doc = documents.first, let root = doc.root else {
            throw ConfigError(location: SourceLocation(file: file, line: 1, column: 1), message: single)
        }
        var decoder = DocumentDecoder(doc: doc, file: file)
        let top = decoder.fields(root, path: "", allowed: allowed)
        try decoder.throwFirst()
        guard let top else { throw ConfigError(location: decoder.location(root), message: LoaderMessages.wrongShape("(root)", expected: .map)) }
        guard let api = decoder.text(top["apiVersion"], "apiVersion") else {
            throw ConfigError(location: decoder.location(root), message: LoaderMessages.missing("apiVersion"))
        }
        guard api.value == currentAPIVersion else { throw ConfigError(location: api.location, message: LoaderMessages.unknownAPIVersion(api.value)) }
        guard let kind = decoder.text(top["kind"], "kind") else { throw ConfigError(location: decoder.location(root), message: LoaderMessages.missing("kind")) }
        guard kind.value == kindName else {
            throw ConfigError(location: kind.location, message: LocalizedText(
                nb: "«kind» i \(file) skal være «\(kindName)», ikke «\(kind.value)».",
                en: "'kind' in \(file) must be '\(kindName)', not '\(kind.value)'."))
        }
        return (decoder, root, top)
    }

    static func documents(_ bytes: [UInt8], file: String) throws(ConfigError) -> [YAMLDocument] {
        switch YAMLParser.parse(bytes) {
        case .failure(let failure):
            let f = LandscapeLoader.finding(for: failure, path: file)
            throw ConfigError(location: f.location, message: f.message)
        case .documents(let docs):
            return docs.filter { $0.root != nil }
        }
    }
}

extension Config {
    /// Reads `.arkitekt.yaml` strictly: any unknown key, wrong shape or bad value is an error.
    public static func parse(_ bytes: [UInt8], file: String = Config.fileName) throws(ConfigError) -> Config {
        let documents = try ConfigError.documents(bytes, file: file)
        guard let doc = documents.first, let root = doc.root else { return Config() }
        var decoder = DocumentDecoder(doc: doc, file: file)
        var config = Config()
        func fail(_ node: Int32, _ message: LocalizedText) -> ConfigError {
            ConfigError(location: decoder.location(node), message: message)
        }
        if documents.count > 1, let second = documents[1].root {
            throw ConfigError(location: DocumentDecoder(doc: documents[1], file: file).location(second),
                              message: LocalizedText(nb: "Konfigurasjonen skal være ett dokument.", en: "The configuration must be a single document."))
        }
        let top = decoder.fields(root, path: "", allowed: FormatSchema.keys(FormatSchema.config, ""))
        try decoder.throwFirst()
        guard let top else { throw fail(root, LoaderMessages.wrongShape("(root)", expected: .map)) }
        let api = decoder.text(top["apiVersion"], "apiVersion")
        guard let api else { throw fail(root, LoaderMessages.missing("apiVersion")) }
        guard api.value == currentAPIVersion else {
            throw ConfigError(location: api.location, message: LoaderMessages.unknownAPIVersion(api.value))
        }
        guard let kind = decoder.text(top["kind"], "kind") else { throw fail(root, LoaderMessages.missing("kind")) }
        guard kind.value == "Config" else {
            throw ConfigError(location: kind.location, message: LocalizedText(
                nb: "«kind» i \(file) skal være «Config», ikke «\(kind.value)».",
                en: "'kind' in \(file) must be 'Config', not '\(kind.value)'."))
        }
        let spec = decoder.fields(top["spec"], path: "spec", allowed: FormatSchema.keys(FormatSchema.config, "spec"))
        try decoder.throwFirst()
        guard let spec else { return config }

        /// A list of repository paths, normalised; one that leaves the repository stops the run.
        func paths(_ node: Int32, _ path: String, landscape: Bool) throws(ConfigError) -> [String] {
            var paths: [String] = []
            for (i, item) in decoder.list(node, path) {
                guard let p = decoder.text(item, "\(path)[\(i)]") else { continue }
                guard let normalised = normalise(path: p.value) else {
                    throw ConfigError(location: p.location, message: LocalizedText(
                        nb: "\(landscape ? "Landskapsstien" : "Stien") «\(p.value)» må være relativ og ligge inne i depotet (ingen «..», ikke absolutt).",
                        en: "\(landscape ? "Landscape path" : "Path") '\(p.value)' must be relative and inside the repository (no '..', not absolute)."))
                }
                paths.append(normalised)
            }
            try decoder.throwFirst()
            return paths
        }
        if let pathsNode = spec["paths"], !decoder.isAbsent(pathsNode) {
            config.paths = try paths(pathsNode, "spec.paths", landscape: true)
            config.pathsLocation = decoder.location(pathsNode)
        }
        if let packsNode = spec["rulePacks"], !decoder.isAbsent(packsNode) {
            config.rulePacks = decoder.list(packsNode, "spec.rulePacks").compactMap { decoder.text($0.node, "spec.rulePacks[\($0.index)]") }
            config.rulePacksGiven = true
            try decoder.throwFirst()
        }
        if let severityNode = spec["severity"], !decoder.isAbsent(severityNode) {
            guard decoder.doc.node(severityNode).kind == .mapping else {
                throw fail(severityNode, LoaderMessages.wrongShape("spec.severity", expected: .map))
            }
            for (k, v) in decoder.doc.pairs(severityNode) {
                guard let rule = decoder.doc.scalar(k) else { throw fail(k, LoaderMessages.wrongShape("spec.severity", expected: .text)) }
                guard let value = decoder.enumValue(v, "spec.severity.\(rule)", SeverityOverride.self) else {
                    if decoder.findings.isEmpty { throw fail(v, LoaderMessages.missing("spec.severity.\(rule)")) }
                    try decoder.throwFirst()
                    continue
                }
                if config.severity[rule] != nil { throw fail(k, LoaderMessages.duplicateKey("spec.severity.\(rule)")) }
                config.severity[rule] = Located(value.value, at: decoder.location(k))
            }
        }
        if let backstageNode = spec["backstage"], !decoder.isAbsent(backstageNode) {
            let backstage = decoder.fields(backstageNode, path: "spec.backstage", allowed: FormatSchema.keys(FormatSchema.config, "spec.backstage"))
            try decoder.throwFirst()
            if let pathsNode = backstage?["paths"] {
                config.catalogPaths = try paths(pathsNode, "spec.backstage.paths", landscape: false)
            }
            if let ownersNode = backstage?["placeholderOwners"] {
                config.placeholderOwners = decoder.texts(ownersNode, "spec.backstage.placeholderOwners").map(\.value)
                try decoder.throwFirst()
            }
        }
        if let librariesNode = spec["libraries"], !decoder.isAbsent(librariesNode) {
            config.libraries = try libraries(librariesNode, &decoder, file: file)
        }
        if let languageNode = spec["language"] {
            let language = decoder.text(languageNode, "spec.language")
            try decoder.throwFirst()
            if let language {
                guard let value = Language(rawValue: language.value) else {
                    let allowed = Language.allCases.map(\.rawValue)
                    throw fail(languageNode, LoaderMessages.unknownValue("spec.language", language.value, allowed: allowed,
                                                                         suggestion: Suggest.closest(to: language.value, in: allowed)))
                }
                config.language = value
            }
        }
        return config
    }

    /// `spec.libraries`: each with a name unique in the file, a repository and a revision.
    static func libraries(_ node: Int32, _ decoder: inout DocumentDecoder, file: String) throws(ConfigError) -> [LibrarySpec] {
        try repositories(node, &decoder, key: "spec.libraries", allowed: FormatSchema.keys(FormatSchema.config, "spec.libraries"),
                         noun: LocalizedText(nb: "Biblioteket", en: "The library"), nameNoun: LocalizedText(nb: "Biblioteksnavnet", en: "The library name"),
                         otherName: LocalizedText(nb: "hvert bibliotek", en: "each library"))
    }

    /// A list of repositories with a name unique in the file, a `git` source, a `rev` and an
    /// optional `path` inside: a configuration's libraries, a portfolio's landscapes.
    static func repositories(_ node: Int32, _ decoder: inout DocumentDecoder, key: String, allowed: [String], noun: LocalizedText,
                             nameNoun: LocalizedText, otherName: LocalizedText) throws(ConfigError) -> [LibrarySpec] {
        var found: [LibrarySpec] = []
        for (i, item) in decoder.list(node, key) {
            let at = "\(key)[\(i)]"
            let fields = decoder.fields(item, path: at, allowed: allowed)
            try decoder.throwFirst()
            guard let fields else { continue }
            func required(_ key: String) throws(ConfigError) -> Located<String> {
                let value = decoder.text(fields[key], "\(at).\(key)")
                try decoder.throwFirst()
                guard let value, !value.value.trimmingSpaces.isEmpty else {
                    throw ConfigError(location: decoder.location(fields[key] ?? item), message: LoaderMessages.missing("\(at).\(key)"))
                }
                return Located(value.value.trimmingSpaces, at: value.location)
            }
            let name = try required("name")
            guard ElementName.isValid(name.value) else {
                throw ConfigError(location: name.location, message: LocalizedText(
                    nb: "\(nameNoun.nb) «\(name.value)» kan bare ha små bokstaver (a-z), sifre og bindestrek inni, og høyst 63 tegn.",
                    en: "\(nameNoun.en) '\(name.value)' may hold only lower-case letters (a-z), digits and inner hyphens, at most 63 characters."))
            }
            if let first = found.first(where: { $0.name.value == name.value }) {
                throw ConfigError(location: name.location, message: LocalizedText(
                    nb: "\(noun.nb) «\(name.value)» er nevnt to ganger (først på linje \(first.name.location.line)). Gi \(otherName.nb) sitt eget navn.",
                    en: "\(noun.en) '\(name.value)' is named twice (first on line \(first.name.location.line)). Give \(otherName.en) a name of its own."))
            }
            let git = try required("git")
            let rev = try required("rev")
            var path: Located<String>?
            if let pathNode = fields["path"], !decoder.isAbsent(pathNode) {
                let given = decoder.text(pathNode, "\(at).path")
                try decoder.throwFirst()
                if let given {
                    guard let normalised = normalise(path: given.value) else {
                        throw ConfigError(location: given.location, message: LocalizedText(
                            nb: "Stien «\(given.value)» må være relativ og ligge inne i depotet (ingen «..», ikke absolutt).",
                            en: "The path '\(given.value)' must be relative and inside the repository (no '..', not absolute)."))
                    }
                    path = Located(normalised, at: given.location)
                }
            }
            found.append(LibrarySpec(name: name, git: git, rev: rev, path: path))
        }
        try decoder.throwFirst()
        return found
    }

    /// `./architecture/` -> `architecture`; `.` or empty -> `` (the whole repository).
    /// Nil for a path that leaves the repository.
    public static func normalise(path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}

extension DocumentDecoder {
    /// In a configuration every finding is an error: the first one stops the run.
    func throwFirst() throws(ConfigError) {
        if let first = findings.first {
            throw ConfigError(location: first.location, message: first.message)
        }
    }
}

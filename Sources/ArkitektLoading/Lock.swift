import ArkitektModel

/// `.arkitekt.lock`: the commit each library of `.arkitekt.yaml` is pinned to, written by
/// `arkitekt library update` and read by every run that imports a library. A library is used at
/// its locked commit, whatever its tag or branch points to now.
public struct Lock: Sendable, Equatable {
    public static let fileName = ".arkitekt.lock"

    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The repository and revision as `.arkitekt.yaml` gave them when the pin was made.
        public var git: String
        public var rev: String
        /// The full commit id (40 hexadecimal digits).
        public var commit: String

        public init(name: String, git: String, rev: String, commit: String) {
            self.name = name
            self.git = git
            self.rev = rev
            self.commit = commit
        }
    }

    /// Sorted by name.
    public private(set) var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { ByteOrder.less($0.name, $1.name) }
    }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    static let kindName = "Lock"

    /// The file as `library update` writes it: sorted, one library per item, every text quoted.
    public func rendered() -> String {
        // No comment: the file is the same whichever language the run that wrote it spoke.
        var text = """
            apiVersion: \(currentAPIVersion)
            kind: \(Self.kindName)
            spec:

            """
        if entries.isEmpty {
            text += "  libraries: []\n"
            return text
        }
        text += "  libraries:\n"
        for entry in entries {
            text += "    - name: \(JSONText.quoted(entry.name))\n"
            text += "      git: \(JSONText.quoted(entry.git))\n"
            text += "      rev: \(JSONText.quoted(entry.rev))\n"
            text += "      commit: \(JSONText.quoted(entry.commit))\n"
        }
        return text
    }

    /// Reads a lock file strictly, as the configuration is read: any other key, a missing value or
    /// a commit that is not a full id is an error at its place.
    public static func parse(_ bytes: [UInt8], file: String = Lock.fileName) throws(ConfigError) -> Lock {
        var (decoder, _, top) = try ConfigError.strictDocument(bytes, file: file, kind: kindName, allowed: ["apiVersion", "kind", "spec"], single: LocalizedText(
            nb: "\(file) skal være ett YAML-dokument. Kjør «arkitekt library update» for å skrive den på nytt.",
            en: "\(file) must be a single YAML document. Run 'arkitekt library update' to write it again."))
        func fail(_ node: Int32, _ message: LocalizedText) -> ConfigError {
            ConfigError(location: decoder.location(node), message: message)
        }
        let spec = decoder.fields(top["spec"], path: "spec", allowed: ["libraries"])
        try decoder.throwFirst()
        var entries: [Entry] = []
        for (i, item) in decoder.list(spec?["libraries"], "spec.libraries") {
            let at = "spec.libraries[\(i)]"
            let fields = decoder.fields(item, path: at, allowed: ["name", "git", "rev", "commit"])
            try decoder.throwFirst()
            guard let fields else { continue }
            func required(_ key: String) throws(ConfigError) -> Located<String> {
                let value = decoder.text(fields[key], "\(at).\(key)")
                try decoder.throwFirst()
                guard let value, !value.value.isEmpty else { throw fail(fields[key] ?? item, LoaderMessages.missing("\(at).\(key)")) }
                return value
            }
            let name = try required("name")
            if entries.contains(where: { $0.name == name.value }) {
                throw ConfigError(location: name.location, message: LoaderMessages.duplicateKey("spec.libraries: \(name.value)"))
            }
            let git = try required("git"), rev = try required("rev"), commit = try required("commit")
            let digits = Array(commit.value.utf8)
            guard digits.count == 40, digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw ConfigError(location: commit.location, message: LocalizedText(
                    nb: "«\(commit.value)» er ikke en full commit-id (40 små heksadesimale sifre). Kjør «arkitekt library update \(name.value)».",
                    en: "'\(commit.value)' is not a full commit id (40 lower-case hexadecimal digits). Run 'arkitekt library update \(name.value)'."))
            }
            entries.append(Entry(name: name.value, git: git.value, rev: rev.value, commit: commit.value))
        }
        try decoder.throwFirst()
        return Lock(entries: entries)
    }
}

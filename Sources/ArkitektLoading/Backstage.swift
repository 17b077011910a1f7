import ArkitektModel

/// Backstage catalog descriptors (`apiVersion: backstage.io/v1alpha1` or `v1beta1`) read as
/// landscape elements. The mapping is in docs/INTEROP.md.
///
/// A descriptor says little on its own: which kind a resource it depends on becomes depends on
/// that resource's type, and an API becomes integrations only with the components that provide
/// and consume it, written in other files. So a file's descriptors are read in two steps: when the
/// file is loaded, what the catalog's index needs (`CatalogEntry`); and when the landscape is put
/// together, the elements, with the whole catalog in view (`CatalogLinker`).
public enum Backstage {
    public static let apiVersions = ["backstage.io/v1alpha1", "backstage.io/v1beta1"]
    /// The kinds read; any other kind under a Backstage apiVersion is a finding.
    public static let kinds = ["component", "system", "api", "resource", "group", "user", "domain", "location"]

    /// Whether a file may hold a descriptor: a cheap look at the bytes before any parsing.
    static func mayHoldDescriptor(_ bytes: [UInt8]) -> Bool {
        let needle = Array("backstage.io/v1".utf8)
        guard bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// A name as Backstage allows it: 1 to 63 letters, digits, `-`, `_` or `.`, beginning and
    /// ending with a letter or digit.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func alphanumeric(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        guard let first = bytes.first, let last = bytes.last, alphanumeric(first), alphanumeric(last) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    static func isBackstage(_ apiVersion: String?) -> Bool {
        apiVersion.map { apiVersions.contains($0) } ?? false
    }

    /// An entity reference as Backstage writes it: `[kind:][namespace/]name`.
    public struct EntityRef: Hashable, Sendable {
        public var kind: String
        public var namespace: String
        public var name: String

        /// Kind and namespace in lower case, as Backstage compares them; the name too, since
        /// Backstage compares whole references without case.
        var key: String { "\(kind):\(namespace)/\(name.lowercased())" }

        /// Nil for a malformed reference, or one without a kind where the field has no default.
        init?(parsing text: String, defaultKind: String?, defaultNamespace: String = "default") {
            var rest = Substring(text.trimmingSpaces)
            var kind = defaultKind
            if let colon = rest.firstIndex(of: ":") {
                kind = String(rest[..<colon]).lowercased()
                rest = rest[rest.index(after: colon)...]
            }
            var namespace = defaultNamespace
            if let slash = rest.firstIndex(of: "/") {
                namespace = String(rest[..<slash]).lowercased()
                rest = rest[rest.index(after: slash)...]
            }
            guard let kind, !kind.isEmpty, !namespace.isEmpty, !rest.isEmpty,
                  !rest.contains("/"), !rest.contains(":"), !rest.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
            self.kind = kind
            self.namespace = namespace
            self.name = String(rest)
        }

        init(kind: String, namespace: String, name: String) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
        }
    }

    /// The landscape name of an entity: lower case, anything but a letter, digit or dash a dash,
    /// the namespace in front when it is not `default`; a name too long keeps a short hash of
    /// itself, so that two long names stay apart.
    public static func name(_ name: String, namespace: String) -> String {
        let full = namespace == "default" ? name : namespace + "--" + name
        var out = ""
        for scalar in full.lowercased().unicodeScalars {
            let v: UInt32 = scalar.value
            let letter = v >= 0x61 && v <= 0x7A
            let digit = v >= 0x30 && v <= 0x39
            out.unicodeScalars.append(letter || digit || v == 0x2D ? scalar : Unicode.Scalar(0x2D))
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        if out.isEmpty { out = "x" }
        if out.utf8.count > 63 {
            var hash: UInt32 = 2_166_136_261
            for byte in full.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            let suffix = String(hash, radix: 16)
            var head = String(out.prefix(62 - suffix.count))
            while head.hasSuffix("-") { head.removeLast() }
            out = head + "-" + suffix
        }
        return out
    }
}

/// What the catalog's index needs of one descriptor, read when its file is loaded.
public struct CatalogEntry: Sendable, Equatable {
    /// The Backstage kind, in lower case.
    public var kind: String
    public var namespace: String
    public var name: String
    /// `spec.type`, where the kind has one.
    public var type: String?
    /// `spec.providesApis` and `spec.consumesApis` of a component, as written.
    public var provides: [String] = []
    public var consumes: [String] = []
    public var documentIndex: Int

    var ref: Backstage.EntityRef { Backstage.EntityRef(kind: kind, namespace: namespace, name: name) }
}

/// A file that holds Backstage descriptors: what it is made from again when the catalog changes.
public struct CatalogSource: Sendable {
    /// The file as read, to decode its descriptors with the whole catalog in view.
    public let bytes: [UInt8]
    public let entries: [CatalogEntry]
    /// The elements and findings of its documents in arkitekt's own format, and those of reading
    /// the file; the descriptors' own are added by the linker.
    public let ownElements: [Element]
    public let ownFindings: [Finding]
    /// Read only for its descriptors (outside the landscape paths).
    public let catalogOnly: Bool
}

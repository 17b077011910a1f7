import ArkitektModel

/// What one file gave: its elements in document order, and the findings of reading it.
public struct LoadedFile: Sendable {
    public let path: String
    public let elements: [Element]
    public let findings: [Finding]

    public init(path: String, elements: [Element], findings: [Finding]) {
        self.path = path
        self.elements = elements
        self.findings = findings
    }
}

/// Turns files into elements. The only entry into the YAML layer for the rest of arkitekt.
public enum LandscapeLoader {
    /// The first line of a Git LFS pointer file.
    static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    /// Reads one file. A file that does not parse, is not UTF-8 or breaks a limit gives one
    /// file-level finding and no elements.
    public static func load(path: String, bytes: [UInt8], limits: Limits = Limits()) -> LoadedFile {
        if bytes.starts(with: lfsPointerPrefix) {
            let f = Finding(rule: "yaml-syntax", element: nil, location: SourceLocation(file: path, line: 1, column: 1),
                            message: LoaderMessages.lfsPointer, detail: "lfs-pointer")
            return LoadedFile(path: path, elements: [], findings: [f])
        }
        switch YAMLParser.parse(bytes, limits: limits) {
        case .failure(let failure):
            return LoadedFile(path: path, elements: [], findings: [finding(for: failure, path: path)])
        case .documents(let documents):
            var elements: [Element] = []
            var findings: [Finding] = []
            for doc in documents {
                var decoder = DocumentDecoder(doc: doc, file: path)
                if let element = decoder.decodeElement() { elements.append(element) }
                findings.append(contentsOf: decoder.findings)
            }
            return LoadedFile(path: path, elements: elements, findings: findings)
        }
    }

    /// A finding for a file that was not read, or nil-free: every failure becomes one.
    public static func finding(for failure: YAMLFailure, path: String) -> Finding {
        let location = SourceLocation(file: path, line: failure.line, column: failure.column)
        switch failure.reason {
        case .syntax(let problem):
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.syntax(problem))
        case .notUTF8:
            return Finding(rule: "yaml-syntax", element: nil, location: location, message: LoaderMessages.notUTF8, detail: "encoding")
        case .limit(let limit, let value):
            return Finding(rule: "resource-limit", element: nil, location: location,
                           message: LoaderMessages.limit(limit, value), detail: limit.rawValue)
        }
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

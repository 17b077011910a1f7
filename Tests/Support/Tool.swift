import Foundation

/// A program the tests take from the machine (git, bash, python3, util-linux `script`). When one
/// is missing, the test that needs it fails with one line that names it and says how to get it,
/// instead of an obscure failure further on.
public struct MissingTool: Error, CustomStringConvertible {
    public let name: String
    public let searched: String

    public init(name: String, searched: String) {
        self.name = name
        self.searched = searched
    }

    public var description: String {
        "'\(name)' is not installed (searched PATH=\(searched)); the tests need it. "
            + "`make test` installs what the tests use (scripts/install-deps.sh, scripts/install-python-deps.sh)."
    }
}

public enum Tool {
    /// The full path of `name` on `path` (the PATH to search), or nil.
    public static func find(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let search = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in search.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The full path of `name`, or a `MissingTool` error that says what to do.
    public static func require(_ name: String, path: String? = nil) throws -> String {
        guard let found = find(name, path: path) else {
            throw MissingTool(name: name, searched: path ?? ProcessInfo.processInfo.environment["PATH"] ?? "")
        }
        return found
    }
}

import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing

/// A fixture repository built with the git command line, with a commit date per commit.
final class HistoryRepo {
    let dir: TempDirectory
    var git: GitCLI
    var day = 1

    init() throws {
        dir = try TempDirectory(prefix: "arkitekt-history")
        git = GitCLI(home: dir.path + "/.home")
        try FileManager.default.createDirectory(atPath: dir.path + "/.home", withIntermediateDirectories: true)
        git.date = nil
        try git.initRepo(at: path)
    }

    var path: String { dir.path + "/repo" }

    func write(_ file: String, _ text: String) throws {
        _ = try dir.write("repo/" + file, text)
    }

    func remove(_ file: String) throws { try dir.remove("repo/" + file) }

    /// Commits everything with the next day of January 2025 as author and committer date.
    @discardableResult
    func commit(_ message: String) throws -> String {
        let date = String(format: "2025-01-%02dT12:00:00+00:00", day)
        day += 1
        git.date = date
        return try git.commitAll(message, in: path)
    }

    @discardableResult
    func run(_ args: String...) throws -> String {
        try git.run(arguments: args, in: path)
    }

    func json(_ output: CommandOutput) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    var options: HistoryOptions {
        var o = HistoryOptions()
        o.path = path
        o.language = .en
        return o
    }
}

/// Small element texts for fixtures.
enum Doc {
    static func system(_ name: String, _ spec: String = "{owner: it}", description: String = "A system.") -> String {
        "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: \(name), description: \(description)}\nspec: \(spec)\n"
    }
    static let group = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n"
}

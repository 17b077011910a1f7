import Foundation

/// The `git` command line, for building fixture repositories and as an independent oracle.
/// Runs with a fixed environment: no system config, HOME (and XDG_CONFIG_HOME) pointed at `home` so the
/// user's configuration does not leak in, fixed author/committer identity and dates, C locale.
public struct GitCLI: Sendable {
    public var home: String
    public var authorName = "Ada Author"
    public var authorEmail = "ada@example.invalid"
    public var committerName = "Carl Committer"
    public var committerEmail = "carl@example.invalid"
    /// Used for GIT_AUTHOR_DATE and GIT_COMMITTER_DATE when set (any format git accepts).
    public var date: String? = "2024-03-04T05:06:07+01:00"
    /// Added last, overriding everything else.
    public var extraEnvironment: [String: String] = [:]

    public init(home: String) {
        self.home = home
    }

    public struct Failure: Error, CustomStringConvertible {
        public let arguments: [String]
        public let directory: String
        public let status: Int32
        public let standardError: String
        public var description: String {
            "git \(arguments.joined(separator: " ")) (in \(directory)) exited with \(status): \(standardError)"
        }
    }

    public var environment: [String: String] {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/.config",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": authorName,
            "GIT_AUTHOR_EMAIL": authorEmail,
            "GIT_COMMITTER_NAME": committerName,
            "GIT_COMMITTER_EMAIL": committerEmail,
            "LC_ALL": "C",
            "LANG": "C",
        ]
        if let date {
            env["GIT_AUTHOR_DATE"] = date
            env["GIT_COMMITTER_DATE"] = date
        }
        for (key, value) in extraEnvironment { env[key] = value }
        return env
    }

    /// Runs `git args...` in `dir`; returns standard output (decoded as UTF-8), throws `Failure` with
    /// standard error on a non-zero exit.
    @discardableResult
    public func run(_ args: String..., in dir: String) throws -> String {
        String(decoding: try runBytes(args, in: dir), as: UTF8.self)
    }

    /// Same as `run`, with the arguments as an array.
    @discardableResult
    public func run(arguments args: [String], in dir: String) throws -> String {
        String(decoding: try runBytes(args, in: dir), as: UTF8.self)
    }

    /// Runs git and returns the raw bytes of standard output.
    public func runBytes(_ args: [String], in dir: String) throws -> [UInt8] {
        let result = try runProgram("/usr/bin/env", ["git"] + args, in: dir, environment: environment)
        if !result.exitedNormally || result.status != 0 {
            throw Failure(arguments: args, directory: dir, status: result.status, standardError: result.err)
        }
        return result.stdout
    }

    /// `git init -q -b main` in `dir` (created if needed) with a local identity and no signing.
    public func initRepo(at dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try run("init", "-q", "-b", "main", in: dir)
        try run("config", "user.name", authorName, in: dir)
        try run("config", "user.email", authorEmail, in: dir)
        try run("config", "commit.gpgsign", "false", in: dir)
        try run("config", "tag.gpgsign", "false", in: dir)
    }

    /// `git add -A` then `git commit -q -m message`; returns the new commit id.
    @discardableResult
    public func commitAll(_ message: String, in dir: String) throws -> String {
        try run("add", "-A", in: dir)
        try run("commit", "-q", "--allow-empty", "-m", message, in: dir)
        return try run("rev-parse", "HEAD", in: dir).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

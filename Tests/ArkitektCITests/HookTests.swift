import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

/// `arkitekt hook install|uninstall` in real repositories, and a commit blocked by a finding.
@Suite struct HookTests {
    final class Repo {
        let dir: TempDirectory
        let git: GitCLI
        var path: String { dir.path + "/repo" }
        init() throws {
            dir = try TempDirectory(prefix: "arkitekt-hooks")
            try FileManager.default.createDirectory(atPath: dir.path + "/home", withIntermediateDirectories: true)
            git = GitCLI(home: dir.path + "/home")
            try git.initRepo(at: dir.path + "/repo")
        }
        var hooks: String { path + "/.git/hooks" }
        func read(_ p: String) -> String? {
            FileManager.default.contents(atPath: p).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    func install(_ repo: Repo, _ mode: Hooks.Mode = .refuse, at path: String? = nil) throws -> CommandOutput {
        try Hooks.install(path: path ?? repo.path, executable: CI.binary ?? "arkitekt", mode: mode, language: .en)
    }

    @Test func installsAnExecutableHookThatChecksTheIndex() throws {
        let repo = try Repo()
        _ = try install(repo)
        let hook = repo.hooks + "/pre-commit"
        let text = try #require(repo.read(hook))
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains("check --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        // Installing again is harmless.
        _ = try install(repo)
        #expect(repo.read(hook) == text)
    }

    @Test func refusesToOverwriteAnExistingHook() throws {
        let repo = try Repo()
        let mine = "#!/bin/sh\necho my own hook\n"
        try mine.write(toFile: repo.hooks + "/pre-commit", atomically: true, encoding: .utf8)
        do {
            _ = try install(repo)
            Issue.record("expected a refusal")
        } catch let error as KitError {
            #expect(error.message.en.contains("--force"))
            #expect(error.message.en.contains("--chain"))
        }
        #expect(repo.read(repo.hooks + "/pre-commit") == mine)
    }

    @Test func forceKeepsABackupThatUninstallRestores() throws {
        let repo = try Repo()
        let mine = "#!/bin/sh\necho my own hook\n"
        try mine.write(toFile: repo.hooks + "/pre-commit", atomically: true, encoding: .utf8)
        _ = try install(repo, .force)
        #expect(repo.read(repo.hooks + "/pre-commit.arkitekt-backup") == mine)
        #expect(repo.read(repo.hooks + "/pre-commit")?.contains("check --staged") == true)
        _ = try Hooks.uninstall(path: repo.path, language: .en)
        #expect(repo.read(repo.hooks + "/pre-commit") == mine)
        #expect(!FileManager.default.fileExists(atPath: repo.hooks + "/pre-commit.arkitekt-backup"))
    }

    @Test func uninstallLeavesForeignHooksAlone() throws {
        let repo = try Repo()
        let mine = "#!/bin/sh\necho my own hook\n"
        try mine.write(toFile: repo.hooks + "/pre-commit", atomically: true, encoding: .utf8)
        #expect(throws: KitError.self) { _ = try Hooks.uninstall(path: repo.path, language: .en) }
        #expect(repo.read(repo.hooks + "/pre-commit") == mine)
        _ = try install(repo, .chain)
        _ = try Hooks.uninstall(path: repo.path, language: .en)
        #expect(repo.read(repo.hooks + "/pre-commit") == mine)
    }

    @Test func honoursCoreHooksPath() throws {
        let repo = try Repo()
        try repo.git.run("config", "core.hooksPath", ".githooks", in: repo.path)
        _ = try install(repo)
        #expect(repo.read(repo.path + "/.githooks/pre-commit")?.contains("check --staged") == true)
        #expect(!FileManager.default.fileExists(atPath: repo.hooks + "/pre-commit"))
    }

    @Test func worksInALinkedWorktree() throws {
        let repo = try Repo()
        try "x\n".write(toFile: repo.path + "/README.md", atomically: true, encoding: .utf8)
        try repo.git.commitAll("start", in: repo.path)
        let linked = repo.dir.path + "/linked"
        try repo.git.run("worktree", "add", "-q", "-b", "other", linked, in: repo.path)
        _ = try install(repo, at: linked)
        // Hooks are shared: they live in the main repository's git directory.
        #expect(repo.read(repo.hooks + "/pre-commit")?.contains("check --staged") == true)
    }

    /// The hook stops a commit with a finding and lets it through after the fix.
    @Test func aCommitIsBlockedByAFindingAndAllowedAfterTheFix() throws {
        let binary = try #require(CI.binary, "the arkitekt binary is built beside the tests")
        let repo = try Repo()
        _ = try install(repo)
        let file = repo.path + "/architecture/a.yaml"
        try FileManager.default.createDirectory(atPath: repo.path + "/architecture", withIntermediateDirectories: true)
        try "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a, description: Et system.}\n".write(toFile: file, atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        var environment = repo.git.environment
        environment["ARKITEKT"] = binary
        environment["NO_COLOR"] = "1"
        let blocked = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "a without owner"], in: repo.path, environment: environment)
        #expect(blocked.status != 0)
        #expect(blocked.out.contains("system-owner-required") || blocked.err.contains("system-owner-required"))
        try ("apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a, description: Et system.}\nspec: {owner: it}\n---\n"
            + "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n").write(toFile: file, atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        let allowed = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "a with owner"], in: repo.path, environment: environment)
        #expect(allowed.status == 0, "\(allowed.out)\(allowed.err)")
    }
}

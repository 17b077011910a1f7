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

    /// Adopting arkitekt on a landscape with old findings: the hook knows the baseline and stops
    /// only what is new.
    @Test func aHookWithABaselineStopsOnlyWhatIsNew() throws {
        let binary = try #require(CI.binary, "the arkitekt binary is built beside the tests")
        let repo = try Repo()
        try FileManager.default.createDirectory(atPath: repo.path + "/architecture", withIntermediateDirectories: true)
        let old = "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: old, description: Et system.}\n"
        try old.write(toFile: repo.path + "/architecture/old.yaml", atomically: true, encoding: .utf8)
        var environment = repo.git.environment
        environment["ARKITEKT"] = binary
        environment["NO_COLOR"] = "1"
        let write = try CI.run(binary, ["check", "--write-baseline", ".arkitekt-baseline.json", "--fail-on", "never"], in: repo.path, environment: environment)
        #expect(write.status == 0, "\(write.err)")
        let missing = try CI.run(binary, ["hook", "install", "--baseline", "nosuch.json", "--lang", "en"], in: repo.path, environment: environment)
        #expect(missing.status == 2 && missing.err.hasPrefix("arkitekt: error: Baseline file '"), "\(missing.err)")
        let installed = try CI.run(binary, ["hook", "install", "--baseline", ".arkitekt-baseline.json", "--lang", "en"], in: repo.path, environment: environment)
        #expect(installed.status == 0, "\(installed.err)")
        #expect(repo.read(repo.hooks + "/pre-commit")?.contains("exec \"$ARKITEKT\" check --staged --baseline '.arkitekt-baseline.json'\n") == true)
        try repo.git.run("add", "-A", in: repo.path)
        let known = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "old findings only"], in: repo.path, environment: environment)
        #expect(known.status == 0, "the baseline knows them: \(known.out)\(known.err)")
        try old.replacingOccurrences(of: "old", with: "new").write(toFile: repo.path + "/architecture/new.yaml", atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        let new = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "a new finding"], in: repo.path, environment: environment)
        #expect(new.status != 0)
        #expect((new.out + new.err).contains("system:new") && !(new.out + new.err).contains("system:old"), "\(new.out)\(new.err)")
    }

    /// A hook of ours that someone edited is theirs now: neither uninstall nor a new install
    /// removes it without --force, and --force keeps it beside.
    @Test func anEditedHookIsLeftAloneUnlessForced() throws {
        let binary = try #require(CI.binary, "the arkitekt binary is built beside the tests")
        let repo = try Repo()
        let mine = "#!/bin/sh\necho my own hook\n"
        try mine.write(toFile: repo.hooks + "/pre-commit", atomically: true, encoding: .utf8)
        let environment = repo.git.environment
        func arkitekt(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
            try CI.run(binary, args + ["--lang", "en"], in: repo.path, environment: environment)
        }
        #expect(try arkitekt(["hook", "install", "--force"]).status == 0)
        let hook = repo.hooks + "/pre-commit"
        let installed = try #require(repo.read(hook))
        let edited = installed + "echo and something of my own\n"
        try edited.write(toFile: hook, atomically: true, encoding: .utf8)
        let refused = try arkitekt(["hook", "uninstall"])
        #expect(refused.status == 2)
        #expect(refused.err == "arkitekt: error: The hook at \(hook) was edited since arkitekt installed it, so it was left alone. Use --force to remove it all the same (the edited hook is kept as pre-commit.arkitekt-edited).\n")
        #expect(repo.read(hook) == edited)
        let again = try arkitekt(["hook", "install"])
        #expect(again.status == 2 && again.err.contains("Use --force to install again all the same"), "\(again.err)")
        #expect(repo.read(hook) == edited)
        let forced = try arkitekt(["hook", "uninstall", "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(repo.read(hook + ".arkitekt-edited") == edited)
        #expect(repo.read(hook) == mine, "what was there before install is back")
        #expect(!FileManager.default.fileExists(atPath: hook + ".arkitekt-backup"))
    }

    /// A landscape in a folder of a larger repository: git runs the hook at the top of the work
    /// tree, so the hook names the landscape's folder; a commit elsewhere in the repository is
    /// not stopped, and one that breaks the landscape is.
    @Test func aHookForALandscapeInAFolderChecksThatFolder() throws {
        let binary = try #require(CI.binary, "the arkitekt binary is built beside the tests")
        let repo = try Repo()
        let landscape = repo.path + "/docs/arkitektur"
        try FileManager.default.createDirectory(atPath: landscape + "/architecture", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: repo.path + "/app", withIntermediateDirectories: true)
        let group = "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\nspec: {type: department}\n"
        try group.write(toFile: landscape + "/architecture/it.yaml", atomically: true, encoding: .utf8)
        try "code\n".write(toFile: repo.path + "/app/main.txt", atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        try repo.git.run("commit", "-q", "-m", "start", in: repo.path)
        var environment = repo.git.environment
        environment["ARKITEKT"] = binary
        let installed = try CI.run(binary, ["hook", "install", "--lang", "en"], in: landscape, environment: environment)
        #expect(installed.status == 0, "\(installed.err)")
        #expect(repo.read(repo.hooks + "/pre-commit")?.contains("exec \"$ARKITEKT\" -C 'docs/arkitektur' check --staged\n") == true)
        try "more code\n".write(toFile: repo.path + "/app/main.txt", atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        let elsewhere = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "app only"], in: repo.path, environment: environment)
        #expect(elsewhere.status == 0, "\(elsewhere.out)\(elsewhere.err)")
        try group.replacingOccurrences(of: "department", with: "departmnet").write(toFile: landscape + "/architecture/it.yaml", atomically: true, encoding: .utf8)
        try repo.git.run("add", "-A", in: repo.path)
        let broken = try CI.run("/usr/bin/env", ["git", "commit", "-q", "-m", "a broken group"], in: repo.path, environment: environment)
        #expect(broken.status != 0)
        #expect((broken.out + broken.err).contains("docs/arkitektur/architecture/it.yaml"), "\(broken.out)\(broken.err)")
    }
}

import CLibGit2

/// A configuration snapshot of a repository (one owner, freed in deinit).
final class ConfigHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_config_free(pointer) }
}

extension GitRepository {
    /// The git directory shared by all worktrees (for a linked worktree: the main repository's
    /// `.git`), without a trailing slash. Hooks live there.
    public var commonDirectory: String {
        guard let dir = git_repository_commondir(handle.pointer) else { return gitDirectory }
        var bytes = CText.bytes(dir)
        while bytes.count > 1, bytes.last == 0x2f { bytes.removeLast() }
        return CText.string(bytes)
    }

    /// A configuration value as git reads it (repository, global and system files), nil when unset.
    public func configValue(_ key: String) throws -> String? {
        try LibGit2.ensureInitialised()
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle.pointer), "git_repository_config_snapshot")
        guard let config else { return nil }
        let owner = ConfigHandle(config)
        var value: UnsafePointer<CChar>?
        let result = withExtendedLifetime(owner) { git_config_get_string(&value, owner.pointer, key) }
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "git_config_get_string('\(key)')")
        // The snapshot owns the string: copy it before the snapshot is freed.
        return withExtendedLifetime(owner) { value.map { CText.string(CText.bytes($0)) } }
    }

    /// Where git runs hooks from: `core.hooksPath` when set (relative to the work tree, `~` for the
    /// home directory), else `hooks` in the common git directory.
    public func hooksDirectory(home: String?) throws -> String {
        guard let configured = try configValue("core.hooksPath"), !configured.isEmpty else {
            return commonDirectory + "/hooks"
        }
        if configured.hasPrefix("/") { return configured }
        if configured == "~" || configured.hasPrefix("~/"), let home {
            return home + configured.dropFirst()
        }
        return (workDirectory ?? gitDirectory) + "/" + configured
    }
}

import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

@Suite struct TreeDiffTests {
    /// `git diff-tree -r --no-renames --raw <old> <new> -- <prefixes>`, restricted to landscape files the way the
    /// filter defines them. Mode-only changes (same id, same kind) are not changes of the landscape.
    static func oracle(_ fixture: Fixture, from old: String?, to new: String, filter: FileFilter) throws -> [FileChange] {
        var args = ["diff-tree", "-r", "--no-renames", "--raw", "--no-abbrev", "-z", old ?? emptyTreeID, new, "--"]
        // FileFilter normalises "./a/" to "a"; for git a trailing "/" would mean "directories only".
        args += filter.prefixes.map { prefix in
            prefix.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        }.filter { !$0.isEmpty }
        if filter.prefixes.isEmpty { return [] }
        let records = try fixture.cli.runBytes(args, in: fixture.root).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let extensions = Set(filter.extensions.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 })
        func relevant(_ mode: String, _ path: String) -> Bool {
            if mode == "000000" { return false }
            if mode == "160000" || extensions.isEmpty { return true }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = name.lastIndex(of: ".") else { return false }
            return extensions.contains(String(name[name.index(after: dot)...]))
        }
        func kind(_ mode: String) -> String { String(mode.prefix(2)) }  // 10 regular, 12 symlink, 16 gitlink
        func type(_ mode: String) -> FileChange.EntryType? {
            switch kind(mode) {
            case "10": return .file
            case "12": return .symlink
            case "16": return .submodule
            default: return nil
            }
        }
        var changes: [FileChange] = []
        var index = 0
        while index + 1 < records.count {
            let meta = records[index].dropFirst().split(separator: " ").map(String.init)  // ":100644 100644 old new M"
            let path = records[index + 1]
            index += 2
            let (oldMode, newMode, oldID, newID) = (meta[0], meta[1], meta[2], meta[3])
            switch (relevant(oldMode, path), relevant(newMode, path)) {
            case (false, false):
                continue
            case (false, true):
                changes.append(FileChange(path: path, status: .added, oldBlobID: nil, newBlobID: newID, oldType: nil, newType: type(newMode)))
            case (true, false):
                changes.append(FileChange(path: path, status: .deleted, oldBlobID: oldID, newBlobID: nil, oldType: type(oldMode), newType: nil))
            case (true, true):
                if oldID == newID && kind(oldMode) == kind(newMode) { continue }
                changes.append(FileChange(path: path, status: .modified, oldBlobID: oldID, newBlobID: newID,
                                          oldType: type(oldMode), newType: type(newMode)))
            }
        }
        return changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    static func expectMatchesGit(_ fixture: Fixture, _ repository: GitRepository, from old: String?, to new: String,
                                 filter: FileFilter = landscape, _ comment: String = "") throws {
        let changes = try repository.changedFiles(from: old, to: new, filter: filter)
        let expected = try oracle(fixture, from: old, to: new, filter: filter)
        #expect(changes == expected, "\(old ?? "nil")..\(new) \(filter.prefixes) \(comment)")
    }

    /// One commit per kind of change. Returns the fixture; commit messages name the step.
    static func changeHistory() throws -> Fixture {
        let fixture = try Fixture()
        try fixture.write("architecture/system.yaml", "name: shop\n")
        try fixture.write("architecture/services/api.yaml", "service: api\n")
        try fixture.write("architecture/notes.md", "notes\n")
        try fixture.write("other.yaml", "other\n")
        try fixture.write("docs/x.yaml", "x\n")
        try fixture.commitAll("root")
        // Modified, added, and changes outside the prefix or of other extensions.
        try fixture.write("architecture/system.yaml", "name: shop\nversion: 2\n")
        try fixture.write("architecture/services/db.yml", "service: db\n")
        try fixture.write("docs/x.yaml", "x2\n")
        try fixture.write("architecture/notes.md", "notes 2\n")
        try fixture.commitAll("modify and add")
        // A move between directories; a landscape directory appears (nested).
        try fixture.temp.mkdir("repo/architecture/apis")
        try fixture.git("mv", "architecture/services/api.yaml", "architecture/apis/api.yaml")
        try fixture.write("architecture/zone/a.yaml", "a\n")
        try fixture.write("architecture/zone/deep/b.yaml", "b\n")
        try fixture.write("architecture/zone/deep/readme.md", "readme\n")
        try fixture.commitAll("move and new directory")
        // Only outside the landscape.
        try fixture.write("other.yaml", "other 2\n")
        try fixture.write("architecture/notes.md", "notes 3\n")
        try fixture.commitAll("outside only")
        // The directory disappears; only the executable bit of a file changes; a symlink appears.
        try fixture.remove("architecture/zone")
        try fixture.git("update-index", "--chmod=+x", "architecture/system.yaml")
        try fixture.symlink("architecture/link.yaml", to: "system.yaml")
        try fixture.write("architecture/flip.yaml", "flip\n")
        try fixture.commitAll("remove directory, chmod, symlink")
        // The link text changes; a gitlink appears; a file becomes a directory of the same name.
        try fixture.remove("architecture/link.yaml")
        try fixture.symlink("architecture/link.yaml", to: "services/db.yml")
        try fixture.remove("architecture/flip.yaml")
        try fixture.write("architecture/flip.yaml/inner.yaml", "inner\n")
        try fixture.git("add", "-A")
        let rootCommit = try fixture.gitLine("rev-list", "--max-parents=0", "HEAD")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(rootCommit),architecture/sub")
        try fixture.git("commit", "-q", "-m", "relink, gitlink, file to directory")
        // The gitlink moves to another commit; the directory becomes a file again; a file becomes a symlink.
        let head = try fixture.gitLine("rev-parse", "HEAD")
        try fixture.git("update-index", "--cacheinfo", "160000,\(head),architecture/sub")
        try fixture.git("rm", "-q", "-r", "--cached", "architecture/flip.yaml")
        try fixture.remove("architecture/flip.yaml")
        try fixture.write("architecture/flip.yaml", "flip again\n")
        try fixture.remove("architecture/services/db.yml")
        try fixture.symlink("architecture/services/db.yml", to: "../system.yaml")
        try fixture.git("add", "architecture/flip.yaml", "architecture/services/db.yml")
        try fixture.git("commit", "-q", "-m", "gitlink moves, directory to file, file to symlink")
        // The gitlink and everything else in the landscape goes away.
        try fixture.git("rm", "-q", "-r", "--cached", "architecture")
        try fixture.git("commit", "-q", "-m", "remove the landscape")
        try fixture.remove("architecture")
        // And comes back.
        try fixture.write("architecture/system.yaml", "name: back\n")
        try fixture.commitAll("landscape back")
        return fixture
    }

    @Test func everyCommitMatchesDiffTree() throws {
        let fixture = try TreeDiffTests.changeHistory()
        let repository = try fixture.open()
        let commits = try fixture.gitLines(["rev-list", "--reverse", "HEAD"])
        #expect(commits.count == 9)
        let filters = [
            landscape,
            FileFilter(prefixes: [""]),
            FileFilter(prefixes: ["architecture/services", "docs", "architecture/zone/deep"], extensions: ["yaml"]),
            FileFilter(prefixes: ["architecture/system.yaml", "./architecture/flip.yaml/"], extensions: [".yaml"]),
            FileFilter(prefixes: ["nowhere"]),
        ]
        for (index, commit) in commits.enumerated() {
            let parent = index == 0 ? nil : commits[index - 1]
            for filter in filters {
                try TreeDiffTests.expectMatchesGit(fixture, repository, from: parent, to: commit, filter: filter, "commit \(index)")
            }
        }
        // Non-adjacent pairs, both directions.
        for (old, new) in [(commits[0], commits[8]), (commits[8], commits[0]), (commits[2], commits[6]), (commits[6], commits[2])] {
            try TreeDiffTests.expectMatchesGit(fixture, repository, from: old, to: new)
        }

        // Spot checks of what the steps mean.
        let root = try repository.changedFiles(from: nil, to: commits[0], filter: landscape)
        #expect(root.map(\.path) == ["architecture/services/api.yaml", "architecture/system.yaml"])
        #expect(root.allSatisfy { $0.status == .added && $0.oldBlobID == nil && $0.newBlobID != nil })
        let move = try repository.changedFiles(from: commits[1], to: commits[2], filter: landscape)
        #expect(move.map { "\($0.status.rawValue) \($0.path)" } == [
            "added architecture/apis/api.yaml", "deleted architecture/services/api.yaml",
            "added architecture/zone/a.yaml", "added architecture/zone/deep/b.yaml",
        ])
        #expect(move[0].newBlobID == move[1].oldBlobID)
        #expect(try repository.changedFiles(from: commits[2], to: commits[3], filter: landscape).isEmpty)
        let chmod = try repository.changedFiles(from: commits[3], to: commits[4], filter: landscape)
        #expect(!chmod.map(\.path).contains("architecture/system.yaml"))
        #expect(chmod.filter { $0.path.hasPrefix("architecture/zone/") }.allSatisfy { $0.status == .deleted })
        let gitlink = try repository.changedFiles(from: commits[4], to: commits[5], filter: landscape)
        #expect(gitlink.first { $0.path == "architecture/sub" }?.newBlobID == commits[0])
        #expect(try repository.changedFiles(from: commits[5], to: commits[5], filter: landscape).isEmpty)
        #expect(try repository.changedFiles(from: "HEAD~1", to: "HEAD", filter: landscape).map(\.path) == ["architecture/system.yaml"])
        #expect(try repository.changedFiles(from: nil, to: "HEAD^{tree}", filter: landscape).count == 1)
        #expect(throws: GitError.self) { try repository.changedFiles(from: "nope", to: "HEAD", filter: landscape) }
        #expect(throws: GitError.self) { try repository.changedFiles(from: nil, to: "nope", filter: landscape) }
    }

    /// A generated history: 60 commits, each changing 1-3 of ~40 paths in nested directories (inside and outside
    /// the landscape, several extensions), compared with diff-tree for every consecutive pair.
    static func generatedHistory(commits: Int, seed: UInt64) throws -> Fixture {
        let fixture = try Fixture()
        var random = SplitMix64(seed: seed)
        let directories = ["architecture", "architecture/a", "architecture/a/b", "architecture/c/d/e", "architecture/f",
                           "architecture/a/b/g", "outside", "outside/architecture"]
        let slots = (0..<40).map { index in
            "\(directories[index % directories.count])/file\(index)." + ["yaml", "yml", "md", "yaml"][index % 4]
        }
        var present = Set<String>()
        for slot in slots.prefix(20) {
            try fixture.write(slot, "\(slot) 0\n")
            present.insert(slot)
        }
        try fixture.commitAll("initial")
        for step in 1..<commits {
            for _ in 0..<(1 + random.next() % 3) {
                let slot = slots[Int(random.next() % UInt64(slots.count))]
                if present.contains(slot), random.next() % 3 == 0 {
                    try fixture.remove(slot)
                    present.remove(slot)
                } else {
                    try fixture.write(slot, "\(slot) \(step) \(random.next())\n")
                    present.insert(slot)
                }
            }
            try fixture.commitAll("step \(step)")
        }
        return fixture
    }

    @Test func generatedHistoryMatchesDiffTree() throws {
        let fixture = try TreeDiffTests.generatedHistory(commits: 60, seed: 7)
        let repository = try fixture.open()
        let log = try repository.log(nil, firstParent: true)
        #expect(log.count == 60)
        var nonEmpty = 0
        for commit in log {
            let parent = commit.parents.first
            let changes = try repository.changedFiles(from: parent, to: commit.id, filter: landscape)
            if !changes.isEmpty { nonEmpty += 1 }
            #expect(changes == (try TreeDiffTests.oracle(fixture, from: parent, to: commit.id, filter: landscape)), "\(commit.summary)")
        }
        #expect(nonEmpty > 30)
        // A few wider pairs.
        for (old, new) in [(log[59].id, log[0].id), (log[0].id, log[30].id), (log[45].id, log[10].id)] {
            try TreeDiffTests.expectMatchesGit(fixture, repository, from: old, to: new)
            try TreeDiffTests.expectMatchesGit(fixture, repository, from: old, to: new,
                                               filter: FileFilter(prefixes: ["architecture/a/b"], extensions: []))
        }
    }

    /// A walk hands one `TreeReuse` from commit to commit, newest first or oldest first, as the
    /// history walks do: each comparison must still be diff-tree's, with folders that come, go,
    /// turn into files and back, and commits that leave a folder alone for a while.
    @Test func reusedTreesGiveTheSameChanges() throws {
        for fixture in [try TreeDiffTests.changeHistory(), try TreeDiffTests.generatedHistory(commits: 60, seed: 11)] {
            let repository = try fixture.open()
            let log = try repository.log(nil, firstParent: true)
            for order in [log, log.reversed()] {
                let trees = TreeReuse()
                for commit in order {
                    let changes = try repository.changedFiles(from: commit.parents.first, to: commit.id, filter: landscape, reuse: trees)
                    #expect(changes == (try TreeDiffTests.oracle(fixture, from: commit.parents.first, to: commit.id, filter: landscape)),
                            "\(commit.summary)")
                }
            }
            // Compared backwards (new to old) with the same reuse, as a walk back reads them.
            let trees = TreeReuse()
            for commit in log {
                guard let parent = commit.parents.first else { continue }
                let changes = try repository.changedFiles(from: commit.id, to: parent, filter: landscape, reuse: trees)
                #expect(changes == (try TreeDiffTests.oracle(fixture, from: commit.id, to: parent, filter: landscape)), "\(commit.summary)")
            }
        }
    }

    /// A tree written with bytes git would not write itself (`hash-object --literally`), put at
    /// `architecture` of a new commit whose parent is HEAD. Returns the commit.
    static func commitWithLandscapeTree(_ fixture: Fixture, bytes: [UInt8], _ name: String) throws -> String {
        let file = try fixture.temp.write(name, bytes: bytes)
        let tree = try fixture.gitLine("hash-object", "-t", "tree", "--literally", "-w", file)
        let root = try fixture.temp.write(name + ".root", bytes: entry("40000", "architecture", tree))
        let rootTree = try fixture.gitLine("hash-object", "-t", "tree", "-w", root)
        return try fixture.gitLine("commit-tree", rootTree, "-p", "HEAD", "-m", name)
    }

    /// One tree entry as git stores it.
    static func entry(_ mode: String, _ name: String, _ hexID: String) -> [UInt8] {
        var bytes = Array("\(mode) \(name)".utf8) + [0]
        var digits = Array(hexID.utf8)[...]
        while digits.count >= 2 {
            let pair = String(decoding: digits.prefix(2), as: UTF8.self)
            bytes.append(UInt8(pair, radix: 16) ?? 0)
            digits = digits.dropFirst(2)
        }
        return bytes
    }

    /// The trees are read as stored, not parsed by libgit2: a tree whose bytes are not entries is
    /// an error that names the tree, never a crash or a wrong answer; modes git does not write
    /// today (group-writable files) are files, and a change of that bit alone is no change.
    @Test func storedTreesAreReadAsGitWritesThem() throws {
        let fixture = try Fixture()
        try fixture.write("architecture/a.yaml", "a\n")
        try fixture.write("architecture/b.yaml", "b\n")
        try fixture.commitAll("first")
        let repository = try fixture.open()
        let a = try fixture.gitLine("rev-parse", "HEAD:architecture/a.yaml")
        let b = try fixture.gitLine("rev-parse", "HEAD:architecture/b.yaml")
        let good = Self.entry("100644", "a.yaml", a) + Self.entry("100644", "b.yaml", b)

        // A group-writable mode (as old gits wrote), the same blob: no change; with another blob: modified.
        let oldMode = try Self.commitWithLandscapeTree(fixture, bytes: Self.entry("100664", "a.yaml", a) + Self.entry("100644", "b.yaml", b), "old-mode")
        #expect(try repository.changedFiles(from: "HEAD", to: oldMode, filter: landscape).isEmpty)
        try TreeDiffTests.expectMatchesGit(fixture, repository, from: "HEAD", to: oldMode)
        let oldModeChanged = try Self.commitWithLandscapeTree(fixture, bytes: Self.entry("100664", "a.yaml", b) + Self.entry("100644", "b.yaml", b), "old-mode-changed")
        let changed = try repository.changedFiles(from: "HEAD", to: oldModeChanged, filter: landscape)
        #expect(changed.map(\.path) == ["architecture/a.yaml"])
        #expect(changed.first?.status == .modified && changed.first?.newType == .file)
        try TreeDiffTests.expectMatchesGit(fixture, repository, from: "HEAD", to: oldModeChanged)

        let broken: [(String, [UInt8])] = [
            ("mode-not-octal", Array("10x644 a.yaml".utf8) + [0] + Array(good[14..<34]) + Self.entry("100644", "b.yaml", b)),
            ("no-mode", Array(" a.yaml".utf8) + [0] + Array(good[14..<34])),
            ("no-name-end", Self.entry("100644", "a.yaml", a) + Array("100644 b.yaml".utf8)),
            ("id-cut-short", Self.entry("100644", "a.yaml", a) + Array(Self.entry("100644", "b.yaml", b).dropLast(7))),
            ("empty-name", Self.entry("100644", "a.yaml", a) + Self.entry("100644", "", b)),
        ]
        for (name, bytes) in broken {
            let commit = try Self.commitWithLandscapeTree(fixture, bytes: bytes, name)
            let tree = try fixture.gitLine("rev-parse", "\(commit):architecture")
            for (old, new) in [("HEAD", commit), (commit, "HEAD")] {
                do {
                    let changes = try repository.changedFiles(from: old, to: new, filter: landscape)
                    Issue.record("\(name): read as \(changes.map(\.path)) instead of an error")
                } catch let error as GitError {
                    #expect(error.operation.contains(tree), "\(name): \(error)")
                }
            }
        }
        // The good bytes, written the same way, read as git reads them.
        let rewritten = try Self.commitWithLandscapeTree(fixture, bytes: good, "good")
        #expect(try fixture.gitLine("rev-parse", "\(rewritten):architecture") == (try fixture.gitLine("rev-parse", "HEAD:architecture")))
    }
}


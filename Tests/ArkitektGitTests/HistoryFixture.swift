import ArkitektGit
import ArkitektTestSupport
import Foundation
import Testing

/// Git's well-known id of the empty tree (diff-tree accepts it for "no old tree").
let emptyTreeID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

extension Fixture {
    /// The git CLI with author and committer dates `@time offset`.
    func dated(_ time: Int64, offset: String = "+0100") -> GitCLI {
        var cli = self.cli
        cli.date = "@\(time) \(offset)"
        return cli
    }

    @discardableResult
    func commit(_ message: String, at time: Int64, offset: String = "+0100") throws -> String {
        try dated(time, offset: offset).commitAll(message, in: root)
    }

    /// Non-empty lines of git's output.
    func gitLines(_ args: [String]) throws -> [String] {
        try cli.run(arguments: args, in: root).split(separator: "\n").map(String.init)
    }

    /// `git log --format=%H [--first-parent] [range] --`: the oracle for `log`.
    func gitLog(_ range: String?, firstParent: Bool) throws -> [String] {
        var args = ["log", "--format=%H"]
        if firstParent { args.append("--first-parent") }
        if let range { args.append(range) }
        args.append("--")
        return try gitLines(args)
    }

    /// `git merge-base a b`, nil when it exits with 1 (no merge base).
    func gitMergeBase(_ a: String, _ b: String) throws -> String? {
        do {
            return try gitLine("merge-base", a, b)
        } catch let failure as GitCLI.Failure where failure.status == 1 {
            return nil
        }
    }

    /// A clone made with `git clone extraArguments file://<root>` (file:// so that --depth applies), in a
    /// temporary directory of its own.
    func clone(_ extraArguments: [String]) throws -> Fixture {
        let clone = try Fixture(initialise: false)
        try cli.run(arguments: ["clone", "-q"] + extraArguments + ["file://" + root, clone.root], in: clone.temp.path)
        return clone
    }
}

/// A history with two merges and clock skew (`git log --graph`, times relative to t0 = 1_700_000_000):
///
///     *   merge side2         t0+1410
///     |\
///     | * x2                  t0+410   (side2, skewed: older than its parent m1)
///     | * x1                  t0+400
///     * | after               t0+900
///     * |   merge side        t0+800   (tag v1, annotated)
///     |\ \
///     | * | s3                t0+700   (side)
///     | * | s2                t0+400   (author date 1_600_000_000 +0200)
///     | * | s1                t0+300
///     * | | m2                t0+600   (-05:30)
///     | |/
///     |/|
///     * | m1                  t0+500   (tag light, lightweight)
///     |/
///     * b                     t0+200
///     * a                     t0+100
///
/// With `equalDates` every commit has the same date t0 (ties decide git log's order).
func mergeHistory(equalDates: Bool = false) throws -> Fixture {
    let fixture = try Fixture()
    var clock: Int64 = 1_700_000_000
    func next(_ delta: Int64) -> Int64 {
        if !equalDates { clock += delta }
        return clock
    }
    func change(_ name: String, _ delta: Int64 = 100, offset: String = "+0100") throws {
        try fixture.write("architecture/\(name).yaml", "name: \(name)\n")
        try fixture.commit(name, at: next(delta), offset: offset)
    }
    try change("a")
    try change("b")
    try fixture.git("checkout", "-q", "-b", "side")
    try change("s1")
    try fixture.write("architecture/s2.yaml", "name: s2\n")
    var authored = fixture.dated(next(100))
    authored.extraEnvironment["GIT_AUTHOR_DATE"] = "@1600000000 +0200"
    try authored.commitAll("s2", in: fixture.root)
    try fixture.git("checkout", "-q", "main")
    try change("m1")
    try fixture.git("tag", "light")
    try change("m2", offset: "-0530")
    try fixture.git("checkout", "-q", "side")
    try change("s3")
    try fixture.git("checkout", "-q", "main")
    try fixture.dated(next(100)).run("merge", "-q", "--no-ff", "-m", "merge side", "side", in: fixture.root)
    try fixture.dated(clock).run("tag", "-a", "v1", "-m", "version 1", in: fixture.root)
    try change("after")
    try fixture.git("checkout", "-q", "-b", "side2", "light")
    try change("x1", -500)
    try change("x2", 10)
    try fixture.git("checkout", "-q", "main")
    try fixture.dated(next(1000)).run("merge", "-q", "--no-ff", "-m", "merge side2", "side2", in: fixture.root)
    return fixture
}

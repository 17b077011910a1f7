import ArkitektLoading
import ArkitektModel
import ArkitektReporting
import ArkitektRules
import Foundation

/// The evaluation the last check of the index or the work tree ended with, kept under the git
/// directory (`.git/arkitekt/check-state`), so that the next check re-checks only what changed
/// since. A pre-commit hook with one staged file then runs the rules over the elements that
/// file can affect instead of over the whole landscape.
///
/// It holds a signature (`signature(limits:prefix:inputs:build:)`), every file of the
/// listing the evaluation was made of with what it was read from, the records of those files the
/// parse cache does not keep, and the evaluation itself (`IncrementalEvaluation.encoded`).
///
/// A later run compares its own listing with that one, reads back the previous version of every
/// changed file, and brings the evaluation up to date with the same change a history walk applies
/// between two commits (`IncrementalEvaluation.update`), which the tests hold to a full check.
/// Whatever does not fit (another signature, a previous version it cannot read back, a damaged or
/// truncated file, more changed files than re-checking would save) makes the run check everything,
/// as if there were no state. The file is replaced atomically, like the parse cache.
struct CheckState {
    static let magic = Array("ARKITEKT-CHECK-STATE\n".utf8)
    static let formatVersion = 2

    /// The listing the evaluation was made of (`listing(_:)`), kept as bytes: a run compares it
    /// with its own listing without making a string of every path.
    var listing: ArraySlice<UInt8>
    /// `BinaryCodec` records, by path, of the files whose record the parse cache does not keep.
    var records: [String: ArraySlice<UInt8>]
    /// What `IncrementalEvaluation.encoded` wrote.
    var evaluation: ArraySlice<UInt8>
    /// The history the evaluation was made with (`RuleEngine.history`): a run with another one
    /// checks again, for the rules that read it, the systems whose entries differ.
    var history: ChangeHistory?

    /// Above this share of changed files, checking everything again is about as cheap: 1 in 16
    /// (but a few are always taken up).
    static let changedShare = 16
    static let fewChanged = 8

    /// The findings of `source` on `today`, from the state an earlier run left when it fits and
    /// from a full evaluation otherwise; the state is then written for the next run. Nil when the
    /// source cannot keep a state (no parse cache, a file with no known blob, the element limit
    /// reached): the caller then runs the engine as usual.
    /// - Parameter history: the history for the rules that read it, asked only when the state is used
    ///   (a walk on another core may still be making it).
    static func evaluate(_ source: LoadedSource, engine: RuleEngine, history: () -> ChangeHistory?, today: Day, directory: String,
                         signature: String) -> (result: EngineResult, resumed: Bool)? {
        guard let cache = source.cache, !source.files.isEmpty, source.files.allSatisfy({ $0.source != nil }) else { return nil }
        let landscape = source.landscape
        let read = source.files.reduce(0) { $0 + ($1.file?.elements.count ?? 0) }
        guard landscape.elementCount == read else { return nil }
        var engine = engine
        if engine.readsHistory { engine.history = history() }
        let path = directory + "/check-state"
        // The listing is written out on another core while this one reads the state back.
        let files = source.files
        let listed = Ahead(1) { _ in Self.listing(files) }
        let state = Self.read(path, signature: signature)
        let restored = state.flatMap {
            IncrementalEvaluation.restore($0.evaluation, engine: engine, exemptions: landscape.unorderedElements(of: .exemption))
        }
        let listing = listed.finish().first.flatMap { $0 } ?? Self.listing(files)
        let resumed = restored.flatMap { state?.resume(source, listing: listing, evaluation: $0, cache: cache) }
        // The rules that read the history check again the systems whose history moved since.
        if let evaluation = resumed, engine.readsHistory {
            let moved = ChangeHistory.differing(state?.history, engine.history)
            if !moved.isEmpty { evaluation.setHistory(engine.history, rechecking: moved, in: landscape) }
        }
        let evaluation = resumed ?? {
            let fresh = IncrementalEvaluation(engine: engine, landscape: landscape, today: today)
            fresh.setLoaderFindings(source.findings)
            return fresh
        }()
        evaluation.advance(to: today, in: landscape)
        let result = evaluation.result(landscape)
        write(source, listing: listing, evaluation: evaluation.encoded(landscape), history: engine.history, cache: cache, to: path, signature: signature)
        return (EngineResult(findings: result.findings.sorted(by: Finding.sortedOrder),
                             suppressed: result.suppressed.sorted(by: Finding.sortedOrder)), resumed != nil)
    }

    /// What makes a state fit a run besides its files: arkitekt's version and formats, the build
    /// that runs (a rebuilt binary may check differently under the same version number), the
    /// limits, the landscape's place in the repository, and the configuration and rule packs.
    static func signature(limits: Limits, prefix: String, inputs: [(path: String, content: [UInt8]?)], build: String = build) -> String {
        var digest: [UInt8] = []
        for (path, content) in inputs {
            digest += Array(path.utf8) + [0] + Array(String(content?.count ?? -1).utf8) + [0] + (content ?? [])
        }
        let hex = SHA256.hash(digest).map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
        return "arkitekt \(ArkitektVersion.current) codec \(BinaryCodec.formatVersion) state \(formatVersion) build \(build) "
            + "limits \(limits.maxFileBytes)/\(limits.maxAliasExpansion)/\(limits.maxNestingDepth)/\(limits.maxDocumentsPerFile)/\(limits.maxElements) "
            + "prefix \(prefix) inputs \(hex)"
    }

    /// The running executable's size, modification time and inode: another build gives another
    /// stamp. When the executable cannot be found, a stamp of this process alone, so that no
    /// state is taken up across runs.
    static let build: String = {
        var info = stat()
        guard let path = Bundle.main.executablePath, stat(path, &info) == 0 else { return "process \(UUID().uuidString)" }
        #if os(Linux)
        let modified = info.st_mtim
        #else
        let modified = info.st_mtimespec
        #endif
        return "\(info.st_size)-\(modified.tv_sec).\(modified.tv_nsec)-\(info.st_ino)"
    }()

    /// `evaluation`, this state's evaluation as restored, brought up to date with `source`; nil
    /// when it cannot be.
    func resume(_ source: LoadedSource, listing new: [UInt8], evaluation: IncrementalEvaluation, cache: ParseCache) -> IncrementalEvaluation? {
        let landscape = source.landscape
        guard let (changed, current, before) = compare(with: source.files, listing: new) else { return nil }
        guard changed.count <= max(Self.fewChanged, source.files.count / Self.changedShare) else { return nil }
        var former: [Element] = []
        for (path, old) in before {
            guard let record = records[path] ?? (old.cacheBlob.isEmpty ? nil : cache.record(blob: old.cacheBlob, path: path)),
                  let file = BinaryCodec.decode(record), file.path == path else { return nil }
            former += file.elements
        }
        var refs = Set(former.map(\.ref))
        refs.formUnion(current.map(\.ref))
        // A ref came or went when it resolved on one side only. Before the change, the elements
        // with it were those of the unchanged files and the former versions.
        let cameOrWent = refs.filter { ref in
            let resolvedBefore = former.contains { $0.ref == ref } || landscape.all(ref).contains { !changed.contains($0.file) }
            return resolvedBefore != landscape.contains(ref)
        }
        evaluation.update(landscape, IncrementalEvaluation.Change(refs: refs, former: former, cameOrWent: cameOrWent))
        evaluation.setLoaderFindings(source.findings)
        return evaluation
    }

    /// The listing of `files` as the state keeps it: their count, then the path, the identity and
    /// the parse cache's blob of each.
    static func listing(_ files: [ListedFile]) -> [UInt8] {
        var w = BinaryWriter()
        w.int(files.count)
        for file in files {
            w.string(file.path)
            w.string(file.source?.identity ?? "")
            w.string(file.source?.cacheBlob ?? "")
        }
        return w.bytes
    }

    /// The files of `listed` (whose `listing` is `new`) that differ from this state's (changed,
    /// added or gone), the elements of their new versions, and what the state's versions of them
    /// were read from. Nil when the state's listing does not read.
    func compare(with listed: [ListedFile], listing new: [UInt8]) -> (changed: Set<String>, current: [Element], before: [String: FileSource])? {
        var changed = Set<String>()
        var current: [Element] = []
        var before: [String: FileSource] = [:]
        func differs(_ file: ListedFile, from old: FileSource) {
            changed.insert(file.path)
            current += file.file?.elements ?? []
            before[file.path] = old
        }
        // Mostly the same paths in the same order: compared pairwise, as bytes.
        if let changes = Self.pairedChanges(listing, new[...]), changes.allSatisfy({ $0.position < listed.count }) {
            for change in changes {
                differs(listed[change.position], from: FileSource(identity: change.identity, cacheBlob: change.cacheBlob))
            }
            return (changed, current, before)
        }
        // Otherwise by path.
        var old = BinaryReader(listing)
        guard let count = old.count() else { return nil }
        before.reserveCapacity(count)
        for _ in 0..<count {
            guard let path = old.string(), let identity = old.string(), let cacheBlob = old.string() else { return nil }
            before[path] = FileSource(identity: identity, cacheBlob: cacheBlob)
        }
        for file in listed {
            guard let old = before.removeValue(forKey: file.path) else {
                changed.insert(file.path)
                current += file.file?.elements ?? []
                continue
            }
            if old != file.source { differs(file, from: old) }
        }
        // Left in `before`: the changed files and those that went away.
        changed.formUnion(before.keys)
        return (changed, current, before)
    }

    /// For two listings whose paths pair up one by one (the usual case: the same files, a few of
    /// them changed), the positions whose identity or blob differ, with the old identity and
    /// blob; nil when the counts or a path differ, or either listing does not read whole. Done on
    /// the bytes: an unchanged file costs its three lengths read on each side and one `memcmp`.
    static func pairedChanges(_ old: ArraySlice<UInt8>, _ new: ArraySlice<UInt8>) -> [(position: Int, identity: String, cacheBlob: String)]? {
        var o = BinaryReader(old), n = BinaryReader(new)
        guard let count = o.count(), n.count() == count else { return nil }
        return old.withUnsafeBytes { ob in
            new.withUnsafeBytes { nb in
                /// Whether the bytes at `a` of the old listing are those at `b` of the new one.
                func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
                    guard a.count == b.count else { return false }
                    guard let x = ob.baseAddress, let y = nb.baseAddress else { return a.isEmpty }
                    return memcmp(x + (a.lowerBound - old.startIndex), y + (b.lowerBound - new.startIndex), a.count) == 0
                }
                var changes: [(position: Int, identity: String, cacheBlob: String)] = []
                for position in 0..<count {
                    guard let oldPath = o.stringRange(), let newPath = n.stringRange(), same(oldPath, newPath),
                          let oldIdentity = o.stringRange(), let oldBlob = o.stringRange(),
                          let newIdentity = n.stringRange(), let newBlob = n.stringRange() else { return nil }
                    if same(oldIdentity.lowerBound..<oldBlob.upperBound, newIdentity.lowerBound..<newBlob.upperBound) { continue }
                    changes.append((position, String(decoding: old[oldIdentity], as: UTF8.self), String(decoding: old[oldBlob], as: UTF8.self)))
                }
                return o.atEnd && n.atEnd ? changes : nil
            }
        }
    }

    /// The state in the file at `path`, when there is one with this signature that reads whole.
    static func read(_ path: String, signature: String) -> CheckState? {
        guard let data = ParseCache.read(path), let body = ParseCache.verified(data, magic: magic) else { return nil }
        var r = BinaryReader(body)
        guard r.string() == signature, let length = r.count(), let listing = r.take(length) else { return nil }
        guard let recordCount = r.count() else { return nil }
        var records: [String: ArraySlice<UInt8>] = [:]
        for _ in 0..<recordCount {
            guard let path = r.string(), let length = r.count(), let record = r.take(length) else { return nil }
            records[path] = record
        }
        guard let length = r.count(), let evaluation = r.take(length), let hasHistory = r.bool() else { return nil }
        var history: ChangeHistory?
        if hasHistory {
            guard let length = r.count(), let bytes = r.take(length), let read = ChangeHistory(decoding: bytes) else { return nil }
            history = read
        }
        guard r.atEnd else { return nil }
        return CheckState(listing: listing, records: records, evaluation: evaluation, history: history)
    }

    /// Writes the state of `source` (which must have a source for every file) and its
    /// `listing`, with the record of every file the parse cache does not keep.
    static func write(_ source: LoadedSource, listing: [UInt8], evaluation: [UInt8], history: ChangeHistory?, cache: ParseCache,
                      to path: String, signature: String) {
        var w = BinaryWriter()
        w.bytes = magic
        w.string(signature)
        w.int(listing.count)
        w.bytes += listing
        var records: [(path: String, record: [UInt8])] = []
        for file in source.files where !file.cached {
            let blob = file.source?.cacheBlob ?? ""
            let record = blob.isEmpty ? nil : cache.record(blob: blob, path: file.path).map(Array.init)
            records.append((file.path, record ?? BinaryCodec.encode(file.file ?? LoadedFile(path: file.path, elements: [], findings: []))))
        }
        w.int(records.count)
        for (path, record) in records {
            w.string(path)
            w.int(record.count)
            w.bytes += record
        }
        w.int(evaluation.count)
        w.bytes += evaluation
        w.bool(history != nil)
        if let history {
            let bytes = history.encoded()
            w.int(bytes.count)
            w.bytes += bytes
        }
        ParseCache.writeSealed(&w.bytes, to: path)
    }
}

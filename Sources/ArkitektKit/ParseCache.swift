import ArkitektLoading
import ArkitektModel
import Foundation

/// What earlier runs parsed, by blob id and path, in one file under the git directory
/// (`.git/arkitekt/parse-cache`). A pre-commit check then reads and parses only the files that
/// changed since.
///
/// Safe by construction: the file is replaced atomically (a reader sees the old or the new file,
/// never half of one; two runs writing at once leave one of their files whole); a file that is
/// not exactly what this version writes (foreign, truncated, corrupt: the checksum tells) is
/// ignored and rebuilt; a cache that cannot be written is simply not written.
final class ParseCache {
    static let magic = Array("ARKITEKT-PARSE-CACHE\n".utf8)
    let path: String
    let signature: String
    /// What the file held: each entry's key and record, and where each key is.
    private var stored = Stored()
    /// Which of `stored`'s entries this run used (they are kept when the file is written).
    private var used: [Bool] = []
    private var usedCount = 0
    private var fresh: [Key: [UInt8]] = [:]
    /// Every stored record, being decoded on another core (`decodeAhead`).
    private var ahead: Ahead<LoadedFile?>?
    /// Whether `save` wrote the file.
    private(set) var saved = false

    init(path: String, limits: Limits) {
        self.path = path
        signature = "arkitekt \(ArkitektVersion.current) codec \(BinaryCodec.formatVersion) limits \(limits.maxFileBytes)/\(limits.maxAliasExpansion)/\(limits.maxNestingDepth)/\(limits.maxDocumentsPerFile)"
        if let data = Self.read(path) {
            stored = Self.parse(data, signature: signature) ?? Stored()
        }
        used = Array(repeating: false, count: stored.entries.count)
    }

    /// An entry's key: the blob a file was read from and its path (the elements of a record say
    /// where they were written). Written to the file as `blob NUL path`.
    struct Key: Hashable {
        let blob: String
        let path: String

        /// The file's order: by blob, then path, in byte order (which is that of `blob NUL path`,
        /// NUL being the smallest byte).
        static func precedes(_ a: Key, _ b: Key) -> Bool {
            let byBlob = ByteOrder.compare(a.blob, b.blob)
            return byBlob != 0 ? byBlob < 0 : ByteOrder.less(a.path, b.path)
        }
    }

    struct Stored {
        var entries: [(key: Key, record: ArraySlice<UInt8>)] = []
        var positions: [Key: Int] = [:]
    }

    /// Reads the cache on another thread; `wait()` hands it over once read.
    final class Pending: @unchecked Sendable {
        private let group = DispatchGroup()
        private var cache: ParseCache?

        init(path: String, limits: Limits) {
            DispatchQueue.global().async(group: group) { [self] in
                let read = ParseCache(path: path, limits: limits)
                read.decodeAhead()
                cache = read
            }
        }

        func wait() -> ParseCache? {
            group.wait()
            return cache
        }
    }

    /// Starts decoding every record the file holds, on another core, before anyone asks for them:
    /// the file keeps only what the last run used, which is what the next check of the index or
    /// the work tree asks for too, and the caller meanwhile reads the index and the listing.
    func decodeAhead() {
        let records = stored.entries.map(\.record)
        ahead = Ahead(records.count) { BinaryCodec.decode(records[$0]) }
    }

    /// One new record in this many used ones is enough for a rewrite.
    static let rewriteRatio = 64

    /// What the cache holds for each of these files (nil: no blob, not cached, or a record that
    /// does not decode), in their order, decoded on all cores. The records found are kept in the
    /// cache when it is next written.
    func records(for files: [(blob: String?, path: String)]) -> [LoadedFile?] {
        var wanted: [(position: Int, path: String, at: Int)] = []
        wanted.reserveCapacity(files.count)
        for (position, file) in files.enumerated() {
            guard let blob = file.blob else { continue }
            guard let at = stored.positions[Key(blob: blob, path: file.path)] else { continue }
            wanted.append((position, file.path, at))
            if !used[at] { used[at] = true; usedCount += 1 }
        }
        let decoded: [LoadedFile??]
        if let ahead {
            let all = ahead.finish()
            decoded = wanted.map { all[$0.at] }
        } else {
            let records = wanted.map { stored.entries[$0.at].record }
            decoded = Parallel.map(records.count) { BinaryCodec.decode(records[$0]) }
        }
        var out = [LoadedFile?](repeating: nil, count: files.count)
        for (entry, file) in zip(wanted, decoded) {
            if let file = file ?? nil, file.path == entry.path { out[entry.position] = file }
        }
        return out
    }

    /// Keeps a file parsed in this run; `record` is its `BinaryCodec` form.
    func store(record: [UInt8], blob: String, path: String) {
        fresh[Key(blob: blob, path: path)] = record
    }

    /// Writes the entries this run used, when enough new was parsed to be worth it: rewriting the
    /// whole file costs more than parsing a handful of changed files again on the next run (a
    /// pre-commit check with a few staged files), so a new record that is less than 1/64 of the
    /// file waits until enough have come together.
    func save() {
        guard !fresh.isEmpty, fresh.count * Self.rewriteRatio >= fresh.count + usedCount else { return }
        let kept = stored.entries.indices.filter { used[$0] && fresh[stored.entries[$0].key] == nil }
        var all = kept.map { stored.entries[$0] }
        for (key, record) in fresh { all.append((key, record[...])) }
        all.sort { Key.precedes($0.key, $1.key) }
        var header = BinaryWriter()
        header.string(signature)
        header.int(all.count)
        var entries: [(key: BinaryWriter, record: ArraySlice<UInt8>)] = []
        entries.reserveCapacity(all.count)
        var size = Self.magic.count + header.bytes.count + 8
        for (key, record) in all {
            var entry = BinaryWriter()
            entry.string(key.blob + "\u{0}" + key.path)
            entry.int(record.count)
            size += entry.bytes.count + record.count
            entries.append((entry, record))
        }
        var out = Self.magic
        out.reserveCapacity(size)
        out += header.bytes
        for (entry, record) in entries {
            out += entry.bytes
            out += record
        }
        saved = Self.writeSealed(&out, to: path)
    }

    /// Appends the checksum to `out` (which starts with its file's magic) and writes it to
    /// `path`, atomically; false when it cannot be written (the directory is created when missing).
    @discardableResult
    static func writeSealed(_ out: inout [UInt8], to path: String) -> Bool {
        out += checksum(out[...]).bytes
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return AtomicFile.writeRebuildable(out, to: path)
    }

    /// What `writeSealed` wrote after `magic`, when the file starts with it and its checksum holds.
    static func verified(_ data: [UInt8], magic: [UInt8]) -> ArraySlice<UInt8>? {
        guard data.count > magic.count + 8, data.starts(with: magic) else { return nil }
        let body = data[..<(data.count - 8)]
        guard data[(data.count - 8)...].elementsEqual(checksum(body).bytes) else { return nil }
        return body[magic.count...]
    }

    /// The record of a file, as read from the cache or made in this run.
    func record(blob: String, path: String) -> ArraySlice<UInt8>? {
        let key = Key(blob: blob, path: path)
        return fresh[key].map(ArraySlice.init) ?? stored.positions[key].map { stored.entries[$0].record }
    }

    /// The whole file in one read, or nil when there is none (or it cannot be read).
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size, let base = buffer.baseAddress {
                let n = Foundation.read(fd, base + count, size - count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { complete = false; return }
                count += n
            }
        }
        return complete ? bytes : nil
    }

    /// FNV-1a 64 over the content, eight bytes at a time: enough to tell a torn or damaged file
    /// from a whole one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> (value: UInt64, bytes: [UInt8]) {
        let prime: UInt64 = 0x100000001b3
        var h: UInt64 = 0xcbf29ce484222325
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
            }
            for b in raw[(words * 8)...] {
                h = (h ^ UInt64(b)) &* prime
            }
        }
        return (h, (0..<8).map { UInt8(truncatingIfNeeded: h >> (UInt64($0) * 8)) })
    }

    static func parse(_ data: [UInt8], signature: String) -> Stored? {
        guard let body = verified(data, magic: magic) else { return nil }
        var r = BinaryReader(body)
        guard r.string() == signature, let count = r.count() else { return nil }
        var stored = Stored()
        stored.entries.reserveCapacity(count)
        stored.positions.reserveCapacity(count)
        for _ in 0..<count {
            guard let key = r.rawString(), let separator = key.firstIndex(of: 0), let length = r.count(),
                  let record = r.take(length) else { return nil }
            let parsed = Key(blob: String(decoding: key[..<separator], as: UTF8.self),
                             path: String(decoding: key[(separator + 1)...], as: UTF8.self))
            stored.positions[parsed] = stored.entries.count
            stored.entries.append((parsed, record))
        }
        return r.atEnd ? stored : nil
    }
}

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
    /// What the file held.
    private var stored = Stored()
    /// Which of `stored`'s entries this run used (they are kept when the file is written).
    private var used: [Bool] = []
    private var fresh: [Key: [UInt8]] = [:]
    /// Every stored record, decoded on another core from the moment the file is read: the file
    /// keeps only what the last run used, which is what the next check of the index or the work
    /// tree asks for again, and the caller meanwhile reads the index and the listing.
    private let ahead: Ahead<LoadedFile?>
    /// Whether `save` wrote the file.
    private(set) var saved = false

    init(path: String, limits: Limits) {
        self.path = path
        // The build, as for the check state: a rebuilt binary may read YAML differently under the
        // same version and codec numbers, and then no record of the older one may be used.
        signature = "arkitekt \(ArkitektVersion.current) codec \(BinaryCodec.formatVersion) build \(CheckState.build) limits \(limits.maxFileBytes)/\(limits.maxAliasExpansion)/\(limits.maxNestingDepth)/\(limits.maxDocumentsPerFile) own \(limits.catalog.ownPaths?.joined(separator: "\u{1}") ?? "-")"
        if let data = Self.read(path) {
            stored = Self.parse(data, signature: signature) ?? Stored()
        }
        used = Array(repeating: false, count: stored.count)
        let stored = stored
        ahead = Ahead(stored.count) { BinaryCodec.decode(stored.record($0)) }
    }

    /// An entry's key: the blob a file was read from and its path (the elements of a record say
    /// where they were written). Written to the file as `blob NUL path`.
    struct Key: Hashable {
        let blob: String
        let path: String

        /// As the file has it.
        var bytes: [UInt8] { Array(blob.utf8) + [0] + Array(path.utf8) }
    }

    /// The entries of the file, in the order it has them: by key, in byte order (which is that of
    /// blob, then path, NUL being the smallest byte). Kept as places in the file's bytes, so that
    /// reading the file makes no string and no hash; a key is found by binary search.
    struct Stored {
        var data: ArraySlice<UInt8> = []
        var keys: [Range<Int>] = []
        var records: [Range<Int>] = []
        var count: Int { keys.count }

        func record(_ i: Int) -> ArraySlice<UInt8> { data[records[i]] }

        /// Where the entry with this key is, if there is one.
        func position(blob: String, path: String) -> Int? {
            var blob = blob, path = path
            return blob.withUTF8 { b in path.withUTF8 { p in data.withUnsafeBytes { raw in position(b, p, raw) } } }
        }

        /// `position(blob:path:)` with the key's parts and the file's bytes at hand.
        func position(_ blob: UnsafeBufferPointer<UInt8>, _ path: UnsafeBufferPointer<UInt8>, _ raw: UnsafeRawBufferPointer) -> Int? {
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                let range = keys[middle]
                let key = UnsafeRawBufferPointer(rebasing: raw[(range.lowerBound - data.startIndex)..<(range.upperBound - data.startIndex)])
                let order = Self.compare(key, blob, path)
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }

        /// `key` against `blob NUL path`, in byte order: negative, zero or positive.
        static func compare(_ key: UnsafeRawBufferPointer, _ blob: UnsafeBufferPointer<UInt8>, _ path: UnsafeBufferPointer<UInt8>) -> Int {
            let bytes = key.assumingMemoryBound(to: UInt8.self)
            // The key's first blob.count bytes against the blob.
            let head = UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, blob.count)])
            let byBlob = ByteOrder.compare(head, blob)
            if byBlob != 0 { return byBlob }
            // The key is the blob, or starts with it: then comes NUL, the smallest byte, and the path.
            guard bytes.count > blob.count else { return bytes.count == blob.count ? -1 : byBlob }
            if bytes[blob.count] != 0 { return 1 }
            return ByteOrder.compare(UnsafeBufferPointer(rebasing: bytes[(blob.count + 1)...]), path)
        }
    }

    /// Reads the cache on another thread; `wait()` hands it over once read.
    final class Pending: @unchecked Sendable {
        private let group = DispatchGroup()
        private var cache: ParseCache?

        init(path: String, limits: Limits) {
            DispatchQueue.global().async(group: group) { [self] in cache = ParseCache(path: path, limits: limits) }
        }

        func wait() -> ParseCache? {
            group.wait()
            return cache
        }
    }

    /// One new record in this many used ones is enough for a rewrite.
    static let rewriteRatio = 64

    /// What the cache holds for each of these files (nil: no blob, not cached, or a record that
    /// does not decode), in their order (decoded by `ahead`). The records found are kept in the
    /// cache when it is next written.
    func records(for files: [(blob: String?, path: String)]) -> [LoadedFile?] {
        var wanted: [(position: Int, path: String, at: Int)] = []
        wanted.reserveCapacity(files.count)
        stored.data.withUnsafeBytes { raw in
            for (position, file) in files.enumerated() {
                guard var blob = file.blob else { continue }
                var path = file.path
                guard let at = blob.withUTF8({ b in path.withUTF8 { p in stored.position(b, p, raw) } }) else { continue }
                wanted.append((position, file.path, at))
                used[at] = true
            }
        }
        let all = ahead.finish()
        let decoded = wanted.map { all[$0.at] }
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
        let usedCount = used.lazy.filter { $0 }.count
        guard !fresh.isEmpty, fresh.count * Self.rewriteRatio >= fresh.count + usedCount else { return }
        // What was read again this run replaces what the file had under the same key.
        let freshKeys = Set(fresh.keys.map(\.bytes))
        var all: [(key: ArraySlice<UInt8>, record: ArraySlice<UInt8>)] = []
        all.reserveCapacity(usedCount + fresh.count)
        for i in 0..<stored.count where used[i] {
            let key = stored.data[stored.keys[i]]
            if !freshKeys.contains(Array(key)) { all.append((key, stored.record(i))) }
        }
        for (key, record) in fresh { all.append((key.bytes[...], record[...])) }
        all.sort { ByteOrder.compare($0.key, $1.key) < 0 }
        var header = BinaryWriter()
        header.string(signature)
        header.int(all.count)
        var entries: [(key: BinaryWriter, record: ArraySlice<UInt8>)] = []
        entries.reserveCapacity(all.count)
        var size = Self.magic.count + header.bytes.count + 8
        for (key, record) in all {
            var entry = BinaryWriter()
            entry.int(key.count)
            entry.bytes += key
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
        fresh[Key(blob: blob, path: path)].map(ArraySlice.init) ?? stored.position(blob: blob, path: path).map(stored.record)
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

    /// The entries of a whole file with this signature, whose keys are in strictly rising byte
    /// order (as `save` writes them); nil for anything else.
    static func parse(_ data: [UInt8], signature: String) -> Stored? {
        guard let body = verified(data, magic: magic) else { return nil }
        var r = BinaryReader(body)
        guard r.string() == signature, let count = r.count() else { return nil }
        var stored = Stored()
        stored.data = body
        stored.keys.reserveCapacity(count)
        stored.records.reserveCapacity(count)
        var previous: ArraySlice<UInt8>?
        for _ in 0..<count {
            guard let key = r.rawString(), let length = r.count(), let record = r.take(length) else { return nil }
            if let previous, ByteOrder.compare(previous, key) >= 0 { return nil }
            previous = key
            stored.keys.append(key.startIndex..<key.endIndex)
            stored.records.append(record.startIndex..<record.endIndex)
        }
        return r.atEnd ? stored : nil
    }
}

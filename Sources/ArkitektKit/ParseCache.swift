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
    private var stored: [String: ArraySlice<UInt8>] = [:]
    private var fresh: [String: [UInt8]] = [:]
    private var used = Set<String>()
    /// Whether `save` wrote the file.
    private(set) var saved = false

    init(path: String, limits: Limits) {
        self.path = path
        signature = "arkitekt \(ArkitektVersion.current) codec \(BinaryCodec.formatVersion) limits \(limits.maxFileBytes)/\(limits.maxAliasExpansion)/\(limits.maxNestingDepth)/\(limits.maxDocumentsPerFile)"
        if let data = Self.read(path) {
            stored = Self.parse(data, signature: signature) ?? [:]
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

    static func key(blob: String, path: String) -> String { blob + "\u{0}" + path }

    /// What the cache holds for each of these files (nil: no blob, not cached, or a record that
    /// does not decode), in their order, decoded on all cores. The records found are kept in the
    /// cache when it is next written.
    func records(for files: [(blob: String?, path: String)]) -> [LoadedFile?] {
        var wanted: [(position: Int, path: String, record: ArraySlice<UInt8>)] = []
        wanted.reserveCapacity(files.count)
        for (position, file) in files.enumerated() {
            guard let blob = file.blob else { continue }
            let key = Self.key(blob: blob, path: file.path)
            guard let record = stored[key] else { continue }
            wanted.append((position, file.path, record))
            used.insert(key)
        }
        let records = wanted.map(\.record)
        let decoded = Parallel.map(records.count) { BinaryCodec.decode(records[$0]) }
        var out = [LoadedFile?](repeating: nil, count: files.count)
        for (entry, file) in zip(wanted, decoded) {
            if let file = file ?? nil, file.path == entry.path { out[entry.position] = file }
        }
        return out
    }

    /// Keeps a file parsed in this run; `record` is its `BinaryCodec` form.
    func store(record: [UInt8], blob: String, path: String) {
        let key = Self.key(blob: blob, path: path)
        fresh[key] = record
        used.insert(key)
    }

    /// Writes the entries this run used, when enough new was parsed to be worth it: rewriting the
    /// whole file costs more than parsing a handful of changed files again on the next run (a
    /// pre-commit check with a few staged files), so a new record that is less than 1/64 of the
    /// file waits until enough have come together.
    func save() {
        guard !fresh.isEmpty, fresh.count * Self.rewriteRatio >= used.count else { return }
        var header = BinaryWriter()
        header.string(signature)
        let keys = used.sorted(by: ByteOrder.less)
        header.int(keys.count)
        var entries: [(key: BinaryWriter, record: ArraySlice<UInt8>)] = []
        entries.reserveCapacity(keys.count)
        var size = Self.magic.count + header.bytes.count + 8
        for key in keys {
            guard let record = fresh[key].map(ArraySlice.init) ?? stored[key] else { continue }
            var entry = BinaryWriter()
            entry.string(key)
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
        return (try? AtomicFile.write(out, to: path)) != nil
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
        let key = Self.key(blob: blob, path: path)
        return fresh[key].map(ArraySlice.init) ?? stored[key]
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

    static func parse(_ data: [UInt8], signature: String) -> [String: ArraySlice<UInt8>]? {
        guard let body = verified(data, magic: magic) else { return nil }
        var r = BinaryReader(body)
        guard r.string() == signature, let count = r.count() else { return nil }
        var entries: [String: ArraySlice<UInt8>] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let key = r.string(), let length = r.count() else { return nil }
            entries[key] = r.take(length)
        }
        return r.atEnd ? entries : nil
    }
}

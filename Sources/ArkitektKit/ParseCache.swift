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
    private(set) var hits = 0
    private(set) var misses = 0

    init(path: String, limits: Limits) {
        self.path = path
        signature = "arkitekt \(ArkitektVersion.current) codec \(BinaryCodec.formatVersion) limits \(limits.maxFileBytes)/\(limits.maxAliasExpansion)/\(limits.maxNestingDepth)/\(limits.maxDocumentsPerFile)"
        if let data = FileManager.default.contents(atPath: path) {
            stored = Self.parse([UInt8](data), signature: signature) ?? [:]
        }
    }

    static func key(blob: String, path: String) -> String { blob + "\u{0}" + path }

    func lookup(blob: String, path: String) -> LoadedFile? {
        let key = Self.key(blob: blob, path: path)
        guard let record = stored[key], let file = BinaryCodec.decode(record), file.path == path else {
            misses += 1
            return nil
        }
        hits += 1
        used.insert(key)
        return file
    }

    func store(_ file: LoadedFile, blob: String) {
        let key = Self.key(blob: blob, path: file.path)
        fresh[key] = BinaryCodec.encode(file)
        used.insert(key)
    }

    /// Writes the entries this run used, when anything new was parsed.
    func save() {
        guard !fresh.isEmpty else { return }
        var out = Self.magic
        var w = BinaryWriter()
        w.string(signature)
        let keys = used.sorted(by: ByteOrder.less)
        w.int(keys.count)
        out += w.bytes
        for key in keys {
            guard let record = fresh[key].map(ArraySlice.init) ?? stored[key] else { continue }
            var entry = BinaryWriter()
            entry.string(key)
            entry.int(record.count)
            out += entry.bytes
            out += record
        }
        out += Self.checksum(out[...]).bytes
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? AtomicFile.write(out, to: path)
    }

    /// FNV-1a 64 over the content: enough to tell a torn or damaged file from a whole one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> (value: UInt64, bytes: [UInt8]) {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return (h, (0..<8).map { UInt8(truncatingIfNeeded: h >> (UInt64($0) * 8)) })
    }

    static func parse(_ data: [UInt8], signature: String) -> [String: ArraySlice<UInt8>]? {
        guard data.count > magic.count + 8, data.starts(with: magic) else { return nil }
        let body = data[..<(data.count - 8)]
        let expected = checksum(body).bytes
        guard Array(data[(data.count - 8)...]) == expected else { return nil }
        var r = BinaryReader(body[magic.count...])
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

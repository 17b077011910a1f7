import ArkitektModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files the safe way: the new content goes to a temporary file in the same folder, which
/// is then renamed over the target, so a reader (or a crash) never sees half a file, and two
/// concurrent writers leave one whole file.
/// Writes all of `bytes` to an open file, again after a short write or an interrupted call.
/// False when the system refuses (`errno` says why).
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { raw -> Bool in
        var offset = 0
        while offset < raw.count, let base = raw.baseAddress {
            let n = Foundation.write(fd, base + offset, raw.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}

enum AtomicFile {
    /// A new name beside `path`, hidden, that no other process picks: where the content goes
    /// before it is renamed over `path`.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".arkitekt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func write(_ text: String, to path: String, permissions: Int? = nil) throws(KitError) {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    static func write(_ bytes: [UInt8], to path: String, permissions: Int? = nil) throws(KitError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = temporaryPath(for: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                                 attributes: permissions.map { [.posixPermissions: $0] }) else {
                throw KitError(nb: "Kan ikke skrive «\(path)». Finnes mappen, og har du skrivetilgang?",
                               en: "Cannot write '\(path)'. Does the folder exist, and may you write there?")
            }
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                throw KitError(nb: "Kan ikke skrive «\(path)». Finnes mappen, og har du skrivetilgang?",
                               en: "Cannot write '\(path)'. Does the folder exist, and may you write there?", detail: reason)
            }
        } catch let error as KitError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw KitError(nb: "Kan ikke skrive «\(path)». Finnes mappen, og har du skrivetilgang?",
                           en: "Cannot write '\(path)'. Does the folder exist, and may you write there?", detail: error.localizedDescription)
        }
    }

    /// The same, for files arkitekt makes again when they are lost (the parse cache, the check
    /// state), which carry a checksum that their reader verifies: written with plain system calls,
    /// without a copy of `bytes` and without waiting for the disk (`fsync` took about 5 ms here,
    /// a noticeable part of a pre-commit check). Should the machine stop before the data reaches
    /// the disk, the next run finds the file damaged or gone, ignores it and writes it again.
    /// False when the file cannot be written (the folder must exist).
    static func writeRebuildable(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = writeAll(bytes, to: fd)
        let closed = close(fd) == 0
        guard written, closed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}

/// Writes a report where the user pointed (`--output`): through a symbolic link to the file it
/// names (the link stays a link), straight into a pipe, a terminal or another device (`/dev/stdout`,
/// a process substitution), and to a regular file by the safe way of `AtomicFile`.
enum ReportFile {
    static func write(_ text: String, to path: String) throws(KitError) {
        var info = stat()
        // A pipe or a device, also behind a link (/dev/stdout, /dev/fd/N of a process substitution).
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            try writeStream(Array(text.utf8), to: path)
            return
        }
        try AtomicFile.write(text, to: target(of: path))
    }

    /// The file a path stands for: where a symbolic link points (also when nothing is there
    /// yet), else the path itself, absolute with its folder's links resolved. Two paths for one
    /// file give the same target.
    static func target(of path: String) -> String {
        var current = path
        var info = stat()
        for _ in 0..<8 {
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                  let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { break }
            current = destination.hasPrefix("/") ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        let url = URL(fileURLWithPath: current).standardizedFileURL
        let folder = url.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return url.path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + url.lastPathComponent
    }

    /// A pipe, a terminal or a device: written in place, as a shell redirection would.
    static func writeStream(_ bytes: [UInt8], to path: String) throws(KitError) {
        try writeInPlace(bytes, to: path, flags: O_WRONLY, failure: LocalizedText(nb: "Kan ikke skrive til «\(path)».", en: "Cannot write to '\(path)'."))
    }

    /// Opens `path` with `flags` and writes all of `bytes` there; `failure` is the error then.
    static func writeInPlace(_ bytes: [UInt8], to path: String, flags: Int32, failure: LocalizedText) throws(KitError) {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw KitError(failure, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard writeAll(bytes, to: fd) else { throw KitError(failure, detail: String(cString: strerror(errno))) }
    }
}

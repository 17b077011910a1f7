import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files the safe way: the new content goes to a temporary file in the same folder, which
/// is then renamed over the target, so a reader (or a crash) never sees half a file, and two
/// concurrent writers leave one whole file.
enum AtomicFile {
    static func write(_ text: String, to path: String, permissions: Int? = nil) throws(KitError) {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    static func write(_ bytes: [UInt8], to path: String, permissions: Int? = nil) throws(KitError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".arkitekt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                                 attributes: permissions.map { [.posixPermissions: $0] }) else {
                throw KitError(nb: "Kan ikke skrive «\(path)».", en: "Cannot write '\(path)'.")
            }
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                throw KitError(nb: "Kan ikke skrive «\(path)»: \(reason)", en: "Cannot write '\(path)': \(reason)")
            }
        } catch let error as KitError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw KitError(nb: "Kan ikke skrive «\(path)»: \(error.localizedDescription)", en: "Cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

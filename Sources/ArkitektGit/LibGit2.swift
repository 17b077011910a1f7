import CLibGit2
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The only place that talks to libgit2's global state: initialisation and error reporting.

/// A failing libgit2 call (or a git-level condition such as an unknown revision or a missing work tree),
/// captured right after the call that failed.
public struct GitError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The libgit2 return code (`git_error_code`, always negative), e.g. -3 for "not found".
    public let code: Int32
    /// What was being done, usually the libgit2 function name plus its argument.
    public let operation: String
    /// Human readable message (libgit2's own message when it gave one).
    public let message: String

    /// The repository's folder, for a problem that concerns the repository as a whole (`owner`).
    public let path: String?

    public init(code: Int32, operation: String, message: String, path: String? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.path = path
    }

    public var description: String { "\(message) [\(operation), libgit2 code \(code)]" }

    /// True for `GIT_ENOTFOUND`.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// What kind of problem it is, for a message in a person's words (libgit2's own text is English
    /// and names its functions).
    public var problem: GitProblem {
        switch code {
        case GIT_ENOTFOUND.rawValue: return .notFound
        case GIT_EBAREREPO.rawValue: return .bare
        case GIT_EUNBORNBRANCH.rawValue: return .unborn
        case GIT_ELOCKED.rawValue: return .locked
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_EINVALIDSPEC.rawValue: return .invalidSpec
        case GIT_EOWNER.rawValue: return .owner
        default: return .other
        }
    }
}

/// The kinds of git failure arkitekt tells apart in its messages.
public enum GitProblem: Sendable, Equatable {
    case notFound, bare, unborn, locked, ambiguous, invalidSpec, owner, other
}

enum LibGit2 {
    /// `git_libgit2_init()` runs exactly once per process: Swift runs a `static let` initialiser once,
    /// thread-safely, on first use. libgit2 is never shut down (other threads may still use it).
    static let initialisation: Int32 = {
        let result = git_libgit2_init()
        if result >= 0 { _ = arkitekt_git_disable_strict_hash_verification() }
        return result
    }()

    /// Starts the initialisation on another thread and returns at once. Most of it is libgit2
    /// loading the system's CA certificates for its TLS stream (about 50 million instructions
    /// with Debian's mbedTLS build, which arkitekt never uses but cannot turn off), so a command
    /// that calls this first has its arguments parsed meanwhile. The first `ensureInitialised()`
    /// waits for it to finish (`static let` runs once, and other threads wait for that run).
    static func initialiseInBackground() {
        DispatchQueue.global(qos: .userInitiated).async(group: background) { _ = initialisation }
    }

    /// The initialisation `initialiseInBackground` started.
    private static let background = DispatchGroup()

    /// Waits until an initialisation started in the background has finished. A process must not
    /// exit while it runs: the TLS and crypto libraries it sets up have exit handlers of their
    /// own, which crash when they tear down what another thread is still setting up.
    static func waitForBackground() {
        background.wait()
    }

    /// Every public entry point touches this before calling libgit2.
    static func ensureInitialised() throws {
        let result = initialisation
        if result < 0 {
            throw GitError(code: result, operation: "git_libgit2_init", message: lastErrorText(result))
        }
    }

    /// Text of `git_error_last()`. Only meaningful right after a call returned `code < 0`
    /// (the slot is thread-local and may hold a stale message otherwise).
    static func lastErrorText(_ code: Int32) -> String {
        if let error = git_error_last(), let message = error.pointee.message {
            var text = String(cString: message)
            while let last = text.last, last.isWhitespace { text.removeLast() }
            if !text.isEmpty { return text }
        }
        return "libgit2 call failed with error code \(code)"
    }
}

/// Throws a `GitError` built from `git_error_last()` when `result` is negative.
/// The operation text is evaluated only after the error slot was read.
@inline(__always)
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws {
    if result < 0 {
        let message = LibGit2.lastErrorText(result)
        throw GitError(code: result, operation: operation(), message: message)
    }
}

// MARK: - Small conversions

enum CText {
    /// Bytes of a NUL-terminated C string (no decoding, no loss).
    static func bytes(_ cString: UnsafePointer<CChar>) -> [UInt8] {
        let count = strlen(cString)
        return [UInt8](UnsafeRawBufferPointer(start: cString, count: count))
    }

    /// A NUL-terminated copy of `bytes`, passable wherever libgit2 or POSIX wants `const char *`.
    static func cString(_ bytes: [UInt8]) -> [CChar] {
        var result = [CChar]()
        result.reserveCapacity(bytes.count + 1)
        for byte in bytes { result.append(CChar(bitPattern: byte == 0 ? 0x3F : byte)) }
        result.append(0)
        return result
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

extension git_oid {
    /// Lower-case hexadecimal object id.
    var hex: String {
        withUnsafeBytes(of: id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { out in
                func digit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }  // 0-9, a-f
                for (i, byte) in raw.enumerated() {
                    out[2 * i] = digit(byte >> 4)
                    out[2 * i + 1] = digit(byte & 0x0F)
                }
                return raw.count * 2
            }
        }
    }
}

// MARK: - Owning handles (one class per libgit2 handle type, freed in deinit; never Sendable)

final class RepositoryHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_repository_free(pointer) }
}

/// A `git_object *` (result of rev-parse). Keeps its repository alive.
final class ObjectHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_object_free(pointer) }
}

final class CommitHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_commit_free(pointer) }
}

final class TreeHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_tree_free(pointer) }
}

/// An owned tree entry (from `git_tree_entry_bypath`). Entries from `git_tree_entry_byindex` are borrowed
/// from their tree and never wrapped.
final class TreeEntryHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_tree_entry_free(pointer) }
}

final class BlobHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_blob_free(pointer) }
}

final class IndexHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_index_free(pointer) }
}

final class OdbHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_odb_free(pointer) }
}

final class StatusListHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_status_list_free(pointer) }
}

final class FilterListHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_filter_list_free(pointer) }
}

final class ReferenceHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_reference_free(pointer) }
}

final class ReferenceIteratorHandle {
    let pointer: OpaquePointer
    let owner: RepositoryHandle
    init(_ pointer: OpaquePointer, owner: RepositoryHandle) { self.pointer = pointer; self.owner = owner }
    deinit { git_reference_iterator_free(pointer) }
}

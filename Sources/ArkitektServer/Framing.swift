#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The base protocol's framing (LSP 3.17, "Base Protocol"): a header part of `Name: value` lines
/// ended by an empty line, of which `Content-Length` is required, then that many bytes of JSON.
/// Used by one thread only (the server's reader).
final class MessageReader: @unchecked Sendable {
    enum Frame: Equatable {
        case message([UInt8])
        /// A header that frames nothing readable: answered with a parse error, then skipped.
        case malformed(String)
        /// The input ended (the client went away).
        case end
    }

    /// A message larger than this is refused (and skipped) rather than held in memory.
    static let maxContentLength = 64 << 20
    /// A header part longer than this is no header.
    static let maxHeaderLength = 8 << 10

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    init(fd: Int32) {
        self.fd = fd
    }

    /// Reads more input into the buffer; false at the end of input.
    private func fill() -> Bool {
        if ended { return false }
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0 && errno == EINTR { continue }
            ended = true
            return false
        }
    }

    /// The header part's end (the empty line) at or after `start`, if read: where it starts and
    /// how long the line breaks are (`\r\n\r\n`, or `\n\n` from a client that writes bare LFs).
    private func headerEnd() -> (at: Int, length: Int)? {
        var i = start
        while i + 1 < buffer.count {
            if buffer[i] == 0x0A && buffer[i + 1] == 0x0A { return (i, 2) }
            if i + 3 < buffer.count, buffer[i] == 0x0D && buffer[i + 1] == 0x0A && buffer[i + 2] == 0x0D && buffer[i + 3] == 0x0A { return (i, 4) }
            i += 1
        }
        return nil
    }

    /// After a header that framed nothing, its body (of unknown length) is still to come: what
    /// follows is skipped up to the next `Content-Length:` header.
    private var resynchronising = false
    private static let lengthHeader = Array("content-length:".utf8)

    /// Drops what comes before the next `Content-Length:`; false at the end of input.
    private func skipToNextHeader() -> Bool {
        while true {
            var i = start
            while i + Self.lengthHeader.count <= buffer.count {
                if (0..<Self.lengthHeader.count).allSatisfy({ k in
                    let b = buffer[i + k]
                    return (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) == Self.lengthHeader[k]
                }) {
                    start = i
                    return true
                }
                i += 1
            }
            // Keep a tail that may be the start of the header.
            start = max(start, buffer.count - Self.lengthHeader.count + 1)
            guard fill() else { return false }
        }
    }

    func next() -> Frame {
        if resynchronising {
            resynchronising = false
            guard skipToNextHeader() else { return .end }
        }
        // Blank lines between messages are tolerated.
        var found: (at: Int, length: Int)?
        while true {
            while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
            found = headerEnd()
            if found != nil { break }
            if buffer.count - start > Self.maxHeaderLength {
                // No header ends here: what was read is skipped up to the next header.
                start = buffer.count
                resynchronising = true
                return .malformed("a header part longer than \(Self.maxHeaderLength) bytes")
            }
            guard fill() else { return .end }
        }
        guard let (end, terminator) = found else { return .end }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        start = end + terminator
        var length: Int?
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            guard let colon = line.firstIndex(of: ":") else {
                resynchronising = true
                return .malformed("a header line without ':'")
            }
            let name = line[..<colon].trimmingCharacters().lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters()
            if name == "content-length" {
                guard let n = Int(value), n >= 0, length == nil else {
                    resynchronising = true
                    return .malformed("Content-Length is no single number: \(value)")
                }
                length = n
            }
        }
        guard let length else {
            resynchronising = true
            return .malformed("no Content-Length header")
        }
        if length > Self.maxContentLength {
            var left = length
            while left > 0 {
                if start == buffer.count { guard fill() else { return .end } }
                let take = min(left, buffer.count - start)
                start += take
                left -= take
            }
            return .malformed("a message of \(length) bytes, more than the \(Self.maxContentLength) allowed")
        }
        while buffer.count - start < length {
            guard fill() else { return .end }
        }
        let body = Array(buffer[start..<(start + length)])
        start += length
        return .message(body)
    }
}

/// Writes messages with their header, whole, one at a time.
final class MessageWriter: @unchecked Sendable {
    private let fd: Int32
    private var lock = pthread_mutex_t()
    /// False once a write failed: the client is gone.
    private(set) var open = true

    init(fd: Int32) {
        self.fd = fd
        pthread_mutex_init(&lock, nil)
    }

    @discardableResult
    func send(_ body: [UInt8]) -> Bool {
        let message = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard open else { return false }
        var offset = 0
        while offset < message.count {
            let n = message[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                open = false
                return false
            }
        }
        return true
    }
}

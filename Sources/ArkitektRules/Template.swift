/// Fills a message template: `{key}` is replaced by the argument; `{?key:text}` is `text` with
/// `%` replaced by the argument when the argument is given, nothing otherwise; `{!key:text}` is
/// `text` when the argument is not given.
enum Template {
    /// The template's braces, colons and percent signs are ASCII, so it is read byte by byte:
    /// a UTF-8 sequence never holds an ASCII byte, and no text is split into characters.
    static func render(_ template: String, _ arguments: [String: String]) -> String {
        let open: UInt8 = 0x7B, close: UInt8 = 0x7D, colon: UInt8 = 0x3A, percent: UInt8 = 0x25
        let question: UInt8 = 0x3F, bang: UInt8 = 0x21
        var t = template
        return t.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            func key(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            var i = 0
            while i < bytes.count {
                guard bytes[i] == open, let end = bytes[(i + 1)...].firstIndex(of: close) else {
                    out.append(bytes[i])
                    i += 1
                    continue
                }
                let body = (i + 1)..<end
                let first = body.isEmpty ? nil : bytes[body.lowerBound]
                if first == question || first == bang, let split = bytes[body].firstIndex(of: colon) {
                    let name = key((body.lowerBound + 1)..<split)
                    let text = (split + 1)..<end
                    if first == question, let value = arguments[name] {
                        for b in bytes[text] {
                            if b == percent { out.append(contentsOf: value.utf8) } else { out.append(b) }
                        }
                    } else if first == bang, arguments[name] == nil {
                        out.append(contentsOf: bytes[text])
                    }
                } else if let value = arguments[key(body)] {
                    out.append(contentsOf: value.utf8)
                } else {
                    out.append(contentsOf: bytes[i...end])
                }
                i = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// A text as a JSON string: quotes, backslashes and control characters escaped (`\u` for those
/// without a short form). Every JSON writer of arkitekt and the YAML files the import writes use
/// it: a JSON string is a YAML double-quoted scalar too.
public enum JSONText {
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a byte of a text is written escaped: a control character, a quote, a backslash.
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5c || byte == 0x7f }

    /// `s` quoted, as UTF-8 bytes. A byte of a multi-byte sequence is never below 0x80, so the
    /// text is read byte by byte.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // A native string's bytes are read in place: most texts need no escape and are copied whole.
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where needsEscape(byte) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            out.append(0x22)
            return
        }
        if plain == nil, !s.utf8.contains(where: needsEscape) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case _ where byte < 0x20 || byte == 0x7F:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }
}

/// Texts as YAML writes them back: plain where YAML reads the same text again (names,
/// references, dates, enum values), else double-quoted (a JSON string is a YAML one).
public enum YAMLText {
    public static func scalar(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let plain = !bytes.isEmpty && bytes.allSatisfy { b in
            (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x2d || b == 0x2e || b == 0x5f || b == 0x3a
        } && bytes[0] != 0x2d && bytes[0] != 0x3a && bytes.last != 0x3a && bytes[0] != 0x2e
            && !["null", "Null", "NULL"].contains(text)
        return plain ? text : JSONText.quoted(text)
    }

    public static func key(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x2d || b == 0x5f
        }
        return plain ? text : JSONText.quoted(text)
    }
}

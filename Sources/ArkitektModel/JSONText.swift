/// A text as a JSON string: quotes, backslashes and control characters escaped (`\u` for those
/// without a short form). Every JSON writer of arkitekt and the YAML files the import writes use
/// it: a JSON string is a YAML double-quoted scalar too.
public enum JSONText {
    public static func quote(_ s: String, into out: inout String) {
        // Most texts need no escaping: append them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c || $0 == 0x7f }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
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

import ArkitektModel
import Foundation

/// Diagrams as SVG to put inside an HTML page.
public enum SVG {
    /// Graphviz's SVG document made into an element of an HTML page. Works on the bytes: a
    /// site has thousands of diagrams, and searching Strings through Foundation is slow.
    public static func inline(_ document: String, title: String, id: String) -> String {
        let bytes = Array(document.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 128)
        var i = find(Array("<svg".utf8), in: bytes, from: 0) ?? 0
        // The root element: an accessible name and a width that follows the page.
        if let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) {
            var root = String(decoding: bytes[i..<close], as: UTF8.self)
            root = root.replacingFirst(#"width=""#, with: #"data-width=""#)
            root = root.replacingFirst(#"height=""#, with: #"data-height=""#)
            // With links inside, a group (an image's children are hidden from screen readers).
            let role = find(Array("xlink:href=".utf8), in: bytes, from: close) == nil ? "img" : "group"
            root += " role=\"\(role)\" aria-labelledby=\"\(id)-title\" class=\"diagram\">\n<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
            out += Array(root.utf8)
            i = close + 1
        }
        // Graphviz's comments name the nodes by id; they add nothing to the page. Its ids
        // (graph0, node1, ...) get the figure's id in front.
        let open = Array("<!--".utf8), end = Array("-->".utf8), idAttribute = Array(" id=\"".utf8)
        let prefix = Array("\(id)-".utf8)
        func copy(_ range: Range<Int>) {
            var from = range.lowerBound
            while let at = find(idAttribute, in: bytes, from: from), at < range.upperBound - idAttribute.count + 1 {
                out += bytes[from..<(at + idAttribute.count)]
                out += prefix
                from = at + idAttribute.count
            }
            out += bytes[from..<range.upperBound]
        }
        while i < bytes.count {
            guard let comment = find(open, in: bytes, from: i) else {
                copy(i..<bytes.count)
                break
            }
            copy(i..<comment)
            guard let stop = find(end, in: bytes, from: comment + open.count) else { break }
            i = stop + end.count
        }
        // No empty lines (where the comments were).
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(out.count + 1)
        for byte in out where !(byte == 0x0A && (cleaned.last == 0x0A || cleaned.isEmpty)) { cleaned.append(byte) }
        if cleaned.last != 0x0A { cleaned.append(0x0A) }
        return String(decoding: cleaned, as: UTF8.self)
    }

    /// Where `needle` first occurs in `bytes` at or after `start`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = start
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// Escaping for HTML and XML text and attribute values.
public enum HTMLText {
    /// `text` with XML's five escapes; other control characters become spaces, and a line break
    /// becomes `newline` (itself in HTML text; `<BR/>` in a Graphviz label).
    public static func escape(_ text: String, newline: String = "\n") -> String {
        // Most text has nothing to escape: it is returned as it is, without a scalar-by-scalar copy.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7f && $0 != 0x26 && $0 != 0x3c && $0 != 0x3e && $0 != 0x22 && $0 != 0x27 && $0 != 0xEF }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += newline
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += scalar == "\t" && newline == "\n" ? "\t" : " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

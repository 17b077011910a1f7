import ArkitektLoading
import ArkitektModel

/// An open document's text, with what the features need of it: positions in LSP's UTF-16 units
/// and arkitekt's character columns, the word under the cursor, and where in a document of the
/// format the cursor is (the kind, the path of keys, the key of a value).
struct DocumentText {
    let text: String
    /// The lines, without their line breaks, each as Unicode scalars.
    let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        self.text = text
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if lines[lines.count - 1].last == "\r" { lines[lines.count - 1].removeLast() }
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        self.lines = lines
    }

    func line(_ index: Int) -> [Unicode.Scalar] { lines.indices.contains(index) ? lines[index] : [] }

    func lineText(_ index: Int) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: line(index))
        return s
    }

    // MARK: Positions

    /// The UTF-16 offset in a line of a scalar index.
    func utf16(line index: Int, scalar: Int) -> Int {
        line(index).prefix(max(0, scalar)).reduce(0) { $0 + ($1.value > 0xFFFF ? 2 : 1) }
    }

    /// The scalar index in a line of a UTF-16 offset (one inside a pair counts as its scalar).
    func scalar(line index: Int, utf16 offset: Int) -> Int {
        var units = 0
        for (i, s) in line(index).enumerated() {
            if units >= offset { return i }
            units += s.value > 0xFFFF ? 2 : 1
        }
        return line(index).count
    }

    // MARK: Words

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E, 0x3A: return true
        default: return s.value >= 0x80 && s.properties.isAlphabetic
        }
    }

    /// The word (a name, a reference, a key) at a scalar position of a line, with its range of
    /// scalars; a colon that ends it (`owner:`) is not part of it.
    func word(line index: Int, at position: Int) -> (text: String, start: Int, end: Int)? {
        let l = line(index)
        guard !l.isEmpty else { return nil }
        var start = min(position, l.count)
        var end = start
        while start > 0, Self.isWordScalar(l[start - 1]) { start -= 1 }
        while end < l.count, Self.isWordScalar(l[end]) { end += 1 }
        while end > start, l[end - 1] == ":" { end -= 1 }
        while start < end, l[start] == ":" { start += 1 }
        guard start < end else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: l[start..<end])
        return (text, start, end)
    }

    // MARK: Where in the document

    /// Where the cursor is in a document of the format.
    struct Place {
        /// The document's kind, from its `kind:` line (nil when it has none yet).
        var document: FormatSchema.DocumentKind?
        /// The keys of the object the cursor is in (`["spec", "security"]`), list items passed through.
        var path: [String]
        /// The key whose value the cursor is on; nil where a key is written.
        var key: String?
        /// What is written before the cursor of the word being written.
        var typed: String

        /// The field of the value under the cursor.
        var field: FormatSchema.Field? {
            guard let document, let key else { return nil }
            return FormatSchema.field(document, (path + [key]).joined(separator: "."))
        }

        var fieldPath: String { (path + (key.map { [$0] } ?? [])).joined(separator: ".") }
    }

    struct LineShape {
        /// Spaces before the content.
        var indent: Int
        /// Where a `- ` list item's dash is, if the line is one.
        var dash: Int?
        /// The column of the key, if the line starts with `key:`.
        var keyColumn: Int?
        var key: String?
        /// The line is `key:` with nothing but a comment after it (a block below).
        var opensBlock: Bool
        var blank: Bool
    }

    func shape(_ index: Int) -> LineShape {
        let l = line(index)
        var i = 0
        while i < l.count, l[i] == " " { i += 1 }
        var shape = LineShape(indent: i, dash: nil, keyColumn: nil, key: nil, opensBlock: false, blank: i == l.count || l[i] == "#")
        if shape.blank { return shape }
        while i < l.count, l[i] == "-", i + 1 == l.count || l[i + 1] == " " {
            shape.dash = i
            i += 1
            while i < l.count, l[i] == " " { i += 1 }
        }
        var j = i
        while j < l.count, l[j] != ":", l[j] != " ", l[j] != "{", l[j] != "[", l[j] != "#", l[j] != "\"", l[j] != "'" { j += 1 }
        if j > i, j < l.count, l[j] == ":", j + 1 == l.count || l[j + 1] == " " {
            var key = ""
            key.unicodeScalars.append(contentsOf: l[i..<j])
            shape.key = key
            shape.keyColumn = i
            var k = j + 1
            while k < l.count, l[k] == " " { k += 1 }
            shape.opensBlock = k == l.count || l[k] == "#"
        }
        return shape
    }

    /// The line range of the document (between `---` lines) that holds a line.
    func documentRange(_ index: Int) -> Range<Int> {
        func isSeparator(_ i: Int) -> Bool {
            let l = line(i)
            return l.count >= 3 && l[0] == "-" && l[1] == "-" && l[2] == "-" && (l.count == 3 || l[3] == " ")
        }
        var start = min(index, lines.count - 1)
        while start > 0, !isSeparator(start) { start -= 1 }
        if isSeparator(start) { start += 1 }
        var end = index + 1
        while end < lines.count, !isSeparator(end) { end += 1 }
        return start..<max(start, end)
    }

    /// The kind of the document that holds a line.
    func document(at index: Int) -> FormatSchema.DocumentKind? {
        for i in documentRange(index) {
            let s = shape(i)
            guard s.key == "kind", s.indent == 0, s.dash == nil else { continue }
            let l = lineText(i)
            let value = l.drop { $0 != ":" }.dropFirst().split(separator: "#").first?.trimmingCharacters() ?? ""
            if value == FormatSchema.config.name { return FormatSchema.config }
            return Kind(rawValue: value).map(FormatSchema.element)
        }
        return nil
    }

    /// The keys of the blocks that hold a position of a line at `column` (block style).
    func parents(of index: Int, column: Int) -> [String] {
        var path: [String] = []
        var limit = column
        let range = documentRange(index)
        var i = index - 1
        while i >= range.lowerBound, limit > 0 {
            defer { i -= 1 }
            let s = shape(i)
            if s.blank { continue }
            if let dash = s.dash, dash < limit {
                // Inside a list item: the list's key is further up.
                limit = dash
                continue
            }
            let at = s.keyColumn ?? s.indent
            guard at < limit else { continue }
            if let key = s.key, s.opensBlock { path.insert(key, at: 0) }
            limit = at
        }
        return path
    }

    /// Where a position (line, scalar index) is; nil in a comment.
    func place(line index: Int, at position: Int) -> Place? {
        let l = line(index)
        let upTo = Array(l.prefix(position))
        var typedStart = upTo.count
        while typedStart > 0, Self.isWordScalar(upTo[typedStart - 1]) { typedStart -= 1 }
        var typed = ""
        typed.unicodeScalars.append(contentsOf: upTo[typedStart...])
        let document = self.document(at: index)
        let s = shape(index)

        // In a flow collection on this line: the innermost open `{` or `[` before the cursor.
        var depth: [(scalar: Unicode.Scalar, at: Int)] = []
        var quote: Unicode.Scalar?
        for (i, c) in upTo.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "{", "[": depth.append((c, i))
            case "}", "]": if !depth.isEmpty { depth.removeLast() }
            case "#" where i == 0 || upTo[i - 1] == " ": return nil
            default: break
            }
        }
        let outer = parents(of: index, column: s.dash ?? s.keyColumn ?? s.indent)
        if let open = depth.last {
            // The keys of this line up to the flow collection, then the flow's own.
            var path = outer
            if let key = s.key, let column = s.keyColumn, column < (depth.first?.at ?? 0) { path.append(key) }
            let inside = upTo[(open.at + 1)...]
            // After the last separator of the innermost collection.
            var segment: [Unicode.Scalar] = []
            for c in inside { if c == "," { segment = [] } else { segment.append(c) } }
            if open.scalar == "[" {
                let key = path.popLast()
                return Place(document: document, path: path, key: key, typed: typed)
            }
            if let colon = segment.firstIndex(of: ":") {
                var key = ""
                key.unicodeScalars.append(contentsOf: segment[..<colon])
                return Place(document: document, path: path, key: key.trimmingCharacters(), typed: typed)
            }
            return Place(document: document, path: path, key: nil, typed: typed)
        }
        if let key = s.key, let column = s.keyColumn, position > column + key.unicodeScalars.count {
            // After `key:`: its value.
            return Place(document: document, path: parents(of: index, column: column), key: key, typed: typed)
        }
        if let dash = s.dash, s.key == nil {
            // `- value`: an item of the list whose key opens the block above.
            var path = parents(of: index, column: dash)
            let key = path.popLast()
            return Place(document: document, path: path, key: key, typed: typed)
        }
        // Where a key is written (or is being written).
        let column = s.keyColumn ?? (s.dash.map { $0 + 2 } ?? typedStart)
        return Place(document: document, path: parents(of: index, column: column), key: nil, typed: typed)
    }
}

extension StringProtocol {
    /// Without spaces at either end.
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

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
        // Lines end at LF, CR LF or a lone CR, as LSP and libyaml count them.
        var lines: [[Unicode.Scalar]] = [[]]
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !afterCR { lines.append([]) }
                afterCR = false
            } else if scalar == "\r" {
                lines.append([])
                afterCR = true
            } else {
                lines[lines.count - 1].append(scalar)
                afterCR = false
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
    /// scalars; a colon that ends it (`owner:`) is not part of it, and a cursor after that colon
    /// is on no word.
    func word(line index: Int, at position: Int) -> (text: String, start: Int, end: Int)? {
        let l = line(index)
        guard !l.isEmpty, position >= 0 else { return nil }
        var start = min(position, l.count)
        var end = start
        while start > 0, Self.isWordScalar(l[start - 1]), !Self.endsKey(l, at: start - 1) { start -= 1 }
        while end < l.count, Self.isWordScalar(l[end]), !Self.endsKey(l, at: end) { end += 1 }
        while start < end, l[start] == ":" { start += 1 }
        guard start < end, position <= end else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: l[start..<end])
        return (text, start, end)
    }

    /// Whether the scalar at `i` is a colon that ends a key (followed by a space, a tab or the
    /// end of the line), not one inside a reference (`system:x`).
    static func endsKey(_ l: [Unicode.Scalar], at i: Int) -> Bool {
        l[i] == ":" && (i + 1 == l.count || l[i + 1] == " " || l[i + 1] == "\t")
    }

    /// The word at a finding's column: on the word itself, or inside the quotes that start there.
    func word(line index: Int, startingAt column: Int) -> (text: String, start: Int, end: Int)? {
        let l = line(index)
        let at = l.indices.contains(column) && (l[column] == "\"" || l[column] == "'") ? column + 1 : column
        guard let word = word(line: index, at: at), word.start == at else { return nil }
        return word
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
        /// What is written before the cursor of the word being written, and where it starts.
        var typed: String
        var typedStart: Int

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
        if j > i, j < l.count, Self.endsKey(l, at: j) {
            var key = ""
            key.unicodeScalars.append(contentsOf: l[i..<j])
            shape.key = key
            shape.keyColumn = i
            var k = j + 1
            while k < l.count, l[k] == " " || l[k] == "\t" { k += 1 }
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
            var value = l.drop { $0 != ":" }.dropFirst().split(separator: "#").first?.trimmingCharacters() ?? ""
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            if value == FormatSchema.config.name { return FormatSchema.config }
            return Kind(rawValue: value).map(FormatSchema.element)
        }
        return nil
    }

    /// The keys of the blocks that hold a position of a line at `column` (block style). With
    /// `item`, the position is a list item's dash, which may stand at its key's own column
    /// (`uses:` with `- x` right below it).
    func parents(of index: Int, column: Int, item: Bool = false) -> [String] {
        var path: [String] = []
        var limit = column
        // Whether a key at the limit's own column can hold the position: it can when the
        // position is in an item of a list written at the key's column.
        var inclusive = item
        let range = documentRange(index)
        var i = index - 1
        while i >= range.lowerBound, limit > 0 || inclusive {
            defer { i -= 1 }
            let s = shape(i)
            if s.blank { continue }
            if let dash = s.dash, dash <= limit {
                // Left of the limit: the item that holds the position, whose list's key is
                // further up, at the dash's column or left of it. At the limit: another item of
                // a list at that column, which holds nothing here.
                if dash < limit {
                    limit = dash
                    inclusive = true
                }
                continue
            }
            let at = s.keyColumn ?? s.indent
            if at < limit || (inclusive && at == limit && s.key != nil && s.opensBlock) {
                if let key = s.key, s.opensBlock { path.insert(key, at: 0) }
                limit = at
                inclusive = false
            }
        }
        return path
    }

    /// Where a position (line, scalar index) is; nil in a comment.
    func place(line index: Int, at position: Int) -> Place? {
        let l = line(index)
        let upTo = Array(l.prefix(max(0, position)))
        var typedStart = upTo.count
        while typedStart > 0, Self.isWordScalar(upTo[typedStart - 1]), !Self.endsKey(upTo + [" "], at: typedStart - 1) { typedStart -= 1 }
        var typed = ""
        typed.unicodeScalars.append(contentsOf: upTo[typedStart...])
        let document = self.document(at: index)
        let s = shape(index)
        func place(_ path: [String], _ key: String?) -> Place {
            Place(document: document, path: path, key: key, typed: typed, typedStart: typedStart)
        }

        // Flow collections on this line: for each one open at the cursor, the key that holds it.
        var frames: [(bracket: Unicode.Scalar, key: String?)] = []
        var segment: [Unicode.Scalar] = []
        var quote: Unicode.Scalar?
        func key(of segment: [Unicode.Scalar]) -> String? {
            guard let colon = segment.indices.first(where: { Self.endsKey(segment + [" "], at: $0) }) else { return nil }
            var key = ""
            key.unicodeScalars.append(contentsOf: segment[..<colon])
            let trimmed = key.trimmingCharacters()
            return trimmed.isEmpty ? nil : trimmed
        }
        for (i, c) in upTo.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
                segment.append(c)
                continue
            }
            switch c {
            case "\"", "'":
                quote = c
                segment.append(c)
            case "{", "[":
                let owner: String? = frames.isEmpty ? s.key : (frames.last?.bracket == "{" ? key(of: segment) : nil)
                frames.append((c, owner))
                segment = []
            case "}", "]":
                if !frames.isEmpty { frames.removeLast() }
                segment = ["x"]   // the value is written: no key follows until a comma
            case ",":
                segment = []
            case "#" where i == 0 || upTo[i - 1] == " " || upTo[i - 1] == "\t":
                return nil
            default:
                segment.append(c)
            }
        }
        if let open = frames.last {
            var path = parents(of: index, column: s.dash ?? s.keyColumn ?? s.indent, item: s.dash != nil)
            path += frames.compactMap(\.key)
            if open.bracket == "[" {
                // An item of the list: the value of the list's key.
                let key = open.key == nil ? nil : path.popLast()
                return place(path, key)
            }
            return place(path, key(of: segment))
        }
        if let key = s.key, let column = s.keyColumn, position > column + key.unicodeScalars.count {
            // After `key:`: its value.
            return place(parents(of: index, column: column), key)
        }
        if let dash = s.dash, s.key == nil {
            // `- value`: an item of the list whose key opens the block above.
            var path = parents(of: index, column: dash, item: true)
            let key = path.popLast()
            return place(path, key)
        }
        // Where a key is written (or is being written).
        if let column = s.keyColumn { return place(parents(of: index, column: column), nil) }
        if let dash = s.dash { return place(parents(of: index, column: dash, item: true), nil) }
        return place(parents(of: index, column: typedStart), nil)
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

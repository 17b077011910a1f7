import CYaml

/// Builds `YAMLDocument`s from libyaml's event parser.
///
/// The tree is built from events rather than with libyaml's document loader (or a Swift YAML
/// library) so that every node keeps its mark, aliases stay shared instead of being expanded, and
/// the limits are enforced while parsing. Nothing here allocates per event beyond the scalar text.
public enum YAMLParser {
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) -> YAMLParseResult {
        if bytes.count > limits.maxFileBytes {
            return .failure(YAMLFailure(reason: .limit(.fileSize, limits.maxFileBytes), line: 1, column: 1))
        }
        // UTF-8 is checked by libyaml's reader as it decodes the input (see `failure(of:input:)`).
        // A UTF-8 byte order mark is not part of the text (libyaml only skips it when it detects
        // the encoding itself, which it must not do here: the input is UTF-8 or nothing).
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[start...])
            var builder = Builder(limits: limits)
            return builder.run(buffer)
        }
    }

    private struct OpenCollection {
        var node: Int32
        var firstChild: Int   // index into the pending stack
        var weight: Int
    }

    private struct Builder {
        let limits: Limits
        var documents: [YAMLDocument] = []
        var current = YAMLDocument(index: 0)
        var inDocument = false
        var open: [OpenCollection] = []
        var pending: [Int32] = []
        var anchors: [String: Int32] = [:]
        /// Anchors of the earlier documents of the file, to tell a user that anchors do not reach
        /// across `---` when an alias names one of them.
        var earlierAnchors = Set<String>()
        var weights: [Int] = []
        var inputCount = 0

        init(limits: Limits) { self.limits = limits }

        mutating func run(_ input: UnsafeBufferPointer<UInt8>) -> YAMLParseResult {
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLFailure(reason: .syntax("libyaml could not start (out of memory)"), line: 1, column: 1))
            }
            defer { yaml_parser_delete(&parser) }
            inputCount = input.count
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            if let base = input.baseAddress {
                yaml_parser_set_input_string(&parser, base, input.count)
            } else {
                var empty: UInt8 = 0
                yaml_parser_set_input_string(&parser, &empty, 0)
            }
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(Builder.failure(of: &parser, input: input))
                }
                defer { yaml_event_delete(&event) }
                let type = event.type
                if type == YAML_STREAM_END_EVENT { break }
                if let failure = handle(&event) { return .failure(failure) }
            }
            return .documents(documents)
        }

        static func failure(of parser: inout yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> YAMLFailure {
            var text = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            if let context = parser.context {
                text = "\(String(cString: context)): \(text)"
            }
            // The reader (bad characters) reports a byte offset; the scanner and parser a mark.
            if parser.error == YAML_READER_ERROR {
                // libyaml's reader says "invalid leading UTF-8 octet", "incomplete UTF-8 octet
                // sequence", "invalid Unicode character" and so on for input that is not UTF-8.
                let problem = parser.problem.map { String(cString: $0) } ?? ""
                var offset = min(Int(parser.problem_offset), input.count)
                let atLead = offset < input.count && input[offset] >= 0xC0
                if !atLead, problem.contains("trailing") || problem.contains("incomplete") {
                    // Point at the sequence's first byte, where the character went wrong.
                    var back = offset
                    while back > 0, offset - back < 4 {
                        back -= 1
                        if input[back] >= 0xC0 { offset = back; break }
                    }
                }
                let (line, column) = position(ofByte: offset, in: input)
                if problem.contains("UTF-8") || problem.contains("Unicode character") {
                    return YAMLFailure(reason: .notUTF8, line: line, column: column)
                }
                return YAMLFailure(reason: .syntax(text), line: line, column: column)
            }
            let mark = parser.problem_mark
            let line = Int(mark.line) + 1
            if indentationHasTab(line: line, in: input) {
                return YAMLFailure(reason: .tabIndentation, line: line, column: Int(mark.column) + 1)
            }
            return YAMLFailure(reason: .syntax(text), line: line, column: Int(mark.column) + 1)
        }

        /// Whether the leading white space of a line (1-based) holds a tab.
        static func indentationHasTab(line: Int, in input: UnsafeBufferPointer<UInt8>) -> Bool {
            var current = 1
            var index = 0
            while current < line, index < input.count {
                if input[index] == 0x0A { current += 1 }
                index += 1
            }
            while index < input.count, input[index] == 0x20 || input[index] == 0x09 {
                if input[index] == 0x09 { return true }
                index += 1
            }
            return false
        }

        /// 1-based line and character column of a byte offset.
        static func position(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
            var line = 1, column = 1
            for i in 0..<min(offset, input.count) {
                let b = input[i]
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return (line, column)
        }

        private func markOf(_ event: inout yaml_event_t) -> (Int32, Int32) {
            (Int32(truncatingIfNeeded: event.start_mark.line + 1), Int32(truncatingIfNeeded: event.start_mark.column + 1))
        }

        private func limitFailure(_ limit: ResourceLimit, _ event: inout yaml_event_t) -> YAMLFailure {
            let (line, column) = markOf(&event)
            return YAMLFailure(reason: .limit(limit, limits.value(limit)), line: Int(line), column: Int(column))
        }

        mutating func handle(_ event: inout yaml_event_t) -> YAMLFailure? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                if documents.count >= limits.maxDocumentsPerFile { return limitFailure(.documents, &event) }
                current = YAMLDocument(index: documents.count)
                // About one node per 16 bytes of YAML: room for that spares the arrays growing
                // step by step.
                let estimate = min(4096, max(16, (inputCount - Int(event.start_mark.index)) / 16))
                current.nodes.reserveCapacity(estimate)
                current.children.reserveCapacity(estimate)
                current.scalars.reserveCapacity(estimate)
                inDocument = true
                for name in anchors.keys { earlierAnchors.insert(name) }
                anchors.removeAll(keepingCapacity: true)
                weights.removeAll(keepingCapacity: true)
                open.removeAll(keepingCapacity: true)
                pending.removeAll(keepingCapacity: true)
            case YAML_DOCUMENT_END_EVENT:
                if inDocument { documents.append(current) }
                inDocument = false
                current = YAMLDocument(index: documents.count)
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let text: String
                if let value = s.value, s.length > 0 {
                    text = String(decoding: UnsafeBufferPointer(start: value, count: Int(s.length)), as: UTF8.self)
                } else {
                    text = ""
                }
                // libyaml counts the non-specific tag `!` as implicit; YAML makes `! null` a
                // string, so any tag at all makes the scalar not plain.
                let plain = s.plain_implicit == 1 && s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nil
                let index = addNode(kind: .scalar, plain: plain, &event, scalar: text)
                register(anchor: s.anchor, index)
                return attach(index, weight: 1, &event)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if open.count >= limits.maxNestingDepth { return limitFailure(.nestingDepth, &event) }
                let isMap = event.type == YAML_MAPPING_START_EVENT
                let index = addNode(kind: isMap ? .mapping : .sequence, plain: false, &event, scalar: nil)
                register(anchor: isMap ? event.data.mapping_start.anchor : event.data.sequence_start.anchor, index)
                open.append(OpenCollection(node: index, firstChild: pending.count, weight: 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let collection = open.popLast() else { return nil }
                let kids = pending[collection.firstChild...]
                let start = Int32(truncatingIfNeeded: current.children.count)
                current.nodes[Int(collection.node)].childStart = start
                current.nodes[Int(collection.node)].childCount = Int32(truncatingIfNeeded: kids.count)
                current.children.append(contentsOf: kids)
                pending.removeSubrange(collection.firstChild...)
                setWeight(collection.node, collection.weight)
                return attach(collection.node, weight: collection.weight, &event)
            case YAML_ALIAS_EVENT:
                guard let anchorPointer = event.data.alias.anchor else { return nil }
                let name = String(cString: anchorPointer)
                // libyaml's event parser passes undefined aliases through: this guard reports them.
                guard let target = anchors[name] else {
                    let (line, column) = markOf(&event)
                    return YAMLFailure(reason: earlierAnchors.contains(name) ? .aliasAcrossDocuments(name) : .undefinedAlias(name),
                                       line: Int(line), column: Int(column))
                }
                // An alias inside the node it names makes the tree a cycle: every reader that
                // walks it would loop or explode, so the file is refused.
                if open.contains(where: { $0.node == target }) {
                    let (line, column) = markOf(&event)
                    return YAMLFailure(reason: .syntax("recursive alias '*\(name)': the alias is inside the node it names"),
                                       line: Int(line), column: Int(column))
                }
                return attach(target, weight: weight(of: target), &event)
            default:
                break
            }
            return nil
        }

        private mutating func addNode(kind: YAMLDocument.NodeKind, plain: Bool, _ event: inout yaml_event_t, scalar: String?) -> Int32 {
            let (line, column) = markOf(&event)
            var scalarIndex: Int32 = -1
            if let scalar {
                scalarIndex = Int32(truncatingIfNeeded: current.scalars.count)
                current.scalars.append(scalar)
            }
            let index = Int32(truncatingIfNeeded: current.nodes.count)
            current.nodes.append(YAMLDocument.Node(kind: kind, plain: plain, line: line, column: column,
                                                    childStart: 0, childCount: 0, scalarIndex: scalarIndex))
            setWeight(index, 1)
            return index
        }

        private mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, _ index: Int32) {
            guard let anchor else { return }
            anchors[String(cString: anchor)] = index
        }

        private mutating func setWeight(_ node: Int32, _ weight: Int) {
            let i = Int(node)
            if i < weights.count { weights[i] = weight } else {
                while weights.count < i { weights.append(1) }
                weights.append(weight)
            }
        }

        private func weight(of node: Int32) -> Int {
            let i = Int(node)
            return i < weights.count ? weights[i] : 1
        }

        /// Adds a finished node to its parent (or makes it the root) and checks the expansion bound:
        /// the weight of a node is the number of nodes it would have with every alias expanded.
        private mutating func attach(_ node: Int32, weight: Int, _ event: inout yaml_event_t) -> YAMLFailure? {
            if open.isEmpty {
                current.root = node
                return weight > limits.maxAliasExpansion ? limitFailure(.aliasExpansion, &event) : nil
            }
            pending.append(node)
            let last = open.count - 1
            let (sum, overflow) = open[last].weight.addingReportingOverflow(weight)
            open[last].weight = overflow ? Int.max : sum
            if open[last].weight > limits.maxAliasExpansion { return limitFailure(.aliasExpansion, &event) }
            return nil
        }
    }
}

/// UTF-8 validation that says where the first bad byte is.
enum UTF8Check {
    static func firstInvalid(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        var i = 0
        var line = 1, column = 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0a { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            let width: Int
            let minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xc2...0xdf: width = 2; scalar = UInt32(b & 0x1f); minimum = 0x80
            case 0xe0...0xef: width = 3; scalar = UInt32(b & 0x0f); minimum = 0x800
            case 0xf0...0xf4: width = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: return (line, column)
            }
            guard i + width <= n else { return (line, column) }
            for k in 1..<width {
                let c = bytes[i + k]
                guard c & 0xc0 == 0x80 else { return (line, column) }
                scalar = (scalar << 6) | UInt32(c & 0x3f)
            }
            if scalar < minimum || scalar > 0x10ffff || (0xd800...0xdfff).contains(scalar) { return (line, column) }
            i += width
            column += 1
        }
        return nil
    }
}

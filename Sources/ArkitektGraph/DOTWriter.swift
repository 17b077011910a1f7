import ArkitektModel

/// Writes a diagram in Graphviz's DOT language: what `arkitekt graph --format dot` prints and what
/// the SVG is laid out from.
///
/// Labels are HTML-like labels (`label=<...>`): their only escapes are XML's, so no text a user
/// wrote (quotes, backslashes, `<script>`) can end a string early or be read as a DOT escape.
/// Node ids are the elements' refs when those are plain (`system:sak`), else `n` and a number.
public enum DOTWriter {
    public static func write(_ diagram: Diagram) -> String {
        var ids: [String: String] = [:]
        for (i, node) in diagram.nodes.enumerated() {
            ids[node.id] = isPlain(node.id) ? node.id : "n\(i)"
        }
        func id(_ node: String) -> String { "\"" + (ids[node] ?? "") + "\"" }
        var out = "digraph \"arkitekt\" {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, nodesep=0.25, ranksep=0.55, bgcolor=\"\(Palette.background)\", "
        out += "fontcolor=\"\(Palette.text)\", label=<\(xml(diagram.title))>, labelloc=t, labeljust=l"
        // Graphviz 2.43 frees memory twice when it frees the layout of a graph whose edges between
        // clusters have labels (valgrind shows it on the sample), and places external labels
        // (`xlabel`) by the addresses of its objects, differently in each process. So a diagram
        // with clusters has no words on its arrows: an integration's name is its arrow's tooltip
        // and link, and the page lists the relations in words.
        let labelled = diagram.clusters.isEmpty
        out += "];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", penwidth=1, "
        out += "fillcolor=\"\(Palette.fill(.plain))\", color=\"\(Palette.border(.plain))\", fontcolor=\"\(Palette.text)\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"\(Palette.edge(.reference))\", fontcolor=\"\(Palette.text)\", arrowsize=0.7];\n"
        let byCluster = Dictionary(grouping: diagram.nodes.filter { $0.cluster != nil }, by: { $0.cluster ?? "" })
        for (i, cluster) in diagram.clusters.enumerated() {
            out += "  subgraph \"cluster_\(i)\" {\n"
            out += "    graph [label=<\(xml(cluster.label))>, style=\"rounded,filled\", fillcolor=\"\(Palette.clusterFill)\", color=\"\(Palette.line)\""
            if let link = cluster.link { out += ", URL=\"\(attribute(link))\", target=\"_top\", tooltip=\"\(tooltip(cluster.label))\"" }
            out += "];\n"
            for node in byCluster[cluster.id] ?? [] { out += "    " + nodeLine(node, id: id(node.id)) }
            out += "  }\n"
        }
        let clustered = Set(diagram.clusters.map(\.id))
        for node in diagram.nodes where node.cluster.map({ !clustered.contains($0) }) ?? true {
            out += "  " + nodeLine(node, id: id(node.id))
        }
        // An edge whose end is no node of the diagram is left out (never written as raw text).
        for edge in diagram.edges where ids[edge.from] != nil && ids[edge.to] != nil {
            var attributes = ["color=\"\(Palette.edge(edge.style))\""]
            if labelled, !edge.label.isEmpty { attributes.append("label=<\(xml(edge.label))>") }
            switch edge.style {
            case .integration: attributes.append("penwidth=1.6")
            case .reference: attributes.append("style=dashed")
            case .data: break
            case .source: attributes.append("style=dotted")
            }
            if let link = edge.link {
                attributes.append("URL=\"\(attribute(link))\", target=\"_top\", tooltip=\"\(tooltip(edge.label))\"")
            }
            out += "  \(id(edge.from)) -> \(id(edge.to)) [\(attributes.joined(separator: ", "))];\n"
        }
        out += "}\n"
        return out
    }

    static func nodeLine(_ node: Diagram.Node, id: String) -> String {
        var attributes = ["label=<\(xml(node.label))<BR/><FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.mutedText)\">\(xml(node.caption))</FONT>>"]
        attributes.append("shape=\(shape(node))")
        let fill = Palette.fill(node.style)
        if fill != Palette.fill(.plain) { attributes.append("fillcolor=\"\(fill)\"") }
        var border = Palette.border(node.style)
        var width = node.style == .focus ? 2.0 : 1.0
        if let severity = node.severity {
            border = Palette.severity(severity)
            width = max(width, 2)
        }
        if border != Palette.border(.plain) { attributes.append("color=\"\(border)\"") }
        if width != 1 { attributes.append("penwidth=\(width == 2 ? "2" : "\(width)")") }
        switch node.style {
        case .shared: attributes.append("peripheries=2")
        case .missing: attributes.append("style=\"rounded,filled,dashed\"")
        default: break
        }
        if let link = node.link {
            attributes.append("URL=\"\(attribute(link))\", target=\"_top\", tooltip=\"\(tooltip(node.label + " (" + node.caption + ")"))\"")
        }
        return "\(id) [\(attributes.joined(separator: ", "))];\n"
    }

    /// The shape of an element's kind.
    static func shape(_ node: Diagram.Node) -> String {
        guard let kind = node.kind else { return "box" }
        switch kind {
        case .system: return "box"
        case .dataEntity: return "cylinder"
        case .group: return "tab"
        case .capability: return "hexagon"
        case .process: return "cds"
        case .platform: return "box3d"
        case .integration: return "rarrow"
        case .contract, .exemption, .transition: return "note"
        }
    }

    /// Ids written as they are: lower-case letters, digits and `:._-` (refs of valid names).
    static func isPlain(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x3a || b == 0x2e || b == 0x5f || b == 0x2d
        }
    }

    /// Text for an HTML-like label: XML's escapes; line breaks as `<BR/>`.
    public static func xml(_ text: String) -> String {
        HTMLText.escape(text, newline: "<BR/>")
    }

    /// The text of a link's tooltip (its name for screen readers too) in a quoted DOT string, which
    /// Graphviz reads with its own escapes: a backslash (which could escape the closing quote, or
    /// start `\N`) becomes the set-minus sign that looks like it, and a quote is escaped.
    static func tooltip(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\u{2216}"
            case "\"": out += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A link in a quoted DOT attribute. Links are the site's own relative paths; anything that
    /// could end the string or be read as an escape is percent-encoded.
    static func attribute(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte == 0x22 || byte == 0x5c || byte < 0x20 || byte >= 0x7f {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import ArkitektModel

/// Writes a diagram as a Mermaid flowchart, which GitHub and GitLab draw in Markdown.
///
/// Node ids are `n0`, `n1`, ... (a ref has a colon, which Mermaid reads as syntax); each node's
/// ref is in a comment beside it. Every label is quoted, with Mermaid's entity codes for the
/// characters that would end or change it.
public enum MermaidWriter {
    public static func write(_ diagram: Diagram) -> String {
        var ids: [String: String] = [:]
        for (i, node) in diagram.nodes.enumerated() { ids[node.id] = "n\(i)" }
        var out = "flowchart LR\n"
        out += "  accTitle: \(line(diagram.title))\n"
        let byCluster = Dictionary(grouping: diagram.nodes.filter { $0.cluster != nil }, by: { $0.cluster ?? "" })
        for (i, cluster) in diagram.clusters.enumerated() {
            out += "  subgraph c\(i)[\"\(label(cluster.label))\"]\n"
            for node in byCluster[cluster.id] ?? [] { out += nodeLines(node, id: ids[node.id] ?? "", indent: "    ") }
            out += "  end\n"
        }
        let clustered = Set(diagram.clusters.map(\.id))
        for node in diagram.nodes where node.cluster.map({ !clustered.contains($0) }) ?? true {
            out += nodeLines(node, id: ids[node.id] ?? "", indent: "  ")
        }
        for edge in diagram.edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            let arrow: String
            switch edge.style {
            case .integration: arrow = "==>"
            case .data: arrow = "-->"
            case .reference, .source: arrow = "-.->"
            }
            out += "  \(from) \(arrow)"
            if !edge.label.isEmpty { out += "|\"\(label(edge.label))\"|" }
            out += " \(to)\n"
        }
        var classes: [Diagram.NodeStyle: [String]] = [:]
        for node in diagram.nodes where node.style != .plain { classes[node.style, default: []].append(ids[node.id] ?? "") }
        for style in [Diagram.NodeStyle.focus, .shared, .missing, .more] {
            guard let members = classes[style] else { continue }
            var definition = "fill:\(Palette.fill(style)),stroke:\(Palette.border(style)),color:\(Palette.text)"
            if style == .missing { definition += ",stroke-dasharray:4 3" }
            if style == .shared || style == .focus { definition += ",stroke-width:2px" }
            out += "  classDef \(style.rawValue) \(definition)\n"
            out += "  class \(members.joined(separator: ",")) \(style.rawValue)\n"
        }
        return out
    }

    /// A comment with the node's ref (Mermaid's comments take a line of their own), then the node.
    static func nodeLines(_ node: Diagram.Node, id: String, indent: String) -> String {
        let text = "\"" + label(node.label) + "<br/>" + label(node.caption) + "\""
        let shaped: String
        switch (node.kind, node.style) {
        case (_, .shared): shaped = "[[" + text + "]]"
        case (.dataEntity?, _): shaped = "[(" + text + ")]"
        case (.capability?, _): shaped = "{{" + text + "}}"
        case (.group?, _): shaped = "([" + text + "])"
        case (.platform?, _): shaped = "[/" + text + "/]"
        case (.process?, _), (.integration?, _): shaped = ">" + text + "]"
        case (nil, _): shaped = "(" + text + ")"
        default: shaped = "[" + text + "]"
        }
        return "\(indent)%% \(line(node.id))\n\(indent)\(id)\(shaped)\n"
    }

    /// Text inside a quoted Mermaid label: entity codes for what would end the label or be read
    /// as markup; a line break as `<br/>`.
    public static func label(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "&": out += "#amp;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "`": out += "#96;"
            case "%": out += "#37;"
            case "\n": out += "<br/>"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text for the rest of a line (a comment, the accessible title): on one line, and with no
    /// `%`, which could start a Mermaid directive (`%%{init: ...}%%`).
    static func line(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f || $0 == "%" ? " " : Character($0) })
    }
}

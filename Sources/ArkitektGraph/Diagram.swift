import ArkitektModel

/// A diagram as plain values: nodes, edges between them, and clusters that group nodes. The
/// builders (`DiagramBuilder`) make one from a landscape; the writers turn it into DOT, Mermaid
/// or SVG (through Graphviz). Everything in it is sorted, so every writer's output is the same
/// for the same landscape.
public struct Diagram: Sendable, Equatable {
    /// What the diagram shows, for people: the SVG's `<title>` and the Mermaid comment.
    public var title: String
    public var nodes: [Node]
    public var edges: [Edge]
    public var clusters: [Cluster]

    public init(title: String, nodes: [Node] = [], edges: [Edge] = [], clusters: [Cluster] = []) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.clusters = clusters
    }

    public struct Node: Sendable, Equatable {
        /// Unique within the diagram: the element's ref (`system:sak`), or a made-up id for a
        /// node that stands for several elements.
        public var id: String
        public var label: String
        /// The second line of the label: the kind, or what the node stands for.
        public var caption: String
        public var style: NodeStyle
        /// The element's kind, for the shape; nil for a node that stands for several.
        public var kind: Kind?
        /// Where the node links to (a page of the site); nil: no link.
        public var link: String?
        /// The cluster the node is drawn in (its id), if any.
        public var cluster: String?
        /// The most severe finding on the element, drawn as the node's border.
        public var severity: Severity?

        public init(id: String, label: String, caption: String, style: NodeStyle, kind: Kind?, link: String? = nil,
                    cluster: String? = nil, severity: Severity? = nil) {
            self.id = id
            self.label = label
            self.caption = caption
            self.style = style
            self.kind = kind
            self.link = link
            self.cluster = cluster
            self.severity = severity
        }
    }

    public enum NodeStyle: String, Sendable, Equatable {
        /// The element the diagram is about.
        case focus
        /// An element of the landscape.
        case plain
        /// A shared solution (`scope: sector` or `national`).
        case shared
        /// A reference to an element the landscape does not have.
        case missing
        /// Stands for the relations left out of a diagram that would be too large to read.
        case more
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var label: String
        public var style: EdgeStyle
        /// Where the edge links to: the integration's page, when the edge is one.
        public var link: String?

        public init(from: String, to: String, label: String, style: EdgeStyle, link: String? = nil) {
            self.from = from
            self.to = to
            self.label = label
            self.style = style
            self.link = link
        }
    }

    public enum EdgeStyle: String, Sendable, Equatable {
        /// An Integration: data moving from one system to another.
        case integration
        /// A reference of one element to another (owner, hosting, capability, ...).
        case reference
        /// A system's use of a data entity.
        case data
        /// A data entity's authoritative source.
        case source
    }

    public struct Cluster: Sendable, Equatable {
        public var id: String
        public var label: String
        public var link: String?
        public init(id: String, label: String, link: String? = nil) {
            self.id = id
            self.label = label
            self.link = link
        }
    }
}

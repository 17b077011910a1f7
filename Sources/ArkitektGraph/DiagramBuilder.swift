import ArkitektModel

/// Makes diagrams of a landscape: the neighbourhood of elements, the systems of owners, of a
/// capability, and the systems around a data entity.
///
/// An Integration is drawn as an arrow from the system it reads from to the system it writes to
/// (the integration's own page is the arrow's link), not as a box between them; a system's
/// neighbours through its integrations are one step away.
public struct DiagramBuilder {
    public let landscape: Landscape
    public let language: Language
    /// The page of an element, for links (nil: no links, as `arkitekt graph` prints).
    public var link: (Ref) -> String? = { _ in nil }
    /// The most severe finding on an element, drawn as its border.
    public var severity: (Ref) -> Severity? = { _ in nil }
    /// The link of the node that stands for the relations left out of an element's neighbourhood.
    public var moreLink: (Ref) -> String? = { _ in nil }
    /// At most this many relations of one element are drawn; the rest are one node that says how
    /// many there are (a diagram of a thousand arrows helps nobody).
    public var limit = 40

    /// The integrations that start or end at each system; the systems of each owner and of each
    /// capability: made once, so that a diagram does not read the whole landscape.
    let integrationsBySystem: [Ref: [Element]]
    public let systemsByOwner: [Ref: [Ref]]
    let systemsByCapability: [Ref: [Ref]]

    public init(landscape: Landscape, language: Language) {
        self.landscape = landscape
        self.language = language
        var integrations: [Ref: [Element]] = [:]
        for integration in landscape.elements(of: .integration) {
            guard let spec = integration.integration, let from = spec.from?.value, let to = spec.to?.value else { continue }
            integrations[from, default: []].append(integration)
            if to != from { integrations[to, default: []].append(integration) }
        }
        var owners: [Ref: [Ref]] = [:], capabilities: [Ref: [Ref]] = [:]
        for system in landscape.elements(of: .system) {
            guard let spec = system.system else { continue }
            if let owner = spec.owner?.value { owners[owner, default: []].append(system.ref) }
            for capability in Set(spec.capabilities.map(\.value)) { capabilities[capability, default: []].append(system.ref) }
        }
        integrationsBySystem = integrations
        systemsByOwner = owners
        systemsByCapability = capabilities
    }

    /// One relation of an element, seen from it: the element at the other end and the arrow.
    struct Link {
        let other: Ref
        let edge: Diagram.Edge
    }

    /// The elements within `depth` relations of `focus` (both ways), and the relations between
    /// them that were followed.
    public func neighbourhood(of focus: [Ref], depth: Int = 1) -> Diagram {
        var nodes = Nodes(builder: self)
        var edges = Edges()
        var frontier: [Ref] = []
        for ref in focus.sorted() where nodes.add(ref, style: .focus) { frontier.append(ref) }
        for _ in 0..<max(0, depth) {
            // Nothing left to reach: a depth beyond the landscape ends here.
            if frontier.isEmpty { break }
            var next: [Ref] = []
            for ref in frontier { next += add(links(of: ref), around: ref, &nodes, &edges) }
            frontier = next.sorted()
        }
        let title = focus.count == 1 ? (language == .nb ? "Naboskapet til " : "Neighbourhood of ") + label(focus[0])
            : (language == .nb ? "Naboskapet til \(focus.count) elementer" : "Neighbourhood of \(focus.count) elements")
        return Diagram(title: title, nodes: nodes.sorted, edges: edges.sorted)
    }

    /// The systems of the landscape (or of `groups`) in one box per owner, the integrations
    /// between them and the shared solutions they use. With `groups`, the systems they connect
    /// to outside are drawn too, outside the boxes.
    public func owners(_ groups: [Ref]? = nil, title: String? = nil) -> Diagram {
        let systems: [Ref] = groups.map { $0.flatMap { systemsByOwner[$0] ?? [] } } ?? landscape.elements(of: .system).map(\.ref)
        return systemsDiagram(Set(systems), title: title ?? (language == .nb ? "Systemene etter eier" : "Systems by owner"),
                              clustered: true)
    }

    /// The systems that support a capability (or one of its sub-capabilities), the integrations
    /// between them and the shared solutions they use.
    public func capability(_ ref: Ref) -> Diagram {
        // The capability and those below it (through `parent`, which refers upwards).
        var capabilities: Set<Ref> = [ref]
        var queue = [ref]
        while let next = queue.popLast() {
            for child in landscape.referrers(of: next) where child.kind == .capability && !capabilities.contains(child) {
                guard landscape[child]?.capability?.parent?.value == next else { continue }
                capabilities.insert(child)
                queue.append(child)
            }
        }
        let systems = Set(capabilities.flatMap { systemsByCapability[$0] ?? [] }).sorted().compactMap { landscape[$0] }
        var diagram = systemsDiagram(Set(systems.map(\.ref)), title: (language == .nb ? "Systemer for " : "Systems for ") + label(ref), clustered: true)
        var nodes = Nodes(builder: self, diagram.nodes)
        var edges = Edges(diagram.edges)
        _ = nodes.add(ref, style: .focus)
        for system in systems {
            for cap in system.system?.capabilities ?? [] where capabilities.contains(cap.value) {
                _ = nodes.add(cap.value)
                edges.add(Diagram.Edge(from: system.ref.description, to: cap.value.description, label: fieldLabel("spec.capabilities"), style: .reference))
            }
        }
        diagram.nodes = nodes.sorted
        diagram.edges = edges.sorted
        return diagram
    }

    /// The data entity, the systems that keep it (`master`, `write`) and read it, where they read
    /// it from, its authoritative source and the integrations that carry it.
    public func data(_ ref: Ref) -> Diagram {
        var nodes = Nodes(builder: self)
        var edges = Edges()
        _ = nodes.add(ref, style: .focus)
        if let entity = landscape[ref]?.dataEntity {
            if let source = entity.authoritativeSource?.value {
                _ = nodes.add(source)
                edges.add(Diagram.Edge(from: ref.description, to: source.description, label: fieldLabel("spec.authoritativeSource"), style: .source))
            }
            if let owner = entity.owner?.value {
                _ = nodes.add(owner)
                edges.add(Diagram.Edge(from: ref.description, to: owner.description, label: fieldLabel("spec.owner"), style: .reference))
            }
        }
        var users: [Link] = []
        for referrer in landscape.referrers(of: ref).sorted() {
            guard let element = landscape[referrer] else { continue }
            if let system = element.system {
                for use in system.data where use.entity?.value == ref {
                    users.append(Link(other: referrer, edge: Diagram.Edge(from: referrer.description, to: ref.description,
                                                                          label: accessLabel(use.access?.value), style: .data)))
                    if let source = use.source?.value {
                        users.append(Link(other: source, edge: Diagram.Edge(from: referrer.description, to: source.description,
                                                                            label: fieldLabel("spec.data.source"), style: .reference)))
                    }
                }
            } else if let integration = element.integration, integration.data.contains(where: { $0.value == ref }),
                      let from = integration.from?.value, let to = integration.to?.value {
                // One relation per integration; the system at its other end comes with its arrow.
                users.append(Link(other: from, edge: integrationEdge(referrer, from: from, to: to)))
            }
        }
        add(users, around: ref, &nodes, &edges)
        return Diagram(title: (language == .nb ? "Dataflyt for " : "Data flow of ") + label(ref), nodes: nodes.sorted, edges: edges.sorted)
    }

    // MARK: - Parts

    /// `systems` in boxes by owner (when `clustered`), the integrations that touch them (with
    /// the systems at their other ends) and the shared solutions they use.
    func systemsDiagram(_ systems: Set<Ref>, title: String, clustered: Bool) -> Diagram {
        var nodes = Nodes(builder: self)
        var edges = Edges()
        for ref in systems.sorted() { _ = nodes.add(ref) }
        for system in systems.sorted() {
            for integration in integrationsBySystem[system] ?? [] {
                guard let spec = integration.integration, let from = spec.from?.value, let to = spec.to?.value else { continue }
                _ = nodes.add(from)
                _ = nodes.add(to)
                edges.add(integrationEdge(integration.ref, from: from, to: to))
            }
        }
        for ref in systems.sorted() {
            for used in landscape[ref]?.system?.uses ?? [] {
                _ = nodes.add(used.value)
                edges.add(Diagram.Edge(from: ref.description, to: used.value.description, label: fieldLabel("spec.uses"), style: .reference))
            }
        }
        var clusters: [Diagram.Cluster] = []
        if clustered {
            var owners = Set<Ref>()
            for i in nodes.nodes.indices {
                guard let ref = nodes.refs[i], let owner = landscape[ref]?.system?.owner?.value else { continue }
                nodes.nodes[i].cluster = owner.description
                owners.insert(owner)
            }
            clusters = owners.sorted().map { Diagram.Cluster(id: $0.description, label: label($0), link: landscape.contains($0) ? link($0) : nil) }
        }
        return Diagram(title: title, nodes: nodes.sorted, edges: edges.sorted, clusters: clusters)
    }

    /// Draws at most `limit` of an element's relations, and one node for the rest; returns the
    /// elements that were not in the diagram before.
    @discardableResult
    func add(_ links: [Link], around ref: Ref, _ nodes: inout Nodes, _ edges: inout Edges) -> [Ref] {
        var added: [Ref] = []
        for link in links.prefix(limit) {
            if nodes.add(link.other) { added.append(link.other) }
            // An arrow is drawn only between nodes that are there: both its ends are added.
            for end in [link.edge.from, link.edge.to] {
                if let other = Ref(parsing: end), nodes.add(other) { added.append(other) }
            }
            edges.add(link.edge)
        }
        if links.count > limit {
            let id = "more:" + ref.description
            let left = links.count - limit
            nodes.addSummary(id: id, label: language == .nb ? "+\(left) flere" : "+\(left) more",
                             caption: language == .nb ? "relasjoner ikke tegnet" : "relations not drawn", link: moreLink(ref))
            edges.add(Diagram.Edge(from: ref.description, to: id, label: "", style: .reference))
        }
        return added
    }

    /// Every relation of an element, both ways, sorted by the element at the other end.
    func links(of ref: Ref) -> [Link] {
        guard let element = landscape[ref] else { return [] }
        var links: [Link] = []
        let me = ref.description
        if element.kind == .integration {
            for (path, target) in element.references {
                switch path {
                case "spec.from":
                    links.append(Link(other: target.value, edge: Diagram.Edge(from: target.value.description, to: me, label: "", style: .integration)))
                case "spec.to":
                    links.append(Link(other: target.value, edge: Diagram.Edge(from: me, to: target.value.description, label: "", style: .integration)))
                default:
                    links.append(Link(other: target.value, edge: Diagram.Edge(from: me, to: target.value.description, label: fieldLabel(path), style: .reference)))
                }
            }
        } else if let system = element.system {
            for use in system.data {
                if let entity = use.entity?.value {
                    links.append(Link(other: entity, edge: Diagram.Edge(from: me, to: entity.description, label: accessLabel(use.access?.value), style: .data)))
                    // Where the data is authoritatively kept, beside the data a system uses.
                    if let source = landscape[entity]?.dataEntity?.authoritativeSource?.value, source != ref {
                        links.append(Link(other: source, edge: Diagram.Edge(from: entity.description, to: source.description,
                                                                            label: fieldLabel("spec.authoritativeSource"), style: .source)))
                    }
                }
                if let source = use.source?.value {
                    links.append(Link(other: source, edge: Diagram.Edge(from: me, to: source.description, label: fieldLabel("spec.data.source"), style: .reference)))
                }
            }
            for (path, target) in element.references where !path.hasPrefix("spec.data.") {
                links.append(Link(other: target.value, edge: Diagram.Edge(from: me, to: target.value.description, label: fieldLabel(path), style: .reference)))
            }
        } else {
            for (path, target) in element.references {
                let style: Diagram.EdgeStyle = path == "spec.authoritativeSource" ? .source : .reference
                links.append(Link(other: target.value, edge: Diagram.Edge(from: me, to: target.value.description, label: fieldLabel(path), style: style)))
            }
        }
        for referrer in landscape.referrers(of: ref) {
            guard let other = landscape[referrer] else { continue }
            if let integration = other.integration, let from = integration.from?.value, let to = integration.to?.value, from == ref || to == ref {
                let edge = integrationEdge(referrer, from: from, to: to)
                links.append(Link(other: from == ref ? to : from, edge: edge))
                continue
            }
            for (path, target) in other.references where target.value == ref {
                var label = fieldLabel(path)
                var style: Diagram.EdgeStyle = path == "spec.authoritativeSource" ? .source : .reference
                if path == "spec.data.entity", let use = other.system?.data.first(where: { $0.entity?.value == ref }) {
                    label = accessLabel(use.access?.value)
                    style = .data
                }
                links.append(Link(other: referrer, edge: Diagram.Edge(from: referrer.description, to: me, label: label, style: style)))
            }
        }
        return links.sorted { a, b in
            if a.other != b.other { return a.other < b.other }
            return (a.edge.from, a.edge.to, a.edge.label, a.edge.style.rawValue, a.edge.link ?? "")
                < (b.edge.from, b.edge.to, b.edge.label, b.edge.style.rawValue, b.edge.link ?? "")
        }
    }

    func integrationEdge(_ integration: Ref, from: Ref, to: Ref) -> Diagram.Edge {
        Diagram.Edge(from: from.description, to: to.description, label: label(integration), style: .integration, link: link(integration))
    }

    /// How an element is named in a diagram: its title, else its name.
    public func label(_ ref: Ref) -> String {
        landscape[ref]?.metadata.title?.value ?? ref.name
    }

    func accessLabel(_ access: Access?) -> String {
        switch access {
        case .master?: return language == .nb ? "master" : "master"
        case .write?: return language == .nb ? "skriver" : "writes"
        case .read?: return language == .nb ? "leser" : "reads"
        case nil: return language == .nb ? "bruker" : "uses"
        }
    }

    /// The words on the arrow of a reference field.
    public func fieldLabel(_ path: String) -> String {
        let nb = language == .nb
        switch path {
        case "spec.owner": return nb ? "eier" : "owner"
        case "spec.parent": return nb ? "del av" : "part of"
        case "spec.capabilities": return nb ? "støtter" : "supports"
        case "spec.processes": return nb ? "brukes i" : "used in"
        case "spec.data", "spec.data.entity": return nb ? "data" : "data"
        case "spec.data.source": return nb ? "henter fra" : "reads from"
        case "spec.uses": return nb ? "bruker" : "uses"
        case "spec.hosting": return nb ? "driftes på" : "hosted on"
        case "spec.security.authentication": return nb ? "innlogging" : "login"
        case "spec.authoritativeSource": return nb ? "autoritativ kilde" : "authoritative source"
        case "spec.from": return nb ? "fra" : "from"
        case "spec.to": return nb ? "til" : "to"
        case "spec.via": return "via"
        case "spec.targets": return nb ? "gjelder" : "covers"
        case "spec.approvedBy": return nb ? "godkjent av" : "approved by"
        case "spec.systems": return nb ? "omfatter" : "covers"
        default: return String(path.split(separator: ".").last ?? Substring(path))
        }
    }

    /// The caption under a node's name: its kind, whether it is a shared solution, whether it
    /// is missing, and the most severe finding on it (so that colour is never the only sign).
    func caption(_ ref: Ref, style: Diagram.NodeStyle) -> String {
        var parts = [ref.kind.displayName.text(language)]
        if style == .missing { parts.append(language == .nb ? "finnes ikke" : "missing") }
        if style == .shared { parts.append(language == .nb ? "fellesløsning" : "shared solution") }
        if let severity = severity(ref) { parts.append(severity.displayName.text(language).lowercased()) }
        return parts.joined(separator: " · ")
    }

    /// The nodes of a diagram being made, at most once each.
    struct Nodes {
        let builder: DiagramBuilder
        var nodes: [Diagram.Node] = []
        var refs: [Ref?] = []
        var index: [String: Int] = [:]

        init(builder: DiagramBuilder, _ nodes: [Diagram.Node] = []) {
            self.builder = builder
            for node in nodes {
                index[node.id] = self.nodes.count
                self.nodes.append(node)
                refs.append(Ref(parsing: node.id))
            }
        }

        /// Adds the element's node; false when it was there already. A focus wins over others.
        mutating func add(_ ref: Ref, style wanted: Diagram.NodeStyle? = nil) -> Bool {
            let id = ref.description
            if let i = index[id] {
                if wanted == .focus, nodes[i].style != .focus {
                    nodes[i].style = .focus
                    nodes[i].caption = builder.caption(ref, style: .focus)
                }
                return false
            }
            let element = builder.landscape[ref]
            let style: Diagram.NodeStyle = wanted ?? (element == nil ? .missing : (element?.system?.isShared == true ? .shared : .plain))
            let node = Diagram.Node(id: id, label: builder.label(ref), caption: builder.caption(ref, style: style), style: style,
                                    kind: ref.kind, link: element == nil ? nil : builder.link(ref), severity: builder.severity(ref))
            index[id] = nodes.count
            nodes.append(node)
            refs.append(ref)
            return true
        }

        mutating func addSummary(id: String, label: String, caption: String, link: String?) {
            guard index[id] == nil else { return }
            index[id] = nodes.count
            nodes.append(Diagram.Node(id: id, label: label, caption: caption, style: .more, kind: nil, link: link))
            refs.append(nil)
        }

        var sorted: [Diagram.Node] { nodes.sorted { ByteOrder.less($0.id, $1.id) } }
    }

    /// The edges of a diagram being made, each once.
    struct Edges {
        var edges: [Diagram.Edge] = []
        var seen = Set<String>()

        init(_ edges: [Diagram.Edge] = []) {
            for edge in edges { add(edge) }
        }

        mutating func add(_ edge: Diagram.Edge) {
            let key = [edge.from, edge.to, edge.label, edge.style.rawValue, edge.link ?? ""].joined(separator: "\u{0}")
            if seen.insert(key).inserted { edges.append(edge) }
        }

        var sorted: [Diagram.Edge] {
            edges.sorted { a, b in
                if a.from != b.from { return ByteOrder.less(a.from, b.from) }
                if a.to != b.to { return ByteOrder.less(a.to, b.to) }
                if a.label != b.label { return ByteOrder.less(a.label, b.label) }
                if a.style != b.style { return a.style.rawValue < b.style.rawValue }
                return ByteOrder.less(a.link ?? "", b.link ?? "")
            }
        }
    }
}

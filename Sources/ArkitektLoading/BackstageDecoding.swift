import ArkitektModel

/// What decoding a descriptor needs from the rest of the catalog.
struct CatalogContext {
    /// Every entity by its reference key, as the landscape names it.
    var refs: [String: Ref] = [:]
    /// The systems that provide and consume each API (by the API's key).
    var providers: [String: [Ref]] = [:]
    var consumers: [String: [Ref]] = [:]
    /// The keys of the APIs some descriptor defines.
    var apis: Set<String> = []
    var placeholderOwners: Set<String> = []

    /// The landscape kind of a Backstage kind; a resource's depends on its type.
    static func kind(_ backstageKind: String, type: String?) -> Kind? {
        switch backstageKind {
        case "component", "system": return .system
        case "group", "user": return .group
        case "domain": return .capability
        case "resource": return dataResourceTypes.contains(type?.lowercased() ?? "") ? .dataEntity : .platform
        default: return nil
        }
    }

    /// Resource types that are data rather than technology.
    static let dataResourceTypes: Set<String> = ["dataset", "data", "data-product", "data-set", "table"]

    static let lifecycles: [String: String] = ["experimental": "development", "production": "production", "deprecated": "phasing-out"]
    static let platformTypes: [String: String] = [
        "database": "database", "kubernetes-cluster": "runtime", "cluster": "runtime", "runtime": "runtime", "function": "runtime",
        "s3-bucket": "cloud", "bucket": "cloud", "storage": "cloud", "cloud": "cloud",
        "network": "network", "dns": "network", "load-balancer": "network", "cdn": "network",
    ]
    static let groupTypes: [String: String] = [
        "team": "team", "department": "department", "business-unit": "unit", "product-area": "unit", "root": "unit",
        "organization": "unit", "unit": "unit",
    ]
    static let protocols: [String: String] = ["openapi": "REST", "asyncapi": "message", "graphql": "GraphQL", "grpc": "gRPC", "trpc": "tRPC"]

    init() {}

    init(_ entries: [CatalogEntry], placeholderOwners: [String]) {
        self.placeholderOwners = Set(placeholderOwners)
        for entry in entries where !entry.name.isEmpty {
            if entry.kind == "api" { apis.insert(entry.ref.key) }
            guard let kind = Self.kind(entry.kind, type: entry.type) else { continue }
            refs[entry.ref.key] = Ref(kind, Backstage.name(entry.name, namespace: entry.namespace))
        }
        for entry in entries where entry.kind == "component" && !entry.name.isEmpty {
            let system = Ref(.system, Backstage.name(entry.name, namespace: entry.namespace))
            for text in entry.provides {
                if let api = Backstage.EntityRef(parsing: text, defaultKind: "api", defaultNamespace: entry.namespace),
                   providers[api.key]?.contains(system) != true {
                    providers[api.key, default: []].append(system)
                }
            }
            for text in entry.consumes {
                if let api = Backstage.EntityRef(parsing: text, defaultKind: "api", defaultNamespace: entry.namespace),
                   consumers[api.key]?.contains(system) != true {
                    consumers[api.key, default: []].append(system)
                }
            }
        }
    }
}

extension YAMLDocument {
    /// A scalar that reads as `text`, placed where `node` is (findings about it point there).
    mutating func addScalar(_ text: String, like node: Int32) -> Int32 {
        let n = nodes[Int(node)]
        scalars.append(text)
        nodes.append(Node(kind: .scalar, plain: false, line: n.line, column: n.column, childStart: 0, childCount: 0,
                          scalarIndex: Int32(scalars.count - 1)))
        return Int32(nodes.count - 1)
    }

    mutating func addMapping(_ pairs: [(key: Int32, value: Int32)], like node: Int32) -> Int32 {
        let n = nodes[Int(node)]
        let start = Int32(children.count)
        for pair in pairs {
            children.append(pair.key)
            children.append(pair.value)
        }
        nodes.append(Node(kind: .mapping, plain: false, line: n.line, column: n.column, childStart: start,
                          childCount: Int32(pairs.count * 2), scalarIndex: 0))
        return Int32(nodes.count - 1)
    }

    mutating func addSequence(_ items: [Int32], like node: Int32) -> Int32 {
        let n = nodes[Int(node)]
        let start = Int32(children.count)
        children.append(contentsOf: items)
        nodes.append(Node(kind: .sequence, plain: false, line: n.line, column: n.column, childStart: start,
                          childCount: Int32(items.count), scalarIndex: 0))
        return Int32(nodes.count - 1)
    }

    /// The nodes of another document, added here at the place of `node`; its root's index.
    mutating func graft(_ other: YAMLDocument, like node: Int32) -> Int32? {
        guard let root = other.root else { return nil }
        let n = nodes[Int(node)]
        let nodeOffset = Int32(nodes.count)
        let childOffset = Int32(children.count)
        let scalarOffset = Int32(scalars.count)
        scalars.append(contentsOf: other.scalars)
        for child in other.children { children.append(child + nodeOffset) }
        for original in other.nodes {
            var copy = original
            copy.line = n.line
            copy.column = n.column
            copy.childStart += childOffset
            if copy.kind == .scalar { copy.scalarIndex += scalarOffset }
            nodes.append(copy)
        }
        return root + nodeOffset
    }
}

/// A descriptor being turned into the document the landscape's own decoder reads: the
/// descriptor's nodes where they fit, new ones (placed where the descriptor wrote what they
/// stand for) where not.
struct DescriptorDraft {
    var d: YAMLDocument
    var spec: [(key: String, value: Int32)] = []
    var labels: [(key: Int32, value: Int32)] = []
    var findings: [Finding] = []

    mutating func label(_ key: String, _ value: String, at node: Int32) {
        let k = d.addScalar(key, like: node)
        let v = d.addScalar(value, like: node)
        labels.append((k, v))
    }

    mutating func set(_ key: String, _ text: String, at node: Int32) {
        let v = d.addScalar(text, like: node)
        spec.append((key, v))
    }

    /// An annotation's value at its path (`arkitekt.io/security.integrity` is
    /// `spec.security.integrity`); what the mapping made for the same path gives way.
    mutating func put(_ value: Int32, at path: [String], like node: Int32) {
        DocumentDecoder.put(value, at: path, into: &spec, document: &d, like: node)
    }

    mutating func setList(_ key: String, _ items: [Int32], at node: Int32) {
        guard !items.isEmpty else { return }
        let v = d.addSequence(items, like: node)
        spec.append((key, v))
    }
}

extension DocumentDecoder {
    /// What the index needs of a descriptor (read leniently: the findings come when it is decoded).
    func catalogEntry(_ root: Int32) -> CatalogEntry {
        func scalar(_ node: Int32?) -> String? { node.flatMap { doc.scalar($0) }?.trimmingSpaces }
        let metadata = doc.value(root, "metadata")
        let spec = doc.value(root, "spec")
        func texts(_ key: String) -> [String] {
            guard let spec, let node = doc.value(spec, key) else { return [] }
            return doc.items(node).compactMap { doc.scalar($0)?.trimmingSpaces }
        }
        let kind: String = scalar(doc.value(root, "kind"))?.lowercased() ?? ""
        let namespace: String = scalar(metadata.flatMap { doc.value($0, "namespace") })?.lowercased() ?? "default"
        let name: String = scalar(metadata.flatMap { doc.value($0, "name") }) ?? ""
        let type: String? = scalar(spec.flatMap { doc.value($0, "type") })
        return CatalogEntry(kind: kind, namespace: namespace, name: name, type: type,
                            provides: texts("providesApis"), consumes: texts("consumesApis"), documentIndex: doc.index)
    }

    /// A reference of a descriptor as the landscape writes it (`kind:name`), or nil, with a
    /// finding when it is malformed or names a kind that does not belong in the field.
    func landscapeRef(_ node: Int32, _ path: String, defaultKind: String?, allowed: [String], entry: CatalogEntry,
                      element: Ref, context: CatalogContext, findings: inout [Finding]) -> Ref? {
        guard let text = doc.scalar(node)?.trimmingSpaces, !text.isEmpty else { return nil }
        guard let ref = Backstage.EntityRef(parsing: text, defaultKind: defaultKind, defaultNamespace: entry.namespace) else {
            findings.append(Finding(rule: "schema", element: element, location: location(node),
                                    message: LoaderMessages.badEntityRef(path, text, needsKind: defaultKind == nil), detail: path))
            return nil
        }
        guard allowed.contains(ref.kind) else {
            findings.append(Finding(rule: "schema", element: element, location: location(node),
                                    message: LoaderMessages.entityRefKind(path, text, allowed: allowed), detail: path))
            return nil
        }
        if let known = context.refs[ref.key] { return known }
        guard let kind = CatalogContext.kind(ref.kind, type: nil) else { return nil }
        return Ref(kind, Backstage.name(ref.name, namespace: ref.namespace))
    }

    /// The elements of a descriptor: one for most kinds, none for a Location, and for an API one
    /// integration per pair of a system that provides it and one that consumes it.
    mutating func decodeBackstage(_ root: Int32, context: CatalogContext) -> [Element] {
        guard doc.node(root).kind == .mapping else {
            schema(root, LoaderMessages.notAMapping, detail: "document")
            return []
        }
        let entry = catalogEntry(root)
        let kindNode: Int32 = doc.value(root, "kind") ?? root
        guard Backstage.kinds.contains(entry.kind) else {
            let shown: String = doc.scalar(kindNode) ?? ""
            let known = ["Component", "System", "API", "Resource", "Group", "User", "Domain", "Location"]
            report("skipped-document", kindNode, LoaderMessages.unknownBackstageKind(shown, Suggest.closest(to: shown, in: known)),
                   detail: "document-\(doc.index)")
            return []
        }
        if entry.kind == "location" { return [] }
        var metadataNode: Int32?
        if let node = doc.value(root, "metadata"), doc.node(node).kind == .mapping { metadataNode = node }
        guard let metadataNode, let nameNode = doc.value(metadataNode, "name"), !entry.name.isEmpty else {
            schema(metadataNode ?? root, LoaderMessages.missingName, detail: "metadata.name")
            return []
        }
        var specNode: Int32?
        if let node = doc.value(root, "spec"), doc.node(node).kind == .mapping { specNode = node }
        func specValue(_ key: String) -> Int32? {
            guard let specNode else { return nil }
            return doc.value(specNode, key)
        }
        func specText(_ key: String) -> (node: Int32, text: String)? {
            guard let node = specValue(key), let text = doc.scalar(node)?.trimmingSpaces, !text.isEmpty else { return nil }
            return (node, text)
        }
        let name = Backstage.name(entry.name, namespace: entry.namespace)
        let elementRef = Ref(CatalogContext.kind(entry.kind, type: entry.type) ?? .integration, name)
        var draft = DescriptorDraft(d: doc)
        func ref(_ node: Int32, _ path: String, _ defaultKind: String?, _ allowed: [String]) -> Ref? {
            landscapeRef(node, path, defaultKind: defaultKind, allowed: allowed, entry: entry, element: elementRef,
                         context: context, findings: &draft.findings)
        }
        func owner() {
            guard let (node, text) = specText("owner") else { return }
            if let parsed = Backstage.EntityRef(parsing: text, defaultKind: "group", defaultNamespace: entry.namespace),
               context.placeholderOwners.contains(parsed.name.lowercased()) {
                draft.label("backstage-owner", text, at: node)
                return
            }
            if let r = ref(node, "spec.owner", "group", ["group", "user"]) { draft.set("owner", r.description, at: node) }
        }
        /// `spec.type`, kept as a label, and what `map` makes of it.
        func type(_ map: [String: String]) -> (node: Int32, mapped: String)? {
            guard let (node, text) = specText("type") else { return nil }
            draft.label("backstage-type", text, at: node)
            guard let mapped = map[text.lowercased()] else { return nil }
            return (node, mapped)
        }

        let kind: Kind
        switch entry.kind {
        case "component", "system":
            kind = .system
            owner()
            if entry.kind == "component" {
                if let node = specValue("system"), let r = ref(node, "spec.system", "system", ["system"]) {
                    draft.label("backstage-system", r.name, at: node)
                }
                _ = type([:])
                if let (node, text) = specText("lifecycle") {
                    if let mapped = CatalogContext.lifecycles[text.lowercased()] {
                        draft.set("lifecycle", mapped, at: node)
                    } else {
                        draft.label("backstage-lifecycle", text, at: node)
                    }
                }
            } else if let node = specValue("domain"), let r = ref(node, "spec.domain", "domain", ["domain"]) {
                // A domain groups systems; it does not say that each one realises it (which
                // would make every pair of them a duplicate).
                draft.label("backstage-domain", r.name, at: node)
            }
            // dependsOn: components and systems are used; a technology resource hosts (the
            // first), a data resource is data the system holds.
            var uses: [Int32] = [], data: [Int32] = []
            var hosting: Int32?
            let dependsOn = specValue("dependsOn")
            for item in dependsOn.map({ doc.items($0) }) ?? [] {
                guard let r = ref(item, "spec.dependsOn", nil, ["component", "system", "resource"]) else { continue }
                switch r.kind {
                case .system:
                    uses.append(draft.d.addScalar(r.description, like: item))
                case .platform:
                    if hosting == nil { hosting = draft.d.addScalar(r.description, like: item) }
                case .dataEntity:
                    let key = draft.d.addScalar("entity", like: item)
                    let value = draft.d.addScalar(r.description, like: item)
                    data.append(draft.d.addMapping([(key, value)], like: item))
                default:
                    break
                }
            }
            if let dependsOn {
                draft.setList("uses", uses, at: dependsOn)
                if let hosting { draft.spec.append(("hosting", hosting)) }
                draft.setList("data", data, at: dependsOn)
            }
            for key in ["providesApis", "consumesApis"] {
                let path = "spec." + key
                for item in specValue(key).map({ doc.items($0) }) ?? [] {
                    guard let text = doc.scalar(item)?.trimmingSpaces, !text.isEmpty else { continue }
                    guard let api = Backstage.EntityRef(parsing: text, defaultKind: "api", defaultNamespace: entry.namespace), api.kind == "api" else {
                        draft.findings.append(Finding(rule: "schema", element: elementRef, location: location(item),
                                                      message: LoaderMessages.entityRefKind(path, text, allowed: ["api"]), detail: path))
                        continue
                    }
                    if !context.apis.contains(api.key) {
                        draft.findings.append(Finding(rule: "ref-resolves", element: elementRef, location: location(item),
                                                      message: LoaderMessages.unknownAPI(path, text), detail: path))
                    }
                }
            }
        case "resource":
            let resourceKind: Kind = CatalogContext.kind("resource", type: entry.type) ?? .platform
            kind = resourceKind
            if resourceKind == .dataEntity {
                owner()
                _ = type([:])
            } else {
                if let (node, text) = specText("owner") { draft.label("backstage-owner", text, at: node) }
                if let (node, mapped) = type(CatalogContext.platformTypes) { draft.set("type", mapped, at: node) }
            }
        case "group", "user":
            kind = .group
            if entry.kind == "group" {
                if let (node, mapped) = type(CatalogContext.groupTypes) { draft.set("type", mapped, at: node) }
                if let node = specValue("parent"), let r = ref(node, "spec.parent", "group", ["group"]) {
                    draft.set("parent", r.description, at: node)
                }
            } else {
                draft.set("type", "role", at: kindNode)
                if let first = specValue("memberOf").flatMap({ doc.items($0).first }),
                   let r = ref(first, "spec.memberOf", "group", ["group"]) {
                    draft.set("parent", r.description, at: first)
                }
            }
            if let profile = specValue("profile"), doc.node(profile).kind == .mapping, let email = doc.value(profile, "email") {
                draft.spec.append(("email", email))
            }
        case "domain":
            kind = .capability
            if let node = specValue("subdomainOf"), let r = ref(node, "spec.subdomainOf", "domain", ["domain"]) {
                draft.set("parent", r.description, at: node)
            }
        default:
            // An API: integrations from each provider to each consumer.
            kind = .integration
            if let (node, text) = specText("type") {
                draft.set("protocol", CatalogContext.protocols[text.lowercased()] ?? text, at: node)
                draft.label("backstage-type", text, at: node)
            }
            if let (node, text) = specText("owner") { draft.label("backstage-owner", text, at: node) }
        }

        // What Backstage has no field for: `arkitekt.io/` annotations, by the field's path.
        var annotated = false
        if let annotations = doc.value(metadataNode, "annotations"), doc.node(annotations).kind == .mapping {
            for (keyNode, valueNode) in doc.pairs(annotations) {
                guard let key = doc.scalar(keyNode), key.hasPrefix("arkitekt.io/") else { continue }
                annotated = true
                let path: [String] = key.dropFirst("arkitekt.io/".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                var value: Int32 = valueNode
                if let text = doc.scalar(valueNode)?.trimmingSpaces, text.hasPrefix("[") || text.hasPrefix("{"),
                   case .documents(let parsed) = YAMLParser.parse(Array(text.utf8)), let first = parsed.first,
                   let grafted = draft.d.graft(first, like: valueNode) {
                    value = grafted
                }
                draft.put(value, at: path, like: keyNode)
            }
        }

        var metadata: [(key: Int32, value: Int32)] = []
        if let title = doc.value(metadataNode, "title") {
            metadata.append((draft.d.addScalar("title", like: title), title))
        } else if entry.kind == "user", let profile = specValue("profile"), doc.node(profile).kind == .mapping,
                  let display = doc.value(profile, "displayName") {
            metadata.append((draft.d.addScalar("title", like: display), display))
        } else if name != entry.name {
            metadata.append((draft.d.addScalar("title", like: nameNode), draft.d.addScalar(entry.name, like: nameNode)))
        }
        if let description = doc.value(metadataNode, "description") {
            metadata.append((draft.d.addScalar("description", like: description), description))
        }
        if let own = doc.value(metadataNode, "labels"), doc.node(own).kind == .mapping {
            for pair in doc.pairs(own) where doc.scalar(pair.value) != nil { draft.labels.append((pair.key, pair.value)) }
        }
        if entry.namespace != "default" { draft.label("backstage-namespace", entry.namespace, at: nameNode) }
        if !draft.labels.isEmpty {
            let key = draft.d.addScalar("labels", like: nameNode)
            metadata.append((key, draft.d.addMapping(draft.labels, like: nameNode)))
        }
        if let links = doc.value(metadataNode, "links") {
            var items: [Int32] = []
            for item in doc.items(links) where doc.node(item).kind == .mapping {
                var fields: [(key: Int32, value: Int32)] = []
                for key in ["url", "title"] {
                    if let v = doc.value(item, key) { fields.append((draft.d.addScalar(key, like: v), v)) }
                }
                items.append(draft.d.addMapping(fields, like: item))
            }
            if !items.isEmpty {
                let key = draft.d.addScalar("links", like: links)
                metadata.append((key, draft.d.addSequence(items, like: links)))
            }
        }
        let origin: ElementOrigin = annotated ? .annotatedBackstage : .backstage
        let apiVersionNode: Int32 = doc.value(root, "apiVersion") ?? root
        let specPlace: Int32 = specNode ?? root

        var decoded = false
        /// One element: the draft with a name and, for an integration, its ends.
        func make(_ elementName: String, kind: Kind, ends: [(key: String, value: String)]) -> Element? {
            var document = draft.d
            var fields: [(key: Int32, value: Int32)] = [(document.addScalar("name", like: nameNode), document.addScalar(elementName, like: nameNode))]
            fields.append(contentsOf: metadata)
            var specPairs: [(key: Int32, value: Int32)] = []
            for end in ends {
                specPairs.append((document.addScalar(end.key, like: nameNode), document.addScalar(end.value, like: nameNode)))
            }
            for entry in draft.spec {
                specPairs.append((document.addScalar(entry.key, like: entry.value), entry.value))
            }
            var top: [(key: Int32, value: Int32)] = []
            top.append((document.addScalar("apiVersion", like: apiVersionNode), document.addScalar(currentAPIVersion, like: apiVersionNode)))
            top.append((document.addScalar("kind", like: kindNode), document.addScalar(kind.rawValue, like: kindNode)))
            top.append((document.addScalar("metadata", like: metadataNode), document.addMapping(fields, like: metadataNode)))
            top.append((document.addScalar("spec", like: specPlace), document.addMapping(specPairs, like: specPlace)))
            document.root = document.addMapping(top, like: root)
            var inner = DocumentDecoder(doc: document, file: file)
            inner.origin = origin
            let element = inner.decodeElement()
            // An API's integrations are read from the same nodes: what is wrong in them is said once.
            if !decoded { findings.append(contentsOf: inner.findings) }
            decoded = true
            return element
        }

        var elements: [Element] = []
        if kind != .integration {
            if let element = make(name, kind: kind, ends: []) { elements.append(element) }
        } else {
            let key = entry.ref.key
            let providers = context.providers[key] ?? []
            let consumers = context.consumers[key] ?? []
            if providers.isEmpty && !consumers.isEmpty {
                draft.findings.append(Finding(rule: "ref-resolves", element: nil, location: location(nameNode),
                                              message: LoaderMessages.apiWithoutProvider(entry.name, consumers.map(\.name)), detail: "providesApis"))
            }
            for provider in providers {
                for consumer in consumers where consumer != provider {
                    var joined: String = name + "--"
                    if providers.count > 1 { joined += provider.name + "--" }
                    joined += consumer.name
                    let pairName: String = Backstage.name(joined, namespace: "default")
                    let ends: [(key: String, value: String)] = [("from", provider.description), ("to", consumer.description)]
                    if let element = make(pairName, kind: .integration, ends: ends) { elements.append(element) }
                }
            }
        }
        findings.append(contentsOf: draft.findings)
        return elements
    }

    /// Puts `value` at a dotted path of the spec's entries, making mappings on the way (an
    /// annotation `arkitekt.io/security.integrity` is `spec.security.integrity`); an entry the
    /// mapping made for the same path gives way to the annotation.
    static func put(_ value: Int32, at path: [String], into entries: inout [(key: String, value: Int32)], document d: inout YAMLDocument, like node: Int32) {
        guard let first = path.first else { return }
        if path.count == 1 {
            entries.removeAll { $0.key == first }
            entries.append((first, value))
            return
        }
        var inner: [(key: String, value: Int32)] = []
        if let existing = entries.first(where: { $0.key == first })?.value, d.node(existing).kind == .mapping {
            for pair in d.pairs(existing) {
                if let key = d.scalar(pair.key) { inner.append((key, pair.value)) }
            }
        }
        put(value, at: Array(path.dropFirst()), into: &inner, document: &d, like: node)
        var pairs: [(key: Int32, value: Int32)] = []
        for entry in inner { pairs.append((d.addScalar(entry.key, like: node), entry.value)) }
        let mapping = d.addMapping(pairs, like: node)
        entries.removeAll { $0.key == first }
        entries.append((first, mapping))
    }
}

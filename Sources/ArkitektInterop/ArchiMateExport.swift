import ArkitektModel
import Foundation

/// Writes a landscape as an ArchiMate model in the Open Group exchange format (3.1, namespace
/// `http://www.opengroup.org/xsd/archimate/3.0/`), the mapping of the import read backwards
/// (docs/INTEROP.md): elements; references as relationships where ArchiMate has one; every other
/// field as a property (`arkitekt:` and its path); folders by kind and owner; and a view per owner.
public struct ArchiMateExport {
    /// A node's place in a view, in pixels from the top left.
    public struct Box: Sendable, Equatable {
        public var x: Int, y: Int, w: Int, h: Int
        public init(x: Int, y: Int, w: Int, h: Int) {
            self.x = x
            self.y = y
            self.w = w
            self.h = h
        }
    }

    /// One view to lay out: its nodes (element identifiers, in order) and the connections
    /// between them.
    public struct Sketch: Sendable {
        public let nodes: [String]
        public let edges: [(from: String, to: String)]
    }

    /// Places the nodes of a view; nil (or a box missing) places them on a grid.
    public typealias Layout = (Sketch) -> [String: Box]?

    /// The size ArchiMate tools give an element on a view.
    public static let nodeSize = (w: 120, h: 55)

    struct Relationship {
        var identifier: String
        var type: String
        var source: String
        var target: String
        var name = ""
        var documentation = ""
        var accessType: String?
        var properties: [(String, String)] = []
    }

    public private(set) var text = ""
    public private(set) var elementCount = 0
    public private(set) var relationshipCount = 0
    public private(set) var viewCount = 0
    /// Integrations not written: an ArchiMate relationship needs both its ends in the model.
    public private(set) var notExported: [Ref] = []

    var identifiers: [Ref: String] = [:]
    /// What each element is called in the model: its title, else its name.
    var titles: [Ref: String] = [:]
    var relationships: [Relationship] = []
    var relationshipIDs = Set<String>()
    var propertyTypes: [String: Set<String>] = [:]

    public init(_ landscape: Landscape, modelName: String, language: Language, layout: Layout?) {
        let elements = landscape.resolvedElements.sorted { $0.ref < $1.ref }
        assignIdentifiers(elements)
        titles = Dictionary(elements.map { ($0.ref, $0.metadata.title?.value ?? $0.name) }, uniquingKeysWith: { a, _ in a })
        relationshipIDs = Set(identifiers.values)
        var properties: [Ref: [(String, String)]] = [:]
        for element in elements where element.kind != .integration {
            properties[element.ref] = relate(element)
        }
        for element in elements where element.kind == .integration {
            relateIntegration(element)
        }
        relationships.sort { $0.identifier < $1.identifier }
        relationshipCount = relationships.count
        elementCount = elements.count { $0.kind != .integration }
        let views = self.views(elements, language: language)
        viewCount = views.count
        text = write(elements, properties: properties, views: views, modelName: modelName, language: language, layout: layout)
    }

    // MARK: identifiers and types

    /// An element keeps the identifier an import gave it (label `archimate-id`); every other gets
    /// `id-` and its reference, so that the same landscape gives the same file.
    mutating func assignIdentifiers(_ elements: [Element]) {
        var taken = Set<String>()
        for element in elements {
            if let id = element.metadata.labels["archimate-id"], Self.isNCName(id), taken.insert(id).inserted {
                identifiers[element.ref] = id
            }
        }
        for element in elements where identifiers[element.ref] == nil {
            let base = "id-\(element.kind.refPrefix)-\(element.name)"
            var id = base, n = 2
            while !taken.insert(id).inserted {
                id = "\(base)-\(n)"
                n += 1
            }
            identifiers[element.ref] = id
        }
    }

    /// An XML name without a colon: what an identifier must be.
    static func isNCName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// The ArchiMate type of an element: the one it was imported from when that maps back to its
    /// kind, else its kind's.
    static func type(of element: Element) -> String {
        if let type = element.metadata.labels["archimate-type"] {
            if element.kind == .integration ? ["Flow", "Triggering"].contains(type) : ArchiMateImport.kind(of: type) == element.kind {
                return type
            }
        }
        switch element.kind {
        case .group: return element.group?.type?.value == .role ? "BusinessRole" : "BusinessActor"
        case .capability: return "Capability"
        case .process: return "BusinessProcess"
        case .dataEntity: return "DataObject"
        case .system: return "ApplicationComponent"
        case .platform: return "Node"
        case .exemption: return "Constraint"
        case .transition: return "Plateau"
        case .contract: return "Contract"
        case .integration: return "Flow"
        }
    }

    // MARK: relationships

    /// The relationships an element's references make, and the properties of every field that
    /// is not one (a reference to an element the landscape lacks stays a property, so that it
    /// reads back as written).
    mutating func relate(_ element: Element) -> [(String, String)] {
        var properties: [(String, String)] = []
        let kind = element.kind
        let type = Self.type(of: element)
        let own = FieldValue.ref(element.ref)
        properties.append((PropertyValue.prefix + "name", element.name))
        if ArchiMateImport.kind(of: type) != kind { properties.append((PropertyValue.prefix + "kind", kind.rawValue)) }
        for (key, value) in element.metadata.labels.sorted(by: { ByteOrder.less($0.key, $1.key) })
        where key != "archimate-id" && key != "archimate-type" && !key.hasPrefix(PropertyValue.prefix) {
            properties.append((key, value))
        }
        for (path, entry) in element.fields.sorted(by: { ByteOrder.less($0.key, $1.key) }) {
            if ["metadata.title", "metadata.description", "metadata.labels"].contains(path) || path.hasPrefix("spec.definition.") { continue }
            var left: [FieldValue] = []
            switch (kind, path) {
            case (.system, "spec.owner"), (.process, "spec.owner"), (.dataEntity, "spec.owner"):
                left = entry.value.items.filter { !relate("Assignment", $0, own, path) }
            case (.group, "spec.parent"), (.capability, "spec.parent"):
                left = entry.value.items.filter { !relate("Composition", $0, own, path) }
            case (.system, "spec.capabilities"), (.process, "spec.capabilities"):
                left = entry.value.items.filter { !relate("Realization", own, $0, path) }
            case (.system, "spec.processes"):
                left = entry.value.items.filter { !relate("Serving", own, $0, path) }
            case (.system, "spec.hosting"):
                left = entry.value.items.filter { !relate("Serving", $0, own, path) }
            case (.system, "spec.uses"):
                left = entry.value.items.filter { !relate("Serving", $0, own, path, properties: [(PropertyValue.prefix + "field", "uses")]) }
            case (.process, "spec.data"):
                left = entry.value.items.filter { !relate("Access", own, $0, path, accessType: "Access") }
            case (.system, "spec.data"):
                left = entry.value.items.filter { use in
                    guard case .map(let m) = use, let entity = m["entity"] else { return true }
                    let access = m["access"].map(\.description)
                    var extra: [(String, String)] = []
                    if access != "read" && access != "write" { extra.append((PropertyValue.prefix + "access", access ?? "")) }
                    if let source = m["source"] { extra.append((PropertyValue.prefix + "source", source.description)) }
                    let accessType = access == "read" ? "Read" : access == "write" ? "Write" : access == "master" ? "ReadWrite" : "Access"
                    return !relate("Access", own, entity, path, accessType: accessType, properties: extra)
                }
            default:
                properties.append((PropertyValue.name(ofPath: path), PropertyValue.encode(entry.value)))
                note(PropertyValue.name(ofPath: path), entry.value)
                continue
            }
            if !left.isEmpty {
                let value: FieldValue = { if case .set = entry.value { return .set(left) } else { return left[0] } }()
                properties.append((PropertyValue.name(ofPath: path), PropertyValue.encode(value)))
            }
        }
        return properties
    }

    /// Adds a relationship between two elements of the landscape (references as a field holds
    /// them); false when either end is no reference to an element that is there.
    mutating func relate(_ type: String, _ source: FieldValue, _ target: FieldValue, _ path: String, accessType: String? = nil,
                         properties: [(String, String)] = []) -> Bool {
        guard case .ref(let s) = source, case .ref(let t) = target else { return false }
        return relate(type, s, t, path, accessType: accessType, properties: properties)
    }

    mutating func relate(_ type: String, _ source: Ref, _ target: Ref, _ path: String, accessType: String?, properties: [(String, String)]) -> Bool {
        guard let s = identifiers[source], let t = identifiers[target] else { return false }
        // The field is in the identifier: one relationship per field and pair.
        let field = path.hasPrefix("spec.") ? String(path.dropFirst(5)) : path
        let base = "\(s)--\(field)--\(t)"
        var identifier = base, n = 2
        while !relationshipIDs.insert(identifier).inserted {
            identifier = "\(base)-\(n)"
            n += 1
        }
        relationships.append(Relationship(identifier: identifier, type: type, source: s, target: t,
                                          accessType: accessType, properties: properties))
        for (name, _) in properties { propertyTypes[name, default: []].insert("string") }
        return true
    }

    /// An integration is a relationship from its `from` to its `to`, with its fields as properties.
    mutating func relateIntegration(_ element: Element) {
        guard let spec = element.integration, let from = spec.from.flatMap({ identifiers[$0.value] }),
              let to = spec.to.flatMap({ identifiers[$0.value] }), let id = identifiers[element.ref] else {
            notExported.append(element.ref)
            return
        }
        var properties: [(String, String)] = [(PropertyValue.prefix + "name", element.name)]
        propertyTypes[PropertyValue.prefix + "name", default: []].insert("string")
        for (key, value) in element.metadata.labels.sorted(by: { ByteOrder.less($0.key, $1.key) })
        where key != "archimate-id" && key != "archimate-type" && !key.hasPrefix(PropertyValue.prefix) {
            properties.append((key, value))
            propertyTypes[key, default: []].insert("string")
        }
        for (path, entry) in element.fields.sorted(by: { ByteOrder.less($0.key, $1.key) })
        where !["metadata.title", "metadata.description", "metadata.labels", "spec.from", "spec.to"].contains(path) {
            let name = PropertyValue.name(ofPath: path)
            properties.append((name, PropertyValue.encode(entry.value)))
            note(name, entry.value)
        }
        relationships.append(Relationship(identifier: id, type: Self.type(of: element), source: from, target: to,
                                          name: element.metadata.title?.value ?? element.name,
                                          documentation: element.metadata.description?.value ?? "", properties: properties))
    }

    /// Remembers the kind of value a property holds, for its definition's data type.
    mutating func note(_ name: String, _ value: FieldValue) {
        let type: String
        switch value {
        case .bool: type = "boolean"
        case .day: type = "date"
        default: type = "string"
        }
        propertyTypes[name, default: []].insert(type)
    }

    // MARK: the file

    func write(_ elements: [Element], properties: [Ref: [(String, String)]], views: [View], modelName: String, language: Language,
               layout: Layout?) -> String {
        var types = propertyTypes
        for list in properties.values {
            for (name, _) in list where types[name] == nil { types[name] = ["string"] }
        }
        let definitions = types.keys.sorted(by: ByteOrder.less)
        var definitionID: [String: String] = [:]
        for (i, name) in definitions.enumerated() { definitionID[name] = "propid-\(i + 1)" }
        let nb = language == .nb

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<!-- \(Self.marker): the landscape as an ArchiMate model. Written again by every export; edit the landscape, not this file. -->\n"
        out += "<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        out += " xsi:schemaLocation=\"http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd\""
        out += " identifier=\"id-arkitekt-model\">\n"
        out += "  <name>\(Self.escape(modelName.isEmpty ? "arkitekt" : modelName))</name>\n"
        out += "  <documentation xml:lang=\"\(language.rawValue)\">\(nb ? "Skrevet av arkitekt fra landskapet i YAML." : "Written by arkitekt from the landscape in YAML.")</documentation>\n"

        let concepts = elements.filter { $0.kind != .integration }
        if !concepts.isEmpty {
            out += "  <elements>\n"
            for element in concepts {
                guard let id = identifiers[element.ref] else { continue }
                out += "    <element identifier=\"\(Self.escape(id))\" xsi:type=\"\(Self.type(of: element))\">\n"
                out += "      <name>\(Self.escape(element.metadata.title?.value ?? element.name))</name>\n"
                if let d = element.metadata.description?.value, !d.isEmpty { out += "      <documentation>\(Self.escape(d))</documentation>\n" }
                out += Self.properties(properties[element.ref] ?? [], definitionID, indent: "      ")
                out += "    </element>\n"
            }
            out += "  </elements>\n"
        }
        if !relationships.isEmpty {
            out += "  <relationships>\n"
            for r in relationships {
                out += "    <relationship identifier=\"\(Self.escape(r.identifier))\" source=\"\(Self.escape(r.source))\" target=\"\(Self.escape(r.target))\" xsi:type=\"\(r.type)\""
                if let a = r.accessType { out += " accessType=\"\(a)\"" }
                if r.name.isEmpty && r.documentation.isEmpty && r.properties.isEmpty {
                    out += " />\n"
                    continue
                }
                out += ">\n"
                if !r.name.isEmpty { out += "      <name>\(Self.escape(r.name))</name>\n" }
                if !r.documentation.isEmpty { out += "      <documentation>\(Self.escape(r.documentation))</documentation>\n" }
                out += Self.properties(r.properties, definitionID, indent: "      ")
                out += "    </relationship>\n"
            }
            out += "  </relationships>\n"
        }

        out += organizations(elements, views: views.map(\.id), language: language)
        if !definitions.isEmpty {
            out += "  <propertyDefinitions>\n"
            for name in definitions {
                let kinds = types[name] ?? []
                let type = kinds.count == 1 ? kinds.first ?? "string" : "string"
                out += "    <propertyDefinition identifier=\"\(definitionID[name] ?? "")\" type=\"\(type)\">\n"
                out += "      <name>\(Self.escape(name))</name>\n"
                out += "    </propertyDefinition>\n"
            }
            out += "  </propertyDefinitions>\n"
        }
        if !views.isEmpty {
            out += "  <views>\n    <diagrams>\n"
            for view in views { out += write(view, layout: layout) }
            out += "    </diagrams>\n  </views>\n"
        }
        out += "</model>\n"
        return out
    }

    /// The first words of every file an export writes: a file that does not start so is not
    /// replaced.
    public static let marker = "Written by arkitekt export archimate"

    static func properties(_ list: [(String, String)], _ definitionID: [String: String], indent: String) -> String {
        guard !list.isEmpty else { return "" }
        var out = indent + "<properties>\n"
        for (name, value) in list {
            guard let id = definitionID[name] else { continue }
            out += indent + "  <property propertyDefinitionRef=\"\(id)\">\n"
            out += indent + "    <value>\(escape(value))</value>\n"
            out += indent + "  </property>\n"
        }
        return out + indent + "</properties>\n"
    }

    struct View {
        let id: String
        let name: String
        /// Element identifiers, the owner first.
        let nodes: [String]
        let connections: [Relationship]
    }

    /// A view per group that owns something: the group, what it owns, and the relationships
    /// between them.
    func views(_ elements: [Element], language: Language) -> [View] {
        var owned: [Ref: [Ref]] = [:]
        for element in elements {
            if let owner = element.owner, identifiers[owner] != nil { owned[owner, default: []].append(element.ref) }
        }
        return owned.keys.sorted().compactMap { owner in
            guard let ownerID = identifiers[owner] else { return nil }
            let nodes = [ownerID] + (owned[owner] ?? []).compactMap { identifiers[$0] }
            let inView = Set(nodes)
            let connections = relationships.filter { inView.contains($0.source) && inView.contains($0.target) }
            let title = titles[owner] ?? owner.name
            return View(id: "view-\(ownerID)", name: language == .nb ? "Eid av \(title)" : "Owned by \(title)", nodes: nodes, connections: connections)
        }
    }

    func write(_ view: View, layout: Layout?) -> String {
        let sketch = Sketch(nodes: view.nodes, edges: view.connections.map { (from: $0.source, to: $0.target) })
        let placed = layout?(sketch) ?? [:]
        var out = "      <view identifier=\"\(Self.escape(view.id))\" xsi:type=\"Diagram\">\n"
        out += "        <name>\(Self.escape(view.name))</name>\n"
        for (i, node) in view.nodes.enumerated() {
            let box = placed[node] ?? Box(x: 20 + (i % 4) * 160, y: 20 + (i / 4) * 100, w: Self.nodeSize.w, h: Self.nodeSize.h)
            out += "        <node identifier=\"\(Self.escape(view.id))-\(Self.escape(node))\" elementRef=\"\(Self.escape(node))\" xsi:type=\"Element\""
            out += " x=\"\(max(0, box.x))\" y=\"\(max(0, box.y))\" w=\"\(max(1, box.w))\" h=\"\(max(1, box.h))\" />\n"
        }
        for r in view.connections {
            out += "        <connection identifier=\"\(Self.escape(view.id))-\(Self.escape(r.identifier))\" relationshipRef=\"\(Self.escape(r.identifier))\""
            out += " xsi:type=\"Relationship\" source=\"\(Self.escape(view.id))-\(Self.escape(r.source))\" target=\"\(Self.escape(view.id))-\(Self.escape(r.target))\" />\n"
        }
        return out + "      </view>\n"
    }

    /// Folders by kind, and inside those of systems, processes and data by owner; then the
    /// relationships and the views.
    func organizations(_ elements: [Element], views: [String], language: Language) -> String {
        let nb = language == .nb
        let lang = " xml:lang=\"\(language.rawValue)\""
        var out = "  <organizations>\n"
        for kind in Kind.allCases.sorted() where kind != .integration {
            let members = elements.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            out += "    <item>\n      <label\(lang)>\(Self.escape(Self.folder(kind, nb: nb)))</label>\n"
            var byOwner: [Ref: [String]] = [:]
            var loose: [String] = []
            for element in members {
                guard let id = identifiers[element.ref] else { continue }
                if let owner = element.owner, titles[owner] != nil { byOwner[owner, default: []].append(id) } else { loose.append(id) }
            }
            for owner in byOwner.keys.sorted() {
                out += "      <item>\n        <label>\(Self.escape(titles[owner] ?? owner.name))</label>\n"
                for id in byOwner[owner] ?? [] { out += "        <item identifierRef=\"\(Self.escape(id))\" />\n" }
                out += "      </item>\n"
            }
            for id in loose { out += "      <item identifierRef=\"\(Self.escape(id))\" />\n" }
            out += "    </item>\n"
        }
        if !relationships.isEmpty {
            out += "    <item>\n      <label\(lang)>\(nb ? "Relasjoner" : "Relationships")</label>\n"
            for r in relationships { out += "      <item identifierRef=\"\(Self.escape(r.identifier))\" />\n" }
            out += "    </item>\n"
        }
        if !views.isEmpty {
            out += "    <item>\n      <label\(lang)>\(nb ? "Visninger" : "Views")</label>\n"
            for id in views { out += "      <item identifierRef=\"\(Self.escape(id))\" />\n" }
            out += "    </item>\n"
        }
        return out + "  </organizations>\n"
    }

    static func folder(_ kind: Kind, nb: Bool) -> String {
        switch kind {
        case .group: return nb ? "Grupper" : "Groups"
        case .capability: return nb ? "Kapabiliteter" : "Capabilities"
        case .process: return nb ? "Prosesser" : "Processes"
        case .dataEntity: return nb ? "Informasjonselementer" : "Data entities"
        case .system: return nb ? "Systemer" : "Systems"
        case .integration: return nb ? "Integrasjoner" : "Integrations"
        case .platform: return nb ? "Plattformer" : "Platforms"
        case .exemption: return nb ? "Dispensasjoner" : "Exemptions"
        case .transition: return nb ? "Overgangsarkitekturer" : "Transition architectures"
        case .contract: return nb ? "Avtaler" : "Contracts"
        }
    }

    /// Text for XML content and attribute values: markup escaped, line breaks in attributes
    /// kept as references, and the characters XML 1.0 does not allow left out.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

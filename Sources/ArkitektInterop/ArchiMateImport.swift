import ArkitektModel
import Foundation

/// Turns an ArchiMate model into a landscape: one YAML file per element, in folders by kind, and
/// a report of what was mapped and what was not. The mapping is in docs/INTEROP.md.
public struct ArchiMateImport {
    /// One file of the landscape.
    public struct File: Sendable, Equatable {
        public let identifier: String
        public let kind: Kind
        public let name: String
        public let path: String
        public let text: String
    }

    public let model: ArchiMateModel
    public private(set) var files: [File] = []
    /// Elements and relationships not mapped, by their ArchiMate type.
    public private(set) var unmappedElements: [String: [ArchiMateModel.Element]] = [:]
    public private(set) var unmappedRelationships: [String: [ArchiMateModel.Relationship]] = [:]
    /// Elements and relationships mapped, counted by their ArchiMate type.
    public private(set) var mappedElements: [String: Int] = [:]
    public private(set) var mappedRelationships: [String: Int] = [:]
    /// The kinds the elements of each ArchiMate type became.
    public private(set) var mappedKinds: [String: Set<Kind>] = [:]
    /// Identifiers used twice, and relationships whose ends are not in the model.
    public private(set) var duplicates: [String] = []
    public private(set) var dangling: [ArchiMateModel.Relationship] = []

    /// The kind an element type maps to, or nil (listed as not mapped).
    public static func kind(of type: String) -> Kind? {
        switch type {
        case "ApplicationComponent": return .system
        case "DataObject", "BusinessObject": return .dataEntity
        case "BusinessActor", "BusinessRole": return .group
        case "Capability": return .capability
        case "BusinessProcess", "BusinessFunction": return .process
        case "Node", "Device", "SystemSoftware", "TechnologyService": return .platform
        default: return nil
        }
    }

    /// The kind an element maps to: the one its `arkitekt:kind` property names (an export
    /// writes it where the type alone does not say), else by its type.
    public static func kind(of element: ArchiMateModel.Element) -> Kind? {
        if let text = property("kind", of: element.properties), let kind = Kind(rawValue: text), kind != .integration { return kind }
        return kind(of: element.type)
    }

    /// The folder of each kind's files.
    static func folder(_ kind: Kind) -> String {
        switch kind {
        case .system: return "systems"
        case .dataEntity: return "data"
        case .group: return "groups"
        case .capability: return "capabilities"
        case .process: return "processes"
        case .platform: return "platforms"
        case .integration: return "integrations"
        case .exemption: return "exemptions"
        case .transition: return "transitions"
        case .contract: return "contracts"
        }
    }

    /// `names`: the name an earlier import gave each identifier, kept so that a re-import
    /// writes to the same files.
    public init(_ model: ArchiMateModel, names earlier: [String: String] = [:]) {
        self.model = model
        var byID: [String: ArchiMateModel.Element] = [:]
        var seen = Set<String>()
        for element in model.elements {
            if !seen.insert(element.identifier).inserted { duplicates.append(element.identifier); continue }
            byID[element.identifier] = element
        }
        for relationship in model.relationships where !seen.insert(relationship.identifier).inserted {
            duplicates.append(relationship.identifier)
        }
        // Names: kept from an earlier import, else a slug of the name, unique within the kind
        // (in the order of the identifiers, so the same model gives the same names).
        var names: [String: String] = [:]
        var taken: [Kind: Set<String>] = [:]
        let mapped = byID.values.compactMap { e in Self.kind(of: e).map { (e, $0) } }.sorted { $0.0.identifier < $1.0.identifier }
        for (element, kind) in mapped {
            if let name = earlier[element.identifier], ElementName.isValid(name), taken[kind, default: []].insert(name).inserted {
                names[element.identifier] = name
            }
        }
        // A name the model keeps for arkitekt (an export's `arkitekt:name`) comes next.
        for (element, kind) in mapped where names[element.identifier] == nil {
            if let name = Self.property("name", of: element.properties), ElementName.isValid(name), taken[kind, default: []].insert(name).inserted {
                names[element.identifier] = name
            }
        }
        for (element, kind) in mapped where names[element.identifier] == nil {
            let base = Self.slug(element.name.isEmpty ? element.type : element.name)
            var name = base
            var n = 2
            while taken[kind, default: []].contains(name) {
                let suffix = "-\(n)"
                name = String(base.prefix(63 - suffix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) + suffix
                n += 1
            }
            taken[kind, default: []].insert(name)
            names[element.identifier] = name
        }
        func ref(_ id: String) -> String? { names[id] }
        let kinds = Dictionary(mapped.map { ($0.0.identifier, $0.1) }, uniquingKeysWith: { a, _ in a })

        // What the relationships add to the elements' specs, by identifier.
        var specs: [String: [(String, SpecValue)]] = [:]
        func add(_ id: String, _ key: String, _ value: SpecValue) {
            SpecValue.put(value, at: [key], in: &specs[id, default: []])
        }
        func set(_ id: String, _ key: String, _ value: String) {
            // The first one, by the order of the file.
            if specs[id]?.contains(where: { $0.0 == key }) != true { add(id, key, .scalar(value)) }
        }
        var integrations: [ArchiMateModel.Relationship] = []
        for r in model.relationships {
            guard let source = byID[r.source], let target = byID[r.target] else {
                dangling.append(r)
                continue
            }
            let s = kinds[source.identifier], t = kinds[target.identifier]
            let field = Self.property("field", of: r.properties)
            var used = true
            switch (r.type, s, t) {
            case ("Assignment", .group?, .system?), ("Assignment", .group?, .process?), ("Assignment", .group?, .dataEntity?):
                if let o = ref(r.source) { set(r.target, "owner", o) }
            case ("Assignment", .platform?, .system?), ("Realization", .platform?, .system?), ("Serving", .platform?, .system?):
                if let h = ref(r.source) { set(r.target, "hosting", h) }
            case ("Realization", .system?, .capability?), ("Realization", .process?, .capability?):
                if let c = ref(r.target) { add(r.source, "capabilities", .list([.scalar(c)])) }
            case ("Serving", .system?, .process?):
                if let p = ref(r.target) { add(r.source, "processes", .list([.scalar(p)])) }
            case ("Composition", .capability?, .capability?), ("Aggregation", .capability?, .capability?),
                 ("Composition", .group?, .group?), ("Aggregation", .group?, .group?):
                if let p = ref(r.source) { set(r.target, "parent", p) }
            case ("Access", .system?, .dataEntity?):
                guard let entity = ref(r.target) else { break }
                var use: [(String, SpecValue)] = [("entity", .scalar(entity))]
                if let access = Self.property("access", of: r.properties) {
                    if !access.isEmpty { use.append(("access", .scalar(access))) }
                } else {
                    use.append(("access", .scalar(r.accessType == "write" || r.accessType == "readwrite" ? "write" : "read")))
                }
                if let source = Self.property("source", of: r.properties) { use.append(("source", .scalar(source))) }
                add(r.source, "data", .list([.map(use)]))
            case ("Access", .process?, .dataEntity?):
                if let d = ref(r.target) { add(r.source, "data", .list([.scalar(d)])) }
            case ("Serving", .system?, .system?) where field == "uses":
                if let u = ref(r.source) { add(r.target, "uses", .list([.scalar(u)])) }
            case ("Flow", .system?, .system?), ("Triggering", .system?, .system?), ("Serving", .system?, .system?):
                integrations.append(r)
            default:
                used = false
            }
            if used {
                mappedRelationships[r.type, default: 0] += 1
            } else {
                unmappedRelationships[r.type, default: []].append(r)
            }
        }

        // Lists made from relationships are in no order of meaning: sorted, as a person would.
        for id in specs.keys {
            specs[id] = specs[id]?.map { entry in
                guard case .list(let items) = entry.1 else { return entry }
                return (entry.0, .list(items.sorted { ByteOrder.less($0.flow, $1.flow) }))
            }
        }
        for (element, kind) in mapped {
            guard let name = names[element.identifier] else { continue }
            mappedElements[element.type, default: 0] += 1
            mappedKinds[element.type, default: []].insert(kind)
            var spec = specs[element.identifier] ?? []
            if kind == .group, !element.properties.contains(where: { $0.0 == PropertyValue.prefix + "type" }) {
                add(element.identifier, "type", .scalar(element.type == "BusinessRole" ? "role" : "unit"))
                spec = specs[element.identifier] ?? []
            }
            files.append(Self.file(element.identifier, type: element.type, kind: kind, name: name,
                                   title: element.name == name && Self.property("name", of: element.properties) == name ? "" : element.name,
                                   description: element.documentation, properties: element.properties, spec: spec))
        }
        var integrationNames = Set<String>()
        for r in integrations.sorted(by: { $0.identifier < $1.identifier }) {
            guard let from = ref(r.source), let to = ref(r.target) else { continue }
            let kept = Self.property("name", of: r.properties)
            let base = kept.flatMap { ElementName.isValid($0) ? $0 : nil } ?? Self.slug(r.name.isEmpty ? "\(from)-\(to)" : r.name)
            var name = earlier[r.identifier].flatMap { ElementName.isValid($0) ? $0 : nil } ?? base
            var n = 2
            while integrationNames.contains(name) {
                name = String(base.prefix(58)) + "-\(n)"
                n += 1
            }
            integrationNames.insert(name)
            let title = r.name.isEmpty ? "\(byID[r.source]?.name ?? from) → \(byID[r.target]?.name ?? to)" : r.name
            files.append(Self.file(r.identifier, type: r.type, kind: .integration, name: name, title: kept == title ? "" : title,
                                   description: r.documentation, properties: r.properties.filter { $0.0 != PropertyValue.prefix + "field" },
                                   spec: [("from", .scalar(from)), ("to", .scalar(to))]))
        }
        for element in byID.values where Self.kind(of: element) == nil {
            unmappedElements[element.type, default: []].append(element)
        }
        for key in unmappedElements.keys { unmappedElements[key]?.sort { $0.identifier < $1.identifier } }
        files.sort { ByteOrder.less($0.path, $1.path) }
    }

    /// A YAML file for one element. Properties named `arkitekt:` and a field's path (as an
    /// export writes them) are that field; every other property is a label.
    static func file(_ identifier: String, type: String, kind: Kind, name: String, title: String, description: String,
                     properties: [(String, String)], spec relations: [(String, SpecValue)]) -> File {
        var text = "# Imported from ArchiMate (\(type) \(quoteComment(identifier))). Edit it freely: a new import of the model\n"
        text += "# rewrites this file only when the element changed in the model.\n"
        text += "apiVersion: arkitekt/v1\nkind: \(kind.rawValue)\nmetadata:\n  name: \(name)\n"
        if !title.isEmpty { text += "  title: \(quoted(title))\n" }
        if !description.isEmpty { text += "  description: \(quoted(description))\n" }
        text += "  labels:\n    archimate-id: \(quoted(identifier))\n    archimate-type: \(type)\n"
        var seen = Set<String>(["archimate-id", "archimate-type"])
        var spec = relations
        var metadata: [(String, SpecValue)] = []
        for (key, value) in properties {
            guard key.hasPrefix(PropertyValue.prefix) else {
                if seen.insert(key).inserted { text += "    \(quoted(key)): \(quoted(value))\n" }
                continue
            }
            let path = key.dropFirst(PropertyValue.prefix.count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let first = path.first, !path.contains(where: \.isEmpty), !["name", "kind"].contains(first) || path.count > 1 else { continue }
            if first == "metadata" {
                if path.count == 2, path[1] == "links" { SpecValue.put(PropertyValue.decode(value), at: ["links"], in: &metadata) }
                continue
            }
            SpecValue.put(PropertyValue.decode(value), at: path, in: &spec)
        }
        for (key, value) in metadata { text += value.lines(key: key, indent: "  ").joined(separator: "\n") + "\n" }
        text += spec.isEmpty ? "spec: {}\n" : "spec:\n" + spec.map { $0.1.lines(key: $0.0, indent: "  ").joined(separator: "\n") + "\n" }.joined()
        return File(identifier: identifier, kind: kind, name: name, path: "\(folder(kind))/\(name).yaml", text: text)
    }

    /// The value of the property `arkitekt:` + `name`, if the item has it.
    static func property(_ name: String, of properties: [(String, String)]) -> String? {
        properties.first { $0.0 == PropertyValue.prefix + name }?.1
    }

    /// A YAML double-quoted scalar: every character a YAML reader could take for syntax is
    /// escaped (a JSON string is one).
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }

    static func quoteComment(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }

    /// A name as `metadata.name`: lower case, æ -> ae, ø -> o, å -> a, other letters without their
    /// accents, anything else a dash; at most 63 characters.
    public static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            switch character {
            case "æ": out += "ae"
            case "ø": out += "o"
            case "å": out += "a"
            default:
                let plain = String(character).folding(options: [.diacriticInsensitive], locale: nil)
                for scalar in plain.unicodeScalars {
                    if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                        out.unicodeScalars.append(scalar)
                    } else if out.last != "-" {
                        out += "-"
                    }
                }
            }
        }
        var trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if trimmed.count > 63 { trimmed = String(trimmed.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        return trimmed.isEmpty ? "element" : trimmed
    }
}

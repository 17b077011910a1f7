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
        default: return kind.refPrefix
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
        let mapped = byID.values.compactMap { e in Self.kind(of: e.type).map { (e, $0) } }.sorted { $0.0.identifier < $1.0.identifier }
        for (element, kind) in mapped {
            if let name = earlier[element.identifier], ElementName.isValid(name), taken[kind, default: []].insert(name).inserted {
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

        // What the relationships add to the elements.
        var owner: [String: String] = [:], hosting: [String: String] = [:], parent: [String: String] = [:]
        var capabilities: [String: [String]] = [:], data: [String: [(String, String)]] = [:]
        var integrations: [ArchiMateModel.Relationship] = []
        var usedRelationships = Set<String>()
        for r in model.relationships {
            guard let source = byID[r.source], let target = byID[r.target] else {
                dangling.append(r)
                continue
            }
            let s = Self.kind(of: source.type), t = Self.kind(of: target.type)
            var used = true
            switch (r.type, s, t) {
            case ("Assignment", .group?, .system?), ("Assignment", .group?, .process?), ("Assignment", .group?, .dataEntity?):
                owner[r.target] = owner[r.target] ?? r.source
            case ("Assignment", .platform?, .system?), ("Realization", .platform?, .system?), ("Serving", .platform?, .system?):
                hosting[r.target] = hosting[r.target] ?? r.source
            case ("Realization", .system?, .capability?):
                capabilities[r.source, default: []].append(r.target)
            case ("Composition", .capability?, .capability?), ("Aggregation", .capability?, .capability?):
                parent[r.target] = parent[r.target] ?? r.source
            case ("Access", .system?, .dataEntity?):
                let access = r.accessType == "write" || r.accessType == "readwrite" ? "write" : "read"
                data[r.source, default: []].append((r.target, access))
            case ("Flow", .system?, .system?), ("Triggering", .system?, .system?), ("Serving", .system?, .system?):
                integrations.append(r)
            default:
                used = false
            }
            if used {
                usedRelationships.insert(r.identifier)
                mappedRelationships[r.type, default: 0] += 1
            } else {
                unmappedRelationships[r.type, default: []].append(r)
            }
        }

        for (element, kind) in mapped {
            guard let name = names[element.identifier] else { continue }
            mappedElements[element.type, default: 0] += 1
            var spec: [String] = []
            switch kind {
            case .system:
                if let o = owner[element.identifier].flatMap(ref) { spec.append("owner: \(o)") }
                let caps = (capabilities[element.identifier] ?? []).compactMap(ref)
                if !caps.isEmpty { spec.append("capabilities: [\(Set(caps).sorted().joined(separator: ", "))]") }
                let uses = (data[element.identifier] ?? []).compactMap { d in ref(d.0).map { ($0, d.1) } }
                if !uses.isEmpty {
                    spec.append("data:")
                    var seenData = Set<String>()
                    for (entity, access) in uses.sorted(by: { $0.0 < $1.0 }) where seenData.insert(entity).inserted {
                        spec.append("  - {entity: \(entity), access: \(access)}")
                    }
                }
                if let h = hosting[element.identifier].flatMap(ref) { spec.append("hosting: \(h)") }
            case .dataEntity, .process:
                if let o = owner[element.identifier].flatMap(ref) { spec.append("owner: \(o)") }
            case .capability:
                if let p = parent[element.identifier].flatMap(ref) { spec.append("parent: \(p)") }
            case .group:
                spec.append(element.type == "BusinessRole" ? "type: role" : "type: unit")
            default: break
            }
            files.append(Self.file(element.identifier, type: element.type, kind: kind, name: name, title: element.name,
                                   description: element.documentation, properties: element.properties, spec: spec))
        }
        var integrationNames = Set<String>()
        for r in integrations.sorted(by: { $0.identifier < $1.identifier }) {
            guard let from = ref(r.source), let to = ref(r.target) else { continue }
            let base = Self.slug(r.name.isEmpty ? "\(from)-\(to)" : r.name)
            var name = earlier[r.identifier].flatMap { ElementName.isValid($0) ? $0 : nil } ?? base
            var n = 2
            while integrationNames.contains(name) {
                name = String(base.prefix(58)) + "-\(n)"
                n += 1
            }
            integrationNames.insert(name)
            let title = r.name.isEmpty ? "\(byID[r.source]?.name ?? from) → \(byID[r.target]?.name ?? to)" : r.name
            files.append(Self.file(r.identifier, type: r.type, kind: .integration, name: name, title: title, description: "",
                                   properties: [], spec: ["from: \(from)", "to: \(to)"]))
        }
        for element in byID.values where Self.kind(of: element.type) == nil {
            unmappedElements[element.type, default: []].append(element)
        }
        for key in unmappedElements.keys { unmappedElements[key]?.sort { $0.identifier < $1.identifier } }
        files.sort { ByteOrder.less($0.path, $1.path) }
    }

    /// A YAML file for one element.
    static func file(_ identifier: String, type: String, kind: Kind, name: String, title: String, description: String,
                     properties: [(String, String)], spec: [String]) -> File {
        var text = "# Imported from ArchiMate (\(type) \(quoteComment(identifier))). Edit it freely: a new import of the model\n"
        text += "# rewrites this file only when the element changed in the model.\n"
        text += "apiVersion: arkitekt/v1\nkind: \(kind.rawValue)\nmetadata:\n  name: \(name)\n"
        if !title.isEmpty { text += "  title: \(quoted(title))\n" }
        if !description.isEmpty { text += "  description: \(quoted(description))\n" }
        text += "  labels:\n    archimate-id: \(quoted(identifier))\n    archimate-type: \(type)\n"
        var seen = Set<String>(["archimate-id", "archimate-type"])
        for (key, value) in properties where seen.insert(key).inserted { text += "    \(quoted(key)): \(quoted(value))\n" }
        text += spec.isEmpty ? "spec: {}\n" : "spec:\n" + spec.map { "  " + $0 + "\n" }.joined()
        return File(identifier: identifier, kind: kind, name: name, path: "\(folder(kind))/\(name).yaml", text: text)
    }

    /// A YAML double-quoted scalar: every character a YAML reader could take for syntax is escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

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

import Foundation
import ArkitektModel
import ArkitektLoading

/// The rules in force for a run: the core pack, then the configured packs (`ks` by default).
public struct RuleSet: Sendable {
    /// Principles in pack order (core first).
    public let principles: [Principle]
    /// Rules sorted by id.
    public let rules: [RuleDescription]
    private let byID: [String: Int]

    /// One pack to load: its name and its files.
    public struct Source: Sendable {
        public let name: String
        public let files: [(path: String, bytes: [UInt8])]
        public init(name: String, files: [(path: String, bytes: [UInt8])]) {
            self.name = name
            self.files = files
        }
    }

    public init(packs: [RulePack], at location: SourceLocation? = nil) throws(PackError) {
        var principles: [Principle] = []
        var rules: [RuleDescription] = []
        var ids: [String: RuleDescription] = [:]
        for pack in packs {
            for principle in pack.principles {
                guard !principles.contains(where: { $0.id == principle.id }) else { continue }
                principles.append(Principle(id: principle.id, name: principle.name, rationale: principle.rationale,
                                            source: principle.source, order: principles.count))
            }
            for rule in pack.rules {
                for id in [rule.id] + rule.aliases {
                    if let other = ids[id] {
                        throw PackError(location: rule.location, message: LocalizedText(
                            nb: "Regel-id «\(id)» finnes allerede (\(other.location)).", en: "Rule id '\(id)' already exists (\(other.location))."))
                    }
                    ids[id] = rule
                }
                rules.append(rule)
            }
        }
        for rule in rules where !principles.contains(where: { $0.id == rule.principle }) {
            let known = principles.map(\.id)
            let dym = Suggest.closest(to: rule.principle, in: known).map { " (\($0)?)" } ?? ""
            throw PackError(location: rule.principleLocation, message: LocalizedText(
                nb: "Regelen «\(rule.id)» viser til ukjent prinsipp «\(rule.principle)»\(dym).",
                en: "Rule '\(rule.id)' names the unknown principle '\(rule.principle)'\(dym)."))
        }
        self.principles = principles
        self.rules = rules.sorted { ByteOrder.less($0.id, $1.id) }
        var byID: [String: Int] = [:]
        for (i, rule) in self.rules.enumerated() {
            for id in [rule.id] + rule.aliases { byID[id] = i }
        }
        self.byID = byID
    }

    /// The built-in packs (`core` always; `ks` unless the configuration chooses otherwise).
    public static func builtIn(_ names: [String] = ["ks"]) throws(PackError) -> RuleSet {
        var packs = [try BuiltInPacks.pack(named: "core")]
        for name in names { packs.append(try BuiltInPacks.pack(named: name)) }
        return try RuleSet(packs: packs)
    }

    public func rule(_ id: String) -> RuleDescription? {
        byID[id].map { rules[$0] }
    }

    public func principle(_ id: String) -> Principle? {
        principles.first { $0.id == id }
    }

    public var ruleIDs: [String] { rules.map(\.id) }
}

/// The packs shipped inside the binary (generated from `rules/` by `scripts/embed-rules.py`).
public enum BuiltInPacks {
    public static var names: [String] { Array(Set(embeddedRuleFiles.map(\.pack))).sorted(by: ByteOrder.less) }

    public static func isBuiltIn(_ name: String) -> Bool { embeddedRuleFiles.contains { $0.pack == name } }

    public static func pack(named name: String) throws(PackError) -> RulePack {
        try parsed.pack(named: name)
    }

    /// Parses the packs every check reads (`core` and `ks`) on another core, so that they are
    /// ready, or nearly, when the configuration has been read.
    public static func prepare() {
        DispatchQueue.global().async {
            _ = try? pack(named: "core")
            _ = try? pack(named: "ks")
        }
    }

    /// The built-in packs parsed so far. A pack is parsed once per process: a caller that asks
    /// while another thread parses it waits for that parse.
    private static let parsed = Parsed()

    private final class Parsed: @unchecked Sendable {
        private let lock = NSLock()
        private var packs: [String: Result<RulePack, PackError>] = [:]

        func pack(named name: String) throws(PackError) -> RulePack {
            let result = lock.withLock {
                if let done = packs[name] { return done }
                let made = Result { () throws(PackError) -> RulePack in try BuiltInPacks.parse(name) }
                packs[name] = made
                return made
            }
            return try result.get()
        }
    }

    private static func parse(_ name: String) throws(PackError) -> RulePack {
        let files = embeddedRuleFiles.filter { $0.pack == name }.map { (path: $0.path, bytes: Array($0.text.utf8)) }
        guard !files.isEmpty else {
            throw PackError(location: SourceLocation(file: ".arkitekt.yaml", line: 1, column: 1), message: LocalizedText(
                nb: "Ukjent innebygd regelpakke «\(name)».", en: "Unknown built-in rule pack '\(name)'."))
        }
        return try RulePackParser.parse(name: name, files: files)
    }
}

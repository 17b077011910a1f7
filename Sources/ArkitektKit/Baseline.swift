import ArkitektModel
import ArkitektReporting
import Foundation

/// A baseline: the findings a landscape had when arkitekt was adopted, by identity. `check
/// --baseline` reports only findings that are not in it, and lists the entries that no longer
/// match anything so the baseline only shrinks.
public struct Baseline: Sendable, Equatable {
    public static let formatVersion = 1
    public let entries: [FindingIdentity]

    public init(_ findings: [Finding]) {
        entries = Array(Set(findings.map(\.identity))).sorted()
    }

    init(entries: [FindingIdentity]) {
        self.entries = Array(Set(entries)).sorted()
    }

    /// Sorted, pretty JSON with a format version.
    public var rendered: String {
        JSON.object([
            ("version", .int(Baseline.formatVersion)),
            ("generator", .string("arkitekt \(ArkitektVersion.current)")),
            ("findings", .array(entries.map { e in
                .object([("rule", .string(e.rule)), ("element", .optional(e.element)), ("detail", .optional(e.detail)), ("file", .optional(e.file))])
            })),
        ]).rendered() + "\n"
    }

    public static func read(_ path: String) throws(KitError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KitError(nb: "Fant ikke baseline-filen «\(path)». Lag den med --write-baseline.",
                           en: "Baseline file '\(path)' not found. Create it with --write-baseline.")
        }
        return try parse(data, path: path)
    }

    /// A baseline from its bytes; `path` names it in errors.
    static func parse(_ data: Data, path: String) throws(KitError) -> Baseline {
        func broken(_ why: LocalizedText) -> KitError {
            KitError(nb: "Baseline-filen «\(path)» kan ikke leses: \(why.nb). Skriv den på nytt med --write-baseline.",
                     en: "Baseline file '\(path)' cannot be read: \(why.en). Write it again with --write-baseline.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw broken(LocalizedText(nb: "den er ikke JSON", en: "it is not JSON"))
        }
        guard let version = top["version"] as? Int else { throw broken(LocalizedText(nb: "den har ingen «version»", en: "it has no 'version'")) }
        guard version == formatVersion else {
            throw broken(LocalizedText(nb: "formatversjon \(version) er ikke \(formatVersion)", en: "format version \(version) is not \(formatVersion)"))
        }
        guard let items = top["findings"] as? [[String: Any]] else {
            throw broken(LocalizedText(nb: "den har ingen liste «findings»", en: "it has no list 'findings'"))
        }
        var entries: [FindingIdentity] = []
        for item in items {
            guard let rule = item["rule"] as? String else {
                throw broken(LocalizedText(nb: "en oppføring mangler «rule»", en: "an entry has no 'rule'"))
            }
            entries.append(FindingIdentity(rule: rule, element: item["element"] as? String, detail: item["detail"] as? String,
                                           file: item["file"] as? String))
        }
        return Baseline(entries: entries)
    }

    /// Splits findings into the new ones and those the baseline knows; and the stale entries.
    public func apply(_ findings: [Finding]) -> (new: [Finding], known: [Finding], stale: [FindingIdentity]) {
        let known = Set(entries)
        let present = Set(findings.map(\.identity))
        return (findings.filter { !known.contains($0.identity) }, findings.filter { known.contains($0.identity) },
                entries.filter { !present.contains($0) })
    }
}

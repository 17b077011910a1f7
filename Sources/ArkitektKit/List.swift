import ArkitektModel
import ArkitektReporting

/// What `arkitekt ls` prints.
public enum ListFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Options of `arkitekt ls`.
public struct ListOptions: Sendable {
    public var path = "."
    public var rev: String?
    public var kind: String?
    public var owner: String?
    public var lifecycle: String?
    public var format = ListFormat.text
    public init() {}
}

extension Kit {
    /// `arkitekt ls`: the elements, sorted by reference, one a line; filtered by kind, owner and
    /// lifecycle. A filter that names nothing the landscape knows is an error, with the nearest
    /// names: a typo must not look like an empty landscape.
    public static func list(_ options: ListOptions) throws(KitError) -> CommandOutput {
        let source = try readLandscape(options.path, rev: options.rev).2
        let landscape = source.landscape
        var kind: Kind?
        if let text = options.kind {
            let names = Kind.allCases.flatMap { [$0.rawValue, $0.refPrefix] }
            guard let found = Kind(named: text) else {
                let hint = Suggest.closest(to: text, in: names).map { (nb: " Mente du «\($0)»?", en: " Did you mean '\($0)'?") }
                throw KitError(nb: "Ukjent type «\(text)».\(hint?.nb ?? "") Typene: \(Kind.allCases.map(\.refPrefix).joined(separator: ", ")).",
                               en: "Unknown kind '\(text)'.\(hint?.en ?? "") The kinds: \(Kind.allCases.map(\.refPrefix).joined(separator: ", ")).")
            }
            kind = found
        }
        var owner: Ref?
        if let text = options.owner {
            let ref = Ref(parsing: text, defaultKind: .group) ?? Ref(.group, text)
            guard ref.kind == .group, landscape.contains(ref) else {
                let groups = landscape.refs(of: .group).map(\.name)
                let hint = Suggest.closest(to: ref.name, in: groups).map { (nb: " Mente du «\($0)»?", en: " Did you mean '\($0)'?") }
                throw KitError(nb: "Landskapet har ingen gruppe «\(text)».\(hint?.nb ?? "")", en: "The landscape has no group '\(text)'.\(hint?.en ?? "")")
            }
            owner = ref
        }
        var lifecycle: Lifecycle?
        if let text = options.lifecycle {
            guard let found = Lifecycle(rawValue: text) else {
                let all = Lifecycle.allCases.map(\.rawValue)
                let hint = Suggest.closest(to: text, in: all).map { (nb: " Mente du «\($0)»?", en: " Did you mean '\($0)'?") }
                throw KitError(nb: "Ukjent livsløp «\(text)».\(hint?.nb ?? "") Verdiene: \(all.joined(separator: ", ")).",
                               en: "Unknown lifecycle '\(text)'.\(hint?.en ?? "") The values: \(all.joined(separator: ", ")).")
            }
            lifecycle = found
        }
        func lifecycleOf(_ e: Element) -> Lifecycle? {
            switch e.kind {
            case .system: return e.system?.effectiveLifecycle
            case .platform: return e.platform?.effectiveLifecycle
            default: return nil
            }
        }
        let selected = landscape.resolvedElements.filter { e in
            (kind.map { e.kind == $0 } ?? true) && (owner.map { e.owner == $0 } ?? true) && (lifecycle.map { lifecycleOf(e) == $0 } ?? true)
        }.sorted { $0.ref < $1.ref }
        switch options.format {
        case .text:
            let lines = selected.map { e in
                [e.ref.description, e.metadata.title?.value ?? "", e.owner?.description ?? "", lifecycleOf(e)?.rawValue ?? ""].joined(separator: "\t")
            }
            return CommandOutput(stdout: lines.map { $0 + "\n" }.joined(), exitCode: 0)
        case .json:
            let items: [JSON] = selected.map { e in
                var fields: [(String, JSON)] = [("ref", .string(e.ref.description)), ("kind", .string(e.kind.rawValue)), ("name", .string(e.name))]
                fields.append(("title", e.metadata.title.map { .string($0.value) } ?? .null))
                fields.append(("owner", e.owner.map { .string($0.description) } ?? .null))
                fields.append(("lifecycle", lifecycleOf(e).map { .string($0.rawValue) } ?? .null))
                fields.append(("file", .string(e.file)))
                fields.append(("line", .int(e.location.line)))
                return .object(fields)
            }
            return CommandOutput(stdout: JSON.array(items).rendered() + "\n", exitCode: 0)
        }
    }
}

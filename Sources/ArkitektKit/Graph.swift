import ArkitektGraph
import ArkitektLoading
import ArkitektGit
import ArkitektModel

/// What `arkitekt graph` prints.
public enum GraphFormat: String, Sendable, CaseIterable {
    case dot, mermaid, svg
}

/// Options of `arkitekt graph`.
public struct GraphOptions: Sendable {
    public var path = "."
    public var rev: String?
    public var refs: [String] = []
    public var depth = 1
    public var format = GraphFormat.mermaid
    public var language: Language?
    public init() {}
}

extension Kit {
    /// `arkitekt graph [REF...]`: the neighbourhood of the elements named (within `depth`
    /// relations), or without any, every system grouped by owner.
    public static func graph(_ options: GraphOptions) throws(KitError) -> CommandOutput {
        let (_, config, source) = try readLandscape(options.path, rev: options.rev)
        let language = options.language ?? config.language ?? .nb
        guard options.depth >= 0 else {
            throw KitError(nb: "--depth må være 0 eller mer, ikke \(options.depth).", en: "--depth must be 0 or more, not \(options.depth).")
        }
        let landscape = source.landscape
        let builder = DiagramBuilder(landscape: landscape, language: language)
        let diagram: Diagram
        if options.refs.isEmpty {
            diagram = builder.owners()
        } else {
            var refs: [Ref] = []
            for text in options.refs { refs.append(try resolve(text, in: landscape)) }
            diagram = builder.neighbourhood(of: refs, depth: options.depth)
        }
        let text: String
        switch options.format {
        case .dot: text = DOTWriter.write(diagram)
        case .mermaid: text = MermaidWriter.write(diagram)
        case .svg:
            do {
                text = try Graphviz.svg(dot: DOTWriter.write(diagram))
            } catch {
                throw KitError(nb: "Graphviz kunne ikke tegne diagrammet: \(error.description)",
                               en: "Graphviz could not draw the diagram: \(error.description)")
            }
        }
        return CommandOutput(stdout: text, exitCode: 0)
    }

    /// The landscape of a folder's work tree, or of a revision; reading nothing is an error.
    static func readLandscape(_ path: String, rev: String?) throws(KitError) -> (Workspace, Config, LoadedSource) {
        let selection: SourceSelection = rev.map { .revision($0) } ?? .workTree
        let workspace = try Workspace(path: path, selection: selection)
        let config = try workspace.config()
        var limits = Limits()
        limits.catalog = workspace.catalogSettings(config)
        let source = try workspace.loadLandscape(config, limits: limits, cache: nil).source
        guard source.landscape.fileCount > 0 else { throw workspace.noLandscape(config) }
        return (workspace, config, source)
    }

    /// An element named on the command line: `kind:name`, or a name that one element has.
    static func resolve(_ text: String, in landscape: Landscape) throws(KitError) -> Ref {
        if let ref = Ref(parsing: text) {
            if landscape.contains(ref) { return ref }
            let names = landscape.refs(of: ref.kind).map(\.name)
            let hint = Suggest.closest(to: ref.name, in: names).map { (nb: " Mente du «\(ref.kind.refPrefix):\($0)»?", en: " Did you mean '\(ref.kind.refPrefix):\($0)'?") }
            throw KitError(nb: "Landskapet har ikke «\(text)».\(hint?.nb ?? "")", en: "The landscape has no '\(text)'.\(hint?.en ?? "")")
        }
        let matches = Kind.allCases.map { Ref($0, text) }.filter(landscape.contains)
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let list = matches.map(\.description).joined(separator: ", ")
            throw KitError(nb: "«\(text)» er navnet på flere elementer (\(list)): skriv det som type:navn.",
                           en: "'\(text)' names several elements (\(list)): write it as kind:name.")
        }
        let all = landscape.refs.map(\.name)
        if let near = Suggest.closest(to: text, in: all), let ref = landscape.refs.first(where: { $0.name == near }) {
            throw KitError(nb: "Landskapet har ikke «\(text)». Mente du «\(ref)»?", en: "The landscape has no '\(text)'. Did you mean '\(ref)'?")
        }
        throw KitError(nb: "Landskapet har ikke «\(text)». Skriv et element som type:navn, f.eks. «system:sak».",
                       en: "The landscape has no '\(text)'. Name an element as kind:name, e.g. 'system:sak'.")
    }
}

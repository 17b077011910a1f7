import ArkitektModel

/// `duplicate-name`: a second element with the same kind and name. The first (in path and
/// document order) is the one references resolve to; the later ones are reported.
struct DuplicateNameCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.flatMap { element -> [Hit] in
            let all = context.landscape.all(element.ref)
            guard let original = all.first else { return [] }
            // A library's copy behind the landscape's own is `library-name-taken`'s to tell.
            return all.dropFirst().filter { !Landscape.isImported($0.file) }.map { duplicate in
                Hit(element: duplicate.ref, location: duplicate.metadata.name.location,
                    detail: "\(duplicate.file)#\(duplicate.documentIndex)",
                    arguments: ["first": original.metadata.name.location.description,
                                "here": duplicate.metadata.name.location.description])
            }
        }
    }
}

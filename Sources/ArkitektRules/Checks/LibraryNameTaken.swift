import ArkitektModel

/// `library-name-taken`: an element of the landscape whose kind and name a library it takes in
/// has too. References without a library go to the landscape's own; the library's is reached as
/// `name@library`.
struct LibraryNameTakenCheck: CheckFunction {
    static let options: [String] = []
    static let scope: RuleScope = []

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard !Landscape.isImported(element.file) else { return nil }
            let theirs = context.landscape.all(element.ref).filter { Landscape.isImported($0.file) }
            guard let first = theirs.first else { return nil }
            let libraries = theirs.compactMap { Landscape.library(of: $0.file) }
            let library = libraries.first ?? ""
            return Hit(element: element.ref, location: element.metadata.name.location, detail: libraries.joined(separator: ","),
                       arguments: ["library": libraries.joined(separator: ", "), "there": first.metadata.name.location.description,
                                   "qualified": element.ref.name + "@" + library])
        }
    }
}

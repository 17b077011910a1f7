import ArkitektGit
import ArkitektLoading
import ArkitektModel

/// A problem with the command line or the input that stops the run: exit code 2, one line on
/// stderr naming the problem (with file:line:col when there is a place).
public struct KitError: Error, Sendable, Equatable {
    public let message: LocalizedText
    public let location: SourceLocation?
    /// What the layer below said (libgit2's function and code, the system's error): never part of
    /// the message a person reads, shown only with `--verbose`.
    public let detail: String?

    public init(_ message: LocalizedText, at location: SourceLocation? = nil, detail: String? = nil) {
        self.message = message
        self.location = location
        self.detail = detail
    }

    public init(nb: String, en: String, at location: SourceLocation? = nil, detail: String? = nil) {
        self.init(LocalizedText(nb: nb, en: en), at: location, detail: detail)
    }

    public func text(_ language: Language) -> String {
        let place = location.map { "\($0): " } ?? ""
        return place + message.line(language)
    }
}

extension Kit {
    /// Reads a file arkitekt reads strictly (the configuration, a lock, a portfolio): what is
    /// wrong in it stops the run at its place.
    static func strictly<T>(_ read: () throws(ConfigError) -> T) throws(KitError) -> T {
        do {
            return try read()
        } catch {
            throw KitError(error.message, at: error.location)
        }
    }

    static let cannotReadLandscape = LocalizedText(nb: "Kan ikke lese landskapet", en: "Cannot read the landscape")

    /// A failure of git (or of reading through it) in a person's words; what libgit2 said is kept
    /// for `--verbose`.
    static func gitFailure(_ error: any Error, while what: LocalizedText? = nil) -> KitError {
        if let error = error as? KitError { return error }
        let reason: LocalizedText
        switch (error as? GitError)?.problem ?? .other {
        case .notFound:
            reason = LocalizedText(nb: "git fant ikke noe det trengte (er klonen grunn, eller mangler objekter?)",
                                   en: "git could not find something it needed (is the clone shallow, or are objects missing?)")
        case .bare:
            reason = LocalizedText(nb: "depotet er bart (bare) og har verken arbeidskatalog eller indeks",
                                   en: "the repository is bare: it has neither a work tree nor an index")
        case .unborn:
            reason = LocalizedText(nb: "depotet har ingen commits ennå", en: "the repository has no commits yet")
        case .locked:
            reason = LocalizedText(nb: "en annen git-prosess holder depotet låst; prøv igjen når den er ferdig",
                                   en: "another git process holds the repository locked; try again when it is done")
        case .ambiguous:
            reason = LocalizedText(nb: "en forkortet commit-id passer på flere objekter; skriv flere tegn",
                                   en: "a shortened commit id matches several objects; give more digits")
        case .owner:
            reason = LocalizedText(nb: "depotet eies av en annen bruker, og git stoler ikke på det (git config --global --add safe.directory MAPPE)",
                                   en: "the repository is owned by another user, and git does not trust it (git config --global --add safe.directory FOLDER)")
        case .invalidSpec:
            reason = LocalizedText(nb: "revisjonen er ikke skrevet slik git forstår den", en: "git does not understand how the revision is written")
        case .other:
            reason = LocalizedText(nb: "git meldte en feil (--verbose viser hva git sa)", en: "git reported an error (--verbose shows what git said)")
        }
        let lead = what ?? LocalizedText(nb: "Kan ikke lese fra git", en: "Cannot read from git")
        return KitError(nb: "\(lead.nb): \(reason.nb).", en: "\(lead.en): \(reason.en).", detail: "\(error)")
    }
}

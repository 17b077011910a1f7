import ArkitektHistory
import ArkitektModel
import ArkitektRules

/// What `arkitekt portfolio` keeps of one landscape: the facts the reuse matrix, the capability
/// coverage and the principle scorecard are made of, in no language (the names of principles
/// come in both), so that it can be kept between runs and shown in either language.
public struct PortfolioLandscape: Codable, Sendable, Equatable {
    /// A shared solution (a System of scope `sector` or `national`) the landscape describes or
    /// takes in from a library.
    public struct Shared: Codable, Sendable, Equatable {
        public var ref: String
        public var title: String
        /// The landscape's own elements that depend on it (`uses`, `security.authentication`, a
        /// data source, an integration, an authoritative source), sorted.
        public var usedBy: [String]
        /// The landscape's own local systems in use that realise a capability the solution
        /// provides without using a shared solution for it: local look-alikes.
        public var lookAlikes: [String]
        public var used: Bool { !usedBy.isEmpty }
    }

    /// A capability and the systems by which the landscape supports it: its own systems that are
    /// not retired or only planned, and the shared solutions it uses that provide it.
    public struct Coverage: Codable, Sendable, Equatable {
        public var ref: String
        public var title: String
        public var systems: [String]
    }

    public struct PrincipleName: Codable, Sendable, Equatable {
        public var id: String
        public var nb: String
        public var en: String
        public var order: Int
    }

    public var name: String
    public var git: String
    public var rev: String
    public var commit: String
    /// The landscape's own elements and files (not the libraries').
    public var elements: Int
    public var files: Int
    public var libraries: [LibraryPin]
    /// Findings by severity (`error`, `warning`, `info`).
    public var severities: [String: Int]
    /// Findings by principle id.
    public var principles: [String: Int]
    /// The principles of the landscape's rule set, in its order.
    public var principleNames: [PrincipleName]
    public var shared: [Shared]
    public var capabilities: [Coverage]

    public init(name: String, git: String, rev: String, commit: String, elements: Int, files: Int, libraries: [LibraryPin],
                severities: [String: Int], principles: [String: Int], principleNames: [PrincipleName], shared: [Shared], capabilities: [Coverage]) {
        self.name = name
        self.git = git
        self.rev = rev
        self.commit = commit
        self.elements = elements
        self.files = files
        self.libraries = libraries
        self.severities = severities
        self.principles = principles
        self.principleNames = principleNames
        self.shared = shared
        self.capabilities = capabilities
    }

    public var findingCount: Int { severities.values.reduce(0, +) }

    /// The portfolio's view of a checked landscape. `isOwn` tells the landscape's elements from
    /// those its libraries gave; `findings` are the landscape's own.
    public static func summarise(name: String, git: String, rev: String, commit: String, landscape: Landscape, ownFiles: Int,
                                 libraries: [LibraryPin], findings: [Finding], principles: [Principle], isOwn: (Element) -> Bool) -> PortfolioLandscape {
        var severities: [String: Int] = [:]
        var byPrinciple: [String: Int] = [:]
        for finding in findings {
            severities[finding.severity.rawValue, default: 0] += 1
            byPrinciple[finding.principle, default: 0] += 1
        }
        func title(_ element: Element) -> String { element.metadata.title?.value ?? element.name }
        func inService(_ system: SystemSpec) -> Bool {
            let lifecycle = system.effectiveLifecycle
            return lifecycle != .retired && lifecycle != .planned
        }
        let systems = landscape.elements(of: .system)
        let sharedSystems = systems.filter { $0.system?.isShared ?? false }
        // Local look-alikes: the landscape's own local systems in use that do a shared solution's
        // work without using it (as `reuse-shared-solution` finds them).
        var lookAlikes: [Ref: Set<String>] = [:]
        for element in systems where isOwn(element) {
            guard let system = element.system, system.isLocal, system.isActive else { continue }
            for (_, shared) in SharedSolutions.bypassed(by: system, in: landscape) {
                for provider in shared { lookAlikes[provider, default: []].insert(element.ref.description) }
            }
        }
        let dependants: Set<Kind> = [.system, .integration, .dataEntity]
        var shared: [Shared] = []
        var used = Set<Ref>()
        for element in sharedSystems {
            let users = landscape.referrers(of: element.ref).filter { ref in
                guard dependants.contains(ref.kind), ref != element.ref, let referrer = landscape[ref], isOwn(referrer) else { return false }
                if let system = referrer.system { return system.effectiveLifecycle != .retired }
                return true
            }
            if !users.isEmpty { used.insert(element.ref) }
            shared.append(Shared(ref: element.ref.description, title: title(element),
                                 usedBy: Set(users.map(\.description)).sorted(by: ByteOrder.less),
                                 lookAlikes: (lookAlikes[element.ref] ?? []).sorted(by: ByteOrder.less)))
        }
        // Capabilities: every one the landscape names, with the systems that support it.
        var support: [Ref: Set<String>] = [:]
        for element in landscape.elements(of: .capability) { support[element.ref] = support[element.ref] ?? [] }
        for element in systems {
            guard let system = element.system, inService(system) else { continue }
            let counts = isOwn(element) ? !system.isShared || used.contains(element.ref) : used.contains(element.ref)
            for capability in system.capabilities.map(\.value) {
                if support[capability] == nil { support[capability] = [] }
                if counts { support[capability, default: []].insert(element.ref.description) }
            }
        }
        let capabilities = support.keys.sorted().map { ref in
            Coverage(ref: ref.description, title: landscape[ref].map(title) ?? ref.name, systems: (support[ref] ?? []).sorted(by: ByteOrder.less))
        }
        return PortfolioLandscape(
            name: name, git: git, rev: rev, commit: commit, elements: landscape.elements.filter(isOwn).count, files: ownFiles,
            libraries: libraries, severities: severities, principles: byPrinciple,
            principleNames: principles.map { PrincipleName(id: $0.id, nb: $0.name.nb, en: $0.name.en, order: $0.order) },
            shared: shared.sorted { ByteOrder.less($0.ref, $1.ref) }, capabilities: capabilities)
    }
}

/// The landscapes of a portfolio side by side: the reuse matrix, capability coverage and the
/// principle scorecard, as text and as JSON. Every list is sorted, so the same landscapes give
/// the same bytes.
public struct PortfolioReport: Sendable {
    /// Sorted by name.
    public let landscapes: [PortfolioLandscape]

    public init(landscapes: [PortfolioLandscape]) {
        self.landscapes = landscapes.sorted { ByteOrder.less($0.name, $1.name) }
    }

    /// A shared solution across the portfolio: who uses it, who runs a local look-alike instead.
    public struct Solution: Sendable {
        public let ref: String
        public let title: String
        /// The landscapes that describe it (or take it in), that use it, and their look-alikes.
        public var described: [String] = []
        public var users: [String] = []
        public var lookAlikes: [(landscape: String, systems: [String])] = []
    }

    /// Every shared solution any landscape has, sorted by reference; its title from the first
    /// landscape (by name) that has it.
    public var solutions: [Solution] {
        var byRef: [String: Solution] = [:]
        for landscape in landscapes {
            for shared in landscape.shared {
                var solution = byRef[shared.ref] ?? Solution(ref: shared.ref, title: shared.title)
                solution.described.append(landscape.name)
                if shared.used { solution.users.append(landscape.name) }
                if !shared.lookAlikes.isEmpty { solution.lookAlikes.append((landscape.name, shared.lookAlikes)) }
                byRef[shared.ref] = solution
            }
        }
        return byRef.keys.sorted(by: ByteOrder.less).compactMap { byRef[$0] }
    }

    /// A capability across the portfolio: by which systems each landscape supports it.
    public struct Capability: Sendable {
        public let ref: String
        public let title: String
        public var supported: [(landscape: String, systems: [String])] = []
        public var unsupported: [String] = []
    }

    public var capabilities: [Capability] {
        var byRef: [String: Capability] = [:]
        for landscape in landscapes {
            for coverage in landscape.capabilities {
                var capability = byRef[coverage.ref] ?? Capability(ref: coverage.ref, title: coverage.title)
                if coverage.systems.isEmpty {
                    capability.unsupported.append(landscape.name)
                } else {
                    capability.supported.append((landscape.name, coverage.systems))
                }
                byRef[coverage.ref] = capability
            }
        }
        return byRef.keys.sorted(by: ByteOrder.less).compactMap { byRef[$0] }
    }

    /// The principles any landscape's rule set has: the built-in order first, then by id.
    public var principles: [PortfolioLandscape.PrincipleName] {
        var byID: [String: PortfolioLandscape.PrincipleName] = [:]
        for landscape in landscapes {
            for name in landscape.principleNames where byID[name.id] == nil { byID[name.id] = name }
        }
        return byID.values.sorted { $0.order != $1.order ? $0.order < $1.order : ByteOrder.less($0.id, $1.id) }
    }

    public var totalElements: Int { landscapes.reduce(0) { $0 + $1.elements } }

    /// Findings of the whole portfolio by severity and by principle.
    public var totals: (severities: [String: Int], principles: [String: Int]) {
        var severities: [String: Int] = [:], principles: [String: Int] = [:]
        for landscape in landscapes {
            for (key, count) in landscape.severities { severities[key, default: 0] += count }
            for (key, count) in landscape.principles { principles[key, default: 0] += count }
        }
        return (severities, principles)
    }

    // MARK: - Text

    /// The counts of a severity table in words: "2 feil, 5 advarsler, 1 info".
    static func counts(_ severities: [String: Int], _ language: Language) -> String {
        severityCounts(error: severities["error"] ?? 0, warning: severities["warning"] ?? 0, info: severities["info"] ?? 0, language)
    }

    /// The shorter of two lists of names, said as which it is: "bruker: a, b" or "bruker ikke: c".
    static func shorter(_ yes: [String], of all: [String], yes yesLabel: LocalizedText, no noLabel: LocalizedText, _ language: Language) -> String? {
        let set = Set(yes)
        let no = all.filter { !set.contains($0) }
        if yes.isEmpty || no.isEmpty { return nil }
        return yes.count <= no.count ? "\(yesLabel.text(language)): \(yes.joined(separator: ", "))"
            : "\(noLabel.text(language)): \(no.joined(separator: ", "))"
    }

    public func text(_ language: Language) -> String {
        let names = landscapes.map(\.name)
        let count = landscapes.count
        let totals = totals
        var out = LocalizedText(nb: "Portefølje: \(count) landskap, \(Noun.element.counted(totalElements, .nb)), \(Self.counts(totals.severities, .nb))\n",
                                en: "Portfolio: \(count) \(count == 1 ? "landscape" : "landscapes"), \(Noun.element.counted(totalElements, .en)), \(Self.counts(totals.severities, .en))\n").text(language)
        out += "\n" + LocalizedText(nb: "Fellesløsninger: hvem bruker dem, og hvem har en lokal variant i stedet",
                                    en: "Shared solutions: who uses them, and who runs a local look-alike instead").text(language) + "\n"
        let solutions = solutions
        if solutions.isEmpty {
            out += "  " + LocalizedText(nb: "(ingen landskap beskriver en fellesløsning: scope sector eller national)",
                                        en: "(no landscape describes a shared solution: scope sector or national)").text(language) + "\n"
        }
        for solution in solutions {
            out += "  \(solution.ref) (\(solution.title)): " + LocalizedText(nb: "brukes av \(solution.users.count) av \(count)",
                                                                            en: "used by \(solution.users.count) of \(count)").text(language) + "\n"
            if let list = Self.shorter(solution.users, of: names, yes: LocalizedText(nb: "bruker den", en: "use it"),
                                       no: LocalizedText(nb: "bruker den ikke", en: "do not use it"), language) {
                out += "    \(list)\n"
            }
            for (landscape, systems) in solution.lookAlikes {
                out += "    " + LocalizedText(nb: "lokal variant i \(landscape)", en: "local look-alike in \(landscape)").text(language)
                    + ": \(systems.joined(separator: ", "))\n"
            }
        }
        out += "\n" + LocalizedText(nb: "Kapabiliteter: hvilke systemer hvert landskap støtter dem med",
                                    en: "Capabilities: the systems each landscape supports them with").text(language) + "\n"
        let capabilities = capabilities
        if capabilities.isEmpty {
            out += "  " + LocalizedText(nb: "(ingen landskap nevner en kapabilitet)", en: "(no landscape names a capability)").text(language) + "\n"
        }
        for capability in capabilities {
            out += "  \(capability.ref) (\(capability.title)): " + LocalizedText(
                nb: "støttet i \(capability.supported.count) av \(count)", en: "supported in \(capability.supported.count) of \(count)").text(language) + "\n"
            for (landscape, systems) in capability.supported { out += "    \(landscape): \(systems.joined(separator: ", "))\n" }
            if !capability.unsupported.isEmpty {
                out += "    " + LocalizedText(nb: "uten system", en: "no system").text(language) + ": \(capability.unsupported.joined(separator: ", "))\n"
            }
        }
        out += "\n" + LocalizedText(nb: "Prinsipper: funn per landskap", en: "Principles: findings per landscape").text(language) + "\n"
        let principles = principles
        func byPrinciple(_ counts: [String: Int]) -> String {
            let parts = principles.compactMap { p -> String? in
                guard let n = counts[p.id], n > 0 else { return nil }
                return "\(language == .nb ? p.nb : p.en) \(n)"
            }
            return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        }
        for landscape in landscapes {
            out += "  \(landscape.name) \(String(landscape.commit.prefix(12))): \(Noun.element.counted(landscape.elements, language)), \(Self.counts(landscape.severities, language))"
                + byPrinciple(landscape.principles) + "\n"
        }
        out += "  " + LocalizedText(nb: "Sektoren", en: "The sector").text(language) + ": \(Self.counts(totals.severities, language))"
            + byPrinciple(totals.principles) + "\n"
        return out
    }

    // MARK: - JSON

    public func json() -> String {
        func strings(_ list: [String]) -> JSON { .array(list.map(JSON.string)) }
        func counts(_ table: [String: Int], keys: [String]) -> JSON { .object(keys.map { ($0, .int(table[$0] ?? 0)) }) }
        let severityKeys = ["error", "warning", "info"]
        let principleIDs = principles.map(\.id)
        let totals = totals
        let landscapeItems: [JSON] = landscapes.map { landscape in
            .object([
                ("name", .string(landscape.name)), ("git", .string(landscape.git)), ("rev", .string(landscape.rev)),
                ("commit", .string(landscape.commit)), ("elements", .int(landscape.elements)), ("files", .int(landscape.files)),
                ("libraries", .array(landscape.libraries.map { .object([("name", .string($0.name)), ("rev", .string($0.rev)), ("commit", .string($0.commit))]) })),
                ("findings", counts(landscape.severities, keys: severityKeys)),
                ("principles", counts(landscape.principles, keys: principleIDs)),
                ("capabilities", .object(landscape.capabilities.map { ($0.ref, strings($0.systems)) })),
            ])
        }
        let solutionItems: [JSON] = solutions.map { solution in
            .object([
                ("ref", .string(solution.ref)), ("title", .string(solution.title)), ("describedBy", strings(solution.described)),
                ("usedBy", strings(solution.users)),
                ("lookAlikes", .array(solution.lookAlikes.map { .object([("landscape", .string($0.landscape)), ("systems", strings($0.systems))]) })),
            ])
        }
        let capabilityItems: [JSON] = capabilities.map { capability in
            .object([
                ("ref", .string(capability.ref)), ("title", .string(capability.title)),
                ("supportedBy", .array(capability.supported.map { .object([("landscape", .string($0.landscape)), ("systems", strings($0.systems))]) })),
                ("unsupportedIn", strings(capability.unsupported)),
            ])
        }
        let root: JSON = .object([
            ("landscapes", .array(landscapeItems)),
            ("sharedSolutions", .array(solutionItems)),
            ("capabilities", .array(capabilityItems)),
            ("principles", .array(principles.map { .object([("id", .string($0.id)), ("name", .object([("nb", .string($0.nb)), ("en", .string($0.en))]))]) })),
            ("totals", .object([
                ("landscapes", .int(landscapes.count)), ("elements", .int(totalElements)),
                ("findings", counts(totals.severities, keys: severityKeys)), ("principles", counts(totals.principles, keys: principleIDs)),
            ])),
        ])
        return root.rendered() + "\n"
    }
}

import ArkitektGraph
import ArkitektHistory
import ArkitektModel
import ArkitektReporting
import ArkitektRules

extension SiteBuilder {
    // MARK: - Front page

    func frontPage() -> Page {
        let p = SitePaths.index
        var body = "<h1>\(H.e(siteName))</h1>\n"
        body += "<p class=\"lead\">" + H.e(t(
            "\(landscape.elementCount) elementer i \(landscape.fileCount) filer, lest fra \(input.source) og vurdert \(input.today).",
            "\(landscape.elementCount) elements in \(landscape.fileCount) files, read from \(input.source) and judged on \(input.today).")) + "</p>\n"

        body += "<h2 id=\"principles\">\(t("Prinsippene", "The principles"))</h2>\n"
        body += "<p>" + H.e(t("Funn per arkitekturprinsipp for kommunal sektor (KS) og kjernereglene.",
                              "Findings per architecture principle of the municipal sector (KS) and the core rules.")) + "</p>\n"
        let summary = CheckReport(findings: input.findings, suppressed: input.suppressed, showSuppressed: true, elementCount: landscape.elementCount,
                                  fileCount: landscape.fileCount, ruleSet: input.ruleSet, language: language).principleSummary
        let rows = summary.map { row in
            [principleLink(row.principle.id, from: p), "\(row.error)", "\(row.warning)", "\(row.info)", "\(row.suppressed)"]
        }
        body += H.table([t("Prinsipp", "Principle"), t("Feil", "Errors"), t("Advarsler", "Warnings"), "Info", t("Dispensert", "Exempted")],
                        rows, numeric: [1, 2, 3, 4])

        body += "<h2 id=\"counts\">\(t("Innholdet", "What is in it"))</h2>\n"
        var kindRows: [[String]] = []
        for kind in Kind.allCases.sorted(by: { $0.displayName.text(language) < $1.displayName.text(language) }) {
            let count = landscape.elements(of: kind).count
            guard count > 0 else { continue }
            kindRows.append(["<a href=\"\(SitePaths.elements)#kind-\(kind.refPrefix)\">\(H.e(kind.displayName.text(language)))</a>", "\(count)"])
        }
        body += H.table([t("Type", "Kind"), t("Antall", "Count")], kindRows, caption: t("Elementer etter type", "Elements by kind"), numeric: [1])
        var lifecycle: [Lifecycle: Int] = [:]
        for system in landscape.elements(of: .system) { lifecycle[system.system?.effectiveLifecycle ?? .production, default: 0] += 1 }
        let lifecycleRows = Lifecycle.allCases.compactMap { state -> [String]? in
            guard let count = lifecycle[state] else { return nil }
            return [H.e(lifecycleState(state)), "\(count)"]
        }
        if !lifecycleRows.isEmpty {
            body += H.table([t("Livsløp", "Lifecycle"), t("Systemer", "Systems")], lifecycleRows, caption: t("Systemer etter livsløp", "Systems by lifecycle"), numeric: [1])
        }

        body += "<h2 id=\"trend\">\(t("Utviklingen over tid", "The trend"))</h2>\n"
        body += trendSection(from: p)

        body += "<h2 id=\"roadmap\">\(t("Veikart", "Roadmap"))</h2>\n"
        body += roadmapSection(from: p)

        body += "<h2 id=\"landscape\">\(t("Landskapet", "The landscape"))</h2>\n<ul>\n"
        body += "<li>" + H.link(t("Systemene etter eier, med integrasjonene", "The systems by owner, with their integrations"), to: SitePaths.landscape, from: p) + "</li>\n"
        body += "<li>" + H.link(t("Alle elementene, med søk", "Every element, with a filter"), to: SitePaths.elements, from: p) + "</li>\n"
        body += "<li>" + H.link(t("Reglene og hvor de brytes", "The rules and where they are broken"), to: SitePaths.rules, from: p) + "</li>\n"
        body += "<li>" + H.link(t("Endringene, commit for commit", "The changes, commit by commit"), to: SitePaths.history, from: p) + "</li>\n</ul>\n"
        return Page(path: p, title: t("Forside", "Front page"), body: body)
    }

    // MARK: - Elements list

    func elementsPage() -> Page {
        let p = SitePaths.elements
        var body = "<h1>\(t("Elementer", "Elements"))</h1>\n"
        body += "<p class=\"filter\" hidden><label for=\"filter\">\(t("Filtrer", "Filter"))</label>"
        body += "<input id=\"filter\" type=\"search\" autocomplete=\"off\" aria-describedby=\"filter-status\"> "
        body += "<span id=\"filter-status\" role=\"status\" data-one=\"\(t("1 element vises", "1 element shown"))\" data-many=\"\(t("N elementer vises", "N elements shown"))\"></span></p>\n"
        for kind in Kind.allCases.sorted() {
            let elements = landscape.refs(of: kind).sorted()
            guard !elements.isEmpty else { continue }
            body += "<section data-kind=\"\(kind.refPrefix)\">\n<h2 id=\"kind-\(kind.refPrefix)\">\(H.e(kind.displayName.text(language))) (\(elements.count))</h2>\n"
            body += "<table>\n<thead><tr><th scope=\"col\">\(t("Navn", "Name"))</th><th scope=\"col\">\(t("Tittel", "Title"))</th><th scope=\"col\">\(t("Eier", "Owner"))</th><th scope=\"col\" class=\"num\">\(t("Funn", "Findings"))</th></tr></thead>\n<tbody>\n"
            for ref in elements {
                let owner = landscape[ref].flatMap(ownerRef)
                let search = [ref.description, title(ref), owner.map(title) ?? ""].joined(separator: " ").lowercased()
                body += "<tr data-search=\"\(H.e(search))\"><td><code>\(H.e(ref.name))</code></td><td>\(elementLink(ref, from: p))</td>"
                body += "<td>\(owner.map { elementLink($0, from: p) } ?? "–")</td><td class=\"num\">\(findingsByElement[ref]?.count ?? 0)</td></tr>\n"
            }
            body += "</tbody>\n</table>\n</section>\n"
        }
        var page = Page(path: p, title: t("Elementer", "Elements"), body: body)
        page.filter = true
        return page
    }

    func ownerRef(_ element: Element) -> Ref? { element.owner }

    // MARK: - The landscape

    func landscapePage() -> Page {
        let p = SitePaths.landscape
        var body = "<h1>\(t("Landskapet", "The landscape"))</h1>\n"
        body += "<h2 id=\"owners\">\(t("Systemene etter eier", "Systems by owner"))</h2>\n"
        body += figure(builder().owners(), id: "owners", from: p)
        let groups = landscape.refs(of: .group).sorted()
        if !groups.isEmpty {
            body += "<h2 id=\"groups\">\(t("Eiere", "Owners"))</h2>\n<p>\(H.e(t("Hver eier har et diagram av systemene sine på sin side.", "Each owner's page has a diagram of its systems.")))</p>\n<ul>\n"
            for ref in groups {
                let owned = builder().systemsByOwner[ref]?.count ?? 0
                body += "<li>\(elementLink(ref, from: p)) (\(owned) \(owned == 1 ? "system" : t("systemer", "systems")))</li>\n"
            }
            body += "</ul>\n"
        }
        let capabilities = landscape.refs(of: .capability).sorted()
        if !capabilities.isEmpty {
            body += "<h2 id=\"capabilities\">\(t("Kapabiliteter", "Capabilities"))</h2>\n<ul>\n"
            for ref in capabilities { body += "<li>\(elementLink(ref, from: p))</li>\n" }
            body += "</ul>\n"
        }
        let data = landscape.refs(of: .dataEntity).sorted()
        if !data.isEmpty {
            body += "<h2 id=\"data\">\(t("Data", "Data"))</h2>\n<p>\(H.e(t("Hvert dataelement har et diagram av hvem som eier, skriver og leser det, og den autoritative kilden.", "Each data entity has a diagram of who keeps, writes and reads it, and its authoritative source.")))</p>\n<ul>\n"
            for ref in data { body += "<li>\(elementLink(ref, from: p))</li>\n" }
            body += "</ul>\n"
        }
        return Page(path: p, title: t("Landskapet", "The landscape"), body: body)
    }

    // MARK: - Rules and principles

    func rulesPage() -> Page {
        let p = SitePaths.rules
        var body = "<h1>\(t("Regler", "Rules"))</h1>\n"
        for principle in input.ruleSet.principles {
            let rules = input.ruleSet.rules.filter { $0.principle == principle.id }
            guard !rules.isEmpty else { continue }
            body += "<h2 id=\"\(H.e(principle.id))\">\(principleLink(principle.id, from: p))</h2>\n"
            let rows = rules.map { rule -> [String] in
                [ruleLink(rule.id, from: p), H.e(rule.title.text(language)), H.severity(rule.severity, language),
                 "\(findingsByRule[rule.id]?.count ?? 0)"]
            }
            body += H.table([t("Regel", "Rule"), t("Tittel", "Title"), t("Alvor", "Severity"), t("Funn nå", "Findings now")], rows, numeric: [3])
        }
        return Page(path: p, title: t("Regler", "Rules"), body: body)
    }

    func principlePage(_ principle: Principle) -> Page {
        let p = SitePaths.principle(principle.id)
        var body = "<h1>\(H.e(principle.name.text(language)))</h1>\n"
        body += "<p class=\"lead\"><code>\(H.e(principle.id))</code>"
        if let source = principle.source { body += " · " + H.e(source.text(language)) }
        body += "</p>\n<p>\(H.e(principle.rationale.text(language)))</p>\n"
        let rules = input.ruleSet.rules.filter { $0.principle == principle.id }
        body += "<h2 id=\"rules\">\(t("Reglene", "The rules"))</h2>\n"
        if rules.isEmpty {
            body += "<p>\(t("Ingen regler i kraft hører til dette prinsippet.", "No rule in force belongs to this principle."))</p>\n"
        } else {
            body += H.table([t("Regel", "Rule"), t("Tittel", "Title"), t("Alvor", "Severity"), t("Funn nå", "Findings now")],
                            rules.map { rule in [ruleLink(rule.id, from: p), H.e(rule.title.text(language)), H.severity(rule.severity, language),
                                                 "\(findingsByRule[rule.id]?.count ?? 0)"] }, numeric: [3])
        }
        let findings = findingsByPrinciple[principle.id] ?? []
        body += "<h2 id=\"findings\">\(t("Brudd nå", "Broken now")) (\(findings.count))</h2>\n"
        body += findings.isEmpty ? "<p>\(t("Ingen elementer bryter prinsippet nå.", "No element breaks the principle now."))</p>\n"
            : findingsTable(findings, from: p, showElement: true, showRule: true)
        return Page(path: p, title: principle.name.text(language), body: body)
    }

    func rulePage(_ rule: RuleDescription) -> Page {
        let p = SitePaths.rule(rule.id)
        var body = "<h1><code>\(H.e(rule.id))</code>: \(H.e(rule.title.text(language)))</h1>\n"
        body += "<dl class=\"fields\">\n<dt>\(t("Prinsipp", "Principle"))</dt><dd>\(principleLink(rule.principle, from: p))</dd>\n"
        body += "<dt>\(t("Alvor", "Severity"))</dt><dd>\(H.severity(rule.severity, language))</dd>\n"
        if !rule.aliases.isEmpty { body += "<dt>\(t("Tidligere navn", "Aliases"))</dt><dd>\(rule.aliases.map { "<code>\(H.e($0))</code>" }.joined(separator: ", "))</dd>\n" }
        body += "<dt>\(t("Dispensasjon", "Exemption"))</dt><dd>\(rule.exemptable ? t("kan gis", "allowed") : t("kan ikke gis", "not allowed"))</dd>\n</dl>\n"
        body += "<p>\(H.e(rule.rationale.text(language)))</p>\n"
        let findings = findingsByRule[rule.id] ?? []
        body += "<h2 id=\"findings\">\(t("Brudd nå", "Broken now")) (\(findings.count))</h2>\n"
        body += findings.isEmpty ? "<p>\(t("Ingen elementer bryter regelen nå.", "No element breaks the rule now."))</p>\n"
            : findingsTable(findings, from: p, showElement: true, showRule: false)
        body += "<h2 id=\"examples\">\(t("Eksempler", "Examples"))</h2>\n"
        for (i, example) in rule.examples.enumerated() {
            let label = example.passes ? t("Består", "Passes") : t("Feiler", "Fails")
            body += "<h3 id=\"example-\(i + 1)\">\(label) \(i + 1)\(example.description.map { ": " + H.e($0.text(language)) } ?? "")</h3>\n"
            if let base = example.base {
                body += "<p>\(t("Før endringen (felles opphav):", "Before the change (the merge base):"))</p>\n"
                for file in base { body += codeBlock(file, showPath: true) }
                body += "<p>\(t("Endringen:", "The change:"))</p>\n"
            }
            for file in example.files { body += codeBlock(file, showPath: example.files.count > 1 || example.base != nil) }
            if !example.passes {
                let list = example.expected.map { e -> String in
                    let what = [e.element, e.detail.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
                    return "<code>\(H.e(what.isEmpty ? t("(filen)", "(the file)") : what))</code>"
                }
                body += "<p>\(t("Gir", "Gives")): \(list.joined(separator: ", "))</p>\n"
            }
        }
        return Page(path: p, title: rule.id, body: body)
    }

    func codeBlock(_ file: (path: String, text: String), showPath: Bool) -> String {
        var out = ""
        if showPath { out += "<p class=\"muted\"><code>\(H.e(file.path))</code></p>\n" }
        return out + "<pre><code>\(H.e(file.text))</code></pre>\n"
    }

    // MARK: - History

    func historyPage() -> Page {
        let p = SitePaths.history
        var body = "<h1>\(t("Historikk", "History"))</h1>\n"
        guard let history = input.history else {
            body += "<p>\(H.e(t("Historikken ble ikke lest (ikke et git-depot, eller --no-history).", "The history was not read (not a git repository, or --no-history).")))</p>\n"
            return Page(path: p, title: t("Historikk", "History"), body: body)
        }
        body += "<p class=\"lead\">" + H.e(t("\(history.commits.count) av \(history.walked) commits endret landskapet. Nyeste først.",
                                             "\(history.commits.count) of \(history.walked) commits changed the landscape. Newest first.")) + "</p>\n"
        var byCommit: [Int: [(Ref, [LocalizedText])]] = [:]
        for (ref, changes) in history.changes {
            for change in changes { byCommit[change.commit, default: []].append((ref, change.sentences)) }
        }
        for index in history.commits.indices.reversed() {
            let commit = history.commits[index]
            body += "<h2 id=\"c-\(HistoryText.short(commit.id))\">\(commit.day) · \(H.e(commit.summary))</h2>\n"
            body += "<p class=\"muted\"><code>\(HistoryText.short(commit.id))</code> · \(H.e(commit.author))"
            if !commit.tags.isEmpty { body += " · " + t("tagg", "tag") + " " + commit.tags.map { "<code>\(H.e($0))</code>" }.joined(separator: ", ") }
            body += "</p>\n<ul>\n"
            for (ref, sentences) in (byCommit[index] ?? []).sorted(by: { $0.0 < $1.0 }) {
                let link = landscape.contains(ref) ? elementLink(ref, from: p) : "<code>\(H.e(ref.description))</code>"
                body += "<li>\(link): \(sentences.map { H.e($0.text(language)) }.joined(separator: "; "))</li>\n"
            }
            body += "</ul>\n"
        }
        return Page(path: p, title: t("Historikk", "History"), body: body)
    }

    // MARK: - Elements

    func elementPage(_ element: Element) -> Page {
        let ref = element.ref
        let p = SitePaths.element(ref)
        var body = "<h1>\(H.e(title(ref)))</h1>\n"
        var lead = "\(H.e(ref.kind.displayName.text(language))) · <code>\(H.e(ref.description))</code> · <code>\(H.e(element.location.description))</code>"
        if element.system?.isShared == true { lead += " · " + t("fellesløsning", "shared solution") }
        body += "<p class=\"lead\">\(lead)</p>\n"
        if let description = element.metadata.description?.value { body += "<p>\(H.e(description))</p>\n" }

        let findings = findingsByElement[ref] ?? []
        body += "<h2 id=\"findings\">\(t("Funn", "Findings")) (\(findings.count))</h2>\n"
        body += findings.isEmpty ? "<p>\(t("Ingen regler brytes.", "No rule is broken."))</p>\n" : findingsTable(findings, from: p, showElement: false, showRule: false)

        let exemptions = exemptionsByTarget[ref] ?? []
        let suppressed = suppressedByElement[ref] ?? []
        if !exemptions.isEmpty || !suppressed.isEmpty {
            body += "<h2 id=\"exemptions\">\(t("Dispensasjoner", "Exemptions"))</h2>\n"
            let rows = exemptions.sorted(by: { $0.ref < $1.ref }).map { e -> [String] in
                let spec = e.exemption
                return [elementLink(e.ref, from: p), spec?.rule.map { ruleLink($0.value, from: p) } ?? "–",
                        H.e(spec?.reason?.value ?? "–"), spec?.expires.map { "\($0.value)" } ?? "–"]
            }
            if !rows.isEmpty { body += H.table([t("Dispensasjon", "Exemption"), t("Regel", "Rule"), t("Begrunnelse", "Reason"), t("Utløper", "Expires")], rows) }
            if !suppressed.isEmpty {
                body += "<h3>\(t("Funn som dispensasjonene dekker", "Findings the exemptions cover"))</h3>\n"
                body += findingsTable(suppressed, from: p, showElement: false, showRule: true)
            }
        }

        body += "<h2 id=\"diagram\">\(t("Diagram", "Diagram"))</h2>\n"
        let b = builder()
        switch ref.kind {
        case .dataEntity:
            body += figure(b.data(ref), id: "data", from: p)
        case .capability:
            body += figure(b.capability(ref), id: "capability", from: p)
            body += "<h3>\(t("Naboskapet", "The neighbourhood"))</h3>\n" + figure(b.neighbourhood(of: [ref]), id: "neighbourhood", from: p)
        case .group:
            if builder().systemsByOwner[ref] != nil {
                body += figure(b.owners([ref], title: t("Systemene til ", "The systems of ") + title(ref)), id: "owned", from: p)
                body += "<h3>\(t("Naboskapet", "The neighbourhood"))</h3>\n"
            }
            body += figure(b.neighbourhood(of: [ref]), id: "neighbourhood", from: p)
        default:
            body += figure(b.neighbourhood(of: [ref]), id: "neighbourhood", from: p)
        }

        if let transition = element.transition {
            body += "<h2 id=\"conditions\">\(t("Betingelser", "Conditions"))</h2>\n"
            let state = TransitionEvaluator.evaluate(transition, in: landscape, today: input.today)
            body += "<p>\(H.e(HistoryText.status(state.status, language))): \(state.satisfied)/\(state.total)"
            if let due = transition.due?.value { body += " · \(t("frist", "due")) \(due)" }
            body += "</p>\n<ul>\n"
            for (i, condition) in transition.conditions.enumerated() {
                let holds = i < state.holds.count && state.holds[i]
                body += "<li>\(holds ? "✓ " + t("oppfylt", "met") : "✗ " + t("ikke oppfylt", "not met")): <code>\(H.e(HistoryText.conditionText(condition, language)))</code></li>\n"
            }
            body += "</ul>\n"
        }

        body += "<h2 id=\"fields\">\(t("Felter", "Fields"))</h2>\n"
        let fields = element.fields
        let paths = fields.keys.sorted(by: ByteOrder.less)
        body += "<dl class=\"fields\">\n"
        for path in paths {
            guard let entry = fields[path] else { continue }
            body += "<dt><code>\(H.e(path))</code></dt><dd>\(value(entry.value, from: p))</dd>\n"
        }
        body += "</dl>\n"

        body += relations(of: element, from: p)
        body += elementHistory(ref, from: p)
        return Page(path: p, title: title(ref), body: body)
    }

    func value(_ value: FieldValue, from page: String) -> String {
        switch value {
        case .ref(let ref): return elementLink(ref, from: page)
        case .list(let items), .set(let items): return items.map { self.value($0, from: page) }.joined(separator: ", ")
        case .map(let map):
            return map.keys.sorted(by: ByteOrder.less).map { key in "\(H.e(key)): \(map[key].map { self.value($0, from: page) } ?? "")" }.joined(separator: "; ")
        default: return H.e(value.description)
        }
    }

    func relations(of element: Element, from p: String) -> String {
        let b = builder()
        var out = "<h2 id=\"relations\">\(t("Relasjoner", "Relations"))</h2>\n"
        let outgoing = element.references.map { (label: b.fieldLabel($0.path), ref: $0.ref.value) }
        out += "<h3>\(t("Henviser til", "Refers to")) (\(outgoing.count))</h3>\n"
        if outgoing.isEmpty {
            out += "<p class=\"muted\">\(t("Ingen.", "None."))</p>\n"
        } else {
            out += "<ul>\n" + outgoing.map { "<li>\(H.e($0.label)): \(elementLink($0.ref, from: p))</li>\n" }.joined() + "</ul>\n"
        }
        var incoming: [(label: String, ref: Ref)] = []
        for referrer in landscape.referrers(of: element.ref).sorted() {
            guard let other = landscape[referrer] else { continue }
            for (path, target) in other.references where target.value == element.ref {
                incoming.append((b.fieldLabel(path), referrer))
            }
        }
        out += "<h3>\(t("Henvist til fra", "Referred to by")) (\(incoming.count))</h3>\n"
        if incoming.isEmpty {
            out += "<p class=\"muted\">\(t("Ingen.", "None."))</p>\n"
        } else {
            out += "<ul>\n" + incoming.map { "<li>\(elementLink($0.ref, from: p)) (\(H.e($0.label)))</li>\n" }.joined() + "</ul>\n"
        }
        return out
    }

    func elementHistory(_ ref: Ref, from p: String) -> String {
        var out = "<h2 id=\"history\">\(t("Historikk", "History"))</h2>\n"
        guard let history = input.history else {
            return out + "<p class=\"muted\">\(t("Historikken ble ikke lest.", "The history was not read."))</p>\n"
        }
        let changes = history.changes[ref] ?? []
        if changes.isEmpty {
            return out + "<p class=\"muted\">\(t("Ingen commit i historikken endret elementet (det er ikke committet ennå).", "No commit of the history changed the element (it is not committed yet)."))</p>\n"
        }
        let rows = changes.reversed().map { change -> [String] in
            let commit = history.commits[change.commit]
            let link = "<a href=\"\(SitePaths.relative(from: p, to: SitePaths.history))#c-\(HistoryText.short(commit.id))\"><code>\(HistoryText.short(commit.id))</code></a>"
            return ["\(commit.day)", link, H.e(commit.summary), change.sentences.map { H.e($0.text(language)) }.joined(separator: "<br>")]
        }
        out += H.table([t("Dato", "Date"), "Commit", t("Melding", "Message"), t("Endring", "Change")], rows)
        return out
    }
}

extension SiteBuilder {
    /// A lifecycle as a state ("i produksjon"); the changelog's words say what a change did
    /// ("satt i produksjon"), which does not fit a count.
    func lifecycleState(_ state: Lifecycle) -> String {
        switch state {
        case .planned: return t("planlagt", "planned")
        case .development: return t("under utvikling", "in development")
        case .production: return t("i produksjon", "in production")
        case .phasingOut: return t("under utfasing", "being phased out")
        case .retired: return t("utfaset", "retired")
        }
    }
}

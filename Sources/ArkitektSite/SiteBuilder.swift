import ArkitektGraph
import ArkitektHistory
import ArkitektModel
import ArkitektReporting
import ArkitektRules

/// One file of the site: its path under the output folder and its bytes.
public struct SiteFile: Sendable, Equatable {
    public let path: String
    public let content: String
    public init(path: String, content: String) {
        self.path = path
        self.content = content
    }
}

/// Makes the pages of the architecture library from a `SiteInput`.
///
/// Pages are plain HTML that reads with JavaScript off; diagrams are SVG laid out by Graphviz
/// and put inside the pages; the charts (trend, roadmap) are SVG drawn here. Every list is sorted.
public final class SiteBuilder {
    let input: SiteInput
    let language: Language
    let nb: Bool
    let landscape: Landscape
    var findingsByElement: [Ref: [Finding]] = [:]
    /// The findings of each rule and each principle, grouped once for the pages that list them.
    var findingsByRule: [String: [Finding]] = [:]
    var findingsByPrinciple: [String: [Finding]] = [:]
    var suppressedByElement: [Ref: [Finding]] = [:]
    var exemptionsByTarget: [Ref: [Element]] = [:]
    var worst: [Ref: Severity] = [:]
    /// SVG by the SHA-256 of its DOT text: a diagram drawn once is not laid out again (in this
    /// run, and in the next when the caller keeps `used`).
    public var diagrams: [String: String] = [:]
    /// The diagrams this run's pages show, by the same key: what is worth keeping.
    public private(set) var used: [String: String] = [:]
    /// Diagrams laid out in this run (not taken from `diagrams`).
    public private(set) var laidOut = 0
    /// Diagrams of more nodes than this are not drawn: a list says what they would show.
    public var maxDiagramNodes = 150
    var madeBuilder: DiagramBuilder?
    /// Called as pages are made: pages done, pages in all.
    public var progress: ((Int, Int) -> Void)?

    public init(_ input: SiteInput) {
        self.input = input
        language = input.language
        nb = input.language == .nb
        landscape = input.landscape
        for finding in input.findings {
            findingsByRule[finding.rule, default: []].append(finding)
            findingsByPrinciple[finding.principle, default: []].append(finding)
            guard let ref = finding.element else { continue }
            findingsByElement[ref, default: []].append(finding)
            worst[ref] = max(worst[ref] ?? finding.severity, finding.severity)
        }
        for finding in input.suppressed {
            guard let ref = finding.element else { continue }
            suppressedByElement[ref, default: []].append(finding)
        }
        for exemption in landscape.elements(of: .exemption) {
            for target in exemption.exemption?.targets ?? [] { exemptionsByTarget[target.value, default: []].append(exemption) }
        }
    }

    func t(_ nb: String, _ en: String) -> String { self.nb ? nb : en }

    /// Every page of the site, by path, with how to make it: the one list that `paths` and
    /// `build` both follow.
    func plan() -> [(path: String, make: () -> Page)] {
        var plan: [(path: String, make: () -> Page)] = [
            (SitePaths.index, frontPage), (SitePaths.elements, elementsPage), (SitePaths.landscape, landscapePage),
            (SitePaths.rules, rulesPage), (SitePaths.history, historyPage),
        ]
        for principle in input.ruleSet.principles { plan.append((SitePaths.principle(principle.id), { self.principlePage(principle) })) }
        for rule in input.ruleSet.rules { plan.append((SitePaths.rule(rule.id), { self.rulePage(rule) })) }
        for element in landscape.refs.compactMap({ landscape[$0] }) {
            plan.append((SitePaths.element(element.ref), { self.elementPage(element) }))
        }
        return plan
    }

    /// The path of every file `build` makes, before any is made.
    public func paths() -> [String] {
        plan().map(\.path) + [SitePaths.style, SitePaths.script]
    }

    /// Makes every file of the site and hands each to `emit` as soon as it is made (a site of
    /// 10,000 pages is not held in memory at once), pages first, then the assets. Stops when
    /// `emit` returns false.
    public func build(_ emit: (SiteFile) -> Bool) {
        let plan = plan()
        for (done, entry) in plan.enumerated() {
            let page = entry.make()
            guard emit(SiteFile(path: page.path, content: frame(page))) else { return }
            progress?(done + 1, plan.count)
        }
        guard emit(SiteFile(path: SitePaths.style, content: Assets.style)) else { return }
        _ = emit(SiteFile(path: SitePaths.script, content: Assets.script))
    }

    // MARK: - The frame

    var siteName: String { t("Arkitekturbibliotek", "Architecture library") }

    func frame(_ page: Page) -> String {
        let p = page.path
        var out = H.link(siteName, to: SitePaths.index, from: p, classes: "site")
        out += H.link(t("Elementer", "Elements"), to: SitePaths.elements, from: p)
        out += H.link(t("Landskapet", "Landscape"), to: SitePaths.landscape, from: p)
        out += H.link(t("Regler", "Rules"), to: SitePaths.rules, from: p)
        out += H.link(t("Historikk", "History"), to: SitePaths.history, from: p)
        // Search: without JavaScript the form opens the full list; with it, the list is filtered.
        out += "<form class=\"search\" role=\"search\" action=\"\(SitePaths.relative(from: p, to: SitePaths.elements))\">"
        out += "<label for=\"q\" class=\"visually-hidden\">\(t("Søk etter elementer", "Search for elements"))</label>"
        out += "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"\(t("Søk", "Search"))\"></form>"
        return Self.document(page, nav: out, siteName: siteName, language: language, version: input.version)
    }

    /// A page in the frame every page of arkitekt's sites has: the head with the style sheet, a
    /// link to skip to the content, the header with `nav` (HTML), the content and the footer.
    static func document(_ page: Page, nav: String, siteName: String, language: Language, version: String) -> String {
        let p = page.path
        func t(_ nb: String, _ en: String) -> String { language == .nb ? nb : en }
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"arkitekt \(H.e(version))\">\n"
        out += "<title>\(H.e(page.title)) · \(H.e(siteName))</title>\n"
        out += "<link rel=\"stylesheet\" href=\"\(SitePaths.relative(from: p, to: SitePaths.style))\">\n</head>\n<body>\n"
        out += "<a class=\"skip\" href=\"#main\">\(t("Hopp til innholdet", "Skip to content"))</a>\n"
        out += "<header><nav aria-label=\"\(t("Hovedmeny", "Main menu"))\">" + nav
        out += "</nav></header>\n<main id=\"main\">\n" + page.body + "</main>\n"
        // Nothing here that changes with every commit (the source's commit id is on the front page
        // only): a new commit then rewrites only the pages whose content it changed.
        out += "<footer>" + H.e(t("Laget av arkitekt \(version).", "Made by arkitekt \(version).")) + "</footer>\n"
        if page.filter { out += "<script src=\"\(SitePaths.relative(from: p, to: SitePaths.script))\"></script>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: - Names

    func title(_ ref: Ref) -> String {
        guard let element = landscape[ref] else { return ref.name }
        return element.metadata.title?.value ?? element.transition?.title?.value ?? ref.name
    }

    /// A link to an element's page, or its ref as text when the landscape does not have it.
    func elementLink(_ ref: Ref, from page: String) -> String {
        guard landscape.contains(ref) else { return "<span class=\"muted\">\(H.e(ref.description)) (\(t("finnes ikke", "missing")))</span>" }
        return H.link(title(ref), to: SitePaths.element(ref), from: page)
    }

    /// A rule's page by its id or an old id (an alias), which links to the rule under its id.
    func ruleLink(_ id: String, from page: String) -> String {
        guard let rule = input.ruleSet.rule(id) else { return "<code>\(H.e(id))</code>" }
        return "<a href=\"\(H.e(SitePaths.relative(from: page, to: SitePaths.rule(rule.id))))\"><code>\(H.e(id))</code></a>"
    }

    func principleLink(_ id: String, from page: String) -> String {
        guard let principle = input.ruleSet.principle(id) else { return H.e(id) }
        return H.link(principle.name.text(language), to: SitePaths.principle(id), from: page)
    }

    /// A list of findings: severity, element, message and rule.
    func findingsTable(_ findings: [Finding], from page: String, showElement: Bool, showRule: Bool) -> String {
        let sorted = findings.sorted { a, b in a.severity != b.severity ? a.severity > b.severity : Finding.sortedOrder(a, b) }
        var header = [t("Alvor", "Severity")]
        if showElement { header.append(t("Element", "Element")) }
        header.append(t("Melding", "Message"))
        if showRule { header.append(t("Regel", "Rule")) }
        header.append(t("Sted", "Where"))
        let rows: [[String]] = sorted.map { f in
            var row = [H.severity(f.severity, language)]
            if showElement { row.append(f.element.map { elementLink($0, from: page) } ?? "–") }
            var message = H.e(f.message.text(language))
            if !showRule, let rule = input.ruleSet.rule(f.rule) {
                message += "<details><summary>\(H.e(t("Hvorfor", "Why"))): \(H.e(rule.title.text(language)))</summary><p>\(H.e(rule.rationale.text(language)))</p>"
                message += "<p>\(ruleLink(f.rule, from: page))</p></details>"
            }
            row.append(message)
            if showRule { row.append(ruleLink(f.rule, from: page)) }
            row.append("<code>\(H.e(f.location.description))</code>")
            return row
        }
        return H.table(header, rows)
    }

    // MARK: - Diagrams

    /// A diagram as a figure: the SVG, or when it is empty or too large, a sentence saying so.
    func figure(_ diagram: Diagram, id: String, from page: String) -> String {
        if diagram.nodes.count <= 1 && diagram.edges.isEmpty && diagram.clusters.isEmpty {
            return "<p class=\"muted\">\(t("Ingen relasjoner å tegne.", "No relations to draw."))</p>\n"
        }
        if diagram.nodes.count > maxDiagramNodes {
            return "<p class=\"panel\">" + H.e(t(
                "Diagrammet ville hatt \(diagram.nodes.count) elementer, for mange til å leses; listene under viser det samme. «arkitekt graph --format svg» tegner det likevel.",
                "The diagram would have \(diagram.nodes.count) elements, too many to read; the lists below show the same. 'arkitekt graph --format svg' draws it anyway.")) + "</p>\n"
        }
        var linked = diagram
        // Links in the SVG are relative to the page it is in.
        for i in linked.nodes.indices { linked.nodes[i].link = linked.nodes[i].link.map { SitePaths.relative(from: page, to: $0) } }
        for i in linked.edges.indices { linked.edges[i].link = linked.edges[i].link.map { SitePaths.relative(from: page, to: $0) } }
        for i in linked.clusters.indices { linked.clusters[i].link = linked.clusters[i].link.map { SitePaths.relative(from: page, to: $0) } }
        let dot = DOTWriter.write(linked)
        let key = SHA256.hex(dot)
        let svg: String
        if let cached = diagrams[key] {
            svg = cached
        } else {
            do {
                svg = try Graphviz.svg(dot: dot)
            } catch {
                return "<p class=\"panel\">\(H.e(t("Diagrammet kunne ikke tegnes: ", "The diagram could not be drawn: ") + error.description))</p>\n"
            }
            diagrams[key] = svg
            laidOut += 1
        }
        used[key] = svg
        return "<div class=\"figure\">\n" + SVG.inline(svg, title: diagram.title, id: id) + "</div>\n"
            + "<p class=\"legend\">" + H.e(t(
                "Tykke piler er integrasjoner, tynne er bruk av data, prikkede viser til den autoritative kilden, stiplede er andre henvisninger. Doble rammer er fellesløsninger; fargen på rammen viser det alvorligste funnet, og teksten under navnet sier det samme.",
                "Thick arrows are integrations, thin ones use of data, dotted ones point to the authoritative source, dashed ones are other references. Double borders are shared solutions; the colour of a border shows the most severe finding, and the words under the name say the same.")) + "</p>\n"
    }

    /// The one diagram builder of the site (it indexes the landscape when made).
    func builder() -> DiagramBuilder {
        if let made = madeBuilder { return made }
        var builder = DiagramBuilder(landscape: landscape, language: language)
        builder.link = { SitePaths.element($0) }
        let worst = self.worst
        builder.severity = { worst[$0] }
        builder.moreLink = { SitePaths.element($0) + "#relations" }
        madeBuilder = builder
        return builder
    }
}

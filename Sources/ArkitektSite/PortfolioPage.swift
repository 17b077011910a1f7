import ArkitektModel
import ArkitektReporting

/// The portfolio's page (`arkitekt portfolio FILE -o FOLDER`): the reuse matrix of the shared
/// solutions, the capability coverage and the principle scorecard of many landscapes, as one
/// page of plain HTML with the site's style sheet.
public enum PortfolioPage {
    public static func files(_ report: PortfolioReport, language: Language, version: String) -> [SiteFile] {
        let nb = language == .nb
        func t(_ nb: String, _ en: String) -> String { language == .nb ? nb : en }
        let names = report.landscapes.map(\.name)
        let totals = report.totals
        var body = "<h1>\(t("Portefølje", "Portfolio"))</h1>\n"
        let findings = totals.severities.values.reduce(0, +)
        body += "<p class=\"lead\">" + H.e(t("\(names.count) landskap, \(Noun.element.counted(report.totalElements, .nb)), \(Noun.finding.counted(findings, .nb)).",
                                             "\(names.count) \(names.count == 1 ? "landscape" : "landscapes"), \(Noun.element.counted(report.totalElements, .en)), \(Noun.finding.counted(findings, .en)).")) + "</p>\n"

        // The reuse matrix: a row per landscape, a column per shared solution.
        let solutions = report.solutions
        body += "<h2 id=\"reuse\">\(t("Gjenbruk av fellesløsninger", "Reuse of shared solutions"))</h2>\n"
        body += "<p>" + H.e(t("«bruker» er at landskapet har noe som bruker løsningen; «lokal» er et lokalt system som gjør det samme i stedet; «–» er at løsningen er beskrevet, men ikke brukt.",
                              "'uses' means something in the landscape uses the solution; 'local' is a local system that does the same instead; '–' means the solution is described but not used.")) + "</p>\n"
        if solutions.isEmpty {
            body += "<p>" + H.e(t("Ingen landskap beskriver en fellesløsning (scope sector eller national).",
                                  "No landscape describes a shared solution (scope sector or national).")) + "</p>\n"
        } else {
            var rows: [[String]] = []
            for landscape in report.landscapes {
                let byRef = Dictionary(landscape.shared.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
                var row = [H.e(landscape.name)]
                for solution in solutions {
                    guard let shared = byRef[solution.ref] else { row.append(""); continue }
                    var cell = shared.used ? t("bruker", "uses") : ""
                    if !shared.lookAlikes.isEmpty {
                        cell += (cell.isEmpty ? "" : "; ") + t("lokal", "local") + ": " + shared.lookAlikes.joined(separator: ", ")
                    }
                    row.append(H.e(cell.isEmpty ? "–" : cell))
                }
                rows.append(row)
            }
            rows.append(["<strong>\(t("Brukes av", "Used by"))</strong>"] + solutions.map { "<strong>\($0.users.count)/\(names.count)</strong>" })
            body += "<div class=\"figure\">" + H.table([t("Landskap", "Landscape")] + solutions.map { "\($0.title) (\($0.ref))" }, rows,
                                                        caption: t("Fellesløsninger per landskap", "Shared solutions per landscape")) + "</div>\n"
        }

        // Capability coverage.
        body += "<h2 id=\"capabilities\">\(t("Kapabiliteter", "Capabilities"))</h2>\n"
        let capabilities = report.capabilities
        if capabilities.isEmpty {
            body += "<p>" + H.e(t("Ingen landskap har kapabiliteter.", "No landscape has capabilities.")) + "</p>\n"
        } else {
            let rows = capabilities.map { capability -> [String] in
                let supported = capability.supported.map { "\(H.e($0.landscape)): \(H.e($0.systems.joined(separator: ", ")))" }
                return [H.e("\(capability.title) (\(capability.ref))"), "\(capability.supported.count)/\(names.count)",
                        supported.joined(separator: "<br>"), H.e(capability.unsupported.joined(separator: ", "))]
            }
            body += "<div class=\"figure\">" + H.table([t("Kapabilitet", "Capability"), t("Støttet i", "Supported in"),
                                                        t("Systemer per landskap", "Systems per landscape"), t("Uten system", "No system")],
                                                       rows, caption: t("Hvilke systemer hvert landskap støtter kapabilitetene med", "The systems each landscape supports the capabilities with"),
                                                       numeric: [1]) + "</div>\n"
        }

        // The scorecard.
        let principles = report.principles
        body += "<h2 id=\"principles\">\(t("Prinsipper", "Principles"))</h2>\n"
        let severities: [Severity] = [.error, .warning, .info]
        let header = [t("Landskap", "Landscape"), t("Elementer", "Elements")] + severities.map { $0.displayName.text(language) }
            + principles.map { nb ? $0.nb : $0.en }
        func row(_ name: String, elements: Int, _ severityCounts: [String: Int], _ principleCounts: [String: Int]) -> [String] {
            [name, "\(elements)"] + severities.map { "\(severityCounts[$0.rawValue] ?? 0)" } + principles.map { "\(principleCounts[$0.id] ?? 0)" }
        }
        var rows = report.landscapes.map { row(H.e($0.name), elements: $0.elements, $0.severities, $0.principles) }
        rows.append(row("<strong>\(t("Sektoren", "The sector"))</strong>", elements: report.totalElements, totals.severities, totals.principles))
        body += "<div class=\"figure\">" + H.table(header, rows, caption: t("Funn per landskap og prinsipp", "Findings per landscape and principle"),
                                                   numeric: Set(1..<header.count)) + "</div>\n"

        let nav = "<a class=\"site\" href=\"\(SitePaths.index)\">\(t("Portefølje", "Portfolio"))</a>"
            + "<a href=\"#reuse\">\(t("Gjenbruk", "Reuse"))</a><a href=\"#capabilities\">\(t("Kapabiliteter", "Capabilities"))</a>"
            + "<a href=\"#principles\">\(t("Prinsipper", "Principles"))</a>"
        let html = SiteBuilder.document(Page(path: SitePaths.index, title: t("Portefølje", "Portfolio"), body: body), nav: nav,
                                        siteName: t("Arkitekturbibliotek", "Architecture library"), language: language, version: version)
        return [SiteFile(path: SitePaths.index, content: html), SiteFile(path: SitePaths.style, content: Assets.style)]
    }
}

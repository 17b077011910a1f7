import ArkitektGraph
import ArkitektModel

/// A page of the site before it is put in the common frame.
struct Page {
    let path: String
    let title: String
    var body: String
    /// Whether the page loads the filter script (the elements list).
    var filter = false
}

/// Small pieces of HTML, escaped where they take text.
enum H {
    static func e(_ text: String) -> String { HTMLText.escape(text) }

    static func link(_ text: String, to target: String, from page: String, classes: String? = nil) -> String {
        let c = classes.map { " class=\"\($0)\"" } ?? ""
        return "<a href=\"\(e(SitePaths.relative(from: page, to: target)))\"\(c)>\(e(text))</a>"
    }

    /// A table with a header row; cells are HTML already.
    static func table(_ header: [String], _ rows: [[String]], caption: String? = nil, numeric: Set<Int> = []) -> String {
        var out = "<table>\n"
        if let caption { out += "<caption>\(e(caption))</caption>\n" }
        out += "<thead><tr>" + header.enumerated().map { "<th scope=\"col\"\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(e($0.element))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.enumerated().map { "<td\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\($0.element)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func severity(_ severity: Severity, _ language: Language) -> String {
        "<span class=\"sev sev-\(severity.rawValue)\">\(e(severity.displayName.text(language)))</span>"
    }
}

import ArkitektGraph
import ArkitektHistory
import ArkitektModel
import ArkitektReporting
import ArkitektRules

/// The x axis of the charts: days since 1970-01-01.
func ordinal(_ day: Day) -> Int { day.daysSinceEpoch }

/// A number for SVG: at most two decimals, no trailing zeros, the same on every machine.
func n(_ value: Double) -> String {
    let scaled = (value * 100).rounded()
    let whole = Int(scaled) / 100, fraction = abs(Int(scaled) % 100)
    let sign = scaled < 0 && whole == 0 ? "-" : ""
    if fraction == 0 { return "\(sign)\(whole)" }
    return "\(sign)\(whole)." + (fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)"))
}

extension SiteBuilder {
    // MARK: - Trend

    /// One small chart per principle that had findings at some point of the history: the
    /// findings in force after each commit that changed the landscape, tags marked on the time
    /// axis; and the numbers as a table for those who do not read charts.
    func trendSection(from page: String) -> String {
        guard let history = input.history else {
            return "<p>\(H.e(t("Historikken ble ikke lest (ikke et git-depot, eller --no-history).", "The history was not read (not a git repository, or --no-history).")))</p>\n"
        }
        guard !history.trend.isEmpty else {
            return "<p>\(H.e(t("Ingen commit har endret landskapet ennå.", "No commit has changed the landscape yet.")))</p>\n"
        }
        let days = history.trend.map { history.commits[$0.commit].day }
        // Committer dates can go backwards (a rebase, a clock): the axis spans the earliest to the latest.
        let ordinals = days.map(ordinal)
        let start = ordinals.min() ?? 0, end = max(ordinals.max() ?? 0, start + 1)
        let principles = input.ruleSet.principles.filter { p in history.trend.contains { ($0.counts[p.id] ?? 0) > 0 } }
        if principles.isEmpty {
            return "<p>\(H.e(t("Ingen funn i noen commit av historikken.", "No findings in any commit of the history.")))</p>\n"
        }
        let tags = history.tags.filter { (start...end).contains(ordinal($0.day)) }
        var out = "<p>" + H.e(t("Funn i kraft etter hver commit som endret landskapet, fra \(days[0]) til \(days[days.count - 1]), per prinsipp. Stiplede linjer er tagger.",
                                "Findings in force after each commit that changed the landscape, from \(days[0]) to \(days[days.count - 1]), per principle. Dashed lines are tags.")) + "</p>\n"
        out += "<div class=\"charts\">\n"
        for (i, principle) in principles.enumerated() {
            let values = history.trend.map { $0.counts[principle.id] ?? 0 }
            out += "<figure>\n<figcaption>\(principleLink(principle.id, from: page))</figcaption>\n"
            out += sparkline(values: values, days: days.map(ordinal), start: start, end: end, tags: tags, id: "trend-\(i)",
                             title: t("Funn over tid: ", "Findings over time: ") + principle.name.text(language))
            out += "</figure>\n"
        }
        out += "</div>\n"
        // The same numbers as a table.
        out += "<details><summary>\(t("Tallene som tabell", "The numbers as a table"))</summary>\n"
        var rows: [[String]] = []
        for point in history.trend {
            let commit = history.commits[point.commit]
            var row = ["\(commit.day)", "<code>\(HistoryText.short(commit.id))</code>" + (commit.tags.isEmpty ? "" : " " + commit.tags.map { H.e($0) }.joined(separator: ", "))]
            row += principles.map { "\(point.counts[$0.id] ?? 0)" }
            rows.append(row)
        }
        out += H.table([t("Dato", "Date"), "Commit"] + principles.map { $0.id }, rows, numeric: Set(2..<(2 + principles.count)))
        out += "</details>\n"
        if !history.tags.isEmpty {
            out += "<p class=\"legend\">\(t("Tagger", "Tags")): " + history.tags.map { "<code>\(H.e($0.name))</code> \($0.day)" }.joined(separator: ", ") + "</p>\n"
        }
        return out
    }

    func sparkline(values: [Int], days: [Int], start: Int, end: Int, tags: [(name: String, day: Day)], id: String, title: String) -> String {
        let width = 320.0, height = 120.0, left = 34.0, right = 8.0, top = 8.0, bottom = 30.0
        let maxValue = max(1, values.max() ?? 1)
        func x(_ day: Int) -> Double { left + (width - left - right) * Double(day - start) / Double(max(1, end - start)) }
        func y(_ value: Int) -> Double { top + (height - top - bottom) * (1 - Double(value) / Double(maxValue)) }
        var svg = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" class=\"chart\">\n"
        svg += "<title id=\"\(id)-title\">\(H.e(title))</title>\n"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(height - bottom))\" x2=\"\(n(width - right))\" y2=\"\(n(height - bottom))\" stroke=\"\(Palette.line)\"/>\n"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(height - bottom))\" stroke=\"\(Palette.line)\"/>\n"
        svg += "<text x=\"\(n(left - 4))\" y=\"\(n(top + 8))\" text-anchor=\"end\" font-size=\"10\" fill=\"\(Palette.mutedText)\">\(maxValue)</text>\n"
        svg += "<text x=\"\(n(left - 4))\" y=\"\(n(height - bottom))\" text-anchor=\"end\" font-size=\"10\" fill=\"\(Palette.mutedText)\">0</text>\n"
        for tag in tags {
            let tx = x(ordinal(tag.day))
            svg += "<line x1=\"\(n(tx))\" y1=\"\(n(top))\" x2=\"\(n(tx))\" y2=\"\(n(height - bottom + 4))\" stroke=\"\(Palette.mutedText)\" stroke-dasharray=\"3 3\"><title>\(H.e(tag.name)) \(tag.day)</title></line>\n"
            svg += "<text x=\"\(n(tx))\" y=\"\(n(height - bottom + 14))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(Palette.mutedText)\">\(H.e(String(tag.name.prefix(12))))</text>\n"
        }
        // A step line: the count holds until the next commit changes it.
        var points: [String] = []
        for (i, value) in values.enumerated() {
            if i > 0 { points.append("\(n(x(days[i]))),\(n(y(values[i - 1])))") }
            points.append("\(n(x(days[i]))),\(n(y(value)))")
        }
        if let lastValue = values.last { points.append("\(n(x(end))),\(n(y(lastValue)))") }
        svg += "<polyline fill=\"none\" stroke=\"\(Palette.link)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
        svg += "<text x=\"\(n(left))\" y=\"\(n(height - 2))\" font-size=\"9\" fill=\"\(Palette.mutedText)\">\(H.e(dayText(start)))</text>\n"
        svg += "<text x=\"\(n(width - right))\" y=\"\(n(height - 2))\" text-anchor=\"end\" font-size=\"9\" fill=\"\(Palette.mutedText)\">\(H.e(dayText(end)))</text>\n"
        return svg + "</svg>\n"
    }

    /// The day of an ordinal, as YYYY-MM-DD.
    func dayText(_ ordinal: Int) -> String {
        Day(unixSeconds: Int64(ordinal) * 86_400).description
    }

    // MARK: - Roadmap

    /// Every transition on a time line (its due date, and today), then as a table with its
    /// progress and, from the history, when it was achieved.
    func roadmapSection(from page: String) -> String {
        let transitions = landscape.elements(of: .transition).sorted { a, b in
            let da = a.transition?.due?.value, db = b.transition?.due?.value
            if da != db { return (da.map(ordinal) ?? Int.max) < (db.map(ordinal) ?? Int.max) }
            return a.ref < b.ref
        }
        guard !transitions.isEmpty else {
            return "<p>\(H.e(t("Landskapet har ingen overganger (Transition) ennå.", "The landscape has no transitions yet.")))</p>\n"
        }
        let achievedAt = Dictionary((input.history?.transitions ?? []).map { ($0.element.ref, $0.achievedAt) }, uniquingKeysWith: { a, _ in a })
        let states = transitions.map { element -> TransitionEvaluator.State? in
            element.transition.map { TransitionEvaluator.evaluate($0, in: landscape, today: input.today) }
        }
        var out = ""
        let dues = transitions.compactMap { $0.transition?.due?.value }
        if !dues.isEmpty {
            out += timeline(transitions, states: states, from: page)
        }
        var rows: [[String]] = []
        for (element, state) in zip(transitions, states) {
            guard let state else { continue }
            let due = element.transition?.due.map { "\($0.value)" } ?? "–"
            let status = "<span class=\"status-\(state.status.rawValue)\">\(H.e(HistoryText.status(state.status, language)))</span>"
            let progress = "<progress max=\"\(max(1, state.total))\" value=\"\(state.satisfied)\" aria-label=\"\(H.e(title(element.ref)))\"></progress> \(state.satisfied)/\(state.total)"
            let achieved = (achievedAt[element.ref] ?? nil).map { "\(HistoryWalker.day(of: $0))" } ?? "–"
            rows.append([elementLink(element.ref, from: page), due, status, progress, achieved])
        }
        out += H.table([t("Overgang", "Transition"), t("Frist", "Due"), "Status", t("Betingelser oppfylt", "Conditions met"), t("Oppnådd", "Achieved")], rows)
        return out
    }

    func timeline(_ transitions: [Element], states: [TransitionEvaluator.State?], from page: String) -> String {
        let dues = transitions.compactMap { $0.transition?.due?.value }.map(ordinal)
        let today = ordinal(input.today)
        let start = min(dues.min() ?? today, today) - 30, end = max(dues.max() ?? today, today) + 30
        let width = 760.0, rowHeight = 22.0, left = 16.0, right = 16.0, top = 28.0
        let dated = transitions.enumerated().filter { $0.element.transition?.due != nil }
        let height = top + rowHeight * Double(dated.count) + 10
        func x(_ day: Int) -> Double { left + (width - left - right) * Double(day - start) / Double(max(1, end - start)) }
        // Its markers are links: a group, not an image (whose children screen readers skip).
        var svg = "<div class=\"figure\"><svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"group\" aria-labelledby=\"roadmap-title\" class=\"chart\">\n"
        svg += "<title id=\"roadmap-title\">\(H.e(t("Veikart: overgangene etter frist", "Roadmap: the transitions by due date")))</title>\n"
        // Years on the axis: every year, or every tenth, hundredth ... when the span is long.
        let firstYear = Day(unixSeconds: Int64(start) * 86_400).year, lastYear = Day(unixSeconds: Int64(end) * 86_400).year
        var step = 1
        while (lastYear - firstYear) / step > 20 { step *= 10 }
        for year in stride(from: (firstYear / step) * step, through: max(firstYear, lastYear), by: step) {
            guard let jan = Day(year: year, month: 1, day: 1) else { continue }
            let day = ordinal(jan)
            guard day >= start, day <= end else { continue }
            svg += "<line x1=\"\(n(x(day)))\" y1=\"\(n(top - 10))\" x2=\"\(n(x(day)))\" y2=\"\(n(height))\" stroke=\"\(Palette.line)\"/>\n"
            svg += "<text x=\"\(n(x(day) + 3))\" y=\"\(n(top - 14))\" font-size=\"11\" fill=\"\(Palette.mutedText)\">\(year)</text>\n"
        }
        svg += "<line x1=\"\(n(x(today)))\" y1=\"\(n(top - 10))\" x2=\"\(n(x(today)))\" y2=\"\(n(height))\" stroke=\"\(Palette.severity(.error))\" stroke-dasharray=\"4 3\"><title>\(t("I dag", "Today")) \(input.today)</title></line>\n"
        for (row, (index, element)) in dated.enumerated() {
            guard let due = element.transition?.due?.value, let state = states[index] else { continue }
            let y = top + rowHeight * Double(row) + rowHeight / 2
            let colour: String
            switch state.status {
            case .achieved: colour = "#2e6b3a"
            case .overdue: colour = Palette.severity(.error)
            case .inProgress: colour = Palette.link
            }
            let href = SitePaths.relative(from: page, to: SitePaths.element(element.ref))
            let label = "\(title(element.ref)) · \(due) · \(HistoryText.status(state.status, language)) \(state.satisfied)/\(state.total)"
            let cx = x(ordinal(due))
            let anchorEnd = cx > width / 2
            svg += "<a href=\"\(H.e(href))\"><title>\(H.e(label))</title>"
            svg += "<circle cx=\"\(n(cx))\" cy=\"\(n(y))\" r=\"6\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(n(anchorEnd ? cx - 10 : cx + 10))\" y=\"\(n(y + 4))\" font-size=\"11\" fill=\"\(Palette.text)\"\(anchorEnd ? " text-anchor=\"end\"" : "")>\(H.e(String(title(element.ref).prefix(48))))</text></a>\n"
        }
        return svg + "</svg></div>\n"
    }
}

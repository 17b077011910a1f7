import ArkitektGraph
import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Landscapes that try to break a drawing: markup in names, an element that refers to itself,
/// cycles, and one system with a thousand relations.
enum HostileLandscape {
    static let scriptTitle = "<script>alert(\"x\")</script> & 'sitat' æøå \\"
    static let hubRelations = 1_000

    /// Writes the landscape under `dir` (a configuration and `architecture/`).
    static func write(in dir: TempDirectory) throws {
        try dir.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  language: en\n")
        var docs: [String] = []
        docs.append(group("it", title: "IT \"<b>\" & co"))
        docs.append(system("markup", title: scriptTitle, uses: ["markup"]))
        for name in ["a", "b", "c"] { docs.append(system(name, title: "Cycle \(name.uppercased())")) }
        docs.append(integration("a-b", from: "a", to: "b"))
        docs.append(integration("b-c", from: "b", to: "c"))
        docs.append(integration("c-a", from: "c", to: "a"))
        docs.append(integration("self", from: "markup", to: "markup"))
        docs.append(system("hub", title: "Hub"))
        for i in 0..<hubRelations {
            let name = String(format: "leaf-%04d", i)
            docs.append(system(name, title: "Leaf \(i)"))
            docs.append(integration("to-hub-\(i)", from: name, to: "hub"))
        }
        try dir.write("architecture/landscape.yaml", docs.joined(separator: "---\n"))
    }

    static func group(_ name: String, title: String) -> String {
        """
        apiVersion: arkitekt/v1
        kind: Group
        metadata: {name: \(name), title: \(quoted(title))}
        spec: {type: department}

        """
    }

    static func system(_ name: String, title: String, uses: [String] = []) -> String {
        """
        apiVersion: arkitekt/v1
        kind: System
        metadata: {name: \(name), title: \(quoted(title))}
        spec:
          owner: it
          lifecycle: production
          uses: [\(uses.joined(separator: ", "))]

        """
    }

    static func integration(_ name: String, from: String, to: String) -> String {
        """
        apiVersion: arkitekt/v1
        kind: Integration
        metadata: {name: \(name), title: \(quoted("\(from) → \(to) <i>"))}
        spec: {from: \(from), to: \(to)}

        """
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// The subset of Mermaid's flowchart grammar that `MermaidWriter` emits, line by line: a test
/// holds every diagram to it, so that nothing a user writes can leave the grammar.
enum MermaidGrammar {
    static let id = #"n[0-9]+"#
    /// A quoted label: no raw quote, no `<` or `>` other than the writer's own `<br/>`.
    static let label = #""(?:[^"<>\n]|<br/>)*""#
    static let node = "\(id)(?:\\[\(label)\\]|\\[\\[\(label)\\]\\]|\\[\\(\(label)\\)\\]|\\{\\{\(label)\\}\\}|\\(\\[\(label)\\]\\)|\\[/\(label)/\\]|>\(label)\\]|\\(\(label)\\))"
    static let lines: [String] = [
        "flowchart LR",
        "  accTitle: [^\n]*",
        "  subgraph c[0-9]+\\[\(label)\\]",
        "  end",
        " +%% [^\n]*",
        " +\(node)",
        "  \(id) (?:-->|==>|-\\.->)(?:\\|\(label)\\|)? \(id)",
        "  classDef (?:focus|shared|missing|more) [a-z-]+:[^ ,]+(?:,[a-z-]+:[^,]+)*",
        "  class \(id)(?:,\(id))* (?:focus|shared|missing|more)",
    ]

    /// The lines of `text` that the grammar does not take.
    static func violations(_ text: String) throws -> [String] {
        let patterns = try lines.map { try Regex("^" + $0 + "$") }
        var bad: [String] = []
        var depth = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if !patterns.contains(where: { line.wholeMatch(of: $0) != nil }) { bad.append(String(line)) }
            if line.hasPrefix("  subgraph ") { depth += 1 }
            if line == "  end" { depth -= 1 }
            if depth < 0 { bad.append("unbalanced end: \(line)") }
        }
        if depth != 0 { bad.append("subgraph not closed") }
        if !text.hasPrefix("flowchart LR\n") { bad.append("does not start with flowchart LR") }
        return bad
    }
}

@Suite struct GraphTests {
    static let sample = packageRoot() + "/samples/landscape"

    func graph(_ args: [String], in directory: String) throws -> ProcessResult {
        try Executable().run(["graph"] + args, in: directory)
    }

    /// Runs Graphviz's own `dot` on DOT text: it must take it without a word on stderr.
    func dotAccepts(_ dot: String) throws {
        let result = try runProgram(try Tool.require("dot"), ["-Tsvg"], in: NSTemporaryDirectory(), environment: [:], input: Array(dot.utf8))
        #expect(result.status == 0, "dot failed: \(result.err)")
        #expect(result.err.isEmpty, "dot warned: \(result.err)")
        #expect(result.out.contains("<svg"))
    }

    @Test func dotOfTheSampleIsAcceptedByGraphviz() throws {
        for args in [["--format", "dot"], ["system:sak-arkiv", "--depth", "2", "--format", "dot"], ["data:person", "group:dokumentsenteret", "--format", "dot"]] {
            let result = try graph(args, in: Self.sample)
            #expect(result.status == 0, "\(args): \(result.stderr)")
            try dotAccepts(result.stdout)
        }
    }

    @Test func mermaidOfTheSampleFollowsTheGrammar() throws {
        for args in [[String](), ["system:sak-arkiv"], ["sak-arkiv", "--depth", "2"], ["data:person"]] {
            let result = try graph(args + ["--format", "mermaid"], in: Self.sample)
            #expect(result.status == 0, "\(args): \(result.stderr)")
            #expect(try MermaidGrammar.violations(result.stdout) == [], "\(args)")
            if args.isEmpty { #expect(result.stdout.contains("ID-porten")) }
        }
    }

    @Test func grammarCheckCatchesWhatItMust() throws {
        // The checker itself: a raw quote or markup in a label, or an unclosed subgraph, fails.
        #expect(try !MermaidGrammar.violations("flowchart LR\n  n0[\"a\"b\"]\n").isEmpty)
        #expect(try !MermaidGrammar.violations("flowchart LR\n  n0[\"<script>\"]\n").isEmpty)
        #expect(try !MermaidGrammar.violations("flowchart LR\n  subgraph c0[\"x\"]\n    n0[\"a\"]\n").isEmpty)
        #expect(try MermaidGrammar.violations("flowchart LR\n  n0[\"a<br/>System\"]\n  n1[(\"b\")]\n  n0 ==>|\"x\"| n1\n") == [])
    }

    @Test func svgOfTheSampleIsWellFormedAndTitled() throws {
        let result = try graph(["--format", "svg"], in: Self.sample)
        #expect(result.status == 0, "\(result.stderr)")
        try expectWellFormedXML(result.stdout)
        #expect(result.stdout.contains("Dokumentsenteret"))
    }

    @Test func hostileNamesAreEscapedInEveryFormat() throws {
        let dir = try TempDirectory()
        try HostileLandscape.write(in: dir)
        for args in [["system:markup"], ["system:a", "--depth", "3"], [String]()] {
            let dot = try graph(args + ["--format", "dot"], in: dir.path)
            #expect(dot.status == 0, "\(args): \(dot.stderr)")
            #expect(!dot.stdout.contains("<script>"))
            try dotAccepts(dot.stdout)
            let mermaid = try graph(args + ["--format", "mermaid"], in: dir.path)
            #expect(mermaid.status == 0)
            #expect(try MermaidGrammar.violations(mermaid.stdout) == [], "\(args)")
            let svg = try graph(args + ["--format", "svg"], in: dir.path)
            #expect(svg.status == 0, "\(args): \(svg.stderr)")
            #expect(!svg.stdout.contains("<script>"))
            try expectWellFormedXML(svg.stdout)
        }
        // The element that refers to itself is drawn with its loop.
        let mermaid = try graph(["system:markup", "--format", "mermaid"], in: dir.path).stdout
        #expect(mermaid.contains("#lt;script#gt;alert(#quot;x#quot;)"))
    }

    @Test func aThousandRelationsAreCutToWhatCanBeRead() throws {
        let dir = try TempDirectory()
        try HostileLandscape.write(in: dir)
        let result = try graph(["system:hub", "--format", "mermaid"], in: dir.path)
        #expect(result.status == 0)
        let nodes = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  %% ") }.count
        let limit = DiagramBuilder(landscape: Landscape(elements: [], fileCount: 0), language: .en).limit
        #expect(nodes == limit + 2, "the hub, \(limit) neighbours and one node for the rest")
        // A thousand integrations and its owner.
        #expect(result.stdout.contains("+\(HostileLandscape.hubRelations + 1 - limit) more"))
        let svg = try graph(["system:hub", "--format", "svg"], in: dir.path)
        #expect(svg.status == 0)
        try expectWellFormedXML(svg.stdout)
    }

    @Test func anArrowCutOffAtTheLimitNeverWritesItsEndAsText() throws {
        // More users of one data entity than are drawn, and an integration whose far end is a
        // dangling reference made to look like DOT: the arrow's ends are always nodes.
        let dir = try TempDirectory()
        var docs = [HostileLandscape.group("it", title: "IT"),
                    "apiVersion: arkitekt/v1\nkind: DataEntity\nmetadata: {name: d}\nspec: {owner: it}\n"]
        for i in 0..<45 {
            docs.append("apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s\(i)}\nspec:\n  owner: it\n  data: [{entity: d, access: read}]\n")
        }
        docs.append("apiVersion: arkitekt/v1\nkind: Integration\nmetadata: {name: aaa}\nspec:\n  from: s0\n  to: 'x\" [URL=\"javascript:alert(1)\"] \"y'\n  data: [d]\n")
        try dir.write("architecture/l.yaml", docs.joined(separator: "---\n"))
        let dot = try graph(["data:d", "--format", "dot"], in: dir.path)
        #expect(dot.status == 0, "\(dot.stderr)")
        try dotAccepts(dot.stdout)
        let svg = try graph(["data:d", "--format", "svg"], in: dir.path)
        #expect(svg.status == 0)
        #expect(!svg.stdout.contains("href=\"javascript"), "a link made from a name")
        try expectWellFormedXML(svg.stdout)
    }

    @Test func mistakesExitWithTwoAndSayWhatToDo() throws {
        let unknown = try graph(["system:sak-arkivv"], in: Self.sample)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("system:sak-arkiv"), "did-you-mean: \(unknown.stderr)")
        let ambiguous = try graph(["nosuchthing"], in: Self.sample)
        #expect(ambiguous.status == 2)
        let depth = try graph(["system:sak-arkiv", "--depth", "-1"], in: Self.sample)
        #expect(depth.status == 2)
        let repo = try RepoFixture(prefix: "graph-rev", initialise: true)
        try repo.write("architecture/a.yaml", HostileLandscape.group("it", title: "IT") + "---\n" + HostileLandscape.system("a", title: "A"))
        _ = try repo.commitAll("a")
        #expect(try graph(["--rev", "HEAD"], in: repo.root).status == 0)
        let rev = try graph(["--rev", "no-such-rev"], in: repo.root)
        #expect(rev.status == 2)
        #expect(rev.stderr.contains("no-such-rev"))
        let format = try graph(["--format", "png"], in: Self.sample)
        #expect(format.status == 2)
        // A depth far beyond the landscape ends when nothing is left to reach.
        let deep = try graph(["system:sak-arkiv", "--depth", "9223372036854775807"], in: Self.sample)
        #expect(deep.status == 0)
    }

    @Test func theSameLandscapeGivesTheSameBytes() throws {
        // Two processes (Swift seeds its hashing per process).
        for format in ["dot", "mermaid", "svg"] {
            let a = try graph(["--format", format], in: Self.sample).stdout
            let b = try graph(["--format", format], in: Self.sample).stdout
            #expect(a == b, "\(format)")
        }
    }

    @Test func paletteMeetsTheContrastMinimum() throws {
        for pair in Palette.textPairs {
            let ratio = try #require(Palette.contrast(pair.foreground, pair.background))
            #expect(ratio >= 4.5, "\(pair.name): \(pair.foreground) on \(pair.background) is \(ratio):1")
        }
        // The measure itself: black on white is 21:1, a colour with itself 1:1.
        #expect(abs((Palette.contrast("#000000", "#ffffff") ?? 0) - 21) < 0.01)
        #expect(Palette.contrast("#777777", "#777777") == 1)
    }
}

/// Parses `text` as XML: it must be well-formed (an SVG a browser can draw).
func expectWellFormedXML(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let parser = XMLParser(data: Data(text.utf8))
    parser.shouldResolveExternalEntities = false
    let ok = parser.parse()
    #expect(ok, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")", sourceLocation: sourceLocation)
}

@Suite struct DayNumberTests {
    /// The charts' time axis: days since 1970 and back, for every day of four centuries' edges
    /// and leap days, against the Unix-time conversion the history already uses.
    @Test func daysSinceEpochIsTheInverseOfUnixDays() throws {
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        #expect(Day(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let day = Day(unixSeconds: Int64(days) * 86_400)
            #expect(day.daysSinceEpoch == days, "\(day)")
        }
        for year in [1900, 2000, 2024, 2100] {
            let feb28 = try #require(Day(year: year, month: 2, day: 28)), march1 = try #require(Day(year: year, month: 3, day: 1))
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            #expect(march1.daysSinceEpoch - feb28.daysSinceEpoch == (leap ? 2 : 1), "\(year)")
        }
    }
}

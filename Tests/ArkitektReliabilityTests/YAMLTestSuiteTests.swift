@testable import ArkitektLoading
import ArkitektModel
import Foundation
import Testing

/// One case of the YAML test suite (`data` branch layout): a folder with `in.yaml`, and `error`
/// when the input is invalid. Cases with several variants have numbered subfolders (`2G84/00`).
struct SuiteCase: Sendable, CustomTestStringConvertible {
    let id: String
    let directory: String
    let invalid: Bool
    var testDescription: String { id }

    /// Stands in for the whole suite when it cannot be found, so that the test fails instead of
    /// running over nothing.
    static let missing = SuiteCase(id: "<yaml-test-suite missing>", directory: "", invalid: false)

    static let all: [SuiteCase] = {
        let fm = FileManager.default
        let root = ReliabilityPaths.yamlTestSuite
        guard let names = try? fm.contentsOfDirectory(atPath: root) else { return [missing] }
        var cases: [SuiteCase] = []
        func add(_ id: String, _ dir: String) {
            cases.append(SuiteCase(id: id, directory: dir, invalid: fm.fileExists(atPath: dir + "/error")))
        }
        // `name/` and `tags/` are indexes of the same cases; `LICENSE` and `SOURCE_COMMIT` are files.
        for name in names.sorted() where name != "name" && name != "tags" {
            let dir = root + "/" + name
            if fm.fileExists(atPath: dir + "/in.yaml") {
                add(name, dir)
            } else if let subs = try? fm.contentsOfDirectory(atPath: dir) {
                for sub in subs.sorted() where fm.fileExists(atPath: dir + "/" + sub + "/in.yaml") {
                    add(name + "/" + sub, dir + "/" + sub)
                }
            }
        }
        return cases.isEmpty ? [missing] : cases
    }()
}

/// What arkitekt does with one suite case: accept it (documents) or reject it (a failure).
enum SuiteOutcome: Equatable {
    case accepted
    case rejected(YAMLFailure)

    var isAccepted: Bool { self == .accepted }
}

@Suite struct YAMLTestSuiteTests {
    /// Where libyaml 0.2.5 (and so arkitekt) and the YAML test suite disagree, measured with this
    /// suite's run. Every entry is a libyaml behaviour, not arkitekt's: arkitekt reports what
    /// libyaml says. A case that starts to agree (a libyaml upgrade) must be removed from here, and a
    /// new disagreement must be added with its reason: the table is compared with the run exactly.
    static let knownDisagreements: [String: String] = [
        // libyaml accepts invalid YAML (16)
        "9C9N": "libyaml accepts invalid: flow sequence continuation lines less indented than the key",
        "9HCY": "libyaml accepts invalid: %TAG directive after a bare document without a `...` footer",
        "9JBA": "libyaml accepts invalid: comment without a space after the end of a flow sequence",
        "CVW2": "libyaml accepts invalid: comment without a space right after a comma in a flow sequence",
        "DK95/01": "libyaml accepts invalid: tab as indentation of a multi-line double-quoted scalar",
        "EB22": "libyaml accepts invalid: %YAML directive after a document without a `...` footer",
        "G5U8": "libyaml accepts invalid: plain `-` entries in a flow sequence",
        "MUS6/00": "libyaml accepts invalid: comment without a space after a %YAML directive",
        "MUS6/01": "libyaml accepts invalid: a second %YAML directive for the next document without `...`",
        "QB6E": "libyaml accepts invalid: multi-line double-quoted scalar less indented than its key",
        "RHX7": "libyaml accepts invalid: %YAML directive without a `...` end marker before it",
        "S98Z": "libyaml accepts invalid: block scalar whose leading empty lines are more indented than its content",
        "SU5Z": "libyaml accepts invalid: comment without a space after a double-quoted scalar",
        "X4QW": "libyaml accepts invalid: comment without a space after a block scalar indicator",
        "Y79Y/003": "libyaml accepts invalid: tab at the start of a line inside a flow sequence",
        "YJV2": "libyaml accepts invalid: a lone `-` inside a flow sequence",
        // libyaml rejects valid YAML (51)
        "2JQS": "libyaml rejects valid: block mapping entries with empty keys (`: a`)",
        "2LFX": "libyaml rejects valid: reserved (unknown) directive `%FOO`, which should only warn",
        "2SXE": "libyaml rejects valid: anchor names containing `:`",
        "4ABK": "libyaml rejects valid: flow mapping entries with a separated `:` and an omitted value",
        "4MUZ/00": "libyaml rejects valid: flow mapping `:` on the line after the key",
        "4MUZ/01": "libyaml rejects valid: flow mapping `:` on the line after a quoted key",
        "4MUZ/02": "libyaml rejects valid: flow mapping `:` on the line after a plain key",
        "58MP": "libyaml rejects valid: flow mapping value starting with `:` (`{x: :x}`)",
        "5MUD": "libyaml rejects valid: `:` and adjacent value on the line after a quoted flow key",
        "5T43": "libyaml rejects valid: flow value beginning with `:` right after a quoted key (`\"key\"::value`)",
        "6BCT": "libyaml rejects valid: tabs as separation space after `-` and `:`",
        "6CA3": "libyaml rejects valid: tab-indented top-level flow sequence",
        "6LVF": "libyaml rejects valid: reserved directive `%FOO`, which should only warn",
        "6M2F": "libyaml rejects valid: explicit block mapping entry with an empty key and an alias value",
        "7Z25": "libyaml rejects valid: bare document after a `...` end marker",
        "8XYN": "libyaml rejects valid: anchor name with a non-ASCII character",
        "96NN/00": "libyaml rejects valid: tab as content after indentation in a literal block scalar",
        "96NN/01": "libyaml rejects valid: tab as content after indentation in a literal block scalar (variant)",
        "9SA2": "libyaml rejects valid: multi-line double-quoted key in a flow mapping",
        "A2M4": "libyaml rejects valid: tabs after `-` indicators inside an explicit mapping value",
        "BEC7": "libyaml rejects valid: `%YAML 1.3` directive, which should only warn",
        "CFD4": "libyaml rejects valid: empty implicit key in single-pair flow sequence entries (`[ : x ]`)",
        "DBG4": "libyaml rejects valid: plain scalars starting with `::` inside a flow sequence",
        "DK3J": "libyaml rejects valid: zero-indented folded block scalar with a line that looks like a comment",
        "DK95/00": "libyaml rejects valid: tab before a plain scalar continuation value",
        "DK95/03": "libyaml rejects valid: line of only space and tab before the first key",
        "DK95/04": "libyaml rejects valid: line holding only a tab between mapping entries",
        "FP8R": "libyaml rejects valid: zero-indented folded block scalar after `--- >`",
        "FRK4": "libyaml rejects valid: completely empty flow nodes (`? foo :,` and `: bar`)",
        "HM87/00": "libyaml rejects valid: flow scalar starting with `:` (`[:x]`)",
        "HWV9": "libyaml rejects valid: a stream holding only a `...` document end marker",
        "K3WX": "libyaml rejects valid: `:` and value on the line after a flow key and a comment",
        "M2N8/00": "libyaml rejects valid: explicit key holding an empty-key mapping (`- ? : x`)",
        "M7A3": "libyaml rejects valid: bare documents separated only by `...` markers",
        "MUS6/05": "libyaml rejects valid: reserved directive `%YAM`, which should only warn",
        "MUS6/06": "libyaml rejects valid: reserved directive `%YAMLL`, which should only warn",
        "NHX8": "libyaml rejects valid: empty key and value (`:`) followed by empty lines",
        "NJ66": "libyaml rejects valid: multi-line plain key in a flow mapping",
        "NKF9": "libyaml rejects valid: empty keys in block and flow mappings",
        "Q5MG": "libyaml rejects valid: tab at the start of a line before a flow mapping",
        "QT73": "libyaml rejects valid: a comment and a `...` marker with no document",
        "R4YG": "libyaml rejects valid: block indentation indicator with a tab in the content",
        "S3PD": "libyaml rejects valid: implicit block mapping entry with an empty key",
        "SM9W/01": "libyaml rejects valid: a stream holding a single `:`",
        "UKK6/00": "libyaml rejects valid: `- :` (empty key and value in a sequence entry)",
        "UT92": "libyaml rejects valid: plain flow scalar starting with `%` on a continuation line",
        "VJP3/01": "libyaml rejects valid: flow mapping key, `:` and value on separate lines",
        "W4TN": "libyaml rejects valid: literal block content that looks like a directive (`%!PS`)",
        "W5VH": "libyaml rejects valid: anchor and alias names made of indicator characters (`&:@*!$\"<foo>:`)",
        "Y79Y/001": "libyaml rejects valid: a line of only a tab inside a literal block scalar",
        "Y79Y/010": "libyaml rejects valid: tab between `-` and a nested `-1`",
    ]

    /// Parses and loads one case under the hang guard.
    static func run(_ suiteCase: SuiteCase) throws -> (outcome: SuiteOutcome, loaded: LoadedFile)? {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: suiteCase.directory + "/in.yaml")))
        return withHangGuard(seconds: 10) { () -> (SuiteOutcome, LoadedFile) in
            let outcome: SuiteOutcome
            switch YAMLParser.parse(bytes) {
            case .documents: outcome = .accepted
            case .failure(let failure): outcome = .rejected(failure)
            }
            return (outcome, LandscapeLoader.load(path: "architecture/suite.yaml", bytes: bytes))
        }
    }

    @Test("every case of the YAML test suite: no crash, no hang, the suite's verdict (or a known disagreement)",
          arguments: SuiteCase.all)
    func suiteCase(_ suiteCase: SuiteCase) throws {
        guard suiteCase.id != SuiteCase.missing.id else {
            Issue.record("The YAML test suite is missing: expected it at \(ReliabilityPaths.yamlTestSuite) (Tests/Corpora in the repository)")
            return
        }
        let result = try #require(try Self.run(suiteCase), "\(suiteCase.id): still parsing after 10 s (hang)")
        let disagreement = Self.knownDisagreements[suiteCase.id]
        // The suite's verdict, flipped where libyaml is known to disagree.
        let expectAccepted = suiteCase.invalid == (disagreement != nil)
        let syntax = result.loaded.findings.filter { $0.rule == "yaml-syntax" }
        switch result.outcome {
        case .accepted:
            #expect(expectAccepted, "\(suiteCase.id) is \(suiteCase.invalid ? "invalid" : "valid") YAML but was accepted")
            #expect(syntax.isEmpty, "\(suiteCase.id): accepted by the parser, yet the loader says \(syntax.map(\.message.en))")
            #expect(!result.loaded.findings.contains { $0.rule == "resource-limit" })
        case .rejected(let failure):
            #expect(!expectAccepted, "\(suiteCase.id) is \(suiteCase.invalid ? "invalid" : "valid") YAML but was rejected: \(failure)")
            #expect(failure.reason.isSyntax, "\(suiteCase.id): \(failure)")
            #expect(failure.line >= 1 && failure.column >= 1, "\(suiteCase.id): position \(failure.line):\(failure.column)")
            // The loader turns it into exactly one file-level yaml-syntax finding at that place.
            #expect(result.loaded.elements.isEmpty)
            #expect(result.loaded.findings.count == 1)
            let finding = try #require(syntax.first, "\(suiteCase.id): no yaml-syntax finding, got \(result.loaded.findings.map(\.rule))")
            #expect(finding.element == nil)
            #expect(finding.location == ArkitektModel.SourceLocation(file: "architecture/suite.yaml", line: failure.line, column: failure.column))
            #expect(!finding.message.en.isEmpty && !finding.message.nb.isEmpty)
        }
    }

    /// Where the tree arkitekt builds from libyaml's events reads differently from the suite's
    /// `test.event` for a case both accept. Compared with the run exactly, like the table above.
    /// Each is libyaml 0.2.5 reading the text otherwise than the YAML 1.2 specification does.
    static let knownEventDifferences: [String: String] = [
        "652Z": "libyaml reads `?foo` in a flow mapping as the explicit key indicator and the key `foo`; the spec reads the plain `?foo`",
        "HM87/01": "libyaml reads `[?x]` as a sequence holding a one-entry mapping; the spec reads the plain scalar `?x`",
        "JEF9/02": "libyaml drops the kept line break of a `|+` scalar whose last line holds only spaces and no line break",
        "L24T/01": "libyaml drops the final line break of a literal scalar whose last line holds only spaces and no line break",
        "Y2GN": "libyaml ends an anchor name at `:` (`&an:chor`); the spec lets anchor names hold `:`",
    ]

    /// The suite's `test.event`, reduced to what arkitekt's tree keeps: documents, mappings,
    /// sequences, scalars (their text, and whether they are plain without a tag, which is what can
    /// mean null), and aliases. Anchor names, tags, collection styles and document markers go.
    static func suiteEvents(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line -> String? in
            if line == "+STR" || line == "-STR" { return nil }
            for prefix in ["+DOC", "-DOC", "+MAP", "+SEQ", "-MAP", "-SEQ", "=ALI"] where line.hasPrefix(prefix) { return prefix }
            guard line.hasPrefix("=VAL ") else { return "?" + line }
            var rest = line.dropFirst(5)
            if rest.hasPrefix("&"), let space = rest.firstIndex(of: " ") { rest = rest[rest.index(after: space)...] }
            var tagged = false
            if rest.hasPrefix("<"), let close = rest.range(of: "> ") {
                tagged = true
                rest = rest[close.upperBound...]
            }
            guard let style = rest.first else { return "?" + line }
            return "=VAL " + (style == ":" && !tagged ? ":" : "'") + rest.dropFirst()
        }
    }

    /// The same events read from arkitekt's tree: a node met a second time is an alias.
    static func treeEvents(_ documents: [YAMLDocument]) -> [String] {
        var out: [String] = []
        func escape(_ text: String) -> String {
            var e = ""
            for c in text.unicodeScalars {
                switch c {
                case "\\": e += "\\\\"
                case "\n": e += "\\n"
                case "\t": e += "\\t"
                case "\r": e += "\\r"
                case "\u{8}": e += "\\b"
                default: e.unicodeScalars.append(c)
                }
            }
            return e
        }
        for doc in documents {
            out.append("+DOC")
            var seen = Set<Int32>()
            func render(_ i: Int32) {
                guard seen.insert(i).inserted else { out.append("=ALI"); return }
                let n = doc.node(i)
                switch n.kind {
                case .scalar:
                    out.append("=VAL " + (n.plain ? ":" : "'") + escape(doc.scalars[Int(n.scalarIndex)]))
                case .mapping, .sequence:
                    out.append(n.kind == .mapping ? "+MAP" : "+SEQ")
                    for k in Int(n.childStart)..<Int(n.childStart + n.childCount) { render(doc.children[k]) }
                    out.append(n.kind == .mapping ? "-MAP" : "-SEQ")
                }
            }
            if let root = doc.root { render(root) }
            out.append("-DOC")
        }
        return out
    }

    @Test("every case both accept reads as the suite's event stream")
    func eventStreamsMatch() throws {
        let cases = SuiteCase.all
        try #require(cases.first?.id != SuiteCase.missing.id,
                     "The YAML test suite is missing: expected it at \(ReliabilityPaths.yamlTestSuite) (Tests/Corpora in the repository)")
        var compared = 0
        var differing: [String: String] = [:]
        for suiteCase in cases where !suiteCase.invalid {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: suiteCase.directory + "/in.yaml")))
            guard case .documents(let documents) = YAMLParser.parse(bytes) else { continue }
            let expected = Self.suiteEvents(try String(contentsOfFile: suiteCase.directory + "/test.event", encoding: .utf8))
            let got = Self.treeEvents(documents)
            compared += 1
            if got != expected {
                let at = (0..<min(got.count, expected.count)).first { got[$0] != expected[$0] } ?? min(got.count, expected.count)
                differing[suiteCase.id] = "event \(at): arkitekt \(at < got.count ? got[at] : "(end)"), suite \(at < expected.count ? expected[at] : "(end)")"
            }
        }
        let new = Set(differing.keys).subtracting(Self.knownEventDifferences.keys).sorted().map { "\($0): \(differing[$0] ?? "")" }
        let fixed = Set(Self.knownEventDifferences.keys).subtracting(differing.keys).sorted()
        #expect(new.isEmpty, "event streams that differ from the suite's:\n\(new.joined(separator: "\n"))")
        #expect(fixed.isEmpty, "these now read as the suite has them, remove them from knownEventDifferences: \(fixed)")
        // Every valid case that libyaml accepts was compared.
        #expect(compared == cases.filter { !$0.invalid }.count - Self.knownDisagreements.keys.filter { id in cases.contains { $0.id == id && !$0.invalid } }.count)
    }

    @Test("the disagreements with libyaml are exactly the known ones")
    func disagreementsAreKnown() throws {
        let cases = SuiteCase.all
        try #require(cases.first?.id != SuiteCase.missing.id,
                     "The YAML test suite is missing: expected it at \(ReliabilityPaths.yamlTestSuite) (Tests/Corpora in the repository)")
        var actual: [String: String] = [:]
        for suiteCase in cases {
            guard let result = try Self.run(suiteCase) else {
                Issue.record("\(suiteCase.id): hang")
                continue
            }
            if result.outcome.isAccepted == suiteCase.invalid {
                actual[suiteCase.id] = suiteCase.invalid ? "libyaml accepts invalid" : "libyaml rejects valid"
            }
        }
        let known = Set(Self.knownDisagreements.keys), found = Set(actual.keys)
        let new = found.subtracting(known).sorted().map { "\($0) (\(actual[$0]!))" }
        let fixed = known.subtracting(found).sorted()
        #expect(new.isEmpty, "new disagreements with the YAML test suite, add them to knownDisagreements: \(new)")
        #expect(fixed.isEmpty, "these cases now agree with the suite, remove them from knownDisagreements: \(fixed)")
        // Each reason says which way the case disagrees.
        for (id, kind) in actual {
            if let reason = Self.knownDisagreements[id] { #expect(reason.hasPrefix(kind), "\(id): \(reason)") }
        }
        #expect(cases.count > 300, "expected the whole suite, found \(cases.count) cases")
    }
}

import ArkitektTestSupport
import Foundation
import Testing

/// One run speaks one language, everywhere: every command and every error path is driven in both
/// languages, and no text of the other language's catalogue may appear in what a run prints.
///
/// The catalogues are read from the project's own sources: every `nb: "..."` / `en: "..."` pair
/// and every `nb ? "..." : "..."` choice in `Sources/`, and the `nb:` / `en:` lines of the rule
/// packs in `rules/`. A phrase of one language that the other language's texts do not contain
/// must never reach the output of a run in the other language.
@Suite("one language per run", .serialized)
struct OneLanguageTests {
    let arkitekt = try? Executable()

    func run(_ args: [String], in directory: String) throws -> ProcessResult {
        let arkitekt = try #require(self.arkitekt)
        return try arkitekt.run(args, in: directory)
    }

    // MARK: The catalogues

    struct Catalogue {
        /// Phrases only Bokmål texts have, and phrases only English texts have.
        var nbOnly: [String] = []
        var enOnly: [String] = []
        var pairs = 0
    }

    static let catalogue: Catalogue = {
        var nbTexts: [String] = [], enTexts: [String] = []
        let root = packageRoot()
        let files = FileManager.default
        for directory in ["Sources", "rules"] {
            let base = root + "/" + directory
            for relative in (try? files.subpathsOfDirectory(atPath: base)) ?? [] {
                guard let data = files.contents(atPath: base + "/" + relative) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                if relative.hasSuffix(".swift"), !relative.hasSuffix("EmbeddedRules.swift") {
                    for (nb, en) in swiftPairs(text) { nbTexts.append(nb); enTexts.append(en) }
                } else if relative.hasSuffix(".yaml") {
                    for (nb, en) in yamlPairs(text) { nbTexts.append(nb); enTexts.append(en) }
                }
            }
        }
        let nbAll = nbTexts.joined(separator: "\u{1}"), enAll = enTexts.joined(separator: "\u{1}")
        var catalogue = Catalogue(pairs: nbTexts.count)
        catalogue.nbOnly = Set(nbTexts.flatMap(phrases)).filter { !enAll.contains($0) }.sorted()
        catalogue.enOnly = Set(enTexts.flatMap(phrases)).filter { !nbAll.contains($0) }.sorted()
        return catalogue
    }()

    static let literal = #""((?:[^"\\]|\\.)*)""#

    /// `nb: "…", en: "…"` and `nb ? "…" : "…"` in Swift.
    static func swiftPairs(_ text: String) -> [(String, String)] {
        let patterns = [#"nb:\s*"# + literal + #"\s*,\s*en:\s*"# + literal,
                        #"(?:nb|\.nb)\s*\?\s*\(?\s*"# + literal + #"\s*:\s*"# + literal]
        var pairs: [(String, String)] = []
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                guard let a = Range(match.range(at: 1), in: text), let b = Range(match.range(at: 2), in: text) else { continue }
                pairs.append((String(text[a]), String(text[b])))
            }
        }
        return pairs
    }

    /// `nb: …` followed by `en: …` on the next line, in the rule packs.
    static func yamlPairs(_ text: String) -> [(String, String)] {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var pairs: [(String, String)] = []
        for (line, next) in zip(lines, lines.dropFirst()) where line.hasPrefix("nb: ") && next.hasPrefix("en: ") {
            func value(_ l: String) -> String {
                var v = String(l.dropFirst(4))
                if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                return v
            }
            let nb = value(line), en = value(next)
            if nb == ">-" || nb == "|" { continue }
            pairs.append((nb, en))
        }
        return pairs
    }

    /// The runs of words between interpolations, placeholders and quoted names, of at least
    /// three words: what a reader would recognise as a phrase of that language.
    static func phrases(_ text: String) -> [String] {
        var cleaned = ""
        var depth = 0
        var chars = Array(text)
        var i = 0
        // Interpolations \( … ) and template placeholders { … } become breaks.
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "(" {
                depth = 1
                i += 2
                while i < chars.count, depth > 0 {
                    if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                    i += 1
                }
                cleaned.append("\u{1}")
                continue
            }
            if c == "{" {
                while i < chars.count, chars[i] != "}" { i += 1 }
                i += 1
                cleaned.append("\u{1}")
                continue
            }
            if c == "\\", i + 1 < chars.count {
                cleaned.append("\u{1}")
                i += 2
                continue
            }
            cleaned.append(c)
            i += 1
        }
        chars = []
        let breaks: Set<Character> = ["\u{1}", "«", "»", "'", "\"", "`", "(", ")", ":", ";", ".", ",", "?", "!", "[", "]", "—"]
        var out: [String] = []
        var current = ""
        func flush() {
            let phrase = current.trimmingCharacters(in: .whitespaces)
            let words = phrase.split(separator: " ")
            if words.count >= 3, phrase.count >= 14, words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0 == "-" } }) {
                out.append(phrase)
            }
            current = ""
        }
        for c in cleaned {
            if breaks.contains(c) { flush() } else { current.append(c) }
        }
        flush()
        return out
    }

    @Test func theCataloguesAreRead() {
        let catalogue = Self.catalogue
        #expect(catalogue.pairs > 300, "\(catalogue.pairs) pairs")
        #expect(catalogue.nbOnly.count > 300 && catalogue.enOnly.count > 300, "\(catalogue.nbOnly.count) / \(catalogue.enOnly.count)")
        #expect(catalogue.enOnly.contains("does not exist"))
        #expect(catalogue.nbOnly.contains("Depotet har ingen commits ennå"))
        #expect(catalogue.enOnly.contains("Fix the syntax"))
    }

    // MARK: The runs

    /// The sample history (tags, transitions, exemptions, findings of every kind), built once.
    static func sample() throws -> (temp: TempDirectory, repo: String) {
        let temp = try TempDirectory(prefix: "arkitekt-lang")
        let repo = temp.url("fjordvik")
        let build = try runProcess("/usr/bin/env", ["bash", packageRoot() + "/samples/history/build.sh", repo], in: temp.path,
                                   environment: ["HOME": temp.path])
        try #require(build.status == 0, "build.sh failed: \(build.stderr)")
        return (temp, repo)
    }

    /// Every command and every error path, as arguments and the folder to run in.
    static func runs(_ repo: String, _ temp: TempDirectory) throws -> [(args: [String], directory: String)] {
        // Places the error paths need.
        let empty = temp.url("empty")
        try FileManager.default.createDirectory(atPath: empty + "/sub", withIntermediateDirectories: true)
        let bare = temp.url("bare.git")
        let cli = GitCLI(home: temp.path)
        try cli.run("clone", "-q", "--bare", repo, bare, in: temp.path)
        let shallow = temp.url("shallow")
        try cli.run("clone", "-q", "--depth", "2", "file://" + repo, shallow, in: temp.path)
        let noCommits = temp.url("nocommits")
        try cli.run("init", "-q", noCommits, in: temp.path)
        try temp.write("broken-baseline.json", "{\"version\": 99}\n")
        try temp.write("pack/rule.yaml", """
            apiVersion: arkitekt/v1
            kind: Rule
            metadata: {name: own-rule}
            spec:
              principle: apenhet
              severity: warning
              title: {nb: Egen regel, en: Own rule}
              rationale: {nb: Fordi., en: Because.}
              message: {nb: "{element} mangler beskrivelse.", en: "{element} has no description."}
              select: {kind: System}
              check: {require: metadata.description}
              examples:
                pass:
                  - landscape: |
                      apiVersion: arkitekt/v1
                      kind: System
                      metadata: {name: a}
                fail:
                  - landscape: |
                      apiVersion: arkitekt/v1
                      kind: System
                      metadata: {name: b, description: x}
                    findings: [{element: "system:b"}]
            """)
        let pack = temp.url("pack")
        var runs: [(args: [String], directory: String)] = []
        for format in ["text", "json", "sarif", "junit", "github", "gitlab", "markdown"] {
            runs.append((["check", "--format", format, "--show-suppressed", "--date", "2026-06-01"], repo))
        }
        runs += [
            (["check", "--summary", "--verbose"], repo),
            (["check", "--against", "v2025.1", "--format", "markdown"], repo),
            (["check", "--baseline", temp.url("broken-baseline.json")], repo),
            (["diff", "v2024.1", "HEAD"], repo),
            (["diff", "v2024.1", "HEAD", "--format", "json"], repo),
            (["diff", "v2024.1", "HEAD", "--format", "markdown"], repo),
            (["diff", "HEAD"], repo),
            (["changelog"], repo),
            (["changelog", "--format", "json"], repo),
            (["transitions"], repo),
            (["transitions", "--format", "json"], repo),
            (["rules"], repo),
            (["explain", "single-master"], repo),
            (["explain", "yaml-syntax"], repo),
            (["explain", "single-mastr"], repo),
            (["rules", "test", pack], repo),
            (["hook", "install"], repo),
            (["hook", "install"], repo),
            (["hook", "uninstall"], repo),
            (["hook", "uninstall"], repo),
            (["hook"], repo),
            (["check", "--rev", "nosuch"], repo),
            (["check", "--rev", "HEAD", "--staged"], repo),
            (["check", "--format", "foo"], repo),
            (["check", "--formt", "json"], repo),
            (["chekc"], repo),
            (["check"], empty + "/sub"),
            (["diff", "HEAD"], empty),
            (["check", "--staged"], bare),
            (["changelog"], shallow),
            (["transitions"], shallow),
            (["check", "--rev", "HEAD"], noCommits),
            (["changelog"], noCommits),
        ]
        return runs
    }

    @Test func everyCommandAndEveryErrorSpeaksOneLanguage() throws {
        let (temp, repo) = try Self.sample()
        let catalogue = Self.catalogue
        var checked = 0
        for (args, directory) in try Self.runs(repo, temp) {
            for language in ["nb", "en"] {
                let result = try run(args + ["--lang", language], in: directory)
                let printed = result.stdout + result.stderr
                #expect(!printed.isEmpty, "\(args) --lang \(language) printed nothing")
                let foreign = language == "nb" ? catalogue.enOnly : catalogue.nbOnly
                let found = foreign.filter { printed.contains($0) }
                #expect(found.isEmpty, "\(args) in \(directory) --lang \(language) printed the other language: \(found)\n\(printed.prefix(2000))")
                checked += 1
            }
        }
        #expect(checked >= 80)
    }

    /// The configuration's language counts for every line as `--lang` does.
    @Test func theConfiguredLanguageHoldsForErrorsToo() throws {
        let (temp, repo) = try Self.sample()
        try temp.write("fjordvik/.arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  language: en\n")
        for args in [["check"], ["check", "--rev", "nosuch"], ["check", "--format", "foo"], ["chekc"], ["hook"], ["transitions"]] {
            let result = try run(args, in: repo)
            let printed = result.stdout + result.stderr
            let found = Self.catalogue.nbOnly.filter { printed.contains($0) }
            #expect(found.isEmpty, "\(args): \(found)\n\(printed.prefix(1000))")
            #expect(!printed.contains("arkitekt: feil:"), "\(args): \(printed.prefix(400))")
        }
    }

    /// The configured language holds for mistakes about paths too: a deleted file an editor
    /// passes, a bad value with the landscape named as PATH from elsewhere.
    @Test func theConfiguredLanguageHoldsForPathMistakes() throws {
        let f = try KitFixture()
        try f.write(".arkitekt.yaml", Doc.config("  language: en"))
        try f.write("architecture/a.yaml", Doc.group("a"))
        let gone = try run(["check", "architecture/gone.yaml"], in: f.root)
        #expect(gone.stderr == "arkitekt: error: 'architecture/gone.yaml' does not exist.\n", "\(gone.stderr)")
        let elsewhere = f.temp.url("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        for args in [["check", f.root, "--format", "xml"], ["check", f.root, "--output", "foo=x"], ["check", f.root + "/architecture/a.yaml", "--rev"]] {
            let result = try run(args, in: elsewhere)
            #expect(result.status == 2 && result.stderr.hasPrefix("arkitekt: error: "), "\(args): \(result.stderr)")
        }
        let twoFiles = try run(["check", "architecture/a.yaml", "architecture/gone.yaml"], in: f.root)
        #expect(twoFiles.stderr == "arkitekt: error: 'architecture/gone.yaml' does not exist. See 'arkitekt check --help'.\n", "\(twoFiles.stderr)")
        for args in [["--lang", "en", "version"], ["-v", "version"]] {
            let version = try run(args, in: f.root)
            #expect(version.status == 0 && version.stdout.hasSuffix("\n") && !version.stdout.contains(" "), "\(args): \(version.stdout)\(version.stderr)")
        }
    }

    @Test func countsAgreeInNumber() throws {
        let f = try KitFixture()
        try f.write("architecture/a.yaml", Doc.warningGroup("a"))
        let nb = try run(["check"], in: f.root)
        #expect(nb.stdout.hasSuffix("0 feil, 1 advarsel, 0 info i 1 element fra 1 fil.\n"), "\(nb.stdout)")
        let en = try run(["check", "--lang", "en"], in: f.root)
        #expect(en.stdout.hasSuffix("0 errors, 1 warning, 0 info in 1 element from 1 file.\n"), "\(en.stdout)")
        try f.write("architecture/b.yaml", Doc.warningGroup("b"))
        let two = try run(["check"], in: f.root)
        #expect(two.stdout.hasSuffix("0 feil, 2 advarsler, 0 info i 2 elementer fra 2 filer.\n"), "\(two.stdout)")
        let markdown = try run(["check", "--format", "markdown"], in: f.root)
        #expect(markdown.stdout.contains("**advarsel**") && !markdown.stdout.contains("**warning**"), "\(markdown.stdout)")
        let explain = try run(["explain", "single-master", "--lang", "en"], in: f.root)
        #expect(explain.stdout.contains("KS 2019, chapter 6") && !explain.stdout.contains("kapittel"), "\(explain.stdout)")
    }
}

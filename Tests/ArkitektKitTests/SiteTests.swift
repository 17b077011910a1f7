import ArkitektGraph
import ArkitektKit
import ArkitektTestSupport
import Foundation
import Testing

/// The sample's history repository (samples/history/build.sh), built once for the site tests,
/// and the site made from it once.
enum SampleSite {
    static let date = "2026-12-06"

    /// The repository, or why it could not be built.
    static let repository: Result<String, SiteFixtureError> = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arkitekt-site-sample-\(UUID().uuidString)").path
        do {
            let result = try runProgram(try Tool.require("bash"), [packageRoot() + "/samples/history/build.sh", dir], in: packageRoot(),
                                        environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
            guard result.status == 0 else { return .failure(SiteFixtureError(description: "build.sh: \(result.err)")) }
            return .success(dir)
        } catch {
            return .failure(SiteFixtureError(description: "\(error)"))
        }
    }()

    /// The site of the sample, made once: (the folder, what the run printed).
    static let site: Result<(String, ProcessResult), SiteFixtureError> = {
        do {
            let repo = try repository.get()
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("arkitekt-site-out-\(UUID().uuidString)").path
            let result = try Executable().run(["site", "-o", out, "--date", date], in: repo)
            guard result.status == 0 else { return .failure(SiteFixtureError(description: "site: \(result.stderr)")) }
            return .success((out, result))
        } catch {
            return .failure(SiteFixtureError(description: "\(error)"))
        }
    }()

    /// Every file of a folder, by path relative to it.
    static func files(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [:] }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    static func pages(_ folder: String) -> [String: String] {
        files(folder).filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
    }
}

struct SiteFixtureError: Error, CustomStringConvertible {
    let description: String
}

/// What a page links to and what it can be linked to.
struct PageLinks {
    let hrefs: [String]
    let ids: Set<String>

    init(_ html: String) {
        hrefs = html.matches(of: #/href="([^"]*)"/#).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
        ids = Set(html.matches(of: #/ id="([^"]*)"/#).map { String($0.1) })
    }
}

/// A relative link of the page at `page` as a path from the site's root.
func resolve(_ href: String, from page: String) -> String {
    var parts = page.split(separator: "/").map(String.init).dropLast()
    for part in href.split(separator: "/").map(String.init) {
        switch part {
        case "..": _ = parts.popLast()
        case ".": break
        default: parts.append(part)
        }
    }
    return parts.joined(separator: "/")
}

@Suite struct SiteTests {
    @Test func everyInternalLinkAndFragmentResolves() throws {
        let (folder, _) = try SampleSite.site.get()
        let pages = SampleSite.pages(folder)
        #expect(pages.count > 150, "a page per element, rule and principle")
        let links = pages.mapValues(PageLinks.init)
        var checked = 0
        for (page, pageLinks) in links {
            for href in pageLinks.hrefs {
                #expect(!href.hasPrefix("http:") && !href.hasPrefix("https:") && !href.hasPrefix("//"), "\(page) reaches the network: \(href)")
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : resolve(parts[0], from: page)
                let exists = FileManager.default.fileExists(atPath: folder + "/" + target)
                #expect(exists, "\(page) links to \(href), which is not there")
                if parts.count == 2, exists, target.hasSuffix(".html") {
                    #expect(links[target]?.ids.contains(parts[1]) == true, "\(page) links to #\(parts[1]) of \(target), which has no such id")
                }
                checked += 1
            }
        }
        #expect(checked > 2_000)
    }

    @Test func pagesMeetWhatCanBeCheckedOfWCAG() throws {
        let (folder, _) = try SampleSite.site.get()
        for (path, html) in SampleSite.pages(folder) {
            #expect(html.contains("<html lang=\"nb\">"), "\(path): lang")
            let title = html.firstMatch(of: #/<title>([^<]+)</title>/#).map { String($0.1) } ?? ""
            #expect(!title.trimmingCharacters(in: .whitespaces).isEmpty, "\(path): title")
            // One h1, and no heading level skipped.
            let levels = html.matches(of: #/<h([1-6])[ >]/#).compactMap { Int(String($0.1)) }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(path): one h1 first")
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(b <= a + 1, "\(path): h\(a) then h\(b)") }
            // Every drawing has a title that names it.
            for svg in html.matches(of: #/<svg [^>]*>/#).map({ String($0.0) }) {
                let labelled = svg.firstMatch(of: #/aria-labelledby="([^"]+)"/#).map { String($0.1) }
                // An image, or a group when it holds links (an image's children are hidden from screen readers).
                #expect((svg.contains("role=\"img\"") || svg.contains("role=\"group\"")) && labelled != nil, "\(path): \(svg)")
                if let labelled { #expect(html.contains("<title id=\"\(labelled)\">"), "\(path): no title \(labelled)") }
            }
            // Links are links (reachable with the keyboard) and say where they go.
            for anchor in html.matches(of: #/<a ([^>]*)>(.*?)</a>/#.dotMatchesNewlines()) {
                #expect(anchor.1.contains("href=\""), "\(path): a link without href")
                let text = String(anchor.2).replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
                // A link in a diagram is named by its title (what Graphviz writes as xlink:title).
                let title = anchor.1.firstMatch(of: #/xlink:title="([^"]*)"/#).map { String($0.1) } ?? ""
                #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !title.isEmpty, "\(path): a link without a name: \(anchor.0.prefix(200))")
                #expect(!title.contains("&lt;"), "\(path): a diagram link named with markup: \(title)")
            }
            #expect(html.contains("<a class=\"skip\" href=\"#main\">") && html.contains("<main id=\"main\">"), "\(path): skip link")
            #expect(!html.contains("tabindex=\"-"), "\(path): nothing taken out of the tab order")
            // Every id once in a page (a page can hold several diagrams).
            let ids = html.matches(of: #/ id="([^"]*)"/#).map { String($0.1) }
            #expect(ids.count == Set(ids).count, "\(path): ids used twice: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
            for svg in html.matches(of: #/<svg [^>]*role="img"[^>]*>.*?</svg>/#.dotMatchesNewlines()) {
                #expect(!svg.0.contains("xlink:href"), "\(path): links inside an image")
            }
        }
        for pair in Palette.textPairs { #expect((Palette.contrast(pair.foreground, pair.background) ?? 0) >= 4.5, "\(pair.name)") }
    }

    @Test func theFrontPageHasTheScorecardTrendAndRoadmap() throws {
        let (folder, run) = try SampleSite.site.get()
        let front = try #require(SampleSite.pages(folder)["index.html"])
        // The 13 principles and the core, by the names of the KS document.
        for name in ["Eierskap til data", "Innebygget personvern", "Tjenstlig behov", "Kjerne"] { #expect(front.contains(name), "\(name)") }
        #expect(front.matches(of: #/principles/[a-z0-9-]+\.html/#).count >= 14 * 2)
        // The trend: charts drawn from the history, with the sample's tags on the time axis.
        #expect(front.contains("id=\"trend-0-title\""))
        for tag in ["v2024.1", "v2025.2", "v2026.1"] { #expect(front.contains(tag), "\(tag)") }
        // The roadmap: every transition, with its status.
        #expect(front.contains("roadmap-title"))
        #expect(front.matches(of: #/<progress /#).count == 4)
        #expect(run.stdout.contains("index.html"))
    }

    @Test func anElementPageHasItsFieldsRelationsFindingsAndHistory() throws {
        let (folder, _) = try SampleSite.site.get()
        let pages = SampleSite.pages(folder)
        let page = try #require(pages["elements/system/sak-arkiv.html"])
        #expect(page.contains("id=\"neighbourhood-title\""), "the neighbourhood diagram")
        #expect(page.contains("href=\"../../elements/system/svarut.html\""), "a relation as a link")
        #expect(page.contains("Byggesaksløsning"), "a referrer")
        #expect(page.contains("spec.archive.noark5"), "its fields")
        #expect(page.contains("<h2 id=\"history\">") && page.contains("../../history.html#c-"), "its history")
        // An element with findings explains them, with the rule's reasons.
        let withFindings = try #require(pages.first { $0.key.hasPrefix("elements/") && $0.value.contains("<details><summary>Hvorfor") })
        #expect(withFindings.value.contains("../../rules/"))
        // A data entity has its data diagram, with the authoritative source.
        let person = try #require(pages["elements/data/person.html"])
        #expect(person.contains("id=\"data-title\"") && person.contains("autoritativ kilde"))
        // A group has the diagram of the systems it owns.
        let group = try #require(pages["elements/group/dokumentsenteret.html"])
        #expect(group.contains("id=\"owned-title\""))
    }

    @Test func pagesReadWithoutJavaScriptAndTheFilterRunsWithIt() throws {
        let (folder, _) = try SampleSite.site.get()
        let chromium = try Tool.require("chromium")
        let base = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
        // JavaScript off: the text is there, and the filter (which needs the script) is not shown.
        for (page, text) in [("index.html", "Eierskap til data"), ("elements.html", "Sak/arkiv"), ("elements/system/sak-arkiv.html", "Dokumentsenteret"),
                             ("rules/data-owner-required.html", "data-owner-required")] {
            let shown = try browse("file://\(folder)/\(page)", scripts: false)
            #expect(shown.text.contains(text), "\(page) without JavaScript")
            #expect(shown.problems.isEmpty, "\(page): \(shown.problems)")
        }
        #expect(try !browse("file://\(folder)/elements.html", scripts: false).text.contains("elementer vises"))
        // JavaScript on: the filter shows itself and counts, with nothing on the console.
        let withScript = try browse("file://\(folder)/elements.html", scripts: true)
        #expect(withScript.text.contains("121 elementer vises"), "the script ran")
        #expect(withScript.problems.isEmpty, "console: \(withScript.problems)")
        // The search box of every page opens the list filtered by what was asked.
        let asked = try browse("file://\(folder)/elements.html?q=folkeregister", scripts: true)
        let shown = Int(asked.text.firstMatch(of: #/(\d+) elementer vises/#).map { String($0.1) } ?? "") ?? 0
        #expect(shown > 0 && shown < 20, "\(shown) shown for 'folkeregister'")
        #expect(asked.text.contains("Folkeregisteret"))
        // The check itself sees an error on the console.
        let scratch = try TempDirectory()
        let broken = try scratch.write("broken.html", "<!DOCTYPE html><html lang=\"en\"><title>x</title><p>x</p><script>noSuchFunction()</script></html>")
        #expect(try !browse("file://\(broken)", scripts: true).problems.isEmpty)
        // Screenshots, kept as test artifacts.
        let artifacts = packageRoot() + "/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        for (page, name) in [("index.html", "site-front.png"), ("elements/system/sak-arkiv.html", "site-element.png")] {
            let shot = try runProgram(chromium, base + ["--hide-scrollbars", "--window-size=1280,1600", "--screenshot=\(artifacts)/\(name)", "file://\(folder)/\(page)"],
                                      in: folder, environment: ["HOME": NSTemporaryDirectory()])
            #expect(shot.status == 0)
            let png = FileManager.default.contents(atPath: "\(artifacts)/\(name)") ?? Data()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000, "\(name): a real screenshot")
        }
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let (folder, _) = try SampleSite.site.get()
        let repo = try SampleSite.repository.get()
        let other = try TempDirectory()
        let out = other.url("site")
        let again = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        let a = SampleSite.files(folder), b = SampleSite.files(out)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a where b[path] != data { Issue.record("\(path) differs between two runs") }
        // Nothing in the pages depends on when or where they were made.
        for (path, html) in SampleSite.pages(out) { #expect(!html.contains(other.path), "\(path) names the output folder") }
    }

    @Test func aFolderThatIsNotASiteIsRefusedAndNothingOfTheUsersIsDeleted() throws {
        let repo = try SampleSite.repository.get()
        let dir = try TempDirectory()
        let out = dir.url("mine")
        try dir.write("mine/notes.txt", "my notes")
        let refused = try Executable().run(["site", "-o", out, "--date", SampleSite.date, "--no-history"], in: repo)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(!FileManager.default.fileExists(atPath: out + "/index.html"))
        let forced = try Executable().run(["site", "-o", out, "--date", SampleSite.date, "--no-history", "--force"], in: repo)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
        // Even with --force, a file of the user's where a page would go is never replaced, nor is
        // a folder on the way followed when it is a link.
        let clash = dir.url("clash")
        try dir.write("clash/index.html", "my own front page")
        let refusedClash = try Executable().run(["site", "-o", clash, "--no-history", "--force"], in: repo)
        #expect(refusedClash.status == 2)
        #expect(refusedClash.stderr.contains("index.html"), "\(refusedClash.stderr)")
        #expect(try String(contentsOfFile: clash + "/index.html", encoding: .utf8) == "my own front page")
        let elsewhere = try dir.mkdir("elsewhere")
        try dir.write("linked/readme.txt", "x")
        _ = try dir.symlink("linked/elements", to: elsewhere)
        let refusedLink = try Executable().run(["site", "-o", dir.url("linked"), "--no-history", "--force"], in: repo)
        #expect(refusedLink.status == 2)
        #expect(refusedLink.stderr.contains("elements/"), "\(refusedLink.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        // A later run of an earlier site removes pages it no longer has, never the user's files.
        try dir.write("mine/elements/system/stale.html", "not arkitekt's")
        let again = try Executable().run(["site", "-o", out, "--date", SampleSite.date, "--no-history"], in: repo)
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "my notes")
        #expect(FileManager.default.fileExists(atPath: out + "/elements/system/stale.html"))
        // A file where the folder should be.
        let file = try dir.write("afile", "x")
        #expect(try Executable().run(["site", "-o", file, "--no-history"], in: repo).status == 2)
        // An unknown revision.
        let rev = try Executable().run(["site", "-o", dir.url("x"), "--rev", "no-such-rev"], in: repo)
        #expect(rev.status == 2)
        #expect(rev.stderr.contains("no-such-rev"))
    }

    @Test func afterOneMoreCommitOnlyTheChangedPagesAreWritten() throws {
        let repo = try RepoFixture(prefix: "site-again", initialise: true)
        try repo.write(".arkitekt.yaml", "apiVersion: arkitekt/v1\nkind: Config\nspec:\n  language: en\n")
        try repo.write("architecture/it.yaml", HostileLandscape.group("it", title: "IT"))
        for name in ["a", "b", "c", "d"] { try repo.write("architecture/\(name).yaml", HostileLandscape.system(name, title: "System \(name)")) }
        try repo.write("architecture/ab.yaml", HostileLandscape.integration("ab", from: "a", to: "b"))
        _ = try repo.commitAll("first")
        let out = repo.temp.url("site")
        let first = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: repo.root)
        #expect(first.status == 0, "\(first.stderr)")
        let unrelated = out + "/elements/system/d.html"
        let before = try FileManager.default.attributesOfItem(atPath: unrelated)[.modificationDate] as? Date
        try repo.write("architecture/cd.yaml", HostileLandscape.integration("cd", from: "c", to: "c"))
        _ = try repo.commitAll("second")
        Thread.sleep(forTimeInterval: 0.05)
        let second = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: repo.root)
        #expect(second.status == 0)
        let total = try #require(Int(second.stdout.firstMatch(of: #/: (\d+) files/#).map { String($0.1) } ?? ""))
        let changed = try #require(Int(second.stdout.firstMatch(of: #/(\d+) changed/#).map { String($0.1) } ?? ""))
        #expect(changed > 0 && changed < total / 2, "\(second.stdout)")
        #expect(second.stdout.contains("from the previous run"))
        let after = try FileManager.default.attributesOfItem(atPath: unrelated)[.modificationDate] as? Date
        #expect(before == after, "an unrelated page was rewritten")
        #expect(FileManager.default.fileExists(atPath: out + "/elements/integration/cd.html"))
        // Nothing changed: nothing written.
        let third = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: repo.root)
        #expect(third.stdout.contains(" 0 changed"), "\(third.stdout)")
        #expect(third.stdout.contains(" 0 diagrams laid out"), "every diagram from the cache: \(third.stdout)")
        // A damaged diagram cache reads as none: the diagrams are laid out again, to the same pages.
        let cache = repo.root + "/.git/arkitekt/site-diagrams"
        #expect(FileManager.default.fileExists(atPath: cache), "the diagrams are kept under the git directory")
        #expect(!FileManager.default.fileExists(atPath: out + "/.arkitekt-site-diagrams"), "not in the published folder")
        let kept = try #require(FileManager.default.contents(atPath: cache))
        try Data(String(decoding: kept, as: UTF8.self).prefix(200).utf8 + Array("\nnot a length\n<svg".utf8)).write(to: URL(fileURLWithPath: cache))
        let damaged = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: repo.root)
        #expect(damaged.status == 0)
        #expect(damaged.stdout.contains(" 0 changed") && !damaged.stdout.contains(" 0 diagrams laid out"), "\(damaged.stdout)")
    }

    @Test func hostileNamesAreEscapedOnEveryPage() throws {
        let dir = try TempDirectory()
        try HostileLandscape.write(in: dir)
        let out = dir.url("site")
        let result = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let pages = SampleSite.pages(out)
        let markup = try #require(pages["elements/system/markup.html"])
        #expect(markup.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        for (path, html) in pages {
            #expect(!html.contains("<script>alert"), "\(path)")
            #expect(html.matches(of: #/<script/#).count <= 1, "\(path): only the site's own script")
            for svg in html.matches(of: #/<svg .*?</svg>/#.dotMatchesNewlines()) {
                try expectWellFormedXML(String(svg.0).replacingOccurrences(of: "&nbsp;", with: "&#160;"))
            }
        }
        // The hub's thousand relations are listed on its page, and drawn cut down.
        let hub = try #require(pages["elements/system/hub.html"])
        #expect(hub.contains("+961 more"), "a thousand integrations and the owner, less the 40 drawn")
        #expect(hub.matches(of: #/<li>/#).count >= HostileLandscape.hubRelations)
        #expect(result.stdout.contains("Open "), "the run's language is the configuration's: \(result.stdout)")
        #expect(pages["index.html"]?.contains("<html lang=\"en\">") == true)
        #expect(pages["history.html"]?.contains("not read") == true, "no repository: the pages say the history was not read")
    }
}

@Suite struct SiteOfBrokenInputTests {
    /// A landscape with the mistakes people make: the site is still made, every finding has its
    /// page, links still resolve, and reading nothing is an error.
    @Test func brokenFilesBadNamesAndDanglingReferences() throws {
        let dir = try TempDirectory()
        try dir.write("architecture/broken.yaml", "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: [unclosed\n")
        try dir.write("architecture/latin1.yaml", bytes: [0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe6, 0x0a])
        try dir.write("architecture/list.yaml", "- a\n- b\n")
        try dir.write("architecture/systems.yaml", """
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: "Sak Arkiv", title: Bad name}
            spec: {owner: nobody, uses: [missing-one, "sak arkiv"]}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: twice}
            spec: {owner: nobody}
            ---
            apiVersion: arkitekt/v1
            kind: System
            metadata: {name: twice}
            spec: {owner: nobody}
            ---
            apiVersion: arkitekt/v1
            kind: Integration
            metadata: {name: dangling}
            spec: {from: twice, to: nowhere, data: [nothing]}

            """)
        let out = dir.url("site")
        let result = try Executable().run(["site", "-o", out, "--date", SampleSite.date], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let pages = SampleSite.pages(out)
        // An element with an invalid name is not read; the schema rule's page says where it is.
        #expect(pages.keys.allSatisfy { !$0.contains(" ") })
        #expect(pages["rules/schema.html"]?.contains("Sak Arkiv") == true)
        for (page, html) in pages {
            for href in PageLinks(html).hrefs where !href.hasPrefix("#") {
                let target = resolve(String(href.split(separator: "#", omittingEmptySubsequences: false)[0]), from: page)
                #expect(FileManager.default.fileExists(atPath: out + "/" + target), "\(page) -> \(href)")
            }
        }
        // The dangling references are drawn as missing, and the findings are on the rule pages.
        let integration = try #require(pages["elements/integration/dangling.html"])
        #expect(integration.contains("finnes ikke") || integration.contains("missing"))
        #expect(pages["rules/ref-resolves.html"]?.contains("system:nowhere") == true)
        #expect(pages["rules/yaml-syntax.html"]?.contains("broken.yaml") == true)
        for format in ["dot", "mermaid", "svg"] {
            let graph = try Executable().run(["graph", "--format", format], in: dir.path)
            #expect(graph.status == 0, "\(format): \(graph.stderr)")
        }
        // A folder with no landscape in it: nothing was read, and that is an error.
        let empty = try TempDirectory()
        let nothing = try Executable().run(["site", "-o", empty.url("site")], in: empty.path)
        #expect(nothing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: empty.url("site/index.html")))
        #expect(try Executable().run(["graph"], in: empty.path).status == 2)
    }
}

import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
import Testing
@testable import ArkitektReporting

@Suite struct FormatTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func sarifOfTheSampleValidatesAgainstTheOfficialSchema() throws {
        let sarif = try CI.sample(.sarif).stdout
        let code = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        doc = json.loads(sys.stdin.read())
        jsonschema.Draft7Validator(schema).validate(doc)
        print(len(doc["runs"][0]["results"]))
        """
        let schema = CI.root + "/Tests/Corpora/sarif/sarif-schema-2.1.0.json"
        #expect(FileManager.default.fileExists(atPath: schema), "the SARIF schema is expected at \(schema)")
        let result = try CI.python(code, [schema], input: sarif)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines) == "22")

        let doc = try #require(try CI.json(sarif) as? [String: Any])
        #expect(doc["version"] as? String == "2.1.0")
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = driver["rules"] as? [[String: Any]] ?? []
        #expect(rules.count == 53)
        let single = try #require(rules.first { $0["id"] as? String == "single-master" })
        #expect((single["properties"] as? [String: Any])?["principle"] as? String == "eierskap-til-data")
        #expect((single["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        #expect(((single["help"] as? [String: Any])?["text"] as? String)?.contains("Failing example") == true)
        let results = run["results"] as? [[String: Any]] ?? []
        for result in results {
            let location = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = location?["artifactLocation"] as? [String: Any]
            // Repository-relative: `samples/landscape/architecture/...` in a clone, `architecture/...`
            // where the sample is a plain directory.
            let uri = artifact?["uri"] as? String ?? ""
            #expect(uri.hasPrefix("architecture/") || uri.hasPrefix("samples/landscape/architecture/"), "\(uri)")
            #expect(artifact?["uriBaseId"] as? String == "%SRCROOT%")
            #expect(((location?["region"] as? [String: Any])?["startLine"] as? Int ?? 0) >= 1)
            #expect((result["partialFingerprints"] as? [String: String])?["arkitektFindingIdentity/v1"]?.count == 64)
        }
    }

    /// Fingerprints come from the identity, so lines that move do not change them.
    @Test func fingerprintsSurviveUnrelatedLineMoves() throws {
        let dir = try TempDirectory()
        let text = "apiVersion: arkitekt/v1\nkind: System\nmetadata: {name: a}\nspec: {uses: [b]}\n"
        try dir.write("architecture/a.yaml", text)
        func run() throws -> [(String, Int)] {
            var options = CheckOptions()
            options.path = dir.path
            options.format = .sarif
            options.date = Day(year: 2026, month: 6, day: 1)
            let doc = try #require(try CI.json(try Kit.check(options).stdout) as? [String: Any])
            let results = (doc["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
            return results.map { r in
                let fp = (r["partialFingerprints"] as? [String: String])?["arkitektFindingIdentity/v1"] ?? ""
                let region = (((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
                return (fp, region?["startLine"] as? Int ?? 0)
            }
        }
        let before = try run()
        try dir.write("architecture/a.yaml", "# Eierskap avklares i neste styringsmøte.\n\n\n" + text)
        try dir.write("architecture/z.yaml", "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: it}\n")
        let after = try run()
        #expect(!before.isEmpty)
        #expect(Set(before.map(\.0)) == Set(after.map(\.0)))
        #expect(before.map(\.1) != after.map(\.1))
    }

    /// Only the findings at or above --fail-on are failures; the others leave their test case
    /// passed, with their text as its output.
    @Test(arguments: [(FailOn.info, 22, 0), (FailOn.warning, 20, 2), (FailOn.error, 8, 14), (FailOn.never, 0, 22)])
    func junitIsReadByAJUnitParser(failOn: FailOn, failing: Int, withOutput: Int) throws {
        let junit = try CI.sample(.junit) { $0.failOn = failOn }.stdout
        #expect(!junit.contains("<testsuite name=\"policy-weakened\""), "it compares two states; a check of one did not run it")
        let code = """
        import sys
        from junitparser import JUnitXml, Failure
        xml = JUnitXml.fromstring(sys.stdin.read())
        tests = failures = outputs = 0
        for suite in xml:
            for case in suite:
                tests += 1
                if any(isinstance(r, Failure) for r in case.result):
                    failures += 1
                elif case.system_out:
                    outputs += 1
        print(tests, failures, xml.tests, xml.failures, outputs)
        """
        let result = try CI.python(code, input: junit)
        #expect(result.status == 0, "\(result.err)")
        let numbers = result.out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(numbers.count == 5, "junitparser's answer: \(result.out)")
        #expect(numbers[0] == numbers[2])
        #expect(numbers[1] == numbers[3])
        // 22 findings on 22 distinct (rule, element) pairs: 8 errors, 12 warnings, 2 info.
        #expect(numbers[1] == failing)
        #expect(numbers[4] == withOutput)
        // One case for each element each rule in force looks at: 1,962 in the sample (a rule that is
        // off looks at nothing, and a rule that looks at nothing has no case). library-name-taken
        // looks at every element (121) whether or not the landscape has libraries.
        #expect(numbers[0] == 1962)
    }

    @Test func gitlabCodeQualityHasTheDocumentedShape() throws {
        let issues = try #require(try CI.json(try CI.sample(.gitlab).stdout) as? [[String: Any]])
        #expect(issues.count == 22)
        var fingerprints = Set<String>()
        for issue in issues {
            #expect(issue["description"] is String)
            #expect(issue["check_name"] is String)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = issue["location"] as? [String: Any]
            let path = location?["path"] as? String ?? ""
            #expect(path.hasPrefix("architecture/") || path.hasPrefix("samples/landscape/architecture/"), "\(path)")
            #expect(((location?["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
            fingerprints.insert(issue["fingerprint"] as? String ?? "")
        }
        #expect(fingerprints.count == issues.count)
    }

    @Test func githubAnnotationsAreWorkflowCommands() throws {
        var lines = try CI.sample(.github).stdout.split(separator: "\n")
        // GitHub shows at most 10 annotations of a level on a step: the 12 warnings give 10 and a
        // notice that says how many more there are (`GitHubReporter`).
        #expect(lines.count == 21)
        #expect(lines.last?.hasPrefix("::notice title=arkitekt::2 more findings are not shown here:") == true)
        lines.removeLast()
        for line in lines {
            let ok = line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice file=")
            #expect(ok, "\(line)")
            #expect(line.contains(",line=") && line.contains(",col=") && line.contains(",title=arkitekt "))
        }
        #expect(GitHubReporter.escapeData("50% ferdig\nneste linje") == "50%25 ferdig%0Aneste linje")
        #expect(GitHubReporter.escapeProperty("a:b,c") == "a%3Ab%2Cc")
    }

    @Test func markdownCommentPutsTheMostSevereFirstAndFoldsTheDetails() throws {
        let md = try CI.sample(.markdown).stdout
        #expect(md.hasPrefix("<!-- arkitekt-report -->\n## arkitekt: 8 errors, 12 warnings, 2 info"), "the marker that lets a pipeline update its comment")
        #expect(md.contains("| Data ownership | 3 | 0 | 0 | 0 |"))
        #expect(md.contains("<details>"))
        let firstError = try #require(md.range(of: "**error**"))
        let firstInfo = try #require(md.range(of: "**info**"))
        #expect(firstError.lowerBound < firstInfo.lowerBound)
    }

    // Two runs of one format are compared byte for byte by DeterminismTests, in two processes
    // (one process shares one hash seed and cannot show an order that depends on it).
}

@testable import ArkitektLoading
import ArkitektModel
import Testing

@Suite("Configuration (.arkitekt.yaml)")
struct ConfigTests {
    func parse(_ text: String) throws(ConfigError) -> Config {
        try Config.parse(Array(text.utf8), file: ".arkitekt.yaml")
    }

    /// The error a configuration gives; records an issue when it parses.
    func error(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ConfigError? {
        do {
            _ = try parse(text)
            Issue.record("expected a configuration error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    static let header = "apiVersion: arkitekt/v1\nkind: Config\n"

    @Test func defaults() throws {
        let config = Config()
        #expect(config.paths == ["architecture"])
        #expect(config.rulePacks.isEmpty)
        #expect(!config.rulePacksGiven)
        #expect(config.severity.isEmpty)
        #expect(config.language == nil)
        for text in ["", "# no settings\n", Self.header, Self.header + "spec: {}\n", Self.header + "spec:\n"] {
            let parsed = try parse(text)
            #expect(parsed.paths == ["architecture"], "\(text)")
            #expect(!parsed.rulePacksGiven)
            #expect(parsed.severity.isEmpty)
            #expect(parsed.language == nil)
        }
    }

    @Test func fullConfiguration() throws {
        let config = try parse(Self.header + """
        spec:
          paths: [architecture, ./other/landscape/, "."]
          rulePacks: [ks, rules/local.yaml]
          severity:
            integration-purpose: warning
            system-description: off
            data-concept-reference: error
            process-users: info
          language: en

        """)
        #expect(config.paths == ["architecture", "other/landscape", ""])
        #expect(config.rulePacks.map(\.value) == ["ks", "rules/local.yaml"])
        #expect(config.rulePacksGiven)
        #expect(config.severity.mapValues(\.value) == [
            "integration-purpose": .warning, "system-description": .off,
            "data-concept-reference": .error, "process-users": .info,
        ])
        #expect(config.severity["system-description"]?.value.severity == nil)
        #expect(config.severity["integration-purpose"]?.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 7, column: 5))
        #expect(config.language == .en)
    }

    @Test(arguments: ["nb", "en"])
    func languages(value: String) throws {
        #expect(try parse(Self.header + "spec:\n  language: \(value)\n").language?.rawValue == value)
    }

    @Test(arguments: ["de", "nn", "EN", "norsk", "[nb]"])
    func unknownLanguageIsAnError(value: String) throws {
        let e = try #require(error(Self.header + "spec:\n  language: \(value)\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 13))
        #expect(e.message.en.contains("spec.language"))
    }

    @Test func unknownLanguageSuggests() throws {
        let e = try #require(error(Self.header + "spec:\n  language: EN\n"))
        #expect(e.message.en.contains("Did you mean 'en'?"))
    }

    @Test func unknownTopLevelKeyWithSuggestion() throws {
        let e = try #require(error(Self.header + "specs:\n  paths: [a]\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 3, column: 1))
        #expect(e.message.en.contains("'specs'"))
        #expect(e.message.en.contains("Did you mean 'spec'?"))
    }

    @Test func unknownSpecKeyWithSuggestion() throws {
        let e = try #require(error(Self.header + "spec:\n  paths: [a]\n  pahts: [b]\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 5, column: 3))
        #expect(e.message.en.contains("'spec.pahts'"))
        #expect(e.message.en.contains("Did you mean 'paths'?"))
        #expect(e.message.nb.contains("Mente du «paths»?"))
    }

    @Test func formerTopLevelLandscapeKeyIsRejected() throws {
        // The old shape (landscape: at the top, no envelope) is not silently accepted.
        let e = try #require(error("landscape: architecture\n"))
        #expect(e.location.line == 1 && e.location.column == 1)
    }

    @Test(arguments: ["arkitekt/v2", "arkitekt/v1alpha1", "backstage.io/v1alpha1"])
    func wrongAPIVersion(version: String) throws {
        let e = try #require(error("apiVersion: \(version)\nkind: Config\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 1, column: 13))
        #expect(e.message.en.contains(version))
    }

    @Test func missingAPIVersion() throws {
        let e = try #require(error("kind: Config\nspec: {}\n"))
        #expect(e.location.line == 1 && e.location.column == 1)
        #expect(e.message.en.contains("apiVersion"))
    }

    @Test(arguments: ["System", "config", "RulePack"])
    func wrongKind(kind: String) throws {
        let e = try #require(error("apiVersion: arkitekt/v1\nkind: \(kind)\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 2, column: 7))
        #expect(e.message.en.contains("'Config'"))
        #expect(e.message.en.contains(kind))
    }

    @Test func missingKind() throws {
        let e = try #require(error("apiVersion: arkitekt/v1\nspec: {}\n"))
        #expect(e.message.en.contains("kind"))
    }

    @Test(arguments: [
        ("/etc/arkitekt", true), ("../sibling", true), ("architecture/../../x", true), ("a/../b", true),
        ("\\\\server\\share", true), ("./architecture", false), ("architecture/", false), ("a/./b", false),
    ])
    func pathsMustStayInsideTheRepository(path: String, rejected: Bool) throws {
        let text = Self.header + "spec:\n  paths:\n    - ok\n    - '\(path)'\n"
        if rejected {
            let e = try #require(error(text))
            #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 6, column: 7))
            #expect(e.message.en.contains(path))
        } else {
            let config = try parse(text)
            #expect(config.paths.count == 2)
            #expect(!(config.paths.last ?? "/").hasPrefix("."))
            #expect(!(config.paths.last ?? "/").hasSuffix("/"))
        }
    }

    @Test func normalisedPaths() {
        #expect(Config.normalise(path: "./architecture/") == "architecture")
        #expect(Config.normalise(path: "a//b/./c") == "a/b/c")
        #expect(Config.normalise(path: ".") == "")
        #expect(Config.normalise(path: "") == "")
        #expect(Config.normalise(path: "..") == nil)
        #expect(Config.normalise(path: "/abs") == nil)
        #expect(Config.normalise(path: "a/..") == nil)
    }

    @Test func pathsMustBeAList() throws {
        let e = try #require(error(Self.header + "spec:\n  paths: architecture\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 10))
        #expect(e.message.en.contains("spec.paths"))
    }

    @Test(arguments: ["fatal", "warn", "none", "true", "[error]"])
    func severityValuesAreValidated(value: String) throws {
        let e = try #require(error(Self.header + "spec:\n  severity:\n    system-description: \(value)\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 5, column: 25))
        #expect(e.message.en.contains("spec.severity.system-description"))
    }

    @Test func severityValueSuggests() throws {
        let e = try #require(error(Self.header + "spec:\n  severity:\n    system-description: warnig\n"))
        #expect(e.message.en.contains("Did you mean 'warning'?"))
        #expect(e.message.en.contains("error, warning, info, off"))
    }

    @Test func severityMustBeAMap() throws {
        let e = try #require(error(Self.header + "spec:\n  severity: [warning]\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 13))
    }

    @Test func emptySeverityValueIsAnError() throws {
        let e = try #require(error(Self.header + "spec:\n  severity:\n    system-description:\n"))
        #expect(e.location.file == ".arkitekt.yaml")
        #expect(e.message.en.contains("spec.severity.system-description"))
    }

    @Test func duplicateSeverityIsAnError() throws {
        let e = try #require(error(Self.header + "spec:\n  severity:\n    system-description: info\n    system-description: off\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 6, column: 5))
    }

    @Test func duplicateSpecKeyIsAnError() throws {
        let e = try #require(error(Self.header + "spec:\n  language: en\n  language: nb\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 5, column: 3))
    }

    @Test func syntaxErrorCarriesItsPosition() throws {
        let e = try #require(error(Self.header + "spec:\n  paths: [a\n  language: en\n"))
        // libyaml notices the unclosed list where the next key begins.
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 5, column: 11))
        #expect(e.message.en.hasPrefix("YAML error: a list in [ ] is not closed"), "\(e.message.en)")
    }

    @Test func tabsInTheConfigurationAreAnError() throws {
        let e = try #require(error(Self.header + "spec:\n\tlanguage: en\n"))
        #expect(e.location.line == 4 && e.location.column == 1)
    }

    @Test func notUTF8ConfigurationIsAnError() throws {
        do {
            _ = try Config.parse(Array((Self.header + "spec:\n  language: ").utf8) + [0xE6, 0x0A], file: "sub/.arkitekt.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.location == ArkitektModel.SourceLocation(file: "sub/.arkitekt.yaml", line: 4, column: 13))
            #expect(error.message.en.contains("UTF-8"))
        }
    }

    @Test func configurationMustBeOneDocument() throws {
        let e = try #require(error(Self.header + "---\n" + Self.header))
        #expect(e.location.line == 4)
    }

    @Test func configurationMustBeAMap() throws {
        let e = try #require(error("- architecture\n"))
        #expect(e.location.line == 1 && e.location.column == 1)
    }

    @Test func specMustBeAMap() throws {
        let e = try #require(error(Self.header + "spec: [paths]\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 3, column: 7))
    }

    @Test func rulePacksMustBeTexts() throws {
        let e = try #require(error(Self.header + "spec:\n  rulePacks: [ks, {name: x}]\n"))
        #expect(e.location == ArkitektModel.SourceLocation(file: ".arkitekt.yaml", line: 4, column: 19))
    }
}

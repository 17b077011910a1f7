@testable import ArkitektRules
import Testing

/// How a rule's message template is filled in (`{key}`, `{?key:text with %}`, `{!key:text}`).
@Suite struct TemplateTests {
    @Test func fillsKeysAndConditions() {
        let arguments = ["ref": "system:sak", "suggestion": "system:saks", "field": "spec.uses"]
        #expect(Template.render("«{ref}» i {field} peker ikke på noe.{?suggestion: Mente du «%»?}", arguments)
            == "«system:sak» i spec.uses peker ikke på noe. Mente du «system:saks»?")
        #expect(Template.render("{ref}{!suggestion: Ingen forslag.}", arguments) == "system:sak")
        #expect(Template.render("{ref}{!owner: Ingen eier.}", arguments) == "system:sak Ingen eier.")
        #expect(Template.render("{?owner:eies av %}", arguments) == "")
        // Every % of the text takes the value.
        #expect(Template.render("{?ref:% og % igjen}", arguments) == "system:sak og system:sak igjen")
    }

    @Test func leavesWhatIsNotATemplateAlone() {
        // An unknown key stays as written; so do braces that close nothing or open nothing.
        #expect(Template.render("a {unknown} b", [:]) == "a {unknown} b")
        #expect(Template.render("ab{c", ["c": "x"]) == "ab{c")
        #expect(Template.render("a}b{", [:]) == "a}b{")
        #expect(Template.render("{?key}", ["key": "v"]) == "{?key}")
        #expect(Template.render("", ["key": "v"]) == "")
        // Text around is kept byte for byte, Norwegian letters, emoji and combining marks included.
        #expect(Template.render("Ærlig {name} på øya 🏝 e\u{301}", ["name": "Åse"]) == "Ærlig Åse på øya 🏝 e\u{301}")
        // Values are put in as they are, braces included.
        #expect(Template.render("{a}", ["a": "{b}", "b": "no"]) == "{b}")
    }
}

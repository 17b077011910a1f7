import ArkitektModel
import Foundation
import Testing

/// A text as a JSON string (`JSONText.quote`): what needs escaping is escaped the way JSON allows,
/// everything else is copied as it is, and a JSON reader gets the text back.
@Suite struct JSONTextTests {
    @Test func escapesWhatJSONRequires() throws {
        let cases: [(String, String)] = [
            ("", #""""#),
            ("plain text", #""plain text""#),
            ("Årlig «sak» på øya 🏝", #""Årlig «sak» på øya 🏝""#),
            ("a\"b", #""a\"b""#),
            ("back\\slash", #""back\\slash""#),
            ("line\nbreak\r\ttab", #""line\nbreak\r\ttab""#),
            ("nul\u{0}bell\u{7}esc\u{1B}del\u{7F}", #""nul\u0000bell\u0007esc\u001bdel\u007f""#),
            ("e\u{301} combining", "\"e\u{301} combining\""),
        ]
        for (text, expected) in cases {
            var bytes: [UInt8] = []
            JSONText.quote(text, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
            #expect(JSONText.quoted(text) == expected)
            // A JSON reader reads the same text back.
            let decoded = try JSONSerialization.jsonObject(with: Data(("[" + expected + "]").utf8)) as? [String]
            #expect(decoded == [text])
        }
        // Appended to what is there, in both forms.
        var text = "x:"
        JSONText.quote("y", into: &text)
        #expect(text == #"x:"y""#)
        // A substring made into a string, and a long one, take the same path as any other.
        let long = String(repeating: "ab\"", count: 1000)
        #expect(JSONText.quoted(String(long.dropFirst())) == "\"" + String(long.dropFirst()).replacingOccurrences(of: "\"", with: "\\\"") + "\"")
    }
}

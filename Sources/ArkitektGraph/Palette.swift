import ArkitektModel

/// The colours of the diagrams and of the site, in one place: the site's style sheet and the
/// diagrams use the same ones, and a test measures every pair of text and background the pages
/// and diagrams put together against WCAG 2.1's contrast minimum (4.5:1 for text).
public enum Palette {
    public static let text = "#1b1b1b"
    public static let mutedText = "#3d4650"
    public static let background = "#ffffff"
    public static let link = "#0b57a4"
    public static let header = "#0b3a66"
    public static let headerText = "#ffffff"
    public static let panel = "#f3f5f7"
    public static let line = "#9aa3ab"

    /// Fill and border of a node.
    public static func fill(_ style: Diagram.NodeStyle) -> String {
        switch style {
        case .focus: return "#fff3c4"
        case .plain: return "#ffffff"
        case .shared: return "#dcebff"
        case .missing: return "#f2f2f2"
        case .more: return "#f2f2f2"
        }
    }

    public static func border(_ style: Diagram.NodeStyle) -> String {
        switch style {
        case .focus: return "#7a5c00"
        case .plain: return "#4a5560"
        case .shared: return "#1f4e8c"
        case .missing: return "#6b6b6b"
        case .more: return "#6b6b6b"
        }
    }

    public static func edge(_ style: Diagram.EdgeStyle) -> String {
        switch style {
        case .integration: return "#1f4e8c"
        case .reference: return "#5c6670"
        case .data: return "#2e6b3a"
        case .source: return "#6a3d9a"
        }
    }

    /// The colour of a severity, as text on white and as a node's border.
    public static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "#b3261e"
        case .warning: return "#8a5a00"
        case .info: return "#1f5fa8"
        }
    }

    public static let clusterFill = "#f7f8fa"

    /// Every pair of text colour and background the site and the diagrams use.
    public static var textPairs: [(name: String, foreground: String, background: String)] {
        var pairs: [(String, String, String)] = [
            ("text", text, background), ("muted text", mutedText, background), ("link", link, background),
            ("header", headerText, header), ("text on panel", text, panel), ("link on panel", link, panel),
            ("muted on panel", mutedText, panel), ("cluster label", text, clusterFill),
        ]
        for style in [Diagram.NodeStyle.focus, .plain, .shared, .missing, .more] {
            pairs.append(("node \(style.rawValue)", text, fill(style)))
            pairs.append(("node caption \(style.rawValue)", mutedText, fill(style)))
        }
        for s in [Severity.error, .warning, .info] {
            pairs.append(("\(s.rawValue) text", severity(s), background))
            pairs.append(("\(s.rawValue) on panel", severity(s), panel))
        }
        return pairs
    }

    /// WCAG 2.1's contrast ratio of two `#rrggbb` colours (1 to 21); nil for anything else.
    public static func contrast(_ a: String, _ b: String) -> Double? {
        guard let la = luminance(a), let lb = luminance(b) else { return nil }
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    static func luminance(_ hex: String) -> Double? {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        var channels: [Double] = []
        for i in stride(from: 1, to: 7, by: 2) {
            guard let value = UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
            let c = Double(value) / 255
            channels.append(c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

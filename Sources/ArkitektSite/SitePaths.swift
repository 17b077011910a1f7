import ArkitektModel
import ArkitektReporting

/// Where each page of the site is, and links between pages as relative paths (the site works
/// from any folder, a web server's or a `file://` one).
public enum SitePaths {
    public static let index = "index.html"
    public static let elements = "elements.html"
    public static let landscape = "landscape.html"
    public static let rules = "rules.html"
    public static let history = "history.html"
    public static let style = "assets/style.css"
    public static let script = "assets/filter.js"

    public static func element(_ ref: Ref) -> String {
        "elements/\(ref.kind.refPrefix)/\(safe(ref.name)).html"
    }

    public static func rule(_ id: String) -> String { "rules/\(safe(id)).html" }
    public static func principle(_ id: String) -> String { "principles/\(safe(id)).html" }

    /// A name as a file name: as it is when it is a valid element name (lower-case letters,
    /// digits and dashes), else `_` and the hex of its bytes, which any file system takes; a
    /// name whose hex would be long is `_` and its SHA-256 (file names end at 255 bytes).
    static func safe(_ name: String) -> String {
        if ElementName.isValid(name) { return name }
        guard name.utf8.count <= 60 else { return "_" + SHA256.hex(name) }
        return "_" + name.utf8.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// `target` as seen from the page at `from`.
    public static func relative(from: String, to target: String) -> String {
        let depth = from.utf8.filter { $0 == UInt8(ascii: "/") }.count
        return String(repeating: "../", count: depth) + target
    }
}

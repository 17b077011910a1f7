/// Fills a message template: `{key}` is replaced by the argument; `{?key:text}` is `text` with
/// `%` replaced by the argument when the argument is given, nothing otherwise; `{!key:text}` is
/// `text` when the argument is not given.
enum Template {
    static func render(_ template: String, _ arguments: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let body = rest[rest.index(after: open)..<close]
            if let first = body.first, first == "?" || first == "!", let colon = body.firstIndex(of: ":") {
                let key = String(body[body.index(after: body.startIndex)..<colon])
                let text = body[body.index(after: colon)...]
                if first == "?", let value = arguments[key] {
                    out += text.replacingPercent(with: value)
                } else if first == "!", arguments[key] == nil {
                    out += text
                }
            } else if let value = arguments[String(body)] {
                out += value
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}

extension Substring {
    fileprivate func replacingPercent(with value: String) -> String {
        split(separator: "%", omittingEmptySubsequences: false).joined(separator: value)
    }
}

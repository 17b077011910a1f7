import ArkitektModel

/// A problem with the command line or the input that stops the run: exit code 2, one line on
/// stderr naming the problem (with file:line:col when there is a place).
public struct KitError: Error, Sendable, Equatable {
    public let message: LocalizedText
    public let location: SourceLocation?
    /// What the layer below said (libgit2's function and code, the system's error): never part of
    /// the message a person reads, shown only with `--verbose`.
    public let detail: String?

    public init(_ message: LocalizedText, at location: SourceLocation? = nil, detail: String? = nil) {
        self.message = message
        self.location = location
        self.detail = detail
    }

    public init(nb: String, en: String, at location: SourceLocation? = nil, detail: String? = nil) {
        self.init(LocalizedText(nb: nb, en: en), at: location, detail: detail)
    }

    public func text(_ language: Language) -> String {
        let place = location.map { "\($0): " } ?? ""
        return place + message.line(language)
    }
}

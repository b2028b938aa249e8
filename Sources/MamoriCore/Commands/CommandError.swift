/// Why a command was refused; nothing is written when one is thrown.
public struct CommandError: Error, Sendable, Equatable {
    /// What is wrong, in Japanese and English.
    public var message: LocalizedText
    /// The field at fault (snake_case, as forms and the API name it), when one is.
    public var field: String?
    /// What is wrong with that field, without its name: shown next to the field (the message names it for the
    /// command line).
    public var detail: LocalizedText?

    /// A refusal with its message.
    public init(_ message: LocalizedText, field: String? = nil) {
        self.message = message
        self.field = field
    }

    /// A refusal with a Japanese and an English message.
    public init(ja: String, en: String) {
        message = LocalizedText(ja: ja, en: en)
    }

    /// An ID that names nothing of its kind.
    public static func unknown(_ kind: LocalizedText, _ id: String) -> CommandError {
        CommandError(ja: "\(kind.ja) \"\(id)\" は存在しません", en: "unknown \(kind.en) \"\(id)\"")
    }

    /// A field whose value cannot be accepted.
    public static func invalid(_ field: String, ja: String, en: String) -> CommandError {
        var error = CommandError(LocalizedText(ja: "\(field): \(ja)", en: "\(field): \(en)"), field: field)
        error.detail = LocalizedText(ja: ja, en: en)
        return error
    }
}

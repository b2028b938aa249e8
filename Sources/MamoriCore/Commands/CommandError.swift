/// Why a command was refused; nothing is written when one is thrown.
public struct CommandError: Error, Sendable, Equatable {
    /// What is wrong, in Japanese and English.
    public var message: LocalizedText

    /// A refusal with its message.
    public init(_ message: LocalizedText) {
        self.message = message
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
        CommandError(ja: "\(field): \(ja)", en: "\(field): \(en)")
    }
}

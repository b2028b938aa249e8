/// A text in Japanese (first) and English, as every label, title and reason in Mamori is.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The Japanese text, shown by default.
    public var ja: String
    /// The English text, shown with `--lang en` or the English switch.
    public var en: String

    /// Creates a text from its Japanese and English forms.
    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }

    /// The text in the given language.
    public func text(_ language: Language) -> String {
        switch language {
        case .ja: ja
        case .en: en
        }
    }
}

/// The languages of the UI, the CLI and the documents; Japanese is the default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case ja
    case en
}

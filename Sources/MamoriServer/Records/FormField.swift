import Foundation
import MamoriCore
import MamoriDocuments
import MamoriStore

/// One field of a record form: where its value goes in the command's JSON (a snake_case dotted path), how a person
/// enters it and how a recorded value is shown.
struct FormField: Sendable {
    /// How the value is entered.
    enum Input: Sendable {
        case text, longText, number, flag, day, time
        /// Several values, one per line (or a JSON array in the API).
        case list
        /// Personal data: sealed by the store's key before it is journaled.
        case sealed
        /// A PNG or JPEG photo of at most 1 MB, checked by its content and sealed.
        case photo
        case choice([FormChoice])
        /// A person on the roster, many people, a provided-data asset, an approval, a clause of the annex.
        case person, people, asset, approval, clause
    }

    /// What an empty value means.
    enum Presence: Sendable {
        /// Refused with "required".
        case required
        /// Left out of the record.
        case optional
        /// Recorded as an empty text or list.
        case blank
        /// The current time or day.
        case now
    }

    /// The path in the command's JSON, and the field's name in forms and API bodies.
    var key: String
    var label: LocalizedText
    var input: Input
    var presence: Presence = .required
    /// Whether the records table shows it.
    var listed = true

    /// The maximum size of a photo.
    static let photoLimit = 1024 * 1024

    /// Builds a field.
    init(_ key: String, _ label: LocalizedText, _ input: Input, _ presence: Presence = .required, listed: Bool = true) {
        self.key = key
        self.label = label
        self.input = input
        self.presence = presence
        self.listed = listed
    }

    /// The value a form's entries give, or nil when empty; throws what is wrong with the entry.
    func value(texts: [String], file: Data?, sealer: Vault) throws(FieldProblem) -> Any? {
        let text = texts.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch input {
        case .flag: return ["on", "true", "1", "yes"].contains(text)
        case .people: return texts.isEmpty ? nil : texts
        case .list:
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return lines.isEmpty ? nil : lines
        case .photo:
            guard let file, !file.isEmpty else { return nil }
            return try sealedPhoto(file, sealer)
        default:
            guard !text.isEmpty else { return nil }
            return try value(text: text, sealer: sealer)
        }
    }

    /// The value an API body gives at this field's path, or nil when absent.
    func value(json value: Any, sealer: Vault) throws(FieldProblem) -> Any? {
        if value is NSNull { return nil }
        switch input {
        case .text, .longText, .day, .time, .sealed, .choice, .person, .asset, .approval, .clause:
            guard let text = value as? String else { throw .wrongType(LocalizedText(ja: "文字列", en: "a string")) }
            return text.isEmpty ? nil : try self.value(text: text, sealer: sealer)
        case .photo:
            guard let text = value as? String, let data = Data(base64Encoded: text) else {
                throw .wrongType(LocalizedText(ja: "base64 の画像", en: "a base64 image"))
            }
            return try sealedPhoto(data, sealer)
        case .number, .flag, .list, .people: return value
        }
    }

    private func value(text: String, sealer: Vault) throws(FieldProblem) -> Any {
        switch input {
        case .number:
            guard let number = Int(text) else { throw .wrongType(LocalizedText(ja: "整数", en: "a whole number")) }
            return number
        case .day:
            guard Day(text) != nil else { throw .wrongType(LocalizedText(ja: "YYYY-MM-DD の日付", en: "a date as YYYY-MM-DD")) }
            return text
        case .time:
            guard let date = FormField.time(text) else {
                throw .wrongType(LocalizedText(ja: "日時（YYYY-MM-DDTHH:MM）", en: "a time as YYYY-MM-DDTHH:MM"))
            }
            return date.ISO8601Format()
        case .choice(let choices):
            guard choices.contains(where: { $0.value == text }) else {
                throw .wrongType(LocalizedText(ja: choices.map(\.value).joined(separator: "・") + " のいずれか",
                                               en: "one of " + choices.map(\.value).joined(separator: ", ")))
            }
            return text
        case .sealed:
            do { return try sealer.seal(text).base64 } catch { throw .sealing }
        default: return text
        }
    }

    private func sealedPhoto(_ data: Data, _ sealer: Vault) throws(FieldProblem) -> String {
        guard data.count <= Self.photoLimit else {
            throw .invalid(LocalizedText(ja: "写真は 1 MB までです", en: "the photo must be 1 MB or less"))
        }
        guard ImageType(content: data) != nil else {
            throw .invalid(LocalizedText(ja: "写真は PNG か JPEG の画像にしてください（内容が画像ではありません）",
                                         en: "the photo must be a PNG or JPEG image (its content is not one)"))
        }
        do { return try sealer.seal(data).base64 } catch { throw .sealing }
    }

    /// A time as a browser's `datetime-local` sends it (Japan time) or as ISO 8601 with an offset.
    static func time(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = Day(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        return day.start.addingTimeInterval(TimeInterval(clock[0] * 3600 + clock[1] * 60))
    }
}

/// One option of a choice field.
struct FormChoice: Sendable {
    var value: String
    var label: LocalizedText

    init(_ value: String, _ label: LocalizedText) {
        self.value = value
        self.label = label
    }

    /// The options of an enumeration, each with its label.
    static func all<E: CaseIterable & RawRepresentable>(_ type: E.Type, _ label: (E) -> LocalizedText) -> [FormChoice] where E.RawValue == String {
        E.allCases.map { FormChoice($0.rawValue, label($0)) }
    }
}

/// What is wrong with one field's value.
enum FieldProblem: Error {
    case required
    case wrongType(LocalizedText)
    case invalid(LocalizedText)
    case sealing

    var message: LocalizedText {
        switch self {
        case .required: LocalizedText(ja: "入力してください", en: "required")
        case let .wrongType(expected): LocalizedText(ja: "\(expected.ja)で入力してください", en: "enter \(expected.en)")
        case let .invalid(message): message
        case .sealing: LocalizedText(ja: "暗号化できませんでした", en: "could not be sealed")
        }
    }
}

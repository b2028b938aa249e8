import Foundation
import MamoriCore
import MamoriDocuments
import MamoriStore

/// One field of a record form: where its value goes in the command's JSON (a snake_case dotted path), how a person
/// enters it and how a recorded value is shown.
struct FormField: Sendable {
    /// How the value is entered.
    enum Input: Sendable {
        case text, longText, flag, day, time
        /// A whole number within its limit (the same limit the command checks).
        case number(CountLimit)
        /// Several values, one per line (or a JSON array in the API).
        case list
        /// Personal data: sealed by the store's key before it is journaled.
        case sealed
        /// A PNG or JPEG photo of at most 1 MB, checked by its content and sealed.
        case photo
        case choice([FormChoice])
        /// A person on the roster, many people, a provided-data asset, a clause of the annex, an approval kind the
        /// annex declares.
        case person, people, asset, clause, approvalKind
        /// An approval that an act recorded as one of these record types names (a take-out, a subcontract).
        case approval([RecordType])
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
    /// The most pixels a photo may have on either side.
    static let photoSideLimit = 4096
    /// The most characters of a one-line text (a name, a title), of each line of a list, and of a long text.
    static let textLimit = 200, longTextLimit = 4000
    /// The most lines of a list, and people chosen at once.
    static let listLimit = 1000

    /// A text's length as the limits count it: in Unicode code points, as JSON Schema's `maxLength` does (a letter with
    /// combining marks is several; found by schemathesis).
    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// The most characters this field takes, for texts.
    var characterLimit: Int? {
        switch input {
        case .text, .list, .choice, .person, .asset, .approval, .clause, .approvalKind, .people: Self.textLimit
        case .longText, .sealed: Self.longTextLimit
        case .number, .flag, .day, .time, .photo: nil
        }
    }

    /// The most bytes this field's value can take in a JSON body the API description allows: every character of a
    /// text at its limit escaped, a character beyond the BMP (𠮷, in Japanese names) as a surrogate pair
    /// (`\uD842\uDFB7`, twelve bytes), every line of a list so, a photo as base64 of its limit.
    var largestJSON: Int {
        switch input {
        case .number, .flag, .day, .time: 64
        case .photo: Self.photoBase64Limit + 2
        case .list, .people: Self.listLimit * (Self.textLimit * 12 + 3) + 2
        default: (characterLimit ?? Self.textLimit) * 12 + 2
        }
    }

    /// The base64 of a photo at its limit.
    static let photoBase64Limit = (photoLimit + 2) / 3 * 4

    /// The field's name without the hint its form adds in parentheses (「発見日時（空欄は現在）」 → 「発見日時」,
    /// "Copies (for a copy)" → "Copies"): the heading of its column, of its row on a record's page, in the history.
    var heading: LocalizedText {
        LocalizedText(ja: Self.withoutHint(label.ja, opening: "（", closing: "）"), en: Self.withoutHint(label.en, opening: " (", closing: ")"))
    }

    private static func withoutHint(_ text: String, opening: String, closing: String) -> String {
        guard text.hasSuffix(closing), let open = text.range(of: opening, options: .backwards), open.lowerBound > text.startIndex else { return text }
        return String(text[..<open.lowerBound])
    }

    /// Builds a field.
    init(_ key: String, _ label: LocalizedText, _ input: Input, _ presence: Presence = .required, listed: Bool = true) {
        self.key = key
        self.label = label
        self.input = input
        self.presence = presence
        self.listed = listed
    }

    /// The value a form's entries give, or nil when empty; throws what is wrong with the entry.
    func value(texts: [String], file: Data?, sealer: Vault) throws(FieldProblem) -> JSONValue? {
        let text = texts.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch input {
        case .flag: return .bool(["on", "true", "1", "yes"].contains(text))
        case .people:
            guard !texts.isEmpty else { return nil }
            try checkList(texts)
            return .array(texts.map(JSONValue.string))
        case .list:
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            try checkList(lines)
            return lines.isEmpty ? nil : .array(lines.map(JSONValue.string))
        case .photo:
            guard let file, !file.isEmpty else { return nil }
            return .string(try sealedPhoto(file, sealer))
        default:
            guard !text.isEmpty else { return nil }
            return try value(text: text, sealer: sealer, local: .japan)
        }
    }

    /// The value an API body gives at this field's path, or nil when absent or null.
    func value(json value: JSONValue, sealer: Vault) throws(FieldProblem) -> JSONValue? {
        if value == .null { return nil }
        switch input {
        case .text, .longText, .day, .time, .sealed, .choice, .person, .asset, .approval, .clause, .approvalKind:
            guard let text = value.text else { throw .wrongType(Label.aString.localized) }
            // Only spaces is nothing, as in a form; but an empty day or time is not a day or time (null leaves it out).
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                switch input {
                case .day, .time: return try self.value(text: text, sealer: sealer, local: .refused)
                default: return nil
                }
            }
            return try self.value(text: text, sealer: sealer, local: .refused)
        case .photo:
            guard let text = value.text, let data = Data(base64Encoded: text) else {
                throw .wrongType(Label.aBase64Image.localized)
            }
            return .string(try sealedPhoto(data, sealer))
        case .number(let limit):
            // JSON's true and 1.5 are not counts; a whole number beyond Int (2^63) is read as a number, and refused too.
            guard let count = value.integer else { throw .wrongType(Label.aWholeNumber.localized) }
            return .integer(try checked(count, limit))
        case .flag:
            guard let flag = value.flag else { throw .wrongType(LocalizedText(ja: "true か false", en: "true or false")) }
            return .bool(flag)
        case .list, .people:
            guard let items = value.texts else { throw .wrongType(Label.anArrayOfStrings.localized) }
            try checkList(items)
            return .array(items.map(JSONValue.string))
        }
    }

    private func checked(_ count: Int, _ limit: CountLimit) throws(FieldProblem) -> Int {
        guard limit.range.contains(count) else {
            throw .invalid(
                LocalizedText(
                    ja: "\(limit.range.lowerBound) から \(limit.range.upperBound) までの整数で入力してください",
                    en: "enter a whole number from \(limit.range.lowerBound) to \(limit.range.upperBound)"))
        }
        return count
    }

    /// Characters no record keeps: control characters other than tab and line breaks (an escape sequence
    /// repaints a terminal reading the CSV or the journal) and the bidirectional overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069: 「ｇｎｐ.exe」 shown as 「exe.png」 in a document for the city) with the direction marks (U+061C,
    /// U+200E, U+200F), U+FEFF (a byte-order mark, which readers drop: a required field of it alone looked filled and
    /// read back empty), the interlinear annotation marks (U+FFF9–U+FFFB, which hide the text between them), the
    /// deprecated format characters (U+206A–U+206F, which change how digits and mirrored characters show) and the tag
    /// characters (U+E0000–U+E007F: invisible ASCII, which carries text no reader of a page or a document sees).
    static let refusedRanges: [ClosedRange<UInt32>] = [
        0x00...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x7F...0x9F, 0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x206F,
        0xFEFF...0xFEFF, 0xFFF9...0xFFFB, 0xE0000...0xE007F
    ]

    /// Line breaks (LF, CR, U+2028, U+2029; NEL is a control), tabs and the zero-width space, refused in a one-line
    /// text — a name, a title, an item of a list — which the pages, the CSV and the documents show on one line: a tab
    /// shows as a space, and 「研修\u{200B}第2回」 as 「研修第2回」 while it matches neither.
    static let lineBreaks: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0D...0x0D, 0x200B...0x200B, 0x2028...0x2029]

    /// Whether `scalar` is one of the ``lineBreaks``.
    static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        lineBreaks.contains { $0.contains(scalar.value) }
    }

    /// Whether a value may run over several lines: a long text, and personal data (both written in a text area).
    var isMultiLine: Bool {
        switch input {
        case .longText, .sealed: true
        default: false
        }
    }

    /// ``refusedRanges`` as the inside of a regular expression's character class, for the API description.
    static let refusedCharacters = characterClass(refusedRanges)
    /// ``refusedCharacters`` with the ``lineBreaks``, for a one-line text.
    static let refusedInOneLine = characterClass(refusedRanges + lineBreaks)

    /// The ranges as the inside of a character class. Those beyond U+FFFF (the tag characters) are left out: a JSON
    /// Schema pattern (ECMA-262 without the `u` flag) names characters as `\uXXXX` only. The server refuses them all
    /// the same, with a 422 that says which.
    private static func characterClass(_ ranges: [ClosedRange<UInt32>]) -> String {
        ranges.filter { $0.upperBound <= 0xFFFF }.map { range in
            range.lowerBound == range.upperBound ? escaped(range.lowerBound) : escaped(range.lowerBound) + "-" + escaped(range.upperBound)
        }.joined()
    }

    private static func escaped(_ code: UInt32) -> String { String(format: "\\u%04X", code) }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        refusedRanges.contains { $0.contains(scalar.value) }
    }

    /// Whether nothing in `text` shows: only spaces, format characters (U+200F, U+2061, tags), combining marks with
    /// nothing to combine with, fillers and other characters Unicode says to ignore when not shown (U+3164, U+00AD),
    /// the blank braille pattern U+2800, noncharacters (U+FFFF) and code points no character is assigned to yet. Such a
    /// value would print as an empty field in a document for the city. (Private-use characters are kept: 外字 of
    /// names in the city's systems live there.)
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let properties = scalar.properties
            return properties.isWhitespace || properties.isDefaultIgnorableCodePoint || properties.isNoncharacterCodePoint
                || scalar.value == 0x2800 || [.format, .nonspacingMark, .enclosingMark, .control, .unassigned].contains(properties.generalCategory)
        }
    }

    /// Refuses a text of which nothing shows, or holding a refused character, or, in a one-line text, a line break;
    /// naming the character.
    static func checkCharacters(_ text: String, oneLine: Bool) throws(FieldProblem) {
        if !text.isEmpty, isBlank(text) {
            throw .invalid(
                LocalizedText(
                    ja: "見える文字がありません（空白・書式文字などだけです）", en: "holds nothing visible (only spaces, format characters or the like)"))
        }
        // Said without its code point: a browser sends a typed line break as CR LF, which no one typed.
        if oneLine, text.unicodeScalars.contains(where: breaksLine) {
            throw .invalid(
                LocalizedText(
                    ja: "改行・タブ・幅のない空白は使えません。1 行で入力してください",
                    en: "line breaks, tabs and zero-width spaces are not accepted here; enter one line"))
        }
        guard let refused = text.unicodeScalars.first(where: isRefused) else { return }
        let code = String(format: "U+%04X", refused.value)
        throw .invalid(
            LocalizedText(
                ja: "使えない文字（制御文字・書字方向を変える文字・BOM など \(code)）が含まれています",
                en: "contains a character that is not accepted (a control, a direction mark or override, a byte-order mark or the like, \(code))"))
    }

    private func checkList(_ items: [String]) throws(FieldProblem) {
        guard items.count <= Self.listLimit else {
            throw .invalid(LocalizedText(ja: "\(Self.listLimit) 件までです", en: "at most \(Self.listLimit) entries"))
        }
        for item in items { try Self.checkCharacters(item, oneLine: true) }
        if let long = items.first(where: { Self.length($0) > Self.textLimit }) {
            throw .invalid(
                LocalizedText(
                    ja: "1 行は \(Self.textLimit) 文字までです（\(Self.length(long)) 文字の行があります）",
                    en: "each line is at most \(Self.textLimit) characters (one has \(Self.length(long)))"))
        }
    }

    private func value(text: String, sealer: Vault, local: Timestamp.LocalTime) throws(FieldProblem) -> JSONValue {
        if let limit = characterLimit, Self.length(text) > limit {
            throw .invalid(LocalizedText(ja: "\(limit) 文字までです（\(Self.length(text)) 文字）", en: "at most \(limit) characters (got \(Self.length(text)))"))
        }
        try Self.checkCharacters(text, oneLine: !isMultiLine)
        // Full-width digits, colons and hyphens (「３」「２０２６－０４－０１」) are what Japanese keyboards often type.
        let narrow = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        switch input {
        case .number(let limit):
            guard let number = Int(narrow) else { throw .wrongType(Label.aWholeNumber.localized) }
            return .integer(try checked(number, limit))
        case .day:
            guard Day(narrow) != nil else {
                throw .wrongType(Label.aDateThatExistsAsYyyy.localized)
            }
            return .string(narrow)
        case .time:
            guard let date = Timestamp.parse(narrow, local: local) else { throw .wrongType(Timestamp.expected(local)) }
            return .string(date.ISO8601Format())
        case .choice(let choices):
            guard choices.contains(where: { $0.value == text }) else {
                throw .wrongType(
                    LocalizedText(
                        ja: choices.map(\.value).joined(separator: "・") + " のいずれか",
                        en: "one of " + choices.map(\.value).joined(separator: ", ")))
            }
            return .string(text)
        case .sealed:
            do { return .string(try sealer.seal(text).base64) } catch { throw .sealing }
        default: return .string(text)
        }
    }

    private func sealedPhoto(_ data: Data, _ sealer: Vault) throws(FieldProblem) -> String {
        guard data.count <= Self.photoLimit else {
            throw .invalid(Label.thePhotoMustBe1Mb.localized)
        }
        guard ImageType(content: data) != nil else {
            throw .invalid(
                Label.thePhotoMustBeA.localized)
        }
        guard let size = ImageType.dimensions(of: data), (1...Self.photoSideLimit).contains(size.width),
            (1...Self.photoSideLimit).contains(size.height)
        else {
            throw .invalid(
                LocalizedText(
                    ja: "写真は縦横 \(Self.photoSideLimit) ピクセルまでの読める画像にしてください",
                    en: "the photo must be a readable image of at most \(Self.photoSideLimit) pixels a side"))
        }
        do { return try sealer.seal(data).base64 } catch { throw .sealing }
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
        case .required: Label.required.localized
        case .wrongType(let expected): LocalizedText(ja: "\(expected.ja)で入力してください", en: "enter \(expected.en)")
        case .invalid(let message): message
        case .sealing: Label.couldNotBeSealed.localized
        }
    }
}

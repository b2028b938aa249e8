import Foundation
import MamoriCore

/// Why a form or API body was refused: messages by field (shown next to it) and one for the whole form.
struct FormProblems: Error {
    var fields: [String: LocalizedText] = [:]
    var general: LocalizedText?

    var isEmpty: Bool { fields.isEmpty && general == nil }

    init(fields: [String: LocalizedText] = [:], general: LocalizedText? = nil) {
        self.fields = fields
        self.general = general
    }

    /// A command's refusal, placed next to the field it names when the form has one.
    init(_ error: CommandError, fields formFields: [FormField]) {
        if let field = error.field, let key = FormProblems.key(for: field, in: formFields) {
            fields[key] = FormProblems.labelled(error.detail ?? error.message, formFields)
        } else {
            general = FormProblems.labelled(error.message, formFields)
        }
    }

    /// A message with the fields it names by key (`due_on`) named by their labels (期限 / Due), as the form shows them.
    static func labelled(_ message: LocalizedText, _ fields: [FormField]) -> LocalizedText {
        var ja = message.ja
        var en = message.en
        for field in fields.sorted(by: { $0.key.count > $1.key.count }) {
            // Only snake_case names: a plain word (copies, note) is also an ordinary word of a sentence.
            for name in Set([field.key, String(field.key.split(separator: ".").last ?? "")]) where name.contains("_") {
                ja = ja.replacingOccurrences(of: name, with: "「\(field.label.ja)」")
                en = en.replacingOccurrences(of: name, with: "\"\(field.label.en)\"")
            }
        }
        return LocalizedText(ja: ja, en: en)
    }

    /// A decoding error of the assembled JSON (a value a field's own check let through), placed at its field.
    init(decoding error: any Error, under prefix: String?, fields formFields: [FormField]) {
        let path: [any CodingKey]
        let message: LocalizedText
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = FieldProblem.required.message
        case DecodingError.valueNotFound(_, let context):
            path = context.codingPath
            message = FieldProblem.required.message
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            path = context.codingPath
            message = Label.thisValueIsNotValid.localized
        case let refused as CommandError:
            general = refused.message
            return
        default:
            general = Label.theContentCannotBeRead.localized
            return
        }
        var keys = path.map { $0.intValue.map(String.init) ?? JSONValue.snake($0.stringValue) }
        if keys.first == "record" { keys.removeFirst() }
        let dotted = ([prefix].compactMap { $0 } + keys).joined(separator: ".")
        if let key = FormProblems.key(for: dotted, in: formFields) {
            fields[key] = message
        } else {
            general = LocalizedText(ja: "\(dotted): \(message.ja)", en: "\(dotted): \(message.en)")
        }
    }

    /// The form field a refusal's field name means: the same path, or a field whose last part (or group) it is.
    static func key(for name: String, in fields: [FormField]) -> String? {
        fields.first { $0.key == name }?.key
            ?? fields.first { $0.key.hasSuffix("." + name) }?.key
            ?? fields.first { $0.key.hasPrefix(name + ".") }?.key
    }
}

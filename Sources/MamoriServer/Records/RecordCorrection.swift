import Foundation
import MamoriCore
import MamoriStore

/// Corrections from the command line: the same correction forms and ``CorrectRecord`` as the API and the record pages,
/// given field values as text.
public enum RecordCorrection {
    /// The kinds of record that can be corrected (every kind but data events), as the URLs and the API name them.
    public static var kinds: [String] {
        RecordKinds.all.filter { $0.step(CommandForm.correctionSlug) != nil }.map(\.slug)
    }

    /// The fields a correction of `kind` takes besides the reason, by API name; nil for a kind that cannot be corrected.
    public static func fields(of kind: String) -> [String]? {
        RecordKinds.named(kind)?.step(CommandForm.correctionSlug).map { $0.fields.map(\.key).filter { $0 != "reason" } }
    }

    /// The correction of the record `id` of `kind` on a contract: `values` by field name as text (a number as digits,
    /// a yes/no as true or false, a list with commas, a photo as `@FILE`), with the reason. Refused with the problems named.
    public static func command(
        kind slug: String, id: String, contractID: String, values: [(key: String, text: String)], reason: String,
        store: Store, now: Date
    ) async throws -> any Command {
        guard let kind = RecordKinds.named(slug), let form = kind.step(CommandForm.correctionSlug) else {
            throw StoreError.refused(
                CommandError(
                    ja: "訂正できる記録の種類は \(kinds.joined(separator: ", ")) です（\(slug)）",
                    en: "the kinds of record that can be corrected are \(kinds.joined(separator: ", ")) (got \(slug))"))
        }
        let state = try await store.contract(contractID)
        guard let current = try await kind.find(state, store, id) else {
            throw StoreError.refused(CommandError(ja: "\(kind.title.ja)に \(id) はありません", en: "there is no \(slug) record \(id)"))
        }
        var body: JSONValue = ["reason": .string(reason)]
        for (key, text) in values {
            guard let field = form.fields.first(where: { $0.key == key && $0.key != "reason" }) else {
                let known = fields(of: slug) ?? []
                throw StoreError.refused(
                    CommandError(
                        ja: "\(kind.title.ja)に項目 \(key) はありません（\(known.joined(separator: ", "))）",
                        en: "\(slug) records have no field \(key) (\(known.joined(separator: ", ")))"))
            }
            body.set(try value(text, for: field), at: key)
        }
        do {
            return try form.command(
                json: body.data(), contractID: contractID, recordID: id, current: current,
                vault: store.vault, now: now, state: MamoriState())  // a correction makes no new ID
        } catch let problems as FormProblems {
            let named = problems.fields.sorted { $0.key < $1.key }
            throw StoreError.refused(
                CommandError(
                    ja: ([problems.general?.ja].compactMap { $0 } + named.map { "\($0.key): \($0.value.ja)" }).joined(separator: "、"),
                    en: ([problems.general?.en].compactMap { $0 } + named.map { "\($0.key): \($0.value.en)" }).joined(separator: "; ")))
        }
    }

    /// A field's text as the API takes it.
    private static func value(_ text: String, for field: FormField) throws -> JSONValue {
        switch field.input {
        case .number: return Int(text).map(JSONValue.integer) ?? .string(text)
        case .flag: return .bool(["true", "yes", "1", "on", "はい"].contains(text.lowercased()))
        case .list, .people: return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case .photo:
            guard text.hasPrefix("@") else { return .string(text) }
            let path = String(text.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StoreError.refused(CommandError(ja: "ファイル \(path) を読めません", en: "cannot read the file \(path)"))
            }
            return .string(data.base64EncodedString())
        default: return .string(text)
        }
    }
}

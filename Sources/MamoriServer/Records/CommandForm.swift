import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// A form that builds one command — a new record, or a step on a recorded one — from a web form's fields or from an
/// API body. Both go through the same fields, the same sealing and the command's own decoding and validation.
struct CommandForm: Sendable {
    /// What the command does.
    enum Target: Sendable {
        /// Adds a record; `id` gives its ID from the state and the contract's ID.
        case newRecord(id: @Sendable (MamoriState, String) -> String)
        /// A step on a record: `slug` in the URL, the record's ID at `recordKey` in the command.
        case step(slug: String, recordKey: String)
        /// A correction of a record (``CorrectRecord``): the fields given replace the current record's, the others stay.
        case correction
    }

    /// The step slug of a correction.
    static let correctionSlug = "correct"

    /// A value the server sets, never the sender.
    enum Fixed: Sendable {
        case text(String)
        case emptyList
    }

    /// A part of the command sealed as a whole (JSON of `type`), e.g. an incident report's findings.
    struct SealedGroup: Sendable {
        var key: String
        var check: @Sendable (Data) throws -> Void

        static func object<T: Decodable & Sendable>(_ type: T.Type, at key: String) -> SealedGroup {
            SealedGroup(key: key) { _ = try JSONDecoder().decode(T.self, from: $0) }
        }

        /// An incident report's findings, which must say something: a report with every item empty is not a report
        /// (and would count as one made in time).
        static func findings(at key: String) -> SealedGroup {
            SealedGroup(key: key) { data in
                guard try !JSONDecoder().decode(IncidentFindings.self, from: data).isEmpty else {
                    throw CommandError(
                        ja: "報告の項目がすべて空です。分かっていることを少なくとも 1 つ記入してください",
                        en: "every item of the report is empty: fill in at least one thing known")
                }
            }
        }
    }

    /// Fields one choice makes necessary (a copy needs its number of copies): said in the API description, checked
    /// by the command itself.
    struct RequiredWhen: Sendable {
        var key: String
        var value: String
        /// Dotted paths, e.g. `erasure.method`.
        var required: [String]
    }

    var target: Target
    var title: LocalizedText
    var requiredWhen: [RequiredWhen] = []
    var fields: [FormField]
    var fixed: [String: Fixed] = [:]
    var sealedGroups: [SealedGroup] = []
    /// Who may submit it (by default the contractor's administrator, responsible person and supervisors).
    var permitted: @Sendable (AccountRole) -> Bool = { $0.supervisesRecords }
    /// Whether a step still applies to a record of the contract (e.g. the city not yet notified).
    var applies: @Sendable (ContractState, any ContractRecord) -> Bool = { _, _ in true }
    /// What the form holds before anyone types, from the record it moves on (a final report starts from the
    /// preliminary one's findings), opened with the vault; nil for an empty form.
    var prefilled: @Sendable (any ContractRecord, Vault) -> FormInput? = { _, _ in nil }
    /// Decodes the finished JSON into the command.
    var decode: @Sendable (JSONValue) throws -> any Command

    /// The ID a new record made on the web gets, a number people can say (事故 INC-3): the code and the record's
    /// number within its contract, counted on from the records of its kind there to the first one no contract uses
    /// (IDs are unique across contracts; two saved at once: the second is refused as a used ID and is sent again).
    static func nextID<R: NewRecord>(_ type: R.Type, code: String, in state: MamoriState, contractID: String) -> String {
        var number = (state.contracts[contractID]?[keyPath: R.table].count ?? 0) + 1
        while state.contracts.values.contains(where: { $0[keyPath: R.table]["\(code)-\(number)"] != nil }) { number += 1 }
        return "\(code)-\(number)"
    }

    /// A form that adds a record of type `R`, numbered `CODE-n` within the contract (``nextID(_:code:in:contractID:)``);
    /// with `numbered: false` (data events, of which the state keeps only the notable ones) a random `code-…` ID.
    static func record<R: NewRecord>(
        _ type: R.Type, code: String, numbered: Bool = true, fields: [FormField], fixed: [String: Fixed] = [:],
        sealedGroups: [SealedGroup] = [],
        permitted: @escaping @Sendable (AccountRole) -> Bool = { $0.supervisesRecords },
        requiredWhen: [RequiredWhen] = []
    ) -> CommandForm {
        let id: @Sendable (MamoriState, String) -> String
        if numbered {
            id = { state, contractID in nextID(R.self, code: code, in: state, contractID: contractID) }
        } else {
            id = { _, _ in Store.newID(code) }
        }
        return CommandForm(
            target: .newRecord(id: id), title: LocalizedText(ja: "\(R.label.ja)の登録", en: "Record a \(R.label.en)"),
            requiredWhen: requiredWhen, fields: fields, fixed: fixed, sealedGroups: sealedGroups, permitted: permitted
        ) { json in
            try json.decode(Wrapped<R>.self, with: CommandForm.decoder).command
        }
    }

    /// A step on a record of type `R`, run by the command `C`.
    static func step<R: NewRecord, C: ContractCommand>(
        _ command: C.Type, on record: R.Type, slug: String, title: LocalizedText,
        recordKey: String, fields: [FormField], fixed: [String: Fixed] = [:],
        sealedGroups: [SealedGroup] = [],
        permitted: @escaping @Sendable (AccountRole) -> Bool = { $0.supervisesRecords },
        applies: @escaping @Sendable (R) -> Bool
    ) -> CommandForm {
        step(
            command, on: record, slug: slug, title: title, recordKey: recordKey, fields: fields, fixed: fixed, sealedGroups: sealedGroups,
            permitted: permitted, appliesIn: { _, record in applies(record) })
    }

    /// A step on a record of type `R` that applies depending on the contract's other records too.
    static func step<R: NewRecord, C: ContractCommand>(
        _ command: C.Type, on record: R.Type, slug: String, title: LocalizedText,
        recordKey: String, fields: [FormField], fixed: [String: Fixed] = [:],
        sealedGroups: [SealedGroup] = [],
        permitted: @escaping @Sendable (AccountRole) -> Bool = { $0.supervisesRecords },
        appliesIn applies: @escaping @Sendable (ContractState, R) -> Bool
    ) -> CommandForm {
        CommandForm(
            target: .step(slug: slug, recordKey: recordKey), title: title, fields: fields, fixed: fixed, sealedGroups: sealedGroups,
            permitted: permitted, applies: { state, record in (record as? R).map { applies(state, $0) } ?? false }
        ) { json in
            try json.decode(C.self, with: CommandForm.decoder)
        }
    }

    /// The correction of a record added by `create`: the same fields, none required (a field left out keeps its value;
    /// a photo is replaced only by a new one), and the reason.
    static func correction<R: NewRecord>(of create: CommandForm, _ type: R.Type) -> CommandForm {
        var fields = create.fields.map { field in
            var kept = field
            kept.presence = .optional
            return kept
        }
        fields.append(FormField("reason", Label.reasonForTheCorrection.localized, .longText, listed: false))
        return CommandForm(
            target: .correction, title: LocalizedText(ja: "\(R.label.ja)の訂正", en: "Correct a \(R.label.en)"),
            // Staff record what they did; a correction (which may lift a duty: an incident's APPI facts) is for those
            // who supervise the records.
            fields: fields, sealedGroups: create.sealedGroups, permitted: { create.permitted($0) && $0 != .staff }
        ) { json in
            try json.decode(CorrectRecord<R>.self, with: CommandForm.correctionDecoder)
        }
    }

    /// Reads a correction's merged record: the current record's dates as stored (seconds since 2001), the new ones as
    /// the fields give them (ISO 8601).
    private static var correctionDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSinceReferenceDate: seconds) }
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text, local: .refused) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        return decoder
    }

    /// `AddRecord<R>` as it is coded: the record under `record`.
    private struct Wrapped<R: NewRecord>: Decodable {
        var record: R
        var command: AddRecord<R> { AddRecord(record) }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// What the form's button says.
    var submitLabel: LocalizedText {
        if case .correction = target { return Label.correct.localized }
        return Label.registration.localized
    }

    /// The largest API body the description allows for this form, so that a body it allows is never refused for its
    /// size: each field at its limit (``FormField/largestJSON``) with its key, and room for the object around them.
    /// At least 64 KB.
    var bodyLimit: Int {
        max(64 * 1024, fields.reduce(1024) { $0 + $1.key.utf8.count + 8 + $1.largestJSON })
    }

    /// Whether the form has a photo (and so must be sent as multipart).
    var hasFile: Bool { fields.contains { if case .photo = $0.input { true } else { false } } }

    /// The command from a web form's entries.
    func command(
        from input: FormInput, contractID: String, recordID: String?, current: (any ContractRecord)? = nil, vault: Vault,
        now: Date, state: MamoriState
    ) throws(FormProblems) -> any Command {
        var problems = FormProblems()
        var tree = JSONValue.object([:])
        for field in fields {
            do {
                let value = try field.value(texts: input.texts(field.key), file: input.files[field.key], sealer: vault)
                try place(value, of: field, in: &tree, now: now)
            } catch {
                problems.fields[field.key] = error.message
            }
        }
        return try finish(tree, problems: problems, contractID: contractID, recordID: recordID, current: current, vault: vault, state: state)
    }

    /// The command from an API body: a JSON object with the fields' snake_case keys; any other key is refused.
    func command(
        json body: Data, contractID: String, recordID: String?, current: (any ContractRecord)? = nil, vault: Vault,
        now: Date, state: MamoriState
    ) throws(FormProblems) -> any Command {
        let object = try Self.object(body)
        var problems = FormProblems()
        let known = Set(fields.map { String($0.key.prefix { $0 != "." }) })
        for key in object.keys.sorted() where !known.contains(key) {
            problems.fields[key] = LocalizedText(
                ja: "この項目は受け付けません（\(known.sorted().joined(separator: ", "))）",
                en: "unknown field (expected \(known.sorted().joined(separator: ", ")))")
        }
        for key in known.sorted() {
            if let value = object[key] { checkShape(value, at: key, into: &problems) }
        }
        let body = JSONValue.object(object)
        var tree = JSONValue.object([:])
        for field in fields {
            // A correction changes only what the body gives.
            if case .correction = target, body.value(at: field.key) == nil { continue }
            do throws(FieldProblem) {
                let value = try body.value(at: field.key).flatMap { value throws(FieldProblem) in try field.value(json: value, sealer: vault) }
                // An unchecked box sends nothing in a form; an API body says true or false, so a forgotten required
                // fact (sensitive data involved?) is never recorded as "no".
                if value == nil, case .flag = field.input, field.presence == .required { throw FieldProblem.required }
                try place(value, of: field, in: &tree, now: now)
            } catch {
                problems.fields[field.key] = error.message
            }
        }
        return try finish(tree, problems: problems, contractID: contractID, recordID: recordID, current: current, vault: vault, state: state)
    }

    /// An API body's members: strict JSON (no member named twice: ``StrictJSON``) of one object.
    private static func object(_ body: Data) throws(FormProblems) -> [String: JSONValue] {
        do throws(StrictJSON.Problem) {
            try StrictJSON.check(body)
        } catch {
            throw FormProblems(
                general: error.isRepeatedName
                    ? LocalizedText(
                        ja: "JSON の一つのオブジェクトに同じ項目名が二度あります（\(error.offset) バイト目）",
                        en: "a JSON object names the same member twice (byte \(error.offset))")
                    : LocalizedText(ja: "本文を JSON として読めません（\(error.offset) バイト目）", en: "the body is not valid JSON (byte \(error.offset))"))
        }
        // No field takes a fraction, and JSONDecoder would round one to a count (99.99999999999999999 to 100, 1E-400 to
        // 0): a number is taken only when its exact value is whole (1.0 and 1e2 are).
        if let fraction = Self.firstFraction(in: body) {
            throw FormProblems(
                fields: fraction.key.map { [$0: FieldProblem.wrongType(Label.aWholeNumber.localized).message] } ?? [:],
                general: fraction.key == nil
                    ? LocalizedText(
                        ja: "整数でない数があります（\(fraction.offset) バイト目）。件数・部数は整数で入力してください",
                        en: "a number is not a whole number (byte \(fraction.offset)): counts are whole numbers") : nil)
        }
        // Strict JSON that JSONDecoder still refuses has a number beyond a double's range (1e400).
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw FormProblems(general: LocalizedText(ja: "本文に読めない数があります", en: "the body holds a number out of range"))
        }
        guard let object = parsed.members else {
            let sent = parsed.items != nil ? Label.anArray.localized : Label.aSingleValue.localized
            throw FormProblems(
                general: LocalizedText(
                    ja: "JSON のオブジェクト（{…}）を送ってください（\(sent.ja)が送られました）", en: "send a JSON object ({…}), not \(sent.en)"))
        }
        return object
    }

    /// The first number in strict JSON whose exact value is not whole, if any — its byte offset, and the name of the
    /// member it is the value of (or an item of) — : its significant digits, trailing zeros dropped, must not reach below
    /// the units once the exponent is applied.
    static func firstFraction(in body: Data) -> (offset: Int, key: String?)? {
        let bytes = [UInt8](body)
        var index = 0
        var stringStart: Int?
        var lastString: String?
        var key: String?
        while index < bytes.count {
            let byte = bytes[index]
            if let opened = stringStart {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    stringStart = nil
                    lastString = String(decoding: bytes[(opened + 1)..<index], as: UTF8.self)
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                stringStart = index
                index += 1
                continue
            }
            if byte == UInt8(ascii: ":") { key = lastString }
            guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                index += 1
                continue
            }
            let start = index
            var digits: [UInt8] = []
            var scale = 0
            var exponent = 0
            var exponentSign = 1
            var part = 0  // 0 whole digits, 1 fraction, 2 exponent
            if byte == UInt8(ascii: "-") { index += 1 }
            scan: while index < bytes.count {
                let next = bytes[index]
                switch next {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if part == 2 {
                        exponent = min(exponent * 10 + Int(next - UInt8(ascii: "0")), 1_000_000)
                    } else {
                        digits.append(next)
                        if part == 1 { scale += 1 }
                    }
                case UInt8(ascii: "."): part = 1
                case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "-"): exponentSign = -1
                default: break scan
                }
                index += 1
            }
            // The value is D × 10^(exponent − scale) for the digits D: whole when D, its trailing zeros dropped (each
            // raising the power), needs no negative power.
            var power = exponentSign * exponent - scale
            while let last = digits.last, last == UInt8(ascii: "0") {
                digits.removeLast()
                power += 1
            }
            if !digits.isEmpty, power < 0 { return (start, key) }
        }
        return nil
    }

    /// Refuses a group (`appi`, `erasure`, `emergency_contacts`) of the wrong shape, or holding a key no field has,
    /// as the API description says (`additionalProperties: false`).
    private func checkShape(_ value: JSONValue, at path: String, into problems: inout FormProblems) {
        let children = Set(
            fields.compactMap { field -> String? in
                guard field.key.hasPrefix(path + ".") else { return nil }
                return String(field.key.dropFirst(path.count + 1).prefix { $0 != "." })
            })
        guard !children.isEmpty, value != .null else { return }
        if children.allSatisfy({ Int($0) != nil }) {
            guard let items = value.items, items.count <= children.count else {
                problems.fields[path] = LocalizedText(ja: "\(children.count) 件までの配列で入力してください", en: "send an array of at most \(children.count) entries")
                return
            }
            for (index, item) in items.enumerated() { checkShape(item, at: "\(path).\(index)", into: &problems) }
            return
        }
        guard let object = value.members else {
            problems.fields[path] = Label.sendAnObject.localized
            return
        }
        for (key, member) in object.sorted(by: { $0.key < $1.key }) {
            guard children.contains(key) else {
                problems.fields["\(path).\(key)"] = LocalizedText(
                    ja: "この項目は受け付けません（\(children.sorted().joined(separator: ", "))）",
                    en: "unknown field (expected \(children.sorted().joined(separator: ", ")))")
                continue
            }
            checkShape(member, at: "\(path).\(key)", into: &problems)
        }
    }

    private func place(_ value: JSONValue?, of field: FormField, in tree: inout JSONValue, now: Date) throws(FieldProblem) {
        if let value {
            tree.set(value, at: field.key)
            return
        }
        if case .flag = field.input {
            tree.set(.bool(false), at: field.key)
            return
        }
        switch field.presence {
        case .required: throw .required
        case .optional: break
        case .blank:
            let empty: JSONValue =
                switch field.input {
                case .list, .people: .array([])
                default: .string("")
                }
            tree.set(empty, at: field.key)
        case .now:
            tree.set(.string(field.input.isDay ? Day(now).description : now.ISO8601Format()), at: field.key)
        }
    }

    private func finish(
        _ fieldTree: JSONValue, problems: FormProblems, contractID: String, recordID: String?,
        current: (any ContractRecord)?, vault: Vault, state: MamoriState
    ) throws(FormProblems) -> any Command {
        var problems = problems
        guard problems.isEmpty else { throw problems }
        var tree = fieldTree
        for (key, value) in fixed {
            switch value {
            case .text(let text): tree.set(.string(text), at: key)
            case .emptyList: tree.set(.array([]), at: key)
            }
        }
        tree["contract_id"] = .string(contractID)
        switch target {
        case .newRecord(let id): tree["id"] = .string(id(state, contractID))
        case .step(_, let recordKey): tree[recordKey] = .string(recordID ?? "")
        case .correction: tree["id"] = .string(recordID ?? "")
        }
        var object = tree.numberedAsArrays.renamingKeys(JSONValue.camel)
        for group in sealedGroups {
            let key = JSONValue.camel(group.key)
            guard let part = object[key] else { continue }
            do {
                let data = try part.data()
                do { try group.check(data) } catch { throw FormProblems(decoding: error, under: group.key, fields: fields) }
                object[key] = .string(try vault.seal(data).base64)
            } catch let problem as FormProblems {
                throw problem
            } catch {
                problems.fields[group.key] = FieldProblem.sealing.message
                throw problems
            }
        }
        let wrapped: JSONValue
        switch target {
        case .newRecord: wrapped = ["record": object]
        case .step: wrapped = object
        case .correction:
            // The current record with the fields given laid over it: what no field sets (a person's leaving day, the
            // city's decision on a request) stays as recorded.
            guard let current, case .object(var merged)? = try? JSONValue(encoding: current) else {
                throw FormProblems(general: Label.thereIsNoSuchRecord.localized)
            }
            let reason = object["reason"] ?? .string("")
            object["reason"] = nil
            // A time given as the form showed it (to the second) is the recorded one, fractions and all: a correction
            // of another field never moves it.
            for field in fields where field.input.isTime {
                let key = JSONValue.camel(field.key)
                if let given = object[key]?.text.flatMap({ Timestamp.parse($0, local: .refused) }),
                    let stored = merged[key]?.number, given.timeIntervalSinceReferenceDate == stored.rounded(.down)
                {
                    object[key] = merged[key]
                }
            }
            merged.merge(object.members ?? [:]) { _, new in new }
            wrapped = ["record": .object(merged), "reason": reason]
        }
        do {
            return try decode(wrapped)
        } catch {
            throw FormProblems(decoding: error, under: nil, fields: fields)
        }
    }
}

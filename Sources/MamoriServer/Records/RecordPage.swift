import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// One record's page: its current values, the form that corrects it (filled with them) and its history — every journal
/// entry that names it, corrections with their reasons.
struct RecordPage {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/records/{kind}/{record}", use: show)
    }

    @Sendable func show(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let slug = try context.parameters.require("kind")
        guard let kind = RecordKinds.named(slug) else { throw WebError.notFound(slug) }
        let id = try context.parameters.require("record")
        return try await response(kind, id, access, context, refused: nil)
    }

    /// The page, or with `refused` the correction form as it was sent with what is wrong (422), or with `refusedStep` a
    /// step sent from this page so (a void without its reason).
    func response(
        _ kind: RecordKind, _ id: String, _ access: ContractAccess, _ context: MemberContext,
        refused: (input: FormInput, problems: FormProblems)?, refusedStep: RecordSteps.Refusal? = nil
    ) async throws -> Response {
        guard let record = try await kind.find(access.state, environment.store, id) else { throw WebError.notFound(id) }
        let l = context.language
        let scene = try FormContext(access, context, environment)
        var correction: RecordView.Correction?
        if let form = kind.step(CommandForm.correctionSlug), form.permitted(access.role) {
            let current = try RecordRoutes.tree(record, opening: kind.allFields, vault: environment.store.vault)
            correction = RecordView.Correction(form: form, input: refused?.input ?? Self.filled(form, with: current), problems: refused?.problems)
        }
        let entries = try await environment.store.entries(naming: id, organizationID: access.contract.contractorID)
        // Each version of the record as the journal holds it (the entry that added it, each correction), to say what
        // a correction changed.
        var version: JSONValue?
        let recorders = try await Recorders(entries.map(\.actor), store: environment.store)
        let history: [RecordView.HistoryLine] = entries.map { entry in
            let time = JournalEntry.date(entry.recordedAt).map { l == .ja ? $0.warekiTime : $0.ISO8601Format() } ?? entry.recordedAt
            // The payload read once, for the line and for the version it holds.
            let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(entry.payload.utf8))
            let next = Self.version(of: id, in: payload)
            var line = Self.describe(entry, payload, holding: next != nil, of: id, in: kind, l)
            if let next {
                if let before = version, let form = kind.step(CommandForm.correctionSlug) {
                    let changes = Self.changes(before, next, form.fields, scene)
                    if !changes.isEmpty { line += "（" + changes.joined(separator: "、") + "）" }
                }
                version = next
            }
            return RecordView.HistoryLine(seq: entry.seq, time: time, recorder: recorders.label(entry.actor, l), line: line)
        }
        let view = RecordView(
            language: l, kind: kind, record: record, access: access, scene: scene, tree: try RecordRoutes.tree(record), correction: correction,
            history: history, refusedStep: refusedStep, clauses: try await Self.clauses(citing: id, access, environment))
        return PageLayout.response(view, status: refused == nil && refusedStep == nil ? .ok : .unprocessableContent, member: context.member)
    }

    /// The contract's clauses whose evaluation cites the record `id`, in the catalog's order, with their titles.
    static func clauses(
        citing id: String, _ access: ContractAccess, _ environment: ServerEnvironment
    ) async throws -> [(evaluation: ClauseEvaluation, title: LocalizedText)] {
        let catalog = try environment.catalog(access)
        let titles = Dictionary(catalog.clauses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        return try await environment.evaluation(of: access).filter { $0.evidence.contains(id) }.map {
            ($0, titles[$0.clauseID] ?? LocalizedText(ja: "", en: ""))
        }
    }

    /// A journal entry as a line of history: the entry that added this record, this record's correction with its
    /// reason, another record's (that names this one) as such, anything else by its type.
    private static func describe(
        _ entry: JournalEntry, _ payload: JSONValue?, holding version: Bool, of id: String, in kind: RecordKind,
        _ l: Language
    ) -> String {
        guard entry.type.hasSuffix(".correct") else {
            if version { return Label.recorded.text(l) }
            // A step of this kind by its title (`person.leave` → 離任); another record that names this one as related.
            let slug = String(entry.type.split(separator: ".").last ?? "")
            if let step = kind.steps.first(where: { $0.slug == slug }) {
                // With its reason where it gives one (a void).
                return step.title.text(l) + (payload?["reason"]?.text.map { "（\($0)）" } ?? "")
            }
            // Another record naming this one: what it is and its ID (誓約書 PL-P01 の登録).
            if let adding = entry.command as? any RecordAdding {
                return LocalizedText(
                    ja: "\(adding.newRecordLabel.ja) \(adding.newRecordID) の登録",
                    en: "\(adding.newRecordLabel.en) \(adding.newRecordID) recorded"
                ).text(l)
            }
            // The city's decision on a request, with its condition or reason.
            if let decision = entry.command as? DecideApproval {
                let word = decision.granted ? Label.granted.localized : Label.denied.localized
                return word.text(l) + (decision.note.isEmpty ? "" : "（\(decision.note)）")
            }
            return Label.relatedRecord.text(l)
        }
        let reason = payload?["reason"]?.text ?? ""
        let corrected = payload?["record"]?["id"]?.text
        guard corrected == id else {
            return LocalizedText(ja: "この記録を含む \(corrected ?? "") の訂正: \(reason)", en: "correction of \(corrected ?? ""), which names this record: \(reason)")
                .text(l)
        }
        return LocalizedText(ja: "訂正: \(reason)", en: "correction: \(reason)").text(l)
    }

    /// The record as the payload of an entry that added or corrected it holds it (snake_case keys, times as ISO 8601);
    /// nil for any other entry.
    private static func version(of id: String, in payload: JSONValue?) -> JSONValue? {
        guard let record = payload?["record"], record["id"]?.text == id else { return nil }
        return record.renamingKeys(JSONValue.snake)
    }

    /// What changed between two versions, field by field, as people read the values (a photo only as replaced).
    private static func changes(_ before: JSONValue, _ after: JSONValue, _ fields: [FormField], _ scene: FormContext) -> [String] {
        let l = scene.language
        return fields.compactMap { field in
            let old = before.value(at: field.key)
            let new = after.value(at: field.key)
            guard old != new else { return nil }
            if case .photo = field.input { return Label.photoReplaced.text(l) }
            return "\(field.heading.text(l)): \(Self.shown(field, old, scene)) → \(Self.shown(field, new, scene))"
        }
    }

    /// A stored value as the page shows it; journaled times are seconds since 2001.
    private static func shown(_ field: FormField, _ value: JSONValue?, _ scene: FormContext) -> String {
        if case .time = field.input, let seconds = value?.number {
            return scene.display(field, .string(Date(timeIntervalSinceReferenceDate: seconds).ISO8601Format()))
        }
        let text = scene.display(field, value)
        return text.isEmpty ? "—" : text
    }

    /// The form's entries as the record holds them now: times in Japan's local time, lists one per line, photos left out.
    static func filled(_ form: CommandForm, with tree: JSONValue) -> FormInput {
        var input = FormInput()
        for field in form.fields {
            guard let value = tree.value(at: field.key), value != .null else { continue }
            switch (field.input, value) {
            case (.photo, _): continue
            case (.flag, .bool(let flag)): input.values[field.key] = flag ? ["on"] : []
            case (.time, .string(let text)):
                guard let date = try? Date(text, strategy: .iso8601) else { continue }
                input.values[field.key] = [Timestamp.localInputValue(date)]
            case (.list, _): input.values[field.key] = [(value.texts ?? []).joined(separator: "\n")]
            case (_, .array): input.values[field.key] = value.texts ?? []
            case (_, .integer(let number)): input.values[field.key] = [String(number)]
            case (_, .string(let text)): input.values[field.key] = [text]
            default: continue
            }
        }
        return input
    }
}

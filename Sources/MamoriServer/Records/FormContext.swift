import Foundation
import MamoriCore
import MamoriStore

/// What forms and record lists are drawn against: the contract's state (for people, assets and approvals to choose
/// from), its catalog (clauses), the vault (to show sealed values to members) and the reader's language.
struct FormContext {
    let state: ContractState
    let catalog: Catalog
    let vault: Vault
    let language: Language
    let csrfToken: String
    let today: Day

    /// A form: its fields with their values and errors kept, the general error above them.
    func form(
        _ form: CommandForm, action: String, input: FormInput?, problems: FormProblems?, returnTo: String? = nil,
        fixed: [String: String] = [:], inline: Bool = false
    ) -> HTML {
        let l = language
        let general: HTML = problems?.general.map { "<p class=\"error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
        // Every field's problem once more at the top, each a link to its field (the fields get IDs only then: one
        // refused form per page).
        let shown = form.fields.filter { fixed[$0.key] == nil }
        let listed: [HTML] = shown.compactMap { field in
            problems?.fields[field.key].map { "<li><a href=\"#\(Self.anchor(field))\">\(field.label.text(l))：\($0.text(l))</a></li>" }
        }
        let summary: HTML =
            listed.isEmpty
            ? ""
            : """
            <div class="error-summary" role="alert"><p>\(LocalizedText(ja: "入力内容を確認してください（\(listed.count) 件）",
                                                                       en: "Please check \(listed.count) field\(listed.count == 1 ? "" : "s")").text(l))</p>\
            <ul>\(listed)</ul></div>
            """
        let hidden: [HTML] = fixed.sorted { $0.key < $1.key }.map { "<input type=\"hidden\" name=\"\($0.key)\" value=\"\($0.value)\">" }
        let controls: [HTML] = form.fields.filter { fixed[$0.key] == nil }.map { field in
            let error: HTML = problems?.fields[field.key].map { "<span class=\"field-error\" role=\"alert\">\($0.text(l))</span>" } ?? ""
            return control(field, texts: input?.texts(field.key) ?? [], error: error, anchored: !listed.isEmpty, fixed: fixed)
        }
        let returnField: HTML = returnTo.map { "<input type=\"hidden\" name=\"_return\" value=\"\($0)\">" } ?? ""
        let enctype: HTML = form.hasFile ? " enctype=\"multipart/form-data\"" : ""
        return """
            \(general)\(summary)<form method="post" action="\(action)"\(enctype) class="form\(inline ? " step" : "")">\
            <input type="hidden" name="_csrf" value="\(csrfToken)">\(returnField)\(hidden)\(controls)\
            <button type="submit">\(inline ? form.title.text(l) : form.submitLabel.text(l))</button></form>
            """
    }

    /// A field's element ID, for the error summary's links.
    private static func anchor(_ field: FormField) -> String {
        "field-" + field.key.replacingOccurrences(of: ".", with: "-")
    }

    private func control(_ field: FormField, texts: [String], error: HTML, anchored: Bool, fixed: [String: String]) -> HTML {
        let id: HTML = anchored ? HTML(raw: " id=\"\(Self.anchor(field))\"") : ""
        let l = language
        // A day left empty is today: said where the label does not say so already (times say 空欄は現在).
        let emptyIsToday: String =
            if case .day = field.input, field.presence == .now {
                Label.emptyToday.suffix(l)
            } else { "" }
        let label = field.label.text(l) + emptyIsToday
        let value = texts.first ?? ""
        let name = field.key
        func options(_ choices: [(String, String)], empty: Bool) -> HTML {
            let blank: HTML = empty ? "<option value=\"\"></option>" : ""
            let list: [HTML] = choices.map {
                "<option value=\"\($0.0)\"\(HTML(raw: value == $0.0 ? " selected" : ""))>\($0.1)</option>"
            }
            return "\(blank)\(list)"
        }
        let optional = field.presence != .required
        let input: HTML =
            switch field.input {
            case .text: "<input name=\"\(name)\" value=\"\(value)\">"
            case .longText, .sealed: "<textarea name=\"\(name)\" rows=\"3\">\(value)</textarea>"
            case .list: "<textarea name=\"\(name)\" rows=\"3\">\(texts.joined(separator: "\n"))</textarea>"
            case .number(let limit):
                "<input name=\"\(name)\" type=\"number\" min=\"\(limit.range.lowerBound)\" max=\"\(limit.range.upperBound)\" step=\"1\" inputmode=\"numeric\" value=\"\(value)\">"
            case .day: "<input name=\"\(name)\" type=\"date\" value=\"\(value)\">"
            // To the second, as stored: a correction that leaves the time as shown leaves it as it was.
            case .time: "<input name=\"\(name)\" type=\"datetime-local\" step=\"1\" value=\"\(value)\">"
            case .photo:
                // Refused in the browser before sending when too large (static/mamori.js), so that nothing typed is lost.
                """
                <input name="\(name)" type="file" accept="image/png,image/jpeg" data-max-bytes="\(FormField.photoLimit)" \
                data-too-large="\(Label.photoTooLarge.text(l))">
                """
            case .flag: "<input name=\"\(name)\" type=\"checkbox\"\(HTML(raw: value.isEmpty ? "" : " checked"))>"
            case .choice(let choices): "<select name=\"\(name)\">\(options(choices.map { ($0.value, $0.label.text(l)) }, empty: optional))</select>"
            case .person: "<select name=\"\(name)\">\(options(activePeople.map { ($0.id, $0.name) }, empty: optional))</select>"
            case .asset: "<select name=\"\(name)\">\(options(openAssets.map { ($0.id, "\($0.name)（\($0.id)）") }, empty: optional))</select>"
            case .approval(let records):
                // None to pick: the one empty choice says so, rather than a list with nothing in it.
                if case let choices = approvalChoices(namedBy: records, about: fixed["asset_id"], chosen: value), !choices.isEmpty {
                    "<select name=\"\(name)\">\(options(choices, empty: true))</select>"
                } else {
                    "<select name=\"\(name)\"><option value=\"\">\(Label.noFittingApproval.text(l))</option></select>"
                }
            case .approvalKind:
                "<select name=\"\(name)\">\(options(catalog.approvalKinds.map { ($0.id.rawValue, $0.title.text(l)) }, empty: optional))</select>"
            case .clause:
                "<select name=\"\(name)\">\(options(attestedClauses.map { ($0.id, "\($0.id) \($0.title.text(l))") }, empty: optional))</select>"
            case .people:
                // The people already chosen stay on offer when they have left since (a correction must not drop them).
                "\((activePeople + texts.compactMap { id in state.people[id].flatMap { $0.isActive(on: today) ? nil : $0 } }).map { person -> HTML in "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(person.id)\"\(HTML(raw: texts.contains(person.id) ? " checked" : ""))>\(person.name)</label>" })"
            }
        switch field.input {
        case .flag: return "<label class=\"check\"\(id)>\(input)\(label)\(error)</label>"
        // A group of checkboxes, each labelled by its person: named by a legend, not wrapped in one more label.
        case .people: return "<fieldset class=\"people\"\(id)><legend>\(label)</legend>\(input)\(error)</fieldset>"
        default: return "<label\(id)>\(label)\(input)\(error)</label>"
        }
    }

    /// The contract's approvals an act recorded as one of `records` can name, by what was asked and where each
    /// stands, newest first: a person picks 「持出し：口座データ（承認）」, not an ID. Only those the city granted, of a
    /// kind the catalog's checks count for such an act, and, on an asset's own page, about that asset or none in
    /// particular: a pending, denied, other-kind or other-asset approval covers nothing. The one `chosen` already stays on offer, whatever it is (a correction must not drop it).
    private func approvalChoices(namedBy records: [RecordType], about assetID: String?, chosen: String) -> [(String, String)] {
        let kinds = catalog.approvalKinds(namedBy: records)
        let fits = { (approval: Approval) in
            approval.decision == .granted && kinds.contains(approval.kind) && (assetID == nil || approval.assetID == nil || approval.assetID == assetID)
        }
        return state.approvals.values.filter { fits($0) || $0.id == chosen }
            .sorted { ($0.requestedAt, $0.id) > ($1.requestedAt, $1.id) }
            .map { ($0.id, "\(catalog.approvalLabel($0.kind).text(language))：\($0.subject)（\($0.decision.label.text(language))）") }
    }

    private var activePeople: [Person] { state.people.values.filter { $0.isActive(on: today) }.sorted { $0.id < $1.id } }
    private var openAssets: [DataAsset] { state.assets.values.filter { state.ledgers[$0.id]?.final == nil }.sorted { $0.id < $1.id } }

    /// The clauses whose evidence includes a signed statement (確認書).
    var attestedClauses: [Clause] { catalog.clauses.filter { $0.evidence.contains(.attest) || $0.records.contains(.attestation) } }

    /// A recorded value as a person reads it: names for IDs, 和暦 with the Western date, sealed text opened.
    func display(_ field: FormField, _ value: JSONValue?) -> String {
        guard let value, value != .null else { return "" }
        let l = language
        switch field.input {
        case .flag: return value.flag == true ? Label.yes.text(l) : Label.no.text(l)
        case .list: return (value.texts ?? []).joined(separator: "、")
        case .people: return (value.texts ?? []).map { state.people[$0]?.name ?? $0 }.joined(separator: "、")
        case .number: return value.integer.map(\.grouped) ?? value.text ?? ""
        // Shown as stored, in or out of today's accepted range: a value to correct must be seen.
        case .day: return value.text.flatMap { Day(stored: $0) }.map { "\($0.wareki)（\($0.description)）" } ?? ""
        case .time:
            guard let date = value.text.flatMap({ try? Date($0, strategy: .iso8601) }) else { return "" }
            return "\(date.warekiTime)（\(Day(date).description)）"
        case .sealed:
            guard let base64 = value.text, let opened = try? vault.openTextOrClear(Sealed(base64: base64)) else {
                return Label.cannotBeOpened.text(l)
            }
            return opened.wasSealed
                ? opened.text
                : opened.text + Label.recordedBeforeSealing.suffix(l)
        case .photo: return Label.present.text(l)
        case .choice(let choices):
            let text = value.text ?? ""
            return choices.first { $0.value == text }?.label.text(l) ?? text
        case .person: return value.text.map { state.people[$0]?.name ?? $0 } ?? ""
        case .approvalKind: return value.text.map { catalog.approvalLabel(Approval.Kind($0)).text(l) } ?? ""
        case .asset: return value.text.map { state.assets[$0]?.name ?? $0 } ?? ""
        default: return value.text ?? ""
        }
    }
}

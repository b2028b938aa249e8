import MamoriCore
import MamoriStore

/// One provided asset: what it holds and what is permitted, every event of it (a voided one marked, with its void
/// where the member may), and the form that records the next (`/contracts/{contract}/data/{asset}`).
struct DataAssetView: PageView {
    let language: Language
    var access: ContractAccess
    var asset: DataAsset
    var events: [DataEvent]
    var scene: FormContext
    /// A form of this page sent back with what is wrong (the event form, or one event's void), shown as entered.
    var refused: RecordListView.Refusal? = nil

    var title: LocalizedText { LocalizedText(ja: asset.name, en: asset.name) }

    var body: HTML {
        let l = language
        let base = "/contracts/\(access.contract.id)"
        let void = RecordKinds.dataEvent.step("void")
        let history: [HTML] = events.map { event in
            let detail = [event.purpose, event.copies.map { "×\($0)" }, event.destination, event.approvalID, event.note.isEmpty ? nil : event.note]
                .compactMap { $0 }.joined(separator: "　")
            let voided = access.state.voids[event.id]
            // The event's page (its history: who recorded it, who voided it and why), and its void where it still applies.
            var actions: HTML = "<a href=\"\(base)/records/data-event/\(event.id)\">\(Label.detailsHistory.text(l))</a>"
            if let void, voided == nil, void.permitted(access.role) {
                let back = refused.flatMap { $0.recordID == event.id && $0.slug == void.slug ? $0 : nil }
                let form = scene.form(
                    void, action: "\(base)/records/data-event/\(event.id)/void", input: back?.input, problems: back?.problems,
                    returnTo: "\(base)/data/\(asset.id)", inline: true)
                actions = "\(actions)<details\(HTML(raw: back == nil ? "" : " open"))><summary>\(void.title.text(l))</summary>\(form)</details>"
            }
            let notice: HTML = voided.map { "<br><strong>\($0.notice.text(l))</strong>" } ?? ""
            return """
                <tr\(HTML(raw: voided == nil ? "" : " class=\"voided\"")) id="\(event.id)"><td>\(event.occurredAt.warekiTime)</td><td>\(event.kind.label.text(l))</td>\
                <td>\(access.state.people[event.personID]?.name ?? event.personID)</td><td>\(detail)\(notice)</td>\
                <td>\(actions)</td></tr>
                """
        }
        var form: HTML = ""
        if let create = RecordKinds.dataEvent.create, create.permitted(access.role), access.state.ledgers[asset.id]?.final == nil {
            let back = refused.flatMap { $0.recordID == nil && $0.slug == create.slug ? $0 : nil }
            form = """
                <h2>\(Label.recordButton.text(l))</h2>\
                \(scene.form(create, action: "\(base)/records/data-event", input: back?.input, problems: back?.problems, returnTo: "\(base)/data/\(asset.id)", fixed: ["asset_id": asset.id]))
                """
        }
        let table: HTML =
            history.isEmpty
            ? "<p>\(Label.noneYet.text(l))</p>"
            : """
            <table class="grid"><thead><tr><th>\(Label.when.text(l))</th><th>\(Label.category.text(l))</th>\
            <th>\(Label.person.text(l))</th><th>\(Label.details.text(l))</th>\
            <th>\(Label.actions.text(l))</th></tr></thead><tbody>\(history)</tbody></table>
            """
        return """
            \(ContractNavigation.tabs(access.contract.id, l))
            <dl class="facts"><dt>\(Label.items.text(l))</dt><dd>\(asset.items.joined(separator: "、"))</dd>\
            <dt>\(Label.permittedPurposes.text(l))</dt><dd>\(asset.permittedPurposes.joined(separator: "、"))</dd>\
            <dt>\(Label.permittedCopies.text(l))</dt><dd>\(asset.permittedCopies)</dd>\
            <dt>\(Label.copiesMade.text(l))</dt><dd>\(access.state.ledgers[asset.id]?.copiesMade.map(\.grouped) ?? "0")</dd>\
            <dt>\(Label.receivedDue.text(l))</dt><dd>\(asset.receivedOn.wareki) / \(asset.returnDue.wareki)</dd></dl>
            \(table)\(form)
            """
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The provided-data ledger: every asset with its counters, and one asset's history with the form that records its
/// use, copies, transfers, take-outs, return and destruction (the data-event form of ``RecordKinds``).
struct DataRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/data", use: ledger)
        members.get("/contracts/{contract}/data/{asset}", use: asset)
    }

    @Sendable func ledger(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let rows: [ListTable.Row] = access.state.assets.values.sorted { ($0.receivedOn, $0.id) < ($1.receivedOn, $1.id) }.map { asset in
            let ledger = access.state.ledgers[asset.id]
            let copies = ledger.map { $0.copiesMade.map(String.init) ?? ClauseStatus.unevaluable.label.text(l) } ?? "0"
            let state =
                ledger?.final.map { "\($0.kind.label.text(l)) \(Day($0.occurredAt).wareki)" }
                ?? LocalizedText(ja: "保管中（期限 \(asset.returnDue.wareki)）", en: "held (due \(asset.returnDue.description))").text(l)
            return ListTable.Row([
                ListTable.Cell(asset.id, link: "/contracts/\(access.contract.id)/data/\(asset.id)"), "\(asset.name)", "\(asset.medium)",
                "\(asset.recordCount)", "\(copies) / \(asset.permittedCopies)", "\(state)"
            ])
        }
        let table = ListTable(
            title: Label.providedData.localized,
            columns: [
                Label.id.localized, Label.entityName.localized, Label.medium.localized,
                Label.recordCount.localized, Label.copiesPermitted.localized, Label.state.localized
            ], rows: rows)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))\(ContractNavigation.primaryAction(RecordKinds.asset, Label.receiveData.localized, access, l))
            \(table.html(request, l))
            """
        return PageLayout.response(title: Label.providedData.localized, language: l, member: context.member, body: body)
    }

    @Sendable func asset(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let id = try context.parameters.require("asset")
        guard let asset = access.state.assets[id] else { throw WebError.notFound(id) }
        let names = access.state.people
        let base = "/contracts/\(access.contract.id)"
        let scene = try FormContext(access, context, environment)
        let void = RecordKinds.dataEvent.step("void")
        let history: [HTML] = try await environment.store.events(ofAsset: asset.id).map { event in
            let detail = [event.purpose, event.copies.map { "×\($0)" }, event.destination, event.approvalID, event.note.isEmpty ? nil : event.note]
                .compactMap { $0 }.joined(separator: "　")
            let voided = access.state.voids[event.id]
            // The event's page (its history: who recorded it, who voided it and why), and its void where it still applies.
            var actions: HTML = "<a href=\"\(base)/records/data-event/\(event.id)\">\(Label.detailsHistory.text(l))</a>"
            if let void, voided == nil, void.permitted(access.role) {
                actions =
                    "\(actions)<details><summary>\(void.title.text(l))</summary>\(scene.form(void, action: "\(base)/records/data-event/\(event.id)/void", input: nil, problems: nil, returnTo: "\(base)/data/\(asset.id)", inline: true))</details>"
            }
            return """
                <tr\(HTML(raw: voided == nil ? "" : " class=\"voided\"")) id="\(event.id)"><td>\(event.occurredAt.warekiTime)</td><td>\(event.kind.label.text(l))</td>\
                <td>\(names[event.personID]?.name ?? event.personID)</td><td>\(detail)\(voided.map { (voided: DataEventVoid) -> HTML in "<br><strong>\(voided.notice.text(l))</strong>" } ?? "")</td>\
                <td>\(actions)</td></tr>
                """
        }
        var form: HTML = ""
        if let create = RecordKinds.dataEvent.create, create.permitted(access.role), access.state.ledgers[asset.id]?.final == nil {
            form = """
                <h2>\(Label.recordButton.text(l))</h2>\
                \(scene.form(create, action: "\(base)/records/data-event", input: nil, problems: nil, returnTo: "\(base)/data/\(asset.id)",
                             fixed: ["asset_id": asset.id]))
                """
        }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            <dl class="facts"><dt>\(Label.items.text(l))</dt><dd>\(asset.items.joined(separator: "、"))</dd>\
            <dt>\(Label.permittedPurposes.text(l))</dt><dd>\(asset.permittedPurposes.joined(separator: "、"))</dd>\
            <dt>\(Label.permittedCopies.text(l))</dt><dd>\(asset.permittedCopies)</dd>\
            <dt>\(Label.receivedDue.text(l))</dt><dd>\(asset.receivedOn.wareki) / \(asset.returnDue.wareki)</dd></dl>
            <table class="grid"><thead><tr><th>\(Label.when.text(l))</th><th>\(Label.category.text(l))</th>\
            <th>\(Label.person.text(l))</th><th>\(Label.details.text(l))</th>\
            <th>\(Label.actions.text(l))</th></tr></thead>\
            <tbody>\(history)</tbody></table>\(form)
            """
        return PageLayout.response(title: LocalizedText(ja: asset.name, en: asset.name), language: l, member: context.member, body: body)
    }
}

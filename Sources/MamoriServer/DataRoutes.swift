import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The provided-data ledger: every asset with its counters, one asset's history, and the forms that record its use,
/// copies, take-outs, returns and destruction.
struct DataRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/data", use: ledger)
        members.get("/contracts/{contract}/data/{asset}", use: asset)
        members.post("/contracts/{contract}/data/{asset}/events", use: record)
    }

    @Sendable func ledger(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        let l = context.language
        let rows: [HTML] = access.state.assets.values.sorted { ($0.receivedOn, $0.id) < ($1.receivedOn, $1.id) }.map { asset in
            let ledger = access.state.ledgers[asset.id]
            let copies = ledger?.copiesMade ?? 0
            let state = ledger?.final.map { "\($0.kind.label.text(l)) \(Day($0.occurredAt).wareki)" }
                ?? LocalizedText(ja: "保管中（期限 \(asset.returnDue.wareki)）", en: "held (due \(asset.returnDue.description))").text(l)
            return """
                <tr><td><a href="/contracts/\(access.contract.id)/data/\(asset.id)">\(asset.id)</a></td><td>\(asset.name)</td>\
                <td>\(asset.medium)</td><td class="number">\(asset.recordCount)</td><td class="number">\(copies) / \(asset.permittedCopies)</td><td>\(state)</td></tr>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))
            <table class="grid"><thead><tr><th>ID</th><th>\(LocalizedText(ja: "名称", en: "Name").text(l))</th>\
            <th>\(LocalizedText(ja: "媒体", en: "Medium").text(l))</th><th>\(LocalizedText(ja: "件数", en: "Records").text(l))</th>\
            <th>\(LocalizedText(ja: "複写 / 許可", en: "Copies / permitted").text(l))</th><th>\(LocalizedText(ja: "状態", en: "State").text(l))</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(title: LocalizedText(ja: "提供データ", en: "Provided data"), language: l, member: context.member, body: body)
    }

    @Sendable func asset(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        return try assetPage(access, context, values: FormData(""), error: nil)
    }

    private func assetPage(_ access: ContractAccess, _ context: MemberContext, values: FormData, error: LocalizedText?,
                           status: HTTPResponse.Status = .ok) throws -> Response {
        let l = context.language
        let id = try context.parameters.require("asset")
        guard let asset = access.state.assets[id] else { throw WebError.notFound(id) }
        let names = access.state.people
        let history: [HTML] = access.state.events(of: asset.id).map { event in
            let detail = [event.purpose, event.copies.map { "×\($0)" }, event.destination, event.approvalID, event.note.isEmpty ? nil : event.note]
                .compactMap { $0 }.joined(separator: "　")
            return """
                <tr><td>\(event.occurredAt.warekiTime)</td><td>\(event.kind.label.text(l))</td>\
                <td>\(names[event.personID]?.name ?? event.personID)</td><td>\(detail)</td></tr>
                """
        }
        var form: HTML = ""
        if access.role.recordsContractRecords, access.state.ledgers[asset.id]?.final == nil {
            let today = Day(environment.now)
            let people: [HTML] = access.state.people.values.filter { $0.isActive(on: today) }.sorted { $0.id < $1.id }.map {
                "<option value=\"\($0.id)\"\(HTML(raw: values["person"] == $0.id ? " selected" : ""))>\($0.name)</option>"
            }
            let kinds: [HTML] = [DataEvent.Kind.use, .copy, .return].map {
                "<option value=\"\($0.rawValue)\"\(HTML(raw: values["kind"] == $0.rawValue ? " selected" : ""))>\($0.label.text(l))</option>"
            }
            let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
            form = """
                <h2>\(LocalizedText(ja: "記録する", en: "Record").text(l))</h2>\(message)
                <form method="post" action="/contracts/\(access.contract.id)/data/\(asset.id)/events" class="form">
                <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">
                <label>\(LocalizedText(ja: "区分", en: "Kind").text(l))<select name="kind">\(kinds)</select></label>
                <label>\(LocalizedText(ja: "担当者", en: "Person").text(l))<select name="person">\(people)</select></label>
                <label>\(LocalizedText(ja: "利用目的（利用のとき）", en: "Purpose (for a use)").text(l))<input name="purpose" value="\(values["purpose"])"></label>
                <label>\(LocalizedText(ja: "部数（複写のとき）", en: "Copies (for a copy)").text(l))<input name="copies" inputmode="numeric" value="\(values["copies"])"></label>
                <label>\(LocalizedText(ja: "備考", en: "Note").text(l))<input name="note" value="\(values["note"])"></label>
                <button type="submit">\(LocalizedText(ja: "記録", en: "Record").text(l))</button></form>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))
            <dl class="facts"><dt>\(LocalizedText(ja: "項目", en: "Items").text(l))</dt><dd>\(asset.items.joined(separator: "、"))</dd>\
            <dt>\(LocalizedText(ja: "許可された目的", en: "Permitted purposes").text(l))</dt><dd>\(asset.permittedPurposes.joined(separator: "、"))</dd>\
            <dt>\(LocalizedText(ja: "許可された複写数", en: "Permitted copies").text(l))</dt><dd>\(asset.permittedCopies)</dd>\
            <dt>\(LocalizedText(ja: "受領日 / 返還期限", en: "Received / due").text(l))</dt><dd>\(asset.receivedOn.wareki) / \(asset.returnDue.wareki)</dd></dl>
            <table class="grid"><thead><tr><th>\(LocalizedText(ja: "日時", en: "When").text(l))</th><th>\(LocalizedText(ja: "区分", en: "Kind").text(l))</th>\
            <th>\(LocalizedText(ja: "担当者", en: "Person").text(l))</th><th>\(LocalizedText(ja: "内容", en: "Details").text(l))</th></tr></thead>\
            <tbody>\(history)</tbody></table>\(form)
            """
        return PageLayout.response(status: status, title: LocalizedText(ja: asset.name, en: asset.name), language: l, member: context.member, body: body)
    }

    @Sendable func record(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        try access.requireRecorder()
        let form = try await context.form(request, limit: 64 * 1024)
        let assetID = try context.parameters.require("asset")
        let kind = DataEvent.Kind(rawValue: form["kind"])
        let copies = Int(form["copies"])
        let failure: LocalizedText? = switch kind {
        case nil: LocalizedText(ja: "区分を選んでください", en: "choose a kind")
        case .copy? where copies == nil: LocalizedText(ja: "部数を数字で入力してください", en: "copies: enter a number")
        default: nil
        }
        if let failure { return try assetPage(access, context, values: form, error: failure, status: .unprocessableContent) }
        let event = DataEvent(id: Store.newID("event"), contractID: access.contract.id, assetID: assetID, kind: kind!, occurredAt: environment.now,
                              personID: form["person"], purpose: kind == .use ? form["purpose"] : nil, copies: kind == .copy ? copies : nil,
                              note: form["note"])
        do {
            try environment.store.execute(AddRecord(event), actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let error as StoreError {
            return try assetPage(access, context, values: form, error: error.message, status: .unprocessableContent)
        }
        return .redirect(to: "/contracts/\(access.contract.id)/data/\(assetID)")
    }
}

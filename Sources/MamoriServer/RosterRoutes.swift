import Foundation
import Hummingbird
import MamoriCore
import MamoriDocuments
import MamoriStore

/// The roster with photos (opened from the vault only for members of the contract), incidents and approvals.
struct RosterRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/people", use: roster)
        members.get("/contracts/{contract}/people/{person}/photo", use: photo)
        members.get("/contracts/{contract}/approvals", use: approvals)
        members.post("/contracts/{contract}/approvals/{approval}/decision", use: decide)
    }

    @Sendable func roster(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let today = Day(environment.now)
        let rows: [ListTable.Row] = access.state.people.values.sorted { $0.id < $1.id }.map { person in
            let photo: HTML =
                person.photo == nil
                ? "—"
                : "<img class=\"photo\" alt=\"\(person.name)\" src=\"/contracts/\(access.contract.id)/people/\(person.id)/photo\">"
            return ListTable.Row(
                [
                    ListTable.Cell(person.photo == nil ? "" : Label.present.text(l), html: photo),
                    ListTable.Cell(person.name, link: "/contracts/\(access.contract.id)/records/person/\(person.id)"), "\(person.role.label.text(l))",
                    "\(person.scope)", "\(person.joinedOn.wareki) 〜 \(person.leftOn?.wareki ?? "")"
                ], style: person.isActive(on: today) ? nil : "left")
        }
        let table = ListTable(
            title: Label.staffRoster.localized,
            columns: [
                Label.photo.localized, Label.name.localized, Label.roleCategory.localized,
                Label.scope.localized, Label.servicePeriod.localized
            ], rows: rows)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            \(table.html(request, l))
            \(try personForm(access, context))
            """
        return PageLayout.response(title: Label.staffRoster.localized, language: l, member: context.member, body: body)
    }

    /// The person form of ``RecordKinds`` (with the photo), coming back to the roster.
    private func personForm(_ access: ContractAccess, _ context: MemberContext) throws -> HTML {
        guard let create = RecordKinds.person.create, create.permitted(access.role) else { return "" }
        let base = "/contracts/\(access.contract.id)"
        return """
            <h2>\(Label.addAPerson.text(context.language))</h2>\
            \(try FormContext(access, context, environment).form(create, action: "\(base)/records/person", input: nil, problems: nil,
                                                                 returnTo: "\(base)/people"))
            <p><a href="\(base)/records/person">\(Label.recordADeparture.text(context.language))</a></p>
            """
    }

    @Sendable func photo(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let id = try context.parameters.require("person")
        guard let sealed = access.state.people[id]?.photo else { throw WebError.notFound(id) }
        let data = try environment.store.vault.open(sealed)
        return Response(
            status: .ok, headers: [.contentType: ImageType.of(data).mime, .cacheControl: "private, no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func approvals(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let people = access.state.people
        let catalog = try environment.catalog(access)
        let rows: [ListTable.Row] = access.state.approvals.values.sorted { $0.requestedAt > $1.requestedAt }.map { approval in
            var action: HTML = ""
            if approval.decision == .pending, access.role.decidesApprovals {
                // The city's decision: a comment or conditions with it, and a confirmation (it cannot be undone by the city
                // from here: a correction is a new entry).
                action = """
                    <form method="post" action="/contracts/\(access.contract.id)/approvals/\(approval.id)/decision" class="form step">\
                    <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                    <label>\(Label.commentOrConditionsOptional.text(l))\
                    <textarea name="note" rows="2" maxlength="\(DecideApproval.noteLimit)"></textarea></label>\
                    <label class="check"><input type="checkbox" name="confirm" required>\
                    \(Label.iHaveReadTheRequest.text(l))</label>\
                    <button name="decision" value="granted">\(Label.grant.text(l))</button>\
                    <button name="decision" value="denied" class="deny">\(Label.deny.text(l))</button></form>
                    """
            }
            let requester = people[approval.requestedBy]?.name ?? approval.requestedBy
            let decided =
                approval.decidedAt.map { at in
                    "\(approval.decision.label.text(l))（\(approval.decidedBy ?? "")、\(at.warekiTime)）\(approval.note.isEmpty ? "" : "\n\(approval.note)")"
                } ?? "\(approval.decision.label.text(l))"
            return ListTable.Row(
                [
                    "\(approval.id)", "\(catalog.approvalLabel(approval.kind).text(l))", "\(approval.subject)",
                    "\(requester)\n\(approval.requestedAt.warekiTime)", "\(decided)", ListTable.Cell("", html: action)
                ], id: approval.id)
        }
        let table = ListTable(
            title: Label.approvals.localized,
            columns: [
                Label.id.localized, Label.kind.localized, Label.content.localized,
                Label.requestedByAt.localized, Label.decision.localized, nil
            ], rows: rows)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))\(ContractNavigation.primaryAction(RecordKinds.approval, Label.requestAnApproval.localized, access, l))
            \(table.html(request, l))
            """
        return PageLayout.response(title: Label.approvals.localized, language: l, member: context.member, body: body)
    }

    @Sendable func decide(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        guard access.role.decidesApprovals else { throw WebError.forbidden }
        let form = try await context.form(request, limit: 16 * 1024)
        let id = try context.parameters.require("approval")
        guard ["granted", "denied"].contains(form["decision"]) else {
            throw WebError(.unprocessableContent, ja: "承認か不承認かを選んでください", en: "choose grant or deny")
        }
        guard form["confirm"] == "on" else {
            throw WebError(
                .unprocessableContent, ja: "申請内容を確認したうえで決定してください（確認欄にチェック）",
                en: "confirm that you have read the request (tick the box) before deciding")
        }
        let command = DecideApproval(
            contractID: access.contract.id, approvalID: id, granted: form["decision"] == "granted",
            at: environment.now, decidedBy: context.member.account.displayName,
            note: form["note"].trimmingCharacters(in: .whitespacesAndNewlines))
        do {
            try await environment.store.execute(command, actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let error as StoreError {
            throw WebError(.unprocessableContent, ja: error.message.ja, en: error.message.en)
        }
        return .redirect(to: RedirectTarget.saved(id, at: "/contracts/\(access.contract.id)/approvals", anchored: true))
    }
}

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
        let table = RosterView.table(access, today: Day(environment.now), context.language)
        if let download = try table.download(request, context.language, at: environment.now) { return download }
        let view = RosterView(
            language: context.language, request: request, access: access, table: table, scene: try FormContext(access, context, environment))
        return PageLayout.response(view, member: context.member)
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
        try await approvalsPage(request, context: context, access: try await ContractAccess(context, environment))
    }

    /// The approvals page; with `returned`, a decision sent back (422) with its comment as written.
    private func approvalsPage(
        _ request: Request, context: MemberContext, access: ContractAccess, returned: ApprovalList.Returned? = nil
    ) async throws -> Response {
        let table = ApprovalList.table(
            access, catalog: try environment.catalog(access), csrfToken: context.member.session.csrfToken, returned: returned,
            context.language)
        if returned == nil, let download = try table.download(request, context.language, at: environment.now) { return download }
        let view = ContractListView(
            language: context.language, title: Label.approvals.localized, request: request, access: access, table: table,
            action: (RecordKinds.approval, Label.requestAnApproval.localized))
        return PageLayout.response(view, status: returned == nil ? .ok : .unprocessableContent, member: context.member)
    }

    @Sendable func decide(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        guard access.role.decidesApprovals else { throw WebError.forbidden }
        let form = try await context.form(request, limit: 16 * 1024)
        let id = try context.parameters.require("approval")
        let note = form["note"].trimmingCharacters(in: .whitespacesAndNewlines)
        // What is wrong comes back on the page, in the approval's own form, with the comment as written.
        func sentBack(_ problem: LocalizedText) async throws -> Response {
            // Unknown, or decided meanwhile: no form of it to come back in.
            guard access.state.approvals[id]?.decision == .pending else {
                throw WebError(.unprocessableContent, ja: problem.ja, en: problem.en)
            }
            return try await approvalsPage(
                request, context: context, access: access, returned: ApprovalList.Returned(approvalID: id, note: note, problem: problem))
        }
        guard ["granted", "denied"].contains(form["decision"]) else {
            return try await sentBack(LocalizedText(ja: "承認か不承認かを選んでください", en: "choose grant or deny"))
        }
        guard form["confirm"] == "on" else {
            return try await sentBack(
                LocalizedText(
                    ja: "申請内容を確認したうえで決定してください（確認欄にチェック）",
                    en: "confirm that you have read the request (tick the box) before deciding"))
        }
        let command = DecideApproval(
            contractID: access.contract.id, approvalID: id, granted: form["decision"] == "granted",
            at: environment.now, decidedBy: context.member.account.displayName, note: note)
        do {
            try await environment.store.execute(command, actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let error as StoreError {
            return try await sentBack(error.message)
        }
        return .redirect(to: RedirectTarget.saved(id, at: "/contracts/\(access.contract.id)/approvals", anchored: true))
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Each member's alerts (お知らせ, the bell), their choice of mail or in-app per kind with their address, and for those
/// who manage accounts the outbox of their organization: every message, its mail attempts and their outcome.
struct AlertRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/alerts", use: list)
        members.get("/alerts/{alert}", use: open)
        members.post("/alerts/read", use: readAll)
        members.get("/alerts/settings", use: settings)
        members.post("/alerts/settings", use: saveSettings)
        members.get("/outbox", use: outbox)
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        let l = context.language
        let alerts = try await environment.store.alerts(of: context.member.account.id)
        let table = AlertListView.table(alerts, state: try await environment.store.state(), l)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let view = AlertListView(
            language: l, request: request, table: table, isEmpty: alerts.isEmpty, csrfToken: context.member.session.csrfToken,
            manages: context.member.memberships.contains { $0.role.managesAccounts })
        return PageLayout.response(view, member: context.member)
    }

    /// Marks one of the member's alerts read and goes to its record; another person's alert is not found.
    @Sendable func open(_ request: Request, context: MemberContext) async throws -> Response {
        let id = try context.parameters.require("alert")
        guard let alert = try await environment.store.alert(id, of: context.member.account.id) else {
            throw WebError(.notFound, ja: "お知らせ \"\(id)\" はありません", en: "no alert \"\(id)\"")
        }
        try await environment.store.markAlertsRead(of: context.member.account.id, ids: [alert.id], at: environment.now)
        return .redirect(to: RedirectTarget.safe(alert.link))
    }

    @Sendable func readAll(_ request: Request, context: MemberContext) async throws -> Response {
        _ = try await context.form(request, limit: 4 * 1024)
        try await environment.store.markAlertsRead(of: context.member.account.id, ids: nil, at: environment.now)
        return .redirect(to: "/alerts")
    }

    @Sendable func settings(_ request: Request, context: MemberContext) async throws -> Response {
        try await settingsPage(
            context, email: context.member.account.email ?? "", mail: environment.store.alertPreferences(of: context.member.account.id),
            error: nil, saved: request.uri.queryParameters.get("done") != nil)
    }

    @Sendable func saveSettings(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await context.form(request, limit: 8 * 1024)
        let email = form["email"].trimmingCharacters(in: .whitespaces)
        let chosen = Set(form.all["mail"] ?? [])
        let mail = Dictionary(uniqueKeysWithValues: AlertKind.allCases.map { ($0, chosen.contains($0.rawValue)) })
        guard email.isEmpty || MailAddress.isValid(email) else {
            return try settingsPage(
                context, email: email, mail: mail, status: .badRequest,
                error: LocalizedText(
                    ja: "メールアドレス \"\(email)\" を読めません（半角の name@example.jp の形で入力してください）",
                    en: "cannot read the e-mail address \"\(email)\" (write it as name@example.jp)"),
                saved: false)
        }
        try await environment.store.setAlertSettings(of: context.member.account.id, email: email.isEmpty ? nil : email, mail: mail)
        return .redirect(to: "/alerts/settings?done=1")
    }

    private func settingsPage(
        _ context: MemberContext, email: String, mail: [AlertKind: Bool], status: HTTPResponse.Status = .ok,
        error: LocalizedText?, saved: Bool
    ) throws -> Response {
        let view = AlertSettingsView(
            language: context.language, email: email, mail: mail, mailIsOn: environment.mail != nil, error: error, saved: saved,
            csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: context.member)
    }

    /// The outbox of each organization the member manages accounts of.
    @Sendable func outbox(_ request: Request, context: MemberContext) async throws -> Response {
        let managed = context.member.memberships.filter { $0.role.managesAccounts }
        guard !managed.isEmpty else {
            throw WebError(
                .forbidden, ja: "送信記録を見られるのは受託者管理者と区の審査担当です",
                en: "only contractor administrators and city reviewers see the outbox")
        }
        let state = try await environment.store.state()
        // A page of the newest first; the page number is bounded where it enters.
        let page = max(1, min(Int(request.uri.queryParameters.get("page") ?? "") ?? 1, 100_000))
        var sections: [OutboxView.Section] = []
        for membership in managed {
            sections.append(
                OutboxView.Section(
                    name: state.organizations[membership.organizationID]?.name ?? membership.organizationID,
                    entries: try await environment.store.outbox(
                        of: membership.organizationID, limit: OutboxView.pageSize, offset: (page - 1) * OutboxView.pageSize),
                    total: try await environment.store.outboxCount(of: membership.organizationID)))
        }
        let view = OutboxView(
            language: context.language, sections: sections, page: page, mail: environment.mail.map { ($0.description, $0.from) })
        return PageLayout.response(view, member: context.member)
    }
}

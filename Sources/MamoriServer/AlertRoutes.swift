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
        let state = try await environment.store.state()
        let alerts = try await environment.store.alerts(of: context.member.account.id)
        let rows: [ListTable.Row] = alerts.map { alert in
            let contract = state.contracts[alert.contractID]?.contract
            return ListTable.Row(
                [
                    "\(alert.createdAt.warekiTime)", "\(alert.kind.label.text(l))",
                    ListTable.Cell(
                        "\(alert.title.text(l))\n\(alert.detail.text(l))",
                        html: "<a href=\"/alerts/\(alert.id)\">\(alert.title.text(l))</a><br>\(alert.detail.text(l))"),
                    "\(contract.map { "\($0.title)（\($0.number)）" } ?? alert.contractID)", "\(alert.mail.label.text(l))"
                ], style: alert.readAt == nil ? "unread" : nil)
        }
        let table = ListTable(
            title: Label.alerts.localized,
            columns: [
                Label.when.localized, Label.kind.localized, Label.alert.localized,
                Label.contract.localized, Label.mail.localized
            ], rows: rows)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let manages = context.member.memberships.contains { $0.role.managesAccounts }
        let body: HTML = """
            <nav class="tabs"><a href="/alerts/settings">\(Label.howIReceiveAlerts.text(l))</a>\
            \(manages ? "<a href=\"/outbox\">\(Label.outbox.text(l))</a>" as HTML : "")</nav>
            \(alerts.isEmpty ? "<p>\(Label.noAlerts.text(l))</p>" as HTML : """
                <form method="post" action="/alerts/read" class="inline"><input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                <button type="submit">\(Label.markAllRead.text(l))</button></form>
                \(table.html(request, l))
                """)
            """
        return PageLayout.response(title: Label.alerts.localized, language: l, member: context.member, body: body)
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
        let l = context.language
        let boxes: [HTML] = AlertKind.allCases.map { kind in
            """
            <label class="check"><input type="checkbox" name="mail" value="\(kind.rawValue)"\(HTML(raw: mail[kind] ?? true ? " checked" : ""))>\
            \(kind.label.text(l))</label>
            """
        }
        let mailState: HTML =
            environment.mail == nil
            ? "<p class=\"warning\" role=\"status\">\(Label.mailIsOffOnThis.text(l))</p>"
            : ""
        let problem: HTML = error.map { "<p class=\"field-error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
        let done: HTML = saved ? "<p class=\"notice\" role=\"status\">\(Label.saved.text(l))</p>" : ""
        let body: HTML = """
            <nav class="tabs"><a href="/alerts">\(Label.backToAlerts.text(l))</a></nav>
            \(done)\(mailState)\(problem)
            <form method="post" action="/alerts/settings" class="form"><input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">
            <label>\(Label.eMailAddressLeaveEmpty.text(l))\
            <input name="email" type="text" inputmode="email" autocomplete="email" value="\(email)"></label>
            <fieldset><legend>\(Label.alertsAlsoSentByMail.text(l))</legend>
            \(boxes)</fieldset>
            <button type="submit">\(Label.save.text(l))</button></form>
            """
        return PageLayout.response(
            status: status, title: Label.howIReceiveAlertsTitle.localized, language: l,
            member: context.member, body: body)
    }

    /// The outbox of each organization the member manages accounts of.
    @Sendable func outbox(_ request: Request, context: MemberContext) async throws -> Response {
        let l = context.language
        let managed = context.member.memberships.filter { $0.role.managesAccounts }
        guard !managed.isEmpty else {
            throw WebError(
                .forbidden, ja: "送信記録を見られるのは受託者管理者と区の審査担当です",
                en: "only contractor administrators and city reviewers see the outbox")
        }
        let state = try await environment.store.state()
        // A page of the newest first; the page number is bounded where it enters.
        let page = max(1, min(Int(request.uri.queryParameters.get("page") ?? "") ?? 1, 100_000))
        var sections: [HTML] = []
        for membership in managed {
            let total = try await environment.store.outboxCount(of: membership.organizationID)
            let first = (page - 1) * Self.pageSize
            let rows: [HTML] = try await environment.store.outbox(of: membership.organizationID, limit: Self.pageSize, offset: first).map { entry in
                let attempts: [HTML] = entry.attempts.map { attempt in
                    "<li>\(attempt.attempt): \(attempt.startedAt.warekiTime) \(Self.outcome(attempt.outcome).text(l))\(attempt.detail.isEmpty ? "" : " — \(attempt.detail)")</li>"
                }
                return """
                    <tr><td>\(entry.alert.createdAt.warekiTime)</td><td>\(entry.recipient.name)<br>\(entry.recipient.email ?? Label.noAddress.text(l))</td><td>\(entry.alert.kind.label.text(l))</td>\
                    <td>\(entry.alert.title.text(l))</td><td>\(entry.alert.mail.label.text(l))\(entry.alert.sentAt.map { "（\($0.warekiTime)）" } ?? "")</td>\
                    <td>\(attempts.isEmpty ? "—" as HTML : "<ul>\(attempts)</ul>")</td></tr>
                    """
            }
            let name = state.organizations[membership.organizationID]?.name ?? membership.organizationID
            let shown =
                rows.isEmpty
                ? ""
                : LocalizedText(
                    ja: "全 \(total) 件中 \(first + 1)〜\(first + rows.count) 件（新しい順）",
                    en: "\(first + 1)–\(first + rows.count) of \(total), newest first"
                ).text(l)
            let previous: HTML = page > 1 ? "<a href=\"/outbox?page=\(page - 1)\">\(Label.newer.text(l))</a>" : ""
            let next: HTML = first + rows.count < total ? "<a href=\"/outbox?page=\(page + 1)\">\(Label.older.text(l))</a>" : ""
            sections.append(
                """
                <h2>\(name)</h2>
                <p>\(shown)　\(previous)　\(next)</p>
                \(rows.isEmpty ? "<p>\(Label.noAlertsYet.text(l))</p>" as HTML : """
                    <table class="grid"><thead><tr><th>\(Label.created.text(l))</th>\
                    <th>\(Label.to.text(l))</th><th>\(Label.kind.text(l))</th>\
                    <th>\(Label.subject.text(l))</th><th>\(Label.mail.text(l))</th>\
                    <th>\(Label.attempts.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
                    """)
                """)
        }
        let server: HTML =
            environment.mail.map { mail in
                "<p>\(LocalizedText(ja: "メール送信: オン（\(mail.description)、送信元 \(mail.from)）", en: "Mail: on (\(mail.description), from \(mail.from))").text(l))</p>"
            }
            ?? "<p class=\"warning\" role=\"status\">\(Label.mailIsOffSetServe.text(l))</p>"
        return PageLayout.response(
            title: Label.outbox.localized, language: l, member: context.member,
            body: "\(server)\(sections)")
    }

    /// Alerts per outbox page.
    static let pageSize = 200

    /// An attempt's outcome in words.
    static func outcome(_ outcome: String) -> LocalizedText {
        switch outcome {
        case "sent": Label.sent.localized
        case "failed": Label.failed.localized
        case "sending": Label.sending.localized
        default: Label.interruptedTheServerStoppedWhile.localized
        }
    }
}

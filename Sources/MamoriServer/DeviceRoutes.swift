import Foundation
import Hummingbird
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// The contractor's PCs on a contract: the latest agent result of each, those silent too long, each PC's history, and
/// the administrator's enrollment tokens.
struct DeviceRoutes {
    let environment: ServerEnvironment
    /// How long an enrollment token stays valid.
    static let tokenLifetime: TimeInterval = 7 * 86_400

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/devices", use: devices)
        members.get("/contracts/{contract}/devices/{device}", use: device)
        members.post("/contracts/{contract}/devices/tokens", use: createToken)
    }

    @Sendable func devices(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        return try await devicesPage(access, context, token: nil, request: request)
    }

    /// The PCs' list; `request` nil on the answer to issuing a token (no downloads there).
    private func devicesPage(_ access: ContractAccess, _ context: MemberContext, token: String?, request: Request?) async throws -> Response {
        let l = context.language
        let catalog = try environment.catalog(access)
        let maximumAge = access.state.agentReportMaxAge(in: catalog)
        // Each PC's checks as this contract judges them (its own thresholds), not as counted at check-in.
        let evidence = try await environment.deviceEvidence(of: access).evidence
        let judged = Dictionary(evidence.map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
        let rows: [ListTable.Row] = try await environment.store.devices(of: access.contract.contractorID).map { device, latest in
            let stale = latest.map { $0.receivedAt.adding(maximumAge) < environment.now } ?? true
            let checks = judged[device.id]?.checks ?? []
            let count = { (outcome: DeviceEvidence.Check.Outcome) in checks.filter { $0.outcome == outcome }.count }
            let state = latest == nil ? "—" : "\(count(.pass)) / \(count(.fail)) / \(count(.unknown))"
            let when =
                latest.map(\.receivedAt.warekiTime)
                ?? Label.neverReported.text(l)
            let silence = LocalizedText(ja: "\(maximumAge.label.ja)以上報告なし", en: "silent over \(maximumAge.label.en)").text(l)
            return ListTable.Row(
                [
                    ListTable.Cell(latest?.hostname ?? device.hostname, link: "/contracts/\(access.contract.id)/devices/\(device.id)"), "\(device.id)",
                    "\(latest?.platform ?? "")",
                    ListTable.Cell(stale ? "\(when) \(silence)" : when, html: stale ? "\(when) <span class=\"badge stale\">\(silence)</span>" : "\(when)"),
                    "\(state)"
                ], style: stale ? "status-overdue" : count(.fail) > 0 ? "status-violation" : "status-compliant")
        }
        let table = ListTable(
            title: Label.pcs.localized,
            columns: [
                Label.host.localized, Label.id.localized, Label.os.localized,
                Label.lastReport.localized, Label.passFailUnknown.localized
            ], rows: rows)
        if let request, let download = try table.download(request, l, at: environment.now) { return download }
        var admin: HTML = ""
        if context.role(in: access.contract.contractorID)?.administers == true {
            let issued: HTML =
                token.map { token in
                    """
                    <p class="secret">\(Label.enrollmentTokenShownOnceValid.text(l)): <code>\(token)</code></p>
                    <p><code>mamori-agent enroll --server URL --token=\(token)</code></p>
                    """
                } ?? ""
            admin = """
                <h2>\(Label.enrollAPc.text(l))</h2>\(issued)
                <form method="post" action="/contracts/\(access.contract.id)/devices/tokens" class="inline">\
                <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                <button type="submit">\(Label.issueAnEnrollmentToken.text(l))</button></form>
                """
        }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            \(table.html(request, l))\(admin)
            """
        return PageLayout.response(title: Label.pcs.localized, language: l, member: context.member, body: body)
    }

    @Sendable func device(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let id = try context.parameters.require("device")
        guard let device = try await environment.store.device(id), device.organizationID == access.contract.contractorID else { throw WebError.notFound(id) }
        let reports = try await environment.store.reports(of: device.id)
        let catalog = try environment.catalog(access)
        let rules = try environment.rules(of: access)
        let evidence =
            if let report = reports.first {
                try await environment.evidence(of: report, organizationID: access.contract.contractorID, rules: rules)
            } else { DeviceEvidence?.none }
        let latest: [HTML] =
            (evidence?.checks ?? []).map { check in
                let status =
                    switch check.outcome {
                    case .pass: ClauseStatus.compliant
                    case .fail: ClauseStatus.violation
                    case .unknown: ClauseStatus.noEvidence
                    }
                return """
                    <tr class="status-\(status.rawValue)"><td>\(catalog.clauses(provedBy: check.rule).joined(separator: ", "))</td><td>\(catalog.checkTitle(check.rule).text(l))</td>\
                    <td class="status"><span class="badge">\(check.outcome.rawValue)</span></td><td>\(check.observed)</td><td>\(check.expected)</td></tr>
                    """
            }
        let history: [HTML] = reports.map {
            "<tr><td>\($0.receivedAt.warekiTime)</td><td>\($0.generatedAt)</td><td>\($0.passed) / \($0.failed) / \($0.unknown)</td></tr>"
        }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            <p>\(device.id)　\(Label.enrolled.text(l)) \(Day(device.enrolledAt).wareki)</p>
            <h2>\(Label.latestResultsReEvaluatedBy.text(l))</h2>
            <table class="grid"><thead><tr><th>\(Label.clauses.text(l))</th><th>\(Label.check.text(l))</th>\
            <th>\(Label.result.text(l))</th><th>\(Label.observed.text(l))</th>\
            <th>\(Label.expected.text(l))</th></tr></thead><tbody>\(latest)</tbody></table>
            <h2>\(Label.reportHistory.text(l))</h2>
            <table class="grid"><thead><tr><th>\(Label.received.text(l))</th><th>\(Label.written.text(l))</th>\
            <th>\(Label.passFailUnknown.text(l))</th></tr></thead><tbody>\(history)</tbody></table>
            """
        return PageLayout.response(title: LocalizedText(ja: device.hostname, en: device.hostname), language: l, member: context.member, body: body)
    }

    @Sendable func createToken(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        guard context.role(in: access.contract.contractorID)?.administers == true else { throw WebError.forbidden }
        _ = try await context.form(request, limit: 16 * 1024)
        let token = SessionMiddleware.newToken()
        try await environment.store.createEnrollmentToken(
            hash: SessionMiddleware.hash(token), organizationID: access.contract.contractorID,
            createdBy: context.member.account.login, at: environment.now,
            expiresAt: environment.now.addingTimeInterval(Self.tokenLifetime))
        return try await devicesPage(access, context, token: token, request: nil)
    }
}

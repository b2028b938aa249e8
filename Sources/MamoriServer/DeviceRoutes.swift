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
    private func devicesPage(
        _ access: ContractAccess, _ context: MemberContext, token: (token: String, server: String)?, request: Request?
    ) async throws -> Response {
        let l = context.language
        let catalog = try environment.catalog(access)
        // Each PC's checks as this contract judges them (its own thresholds), not as counted at check-in.
        let evidence = try await environment.deviceEvidence(of: access).evidence
        let table = DevicesView.table(
            try await environment.store.devices(of: access.contract.contractorID),
            judged: Dictionary(evidence.map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first }), contractID: access.contract.id,
            maximumAge: access.state.agentReportMaxAge(in: catalog), now: environment.now, l)
        if let request, let download = try table.download(request, l, at: environment.now) { return download }
        let view = DevicesView(
            language: l, contractID: access.contract.id, table: table, request: request,
            administers: context.role(in: access.contract.contractorID)?.administers == true, token: token,
            csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, member: context.member)
    }

    @Sendable func device(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let id = try context.parameters.require("device")
        guard let device = try await environment.store.device(id), device.organizationID == access.contract.contractorID else { throw WebError.notFound(id) }
        let reports = try await environment.store.reports(of: device.id)
        let rules = try environment.rules(of: access)
        let evidence =
            if let report = reports.first {
                try await environment.evidence(of: report, organizationID: access.contract.contractorID, rules: rules)
            } else { DeviceEvidence?.none }
        let view = DeviceView(
            language: context.language, contractID: access.contract.id, device: device, catalog: try environment.catalog(access), evidence: evidence,
            reports: reports)
        return PageLayout.response(view, member: context.member)
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
        // The address the agent reaches: the public one mail links use, else the one this browser used.
        let server = environment.mail?.publicURL ?? request.head.authority.map { "http://\($0)" } ?? "URL"
        return try await devicesPage(access, context, token: (token, server), request: nil)
    }
}

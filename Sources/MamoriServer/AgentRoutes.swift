import Crypto
import Foundation
import Hummingbird
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// What PCs call, without a session: enrollment with a one-time token, and signed reports, which the server
/// re-evaluates with the contract's parameters rather than trusting the agent's own results.
struct AgentRoutes {
    let environment: ServerEnvironment
    /// The largest report accepted (an inventory of a few thousand packages is a few hundred KB).
    static let maxReportSize = 4 * 1024 * 1024

    func register(on router: Router<AppContext>) {
        router.post("/api/v1/agent/enroll", use: enroll)
        router.post("/api/v1/agent/reports", use: report)
    }

    struct Enrollment: Decodable {
        var token: String
        var device_id: String
        var public_key: String
        var hostname: String
    }

    struct Enrolled: ResponseEncodable {
        var device_id: String
        var organization_id: String
    }

    struct Received: ResponseEncodable {
        var device_id: String
        var passed: Int
        var failed: Int
        var unknown: Int
    }

    @Sendable func enroll(_ request: Request, context: AppContext) async throws -> EditedResponse<Enrolled> {
        let input: Enrollment = try await JSONBody.decode(request, limit: 16 * 1024)
        guard let key = Data(base64Encoded: input.public_key), key.count == 32, DeviceKey.deviceID(publicKey: key) == input.device_id else {
            throw WebError(.badRequest, ja: "device_id が public_key と一致しません", en: "device_id does not match public_key")
        }
        guard let device = try environment.store.enroll(tokenHash: SessionMiddleware.hash(input.token), deviceID: input.device_id,
                                                        hostname: input.hostname, publicKey: input.public_key, at: environment.now)
        else {
            throw WebError(.unauthorized, ja: "登録トークンが無効か使用済みか期限切れです", en: "the enrollment token is unknown, used or expired")
        }
        environment.enrolled(device)
        return EditedResponse(status: .created, response: Enrolled(device_id: device.id, organization_id: device.organizationID))
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> EditedResponse<Received> {
        let signed: SignedReport = try await JSONBody.decode(request, limit: Self.maxReportSize)
        let report: SubmittedReport
        do {
            report = try signed.verifiedSubmission()
        } catch {
            throw WebError(.unauthorized, ja: "報告の署名が正しくありません", en: "the report's signature is not valid")
        }
        guard let device = try environment.device(report.device.id), device.publicKey == signed.publicKey else {
            throw WebError(.unauthorized, ja: "登録されていない端末です: \(report.device.id)", en: "device not enrolled: \(report.device.id)")
        }
        let results = RuleEvaluator(parameters: try parameters(for: device.organizationID))
            .evaluate(try environment.ruleBook(report.platform), facts: report.facts)
        let count = { (status: AgentResult.Status) in results.filter { $0.status == status }.count }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await environment.reportWriter.write(DeviceReport(
            deviceID: device.id, receivedAt: environment.now, generatedAt: report.generatedAt, platform: report.platform,
            hostname: report.hostname, passed: count(.pass), failed: count(.fail), unknown: count(.unknown),
            results: String(decoding: try encoder.encode(results), as: UTF8.self), report: signed.report, signature: signed.signature))
        return EditedResponse(status: .accepted, response: Received(device_id: device.id, passed: count(.pass), failed: count(.fail), unknown: count(.unknown)))
    }

    /// The parameters of the organization's first contract (by ID), or the annex's defaults.
    private func parameters(for organizationID: String) throws -> AgentParameters {
        guard let contract = try environment.store.state().contracts.values.filter({ $0.contract.contractorID == organizationID })
            .min(by: { $0.contract.id < $1.contract.id }) else { return AgentParameters() }
        return AgentParameters(contract, catalog: try environment.catalog(contract.contract.catalogID))
    }
}

extension DeviceReport {
    /// The server's results of this report, as evaluation takes them.
    func evidence() -> DeviceEvidence? {
        guard let results = try? JSONDecoder().decode([AgentResult].self, from: Data(self.results.utf8)) else { return nil }
        return DeviceEvidence(deviceID: deviceID, hostname: hostname, reportedAt: receivedAt, checks: results.map {
            DeviceEvidence.Check(rule: $0.rule, clauses: $0.clauses, outcome: DeviceEvidence.Check.Outcome(rawValue: $0.status.rawValue) ?? .unknown,
                                 observed: $0.observed, expected: $0.expected)
        })
    }
}

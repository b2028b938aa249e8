import Foundation
import HTTPTypes
import Hummingbird
import MamoriCore
import MamoriStore

/// The JSON API under `/api/v1` (described by `/api/openapi.yaml`); the same sign-in and roles as the pages, and a
/// state-changing call must carry the session's CSRF token in `X-CSRF-Token`. Records are added and moved on through
/// ``RecordRoutes``.
struct APIRoutes {
    let environment: ServerEnvironment
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// Every API path (`*` one segment) with the methods it answers: a known path asked with another method gets 405
    /// and `Allow`, not 404. Kept beside the routes and the OpenAPI document, which list the same.
    static let methods: [(path: [String], allowed: [HTTPRequest.Method])] = [
        (["contracts"], [.get]), (["contracts", "*", "evaluation"], [.get]),
        (["contracts", "*", "records", "*"], [.get, .post]), (["contracts", "*", "records", "*", "*", "*"], [.post]),
        (["agent", "enroll"], [.post]), (["agent", "reports"], [.post]), (["agent", "parts", "*"], [.put])
    ]

    /// The methods an API path answers (a path under `/api/v1/`), or nil for a path the API does not have.
    static func allowedMethods(_ path: String) -> [HTTPRequest.Method]? {
        guard path.hasPrefix("/api/v1/") else { return nil }
        let segments = path.dropFirst("/api/v1/".count).split(separator: "/", omittingEmptySubsequences: false)
        return methods.first { entry in
            entry.path.count == segments.count && zip(entry.path, segments).allSatisfy { $0 == "*" ? !$1.isEmpty : $0 == $1 }
        }?.allowed
    }

    func register(on api: RouterGroup<MemberContext>) {
        api.get("/contracts", use: contracts)
        api.get("/contracts/{contract}/evaluation", use: evaluation)
    }

    struct ContractSummary: ResponseEncodable {
        var id, title, number, contractor_id, city_id, starts_on, ends_on: String
        var role: String
    }

    struct ClauseResult: ResponseEncodable {
        var clause_id, status: String
        var reasons: [LocalizedText]
        var evidence: [String]
    }

    struct Recorded: ResponseEncodable {
        var id: String
        var journal_seq: Int64
        var journal_hash: String
    }

    @Sendable func contracts(_ request: Request, context: MemberContext) async throws -> [ContractSummary] {
        try await environment.store.state().contracts.values.compactMap { state in
            guard let role = try? context.access(state.contract) else { return nil }
            let c = state.contract
            return ContractSummary(
                id: c.id, title: c.title, number: c.number, contractor_id: c.contractorID, city_id: c.cityID,
                starts_on: c.startsOn.description, ends_on: c.endsOn.description, role: role.rawValue)
        }.sorted { $0.id < $1.id }
    }

    @Sendable func evaluation(_ request: Request, context: MemberContext) async throws -> [ClauseResult] {
        let access = try await ContractAccess(context, environment)
        return try await environment.evaluation(of: access).map {
            ClauseResult(clause_id: $0.clauseID, status: $0.status.rawValue, reasons: $0.reasons, evidence: $0.evidence)
        }
    }
}

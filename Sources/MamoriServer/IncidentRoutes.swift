import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Incidents with their clocks: the notice to the city, the written report, the APPI final report.
struct IncidentRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/incidents", use: incidents)
    }

    @Sendable func incidents(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let catalog = try environment.catalog(access)
        let incidentClauses = Set(catalog.clauses.filter { $0.records.contains(.incident) }.map(\.id))
        let findings = try await environment.evaluation(of: access).filter { incidentClauses.contains($0.clauseID) }.flatMap(\.reasons)
        let table = IncidentList.table(access, findings: findings, context.language)
        if let download = try table.download(request, context.language, at: environment.now) { return download }
        let view = ContractListView(
            language: context.language, title: Label.incidents.localized, request: request, access: access, table: table,
            action: (RecordKinds.incident, Label.reportAnIncident.localized))
        return PageLayout.response(view, member: context.member)
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The contracts a member may see — an overview with each one's statuses, open incidents, pending approvals and silent
/// PCs, searched and filtered — and the clause-by-clause dashboard of one contract.
struct ContractRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/", use: contracts)
        members.get("/contracts/{contract}", use: dashboard)
    }

    @Sendable func contracts(_ request: Request, context: MemberContext) async throws -> Response {
        let (state, position) = try await environment.store.snapshot()
        let l = context.language
        // The overview's filters: words in the contract's title, number or contractor; a status some clause is in.
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let wanted = request.uri.queryParameters.get("status").flatMap(ClauseStatus.init(rawValue:))
        var rows: [ContractOverviewView.Row] = []
        var visible = 0
        for contract in state.contracts.values.sorted(by: { $0.contract.id < $1.contract.id }) {
            guard let role = try? context.access(contract.contract) else { continue }
            visible += 1
            let c = contract.contract
            let contractor = state.organizations[c.contractorID]?.name ?? c.contractorID
            // Full- and half-width alike (「１２」 finds 12, ｶﾀｶﾅ finds カタカナ).
            let words = query.precomposedStringWithCompatibilityMapping
            guard
                query.isEmpty
                    || [c.title, c.number, contractor].contains(where: {
                        $0.precomposedStringWithCompatibilityMapping.localizedCaseInsensitiveContains(words)
                    })
            else { continue }
            let access = ContractAccess(state: contract, all: state, role: role, position: position)
            let counts = await Dictionary(grouping: try environment.evaluation(of: access), by: \.status).mapValues(\.count)
            if let wanted, counts[wanted] == nil { continue }
            let catalog = try environment.catalog(access)
            rows.append(
                ContractOverviewView.Row(
                    contract: c, contractor: contractor, counts: counts,
                    openIncidents: contract.incidents.values.filter { $0.closedAt == nil }.count,
                    pendingApprovals: contract.approvals.values.filter { $0.decision == .pending }.count,
                    silentDevices: try await environment.silentDevices(of: access, catalog: catalog).count))
        }
        if let download = try ListExport(title: Label.contracts.localized, columns: ContractOverviewView.columns, rows: rows.map(ContractOverviewView.cells))
            .response(for: request, language: l, at: environment.now)
        {
            return download
        }
        // A member of a department creates its contracts but does not manage the organizations.
        let manager = context.member.memberships.first { $0.role.managesAccounts }
        let view = ContractOverviewView(
            language: l, rows: rows, visible: visible, query: query, wanted: wanted, manages: manager != nil,
            managesOrganizations: manager != nil && manager?.departmentID == nil, exports: ListExport.links(request, l))
        return PageLayout.response(view, member: context.member)
    }

    @Sendable func dashboard(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let view = ContractDashboardView(
            language: context.language, contract: access.contract, role: access.role, catalog: try environment.catalog(access),
            evaluations: try await environment.evaluation(of: access))
        return PageLayout.response(view, member: context.member)
    }
}

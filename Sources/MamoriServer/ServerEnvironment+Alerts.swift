import Foundation
import MamoriCore
import MamoriStore

extension ServerEnvironment {
    /// Adds the reminders every contract's deadlines and PCs call for at `now`, and the alerts of its clauses
    /// evaluated 違反, worked out from the same record findings, PC evidence and evaluation as the dashboard. Returns
    /// how many alerts are new.
    @discardableResult
    func addReminders(at now: Date) async throws -> Int {
        let (state, position) = try await store.snapshot()
        var planned: [PlannedAlert] = []
        for contract in state.contracts.values.sorted(by: { $0.contract.id < $1.contract.id }) {
            let access = ContractAccess(state: contract, all: state, role: .cityAuditor, position: position)
            guard let catalog = try? catalog(access) else { continue }
            planned += AlertPlanner.reminders(deadlines(of: access, catalog: catalog), state: contract, catalog: catalog, now: now)
            let devices = try await deviceEvidence(of: access).evidence
            planned += AlertPlanner.silentDevices(devices, state: contract, catalog: catalog, now: now)
            planned += AlertPlanner.violations(try await evaluation(of: access), state: contract, catalog: catalog)
        }
        return try await store.addReminders(planned, at: now)
    }

    /// The contractor's PCs that have not reported within the contract's `agent_report_max_age`.
    func silentDevices(of access: ContractAccess, catalog: Catalog) async throws -> [DeviceEvidence] {
        let maximumAge = access.state.agentReportMaxAge(in: catalog)
        return try await deviceEvidence(of: access).evidence.filter { $0.isSilent(maximumAge: maximumAge, at: now) }
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// A contract as one member may see it: the state, the organizations and the member's role on it.
struct ContractAccess {
    let state: ContractState
    let all: MamoriState
    let role: AccountRole
    /// The journal position the state stands at.
    let position: Int64

    var contract: Contract { state.contract }

    /// A contract as given (tests, and work done outside a request).
    init(state: ContractState, all: MamoriState, role: AccountRole, position: Int64) {
        self.state = state
        self.all = all
        self.role = role
        self.position = position
    }

    /// The contract named by the route's `contract` parameter, if the member has a role on it (404 otherwise).
    init(_ context: MemberContext, _ environment: ServerEnvironment) async throws {
        let id = try context.parameters.require("contract")
        (all, position) = try await environment.store.snapshot()
        guard let state = all.contracts[id] else { throw WebError.notFound(id) }
        self.state = state
        role = try context.access(state.contract)
    }

    /// Refuses a member whose role may not record the contractor's records.
    func requireRecorder() throws {
        guard role.recordsContractRecords else { throw WebError.forbidden }
    }

    /// The journal's actor for a member's command: the account's login and role.
    static func actor(_ context: MemberContext, _ role: AccountRole) -> String {
        "\(context.member.account.login) (\(role.rawValue))"
    }
}

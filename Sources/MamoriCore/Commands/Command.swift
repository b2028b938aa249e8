import Foundation

/// A change someone asks for. Validated against the current state, journaled, then applied: the one write path.
public protocol Command: Codable, Sendable {
    /// The journal entry type, e.g. `data.copy`.
    var journalType: String { get }
    /// The organization whose journal records the command.
    func organizationID(in state: MamoriState) throws(CommandError) -> String
    /// Checks the command against `state` and returns the rows it inserts or replaces.
    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange]
}

/// A command that acts on one contract: its journal is the contractor's.
public protocol ContractCommand: Command {
    /// The contract acted on.
    var contractID: String { get }
}

extension ContractCommand {
    public func organizationID(in state: MamoriState) throws(CommandError) -> String {
        try state.contract(contractID).contract.contractorID
    }
}

import Foundation

/// What the server tells an enrolled PC of its contract, at enrollment and after each check-in: the thresholds and
/// lists the contract sets (its catalog's parameters with their agent settings) and, per check, the clauses of the
/// contract's catalog that the check proves. The agent keeps it in its state directory, so that its own table shows
/// the verdicts, and the clauses, that the server will show.
public struct AgentContract: Sendable, Codable, Equatable {
    /// The catalog the clauses come from, as `ID version` (e.g. `nakano 2026.1`).
    public var catalog: String
    /// The contract's thresholds and lists.
    public var parameters: AgentParameters
    /// Per check ID, the clause IDs it proves under the contract's catalog.
    public var clauses: [String: [String]]

    /// A contract's settings.
    public init(catalog: String, parameters: AgentParameters, clauses: [String: [String]]) {
        self.catalog = catalog
        self.parameters = parameters
        self.clauses = clauses
    }

    /// Where the agent keeps it.
    public static func file(in state: URL) -> URL {
        state.appendingPathComponent("contract.json")
    }

    /// The settings last received, if any.
    public static func saved(in state: URL) -> AgentContract? {
        (try? Data(contentsOf: file(in: state))).flatMap { try? JSONDecoder().decode(AgentContract.self, from: $0) }
    }

    /// Keeps the settings for the next scan.
    public func save(in state: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: Self.file(in: state), options: .atomic)
    }
}

import Foundation

/// A change someone asks for. Validated against the current state, journaled, then applied: the one write path.
public protocol Command: Codable, Sendable {
    /// The journal entry type, e.g. `data.copy`.
    var journalType: String { get }
    /// The organization whose journal records the command.
    func organizationID(in state: MamoriState) throws(CommandError) -> String
    /// Checks the command against `state` and returns the rows it inserts or replaces.
    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange]
    /// Checks what applies to a command entering now but not to one already journaled: limits on counts, moments
    /// not in the future. The store admits a new command before it executes it; a replay (catch-up, `ledger
    /// replay`, restore) only executes, so that a journal written before a limit existed still replays to its state.
    func admit(at time: Date) throws(CommandError)
    /// What a new command must not do to what is already stored, checked as ``admit(at:)`` is (new entries only):
    /// reuse a record ID another contract holds.
    func admit(against state: MamoriState) throws(CommandError)
}

extension Command {
    public func admit(at time: Date) throws(CommandError) {}
    public func admit(against state: MamoriState) throws(CommandError) {}
}

/// How far ahead of the server's clock a recorded moment may be: a PC's or a browser's clock that runs a little fast.
public let futureTolerance: TimeInterval = 300

/// Refuses a moment more than ``futureTolerance`` after `time`, naming the field.
public func requireNotFuture(_ moment: Date, _ field: String, at time: Date) throws(CommandError) {
    guard moment <= time.addingTimeInterval(futureTolerance) else {
        throw .invalid(field, ja: "未来の日時です（現在 \(time.warekiTime)）", en: "is in the future (now is \(time.ISO8601Format()))")
    }
}

/// Refuses a day after today (in Japan, allowing ``futureTolerance`` past midnight), naming the field.
public func requireNotFuture(_ day: Day, _ field: String, at time: Date) throws(CommandError) {
    let today = Day(time.addingTimeInterval(futureTolerance))
    guard day <= today else {
        throw .invalid(field, ja: "未来の日付です（今日は \(today.wareki)）", en: "is in the future (today is \(today))")
    }
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

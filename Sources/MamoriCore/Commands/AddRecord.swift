import Foundation

/// A record type that is created by ``AddRecord`` and checks itself against the contract's state.
public protocol NewRecord: ContractRecord {
    /// The journal type of its creation, e.g. `training.record` or `data.copy`.
    var journalType: String { get }
    /// What the record is called, for messages.
    static var label: LocalizedText { get }
    /// Where the contract's state keeps records of this type.
    static var table: KeyPath<ContractState, [String: Self]> { get }
    /// Refuses the record if it is invalid in `state` (unknown person, end before start…).
    func validate(in state: ContractState, at time: Date) throws(CommandError)
    /// Refuses what may not enter from now on (see ``Command/admit(at:)``): counts beyond their limits, a moment in
    /// the future.
    func admit(at time: Date) throws(CommandError)
    /// Refuses what may not enter from now on given the contract's records (a return that does not say what became of
    /// the copies made): checked for a new record only, never when the journal replays, so that an entry admitted
    /// under an earlier rule still replays.
    func admit(in state: ContractState) throws(CommandError)
    /// Refuses a correction of `current` into this version that would change what only the city decides.
    func checkCorrection(of current: Self) throws(CommandError)
    /// Whether a recorded one can be corrected (data events cannot: their asset's ledger has counted them).
    static var correctable: Bool { get }
}

extension NewRecord {
    public func admit(at time: Date) throws(CommandError) {}
    public func admit(in state: ContractState) throws(CommandError) {}
    public static var correctable: Bool { true }
}

/// Adds a new record to a contract: a person, a training session, a data event, an incident….
public struct AddRecord<R: NewRecord>: ContractCommand {
    public var record: R

    /// Creates the command.
    public init(_ record: R) {
        self.record = record
    }

    public var contractID: String { record.contractID }
    public var journalType: String { record.journalType }

    public func admit(at time: Date) throws(CommandError) {
        try record.admit(at: time)
    }

    /// IDs are unique across contracts: a record is stored by its ID, so reusing another contract's would replace that
    /// contract's record. (Data events the state does not keep are refused by their table.) An admission check, so
    /// that a journal written when the CLI allowed it still replays.
    public func admit(against state: MamoriState) throws(CommandError) {
        guard !state.contracts.values.contains(where: { $0[keyPath: R.table][record.id] != nil }) else { throw used }
        if let contract = state.contracts[contractID] { try record.admit(in: contract) }
    }

    /// An ID another record holds (field `id`: a server that made the ID makes another and tries again).
    private var used: CommandError {
        CommandError(
            LocalizedText(ja: "\(R.label.ja) ID \"\(record.id)\" は既に使われています", en: "\(R.label.en) ID \"\(record.id)\" is already in use"),
            field: "id")
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        let contract = try state.contract(contractID)
        try requireText(record.id, "id")
        guard contract[keyPath: R.table][record.id] == nil else { throw used }
        try record.validate(in: contract, at: time)
        return [.record(record)]
    }
}

extension ContractState {
    /// The person with this ID on this contract, or a refusal.
    public func person(_ id: String) throws(CommandError) -> Person {
        guard let person = people[id] else {
            throw CommandError(ja: "人員 \"\(id)\" はこの契約の名簿にありません", en: "person \"\(id)\" is not on this contract's roster")
        }
        return person
    }

    /// The data asset with this ID, or a refusal.
    public func asset(_ id: String) throws(CommandError) -> DataAsset {
        guard let asset = assets[id] else { throw .unknown(LocalizedText(ja: "提供データ", en: "data asset"), id) }
        return asset
    }

    /// The record of type `R` with this ID, or a refusal naming its kind.
    public func existing<R: NewRecord>(_ type: R.Type, _ id: String) throws(CommandError) -> R {
        guard let record = self[keyPath: R.table][id] else { throw .unknown(R.label, id) }
        return record
    }
}

/// A command whose record the contract's catalog must allow (an approval of a kind the catalog declares): checked
/// where a command enters with its contract's catalog at hand — the web, the API and the command line.
public protocol CatalogChecked {
    /// Refuses what the catalog does not declare.
    func check(against catalog: Catalog) throws(CommandError)
}

extension AddRecord: CatalogChecked where R: CatalogBound {
    public func check(against catalog: Catalog) throws(CommandError) {
        try record.check(against: catalog)
    }
}

extension CorrectRecord: CatalogChecked where R: CatalogBound {
    public func check(against catalog: Catalog) throws(CommandError) {
        try record.check(against: catalog)
    }
}

/// A record whose values the contract's catalog declares.
public protocol CatalogBound {
    /// Refuses what the catalog does not declare.
    func check(against catalog: Catalog) throws(CommandError)
}

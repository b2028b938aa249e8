import Foundation

/// Corrects a recorded record: the whole new version replaces the current one, with the reason. Nothing is edited —
/// the journal keeps every version (the entry that added the record, each step, each correction), and documents show
/// the current one. Who may correct is who may record (the server's forms say so: the city's records only by the
/// city); what the city decided on a record stays as the city decided it (``NewRecord/checkCorrection(of:)``).
public struct CorrectRecord<R: NewRecord>: ContractCommand {
    public var record: R
    /// Why, in the corrector's words.
    public var reason: String

    /// Creates the command.
    public init(_ record: R, reason: String) {
        self.record = record
        self.reason = reason
    }

    /// The longest reason accepted (a long text of the forms).
    public static var reasonLimit: Int { 4_000 }

    public var contractID: String { record.contractID }
    /// The journal type of the record's creation with `.correct`, e.g. `person.add.correct`.
    public var journalType: String { record.journalType + ".correct" }

    public func admit(at time: Date) throws(CommandError) {
        try requireLength(reason, atMost: Self.reasonLimit, "reason")
        try record.admit(at: time)
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        let contract = try state.contract(contractID)
        guard R.correctable else {
            throw CommandError(
                ja: "\(R.label.ja)は訂正できません（件数が資産の台帳に計上済みのため）",
                en: "a \(R.label.en) cannot be corrected (its asset's ledger has counted it)")
        }
        guard let current = contract[keyPath: R.table][record.id] else { throw .unknown(R.label, record.id) }
        try requireText(reason, "reason")
        guard !Self.same(record, current) else {
            throw CommandError(ja: "訂正する内容がありません（今の記録と同じです）", en: "nothing to correct: the record already holds these values")
        }
        try record.checkCorrection(of: current)
        try record.validate(in: contract, at: time)
        return [.record(record)]
    }
}

extension CorrectRecord {
    /// Whether two versions hold the same values (compared as their JSON with sorted keys).
    static func same(_ one: R, _ other: R) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let first = try? encoder.encode(one), let second = try? encoder.encode(other) else { return false }
        return first == second
    }
}

extension NewRecord {
    /// By default every field may be corrected.
    public func checkCorrection(of current: Self) throws(CommandError) {}
}

/// Refuses a correction that changes a value the city decided, naming the field.
func requireUnchanged<V: Equatable>(_ value: V, _ current: V, _ field: String) throws(CommandError) {
    guard value == current else {
        throw .invalid(field, ja: "区が決めた内容は訂正できません", en: "was decided by the city and cannot be corrected")
    }
}

import Foundation

/// A further measure the city instructs; it stays open until done.
public struct CityInstruction: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var issuedOn: Day
    /// What the city instructs, sealed like personal data: an instruction may name residents or the contractor's
    /// weaknesses. Journals written before it was sealed hold the text in clear (see ``Sealed``).
    public var instruction: Sealed
    public var dueOn: Day?
    public var completedOn: Day?

    /// Creates an instruction.
    public init(id: String, contractID: String, issuedOn: Day, instruction: Sealed, dueOn: Day? = nil, completedOn: Day? = nil) {
        self.id = id
        self.contractID = contractID
        self.issuedOn = issuedOn
        self.instruction = instruction
        self.dueOn = dueOn
        self.completedOn = completedOn
    }
}

extension CityInstruction: NewRecord {
    public var journalType: String { "instruction.record" }
    public static let label = LocalizedText(ja: "区からの指示", en: "city instruction")
    public static var table: KeyPath<ContractState, [String: CityInstruction]> { \.instructions }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(instruction.base64, "instruction")
        try requireOrder(issuedOn, dueOn, "issued_on", "due_on")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(issuedOn, "issued_on", at: time)
    }
}

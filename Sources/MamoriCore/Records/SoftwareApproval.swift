import Foundation

/// An entry of the approved software list: software verified and allowed, or denied.
public struct SoftwareApproval: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var name: String
    public var allowed: Bool
    public var decidedOn: Day
    public var decidedBy: String

    /// Creates a list entry.
    public init(id: String, contractID: String, name: String, allowed: Bool, decidedOn: Day, decidedBy: String) {
        self.id = id
        self.contractID = contractID
        self.name = name
        self.allowed = allowed
        self.decidedOn = decidedOn
        self.decidedBy = decidedBy
    }
}

extension SoftwareApproval: NewRecord {
    public var journalType: String { "software.decide" }
    public static let label = LocalizedText(ja: "ソフトウェア", en: "software decision")
    public static var table: KeyPath<ContractState, [String: SoftwareApproval]> { \.software }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(name, "name")
        try requireText(decidedBy, "decided_by")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(decidedOn, "decided_on", at: time)
    }
}

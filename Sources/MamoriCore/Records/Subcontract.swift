import Foundation

/// An entry of the subcontract register (再委託). Whether one is allowed is the catalog's reading (``SubcontractRule``):
/// never, only without personal data, or with the city's prior approval, which the entry then names.
public struct Subcontract: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var subcontractor: String
    /// The work given out.
    public var scope: String
    /// Whether the work involves the city's personal data.
    public var touchesPersonalData: Bool
    public var startsOn: Day
    /// The city's approval of the subcontract, where the annex allows one with it.
    public var approvalID: String?
    /// Whether the subcontractor is bound in writing by the same obligations as the contractor.
    public var boundByObligations: Bool?

    /// Creates a register entry.
    public init(
        id: String, contractID: String, subcontractor: String, scope: String, touchesPersonalData: Bool, startsOn: Day,
        approvalID: String? = nil, boundByObligations: Bool? = nil
    ) {
        self.approvalID = approvalID
        self.boundByObligations = boundByObligations
        self.id = id
        self.contractID = contractID
        self.subcontractor = subcontractor
        self.scope = scope
        self.touchesPersonalData = touchesPersonalData
        self.startsOn = startsOn
    }
}

extension Subcontract: NewRecord {
    public var journalType: String { "subcontract.register" }
    public static let label = LocalizedText(ja: "再委託", en: "subcontract")
    public static var table: KeyPath<ContractState, [String: Subcontract]> { \.subcontracts }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(subcontractor, "subcontractor")
        try requireText(scope, "scope")
        if let approvalID { _ = try state.existing(Approval.self, approvalID) }
    }
}

import Foundation

/// An audit or inspection by the city (監査・検査), with its request and the contractor's response.
public struct Audit: ContractRecord, Hashable {
    /// 監査 or 検査.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case audit, inspection
    }

    public var id: String
    public var contractID: String
    public var kind: Kind
    public var heldOn: Day
    /// The auditor's name, sealed (a person outside the organization).
    public var auditor: Sealed
    /// What the city asked for.
    public var request: String
    /// When the response is due, if the city set a date.
    public var responseDue: Day?
    public var response: String?
    public var respondedOn: Day?

    /// Creates an audit.
    public init(
        id: String, contractID: String, kind: Kind, heldOn: Day, auditor: Sealed, request: String,
        responseDue: Day? = nil, response: String? = nil, respondedOn: Day? = nil
    ) {
        self.id = id
        self.contractID = contractID
        self.kind = kind
        self.heldOn = heldOn
        self.auditor = auditor
        self.request = request
        self.responseDue = responseDue
        self.response = response
        self.respondedOn = respondedOn
    }
}

extension Audit: NewRecord {
    public var journalType: String { "audit.record" }
    public static let label = LocalizedText(ja: "監査・検査", en: "audit")
    public static var table: KeyPath<ContractState, [String: Audit]> { \.audits }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(request, "request")
        try requireOrder(heldOn, responseDue, "held_on", "response_due")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(heldOn, "held_on", at: time)
    }
}

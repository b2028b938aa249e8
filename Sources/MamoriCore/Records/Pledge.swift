import Foundation

/// A confidentiality pledge (誓約書) signed by one person; kept after the person leaves.
public struct Pledge: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var personID: String
    public var signedOn: Day

    /// Creates a pledge.
    public init(id: String, contractID: String, personID: String, signedOn: Day) {
        self.id = id
        self.contractID = contractID
        self.personID = personID
        self.signedOn = signedOn
    }
}

extension Pledge: NewRecord {
    public var journalType: String { "pledge.record" }
    public static let label = LocalizedText(ja: "誓約書", en: "pledge")
    public static var table: KeyPath<ContractState, [String: Pledge]> { \.pledges }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        _ = try state.person(personID)
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(signedOn, "signed_on", at: time)
    }
}

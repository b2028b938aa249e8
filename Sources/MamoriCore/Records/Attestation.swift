import Foundation

/// A statement by a named person that a clause is met (確認書), optionally with a file, renewed each cycle.
public struct Attestation: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    /// The clause attested, e.g. `CS-1.10`.
    public var clauseID: String
    /// The person on the roster who attests.
    public var personID: String
    public var attestedOn: Day
    public var statement: String
    /// Hex SHA-256 of the attached file (e.g. a photo of the security wire), if any.
    public var fileDigest: String?

    /// Creates an attestation.
    public init(
        id: String, contractID: String, clauseID: String, personID: String, attestedOn: Day,
        statement: String, fileDigest: String? = nil
    ) {
        self.id = id
        self.contractID = contractID
        self.clauseID = clauseID
        self.personID = personID
        self.attestedOn = attestedOn
        self.statement = statement
        self.fileDigest = fileDigest
    }
}

extension Attestation: NewRecord {
    public var journalType: String { "attest.record" }
    public static let label = LocalizedText(ja: "確認書", en: "attestation")
    public static var table: KeyPath<ContractState, [String: Attestation]> { \.attestations }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        _ = try state.person(personID)
        try requireText(clauseID, "clause_id")
        try requireText(statement, "statement")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(attestedOn, "attested_on", at: time)
    }
}

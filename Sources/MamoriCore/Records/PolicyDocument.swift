import Foundation

/// A version of the contractor's information security policy (情報セキュリティ方針) and its submission.
public struct PolicyDocument: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var title: String
    public var version: String
    public var adoptedOn: Day
    /// When it was submitted in writing to the city.
    public var submittedOn: Day?
    /// Hex SHA-256 of the document file, when one was attached.
    public var fileDigest: String?

    /// Creates a policy version.
    public init(
        id: String, contractID: String, title: String, version: String, adoptedOn: Day,
        submittedOn: Day? = nil, fileDigest: String? = nil
    ) {
        self.id = id
        self.contractID = contractID
        self.title = title
        self.version = version
        self.adoptedOn = adoptedOn
        self.submittedOn = submittedOn
        self.fileDigest = fileDigest
    }
}

extension PolicyDocument: NewRecord {
    public var journalType: String { "policy.record" }
    public static let label = LocalizedText(ja: "情報セキュリティ方針", en: "policy document")
    public static var table: KeyPath<ContractState, [String: PolicyDocument]> { \.policies }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(title, "title")
        try requireText(version, "version")
        try requireOrder(adoptedOn, submittedOn, "adopted_on", "submitted_on")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(adoptedOn, "adopted_on", at: time)
    }
}

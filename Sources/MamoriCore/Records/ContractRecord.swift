/// A record kept under one contract: a person, a training session, a data event, an incident….
public protocol ContractRecord: Codable, Sendable, Identifiable where ID == String {
    /// The record's ID.
    var id: String { get }
    /// The contract it belongs to.
    var contractID: String { get }
}

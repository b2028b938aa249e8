import Foundation

/// A point of an organization's journal: how many entries it had and the hash of the last, so that a later
/// rewrite of that history can be detected by anyone holding the signed checkpoint.
public struct JournalCheckpoint: Codable, Sendable, Equatable {
    public var organizationID: String
    /// The number of entries (the last sequence number).
    public var entries: Int64
    /// The hash of the last entry, hex.
    public var headHash: String

    /// Creates a checkpoint.
    public init(organizationID: String, entries: Int64, headHash: String) {
        self.organizationID = organizationID
        self.entries = entries
        self.headHash = headHash
    }

    /// The bytes that are signed.
    var signedBytes: Data {
        Data("mamori-checkpoint/1\n\(organizationID)\n\(entries)\n\(headHash)".utf8)
    }

    private enum CodingKeys: String, CodingKey {
        case organizationID = "organization_id"
        case entries
        case headHash = "head_hash"
    }
}

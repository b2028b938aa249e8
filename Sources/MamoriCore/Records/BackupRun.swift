import Foundation

/// A backup of information assets.
public struct BackupRun: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var ranAt: Date
    /// What was backed up.
    public var scope: String
    /// Where to, e.g. 外付け HDD (暗号化).
    public var medium: String
    public var succeeded: Bool

    /// Creates a backup run.
    public init(id: String, contractID: String, ranAt: Date, scope: String, medium: String, succeeded: Bool) {
        self.id = id
        self.contractID = contractID
        self.ranAt = ranAt
        self.scope = scope
        self.medium = medium
        self.succeeded = succeeded
    }
}

extension BackupRun: NewRecord {
    public var journalType: String { "backup.record" }
    public static let label = LocalizedText(ja: "バックアップ", en: "backup run")
    public static var table: KeyPath<ContractState, [String: BackupRun]> { \.backups }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(scope, "scope")
        try requireText(medium, "medium")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(ranAt, "ran_at", at: time)
    }
}

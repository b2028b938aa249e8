import MamoriCore

/// The first place where what the dashboard and the documents read differs from what the journal produces.
public struct StateDifference: Sendable, Equatable {
    /// The table, e.g. `dataEvent`.
    public var table: String
    /// The row's ID.
    public var recordID: String
    /// The column that differs; nil when the whole row is missing or was never written by the journal, or when the
    /// journal keeps only the row's digest (a PC's report).
    public var column: String?
    /// The journal entry that last wrote the row; nil for a row no entry wrote.
    public var position: Int64?
    public var reason: LocalizedText
}

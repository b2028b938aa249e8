import Foundation
import MamoriCore

/// One entry of an organization's journal: who did what when, chained to the entry before it by SHA-256.
public struct JournalEntry: Sendable, Hashable, Codable, TableRecord {
    static let table = "journal"
    static let keyColumns = ["position"]

    /// Position in the whole journal (replay order).
    public var position: Int64
    public var organizationID: String
    /// 1, 2, 3… within the organization.
    public var seq: Int64
    /// ISO 8601 with milliseconds, UTC.
    public var recordedAt: String
    public var actor: String
    /// The command type, e.g. `data.copy`.
    public var type: String
    /// The command as canonical JSON.
    public var payload: String
    public var previousHash: String
    public var hash: String
    /// The rows the entry's command wrote, each as its table, ``RowDigest`` and ID (``WrittenRows``), covered by the
    /// hash: what `ledger verify` matches the state tables with. Empty in entries written before it was kept.
    public var written: String

    /// The previous hash of an organization's first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The hash this entry must carry, from every other column.
    public var computedHash: String {
        var input = HashInput(capacity: payload.utf8.count + 256)
        input.field(position)
        input.field(organizationID.utf8)
        input.field(seq)
        for text in [recordedAt, actor, type, payload, previousHash] { input.field(text.utf8) }
        // Hashed only when kept, so that the entries written before hash as they always did.
        if !written.isEmpty { input.field(written.utf8) }
        return String(decoding: input.hexDigest(), as: UTF8.self)
    }

    /// The UTC timestamp form used in `recordedAt`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// The command this entry journaled (nil when its payload no longer decodes).
    public var command: (any Command)? {
        try? CommandCodec.decode(type: type, payload: payload, position: position)
    }

    /// The command this entry journaled and the time it ran at, as a replay runs it again.
    func replayed() throws -> (command: any Command, time: Date) {
        (
            try CommandCodec.decode(type: type, payload: payload, position: position),
            Self.date(recordedAt) ?? Date(timeIntervalSince1970: 0)
        )
    }

    /// Parses a `recordedAt` value.
    public static func date(_ timestamp: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp)
    }
}

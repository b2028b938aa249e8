import Crypto
import Foundation
import GRDB

/// One entry of an organization's journal: who did what when, chained to the entry before it by SHA-256.
public struct JournalEntry: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "journal"

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

    /// The previous hash of an organization's first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The hash this entry must carry, from every other column (each length-prefixed, so no two rows hash alike).
    public var computedHash: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(payload.utf8.count + 256)
        for field in [String(position), organizationID, String(seq), recordedAt, actor, type, payload, previousHash] {
            buffer.append(contentsOf: "\(field.utf8.count):".utf8)
            buffer.append(contentsOf: field.utf8)
        }
        return Self.hex(SHA256.hash(data: buffer))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of a digest.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTC timestamp form used in `recordedAt`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Parses a `recordedAt` value.
    static func date(_ timestamp: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp)
    }
}

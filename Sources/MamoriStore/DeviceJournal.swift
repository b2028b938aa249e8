import Crypto
import Foundation
import MamoriCore

/// An enrollment token issued by an organization's administrator: journaled (its SHA-256, never the token), so that
/// a token written into the table by hand enrolls no PC that `ledger verify` accepts. Changes no contract state.
struct IssueEnrollmentToken: Command {
    var organizationID: String
    /// SHA-256 of the token, as the `enrollmentToken` table keeps it.
    var tokenHash: String
    var expiresAt: Date

    var journalType: String { "device.token" }

    func organizationID(in state: MamoriState) throws(CommandError) -> String { organizationID }

    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        guard state.organizations[organizationID] != nil else { throw .unknown(LocalizedText(ja: "組織", en: "organization"), organizationID) }
        return []
    }
}

/// A PC enrolled: journaled with the digest of its `device` row and the token it spent, so that a key or
/// organization changed in the table, a device row added without an enrollment, or an enrollment with a token no
/// administrator issued, is found by `ledger verify`. Changes no contract state.
struct EnrollDevice: Command {
    var deviceID: String
    var organizationID: String
    /// ``RowDigest`` of the device row as written.
    var digest: String
    /// The token spent (its SHA-256): issued by ``IssueEnrollmentToken`` for the same organization, unexpired, unused.
    var tokenHash: String

    var journalType: String { "device.enroll" }

    func organizationID(in state: MamoriState) throws(CommandError) -> String { organizationID }

    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] { [] }
}

/// A PC's check-in accepted: journaled with the digest of its `deviceReport` row (the signed report, the server's
/// results and counts), so that a stored result changed to a pass, or a report deleted or added, is found by
/// `ledger verify`. Changes no contract state.
struct ReceiveDeviceReport: Command {
    var deviceID: String
    var organizationID: String
    /// The report row's ID.
    var reportID: Int64
    /// ``RowDigest`` of the report row as written.
    var digest: String

    var journalType: String { "device.report" }

    func organizationID(in state: MamoriState) throws(CommandError) -> String { organizationID }

    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] { [] }
}

/// SHA-256 over a row's columns: what the journal says a row held when it was written. Column names in lower case
/// and in order, NULLs left out (a record's absent optional is not written), booleans as the integers SQLite keeps:
/// the same digest from the values a command produced and from the row read back on SQLite or PostgreSQL.
enum RowDigest {
    /// A digest as 32 bytes, compared and kept without a string.
    struct Value: Hashable, Sendable {
        var words: (UInt64, UInt64, UInt64, UInt64)

        static func == (a: Value, b: Value) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) { hasher.combine(words.0) }

        init(_ digest: SHA256.Digest) {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            digest.withUnsafeBytes { raw in withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: raw) } }
            self.words = words
        }

        /// 64 hex digits; nil for anything else.
        init?(hex: some Collection<UInt8>) {
            guard hex.count == 64 else { return nil }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let valid = withUnsafeMutableBytes(of: &words) { out -> Bool in
                var index = hex.startIndex
                for offset in 0..<32 {
                    guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[hex.index(after: index)]) else { return false }
                    out[offset] = high << 4 | low
                    index = hex.index(index, offsetBy: 2)
                }
                return true
            }
            guard valid else { return nil }
            self.words = words
        }

        private static func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x57
            default: nil
            }
        }

        var hex: String { withUnsafeBytes(of: words) { Hex.string($0) } }
    }

    static func of(_ record: some Encodable) throws -> String {
        of(try RowEncoder.encode(record))
    }

    static func of(_ columns: [(column: String, value: SQLValue)]) -> String {
        value(columns).hex
    }

    static func value(_ columns: [(column: String, value: SQLValue)]) -> Value {
        var input = HashInput()
        for (column, value) in columns.map({ ($0.column.lowercased(), normalized($0.value)) }).sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .null, .bool: continue
            case let .integer(number): input.field(column.utf8); input.field("i".utf8); input.field(number)
            case let .real(number): input.field(column.utf8); input.field("r".utf8); input.field(Int64(bitPattern: number.bitPattern))
            case let .text(text): input.field(column.utf8); input.field("t".utf8); input.field(text.utf8)
            }
        }
        return Value(SHA256.hash(data: input.bytes))
    }

    /// A value as it compares: a boolean as the integer SQLite keeps.
    static func normalized(_ value: SQLValue) -> SQLValue {
        if case let .bool(flag) = value { return .integer(flag ? 1 : 0) }
        return value
    }
}

/// The rows one journal entry wrote, as its `written` column keeps them: `1` (the form), then per row a line
/// `<table> <digest> <bytes of the ID> <ID>` — the ID last and counted, so that any ID reads back whole.
struct WrittenRows {
    var rows: [(table: String, id: String, digest: String)] = []

    var text: String {
        "1" + rows.map { "\n\($0.table) \($0.digest) \($0.id.utf8.count) \($0.id)" }.joined()
    }

    /// Reads a `written` value, giving each row's table, ID and digest; false when it is not one.
    static func read(_ bytes: UnsafeRawBufferPointer, _ row: (String, String, RowDigest.Value) -> Void) -> Bool {
        guard bytes.first == UInt8(ascii: "1") else { return false }
        var index = 1
        func until(_ byte: UInt8) -> Range<Int>? {
            let start = index
            while index < bytes.count, bytes[index] != byte { index += 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return start..<index
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\n") else { return false }
            index += 1
            guard let table = until(UInt8(ascii: " ")), let digestRange = until(UInt8(ascii: " ")), let countRange = until(UInt8(ascii: " ")),
                  let digest = RowDigest.Value(hex: UnsafeRawBufferPointer(rebasing: bytes[digestRange])),
                  let count = Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[countRange]), as: UTF8.self)),
                  count >= 0, index + count <= bytes.count
            else { return false }
            row(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[table]), as: UTF8.self),
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]), as: UTF8.self), digest)
            index += count
        }
        return true
    }
}

/// A command that writes a row outside the contract state in the same transaction (a PC's row), naming it.
protocol WritesOwnRow: Command {
    var ownRow: (table: String, id: String, digest: String) { get }
}

extension EnrollDevice: WritesOwnRow {
    var ownRow: (table: String, id: String, digest: String) { (Device.table, deviceID, digest) }
}

extension ReceiveDeviceReport: WritesOwnRow {
    var ownRow: (table: String, id: String, digest: String) { (DeviceReport.table, String(reportID), digest) }
}

/// The enrollment tokens the journal issued, as a replay follows them: an enrollment must spend one issued for its
/// organization, unexpired and unused.
struct EnrollmentTokens {
    private var issued: [String: (organizationID: String, expiresAt: Date)] = [:]

    mutating func follow(_ command: any Command, at time: Date) throws(CommandError) {
        switch command {
        case let token as IssueEnrollmentToken:
            issued[token.tokenHash] = (token.organizationID, token.expiresAt)
        case let enrolled as EnrollDevice:
            guard let token = issued.removeValue(forKey: enrolled.tokenHash), token.organizationID == enrolled.organizationID,
                  time <= token.expiresAt
            else {
                throw CommandError(ja: "端末 \(enrolled.deviceID) の登録に使われたトークンは、管理者が発行した未使用・有効期限内のものではありません",
                                   en: "device \(enrolled.deviceID) was enrolled with a token no administrator issued (or one used or expired)")
            }
        default: break
        }
    }
}

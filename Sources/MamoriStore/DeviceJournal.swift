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
    static func of(_ record: some Encodable) throws -> String {
        of(try RowEncoder.encode(record))
    }

    static func of(_ columns: [(column: String, value: SQLValue)]) -> String {
        var input = HashInput()
        for (column, value) in columns.map({ ($0.column.lowercased(), normalized($0.value)) }).sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .null, .bool: continue
            case let .integer(number): input.field(column.utf8); input.field("i".utf8); input.field(number)
            case let .real(number): input.field(column.utf8); input.field("r".utf8); input.field(Int64(bitPattern: number.bitPattern))
            case let .text(text): input.field(column.utf8); input.field("t".utf8); input.field(text.utf8)
            }
        }
        return String(decoding: input.hexDigest(), as: UTF8.self)
    }

    /// A value as it compares: a boolean as the integer SQLite keeps.
    static func normalized(_ value: SQLValue) -> SQLValue {
        if case let .bool(flag) = value { return .integer(flag ? 1 : 0) }
        return value
    }
}

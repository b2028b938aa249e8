import Foundation
import MamoriCore

/// What the journal records of an organization's PCs, outside the contract state: in that organization's chain, and
/// changing no contract record.
protocol PCJournalCommand: Command {
    var organizationID: String { get }
}

extension PCJournalCommand {
    func organizationID(in state: MamoriState) throws(CommandError) -> String { organizationID }
    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] { [] }
}

/// An enrollment token issued by an organization's administrator: journaled (its SHA-256, never the token), so that
/// a token written into the table by hand enrolls no PC that `ledger verify` accepts. Changes no contract state.
struct IssueEnrollmentToken: PCJournalCommand {
    var organizationID: String
    /// SHA-256 of the token, as the `enrollmentToken` table keeps it.
    var tokenHash: String
    var expiresAt: Date

    var journalType: String { "device.token" }

    func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        guard state.organizations[organizationID] != nil else { throw .unknown(LocalizedText(ja: "組織", en: "organization"), organizationID) }
        return []
    }
}

/// A PC enrolled: journaled with the digest of its `device` row and the token it spent, so that a key or
/// organization changed in the table, a device row added without an enrollment, or an enrollment with a token no
/// administrator issued, is found by `ledger verify`. Changes no contract state.
struct EnrollDevice: PCJournalCommand {
    var deviceID: String
    var organizationID: String
    /// ``RowDigest`` of the device row as written.
    var digest: String
    /// The token spent (its SHA-256): issued by ``IssueEnrollmentToken`` for the same organization, unexpired, unused.
    var tokenHash: String

    var journalType: String { "device.enroll" }
}

/// A PC's check-in accepted: journaled with the digest of its `deviceReport` row (the signed report, the server's
/// results and counts), so that a stored result changed to a pass, or a report deleted or added, is found by
/// `ledger verify`. Changes no contract state.
struct ReceiveDeviceReport: PCJournalCommand {
    var deviceID: String
    var organizationID: String
    /// The report row's ID.
    var reportID: Int64
    /// ``RowDigest`` of the report row as written.
    var digest: String

    var journalType: String { "device.report" }
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

/// The enrollment tokens the journal issued, and the PCs it enrolled, as a replay follows them: an enrollment must
/// spend one issued for its organization, unexpired and unused; a report must be journaled as evidence of the
/// organization its PC was enrolled by (a PC's row changed by hand, then put back, leaves such a report behind).
struct EnrollmentTokens {
    private var issued: [String: (organizationID: String, expiresAt: Date)] = [:]
    private var enrolled: [String: String] = [:]

    mutating func follow(_ command: any Command, at time: Date) throws(CommandError) {
        switch command {
        case let token as IssueEnrollmentToken:
            issued[token.tokenHash] = (token.organizationID, token.expiresAt)
        case let enrolled as EnrollDevice:
            guard let token = issued.removeValue(forKey: enrolled.tokenHash), token.organizationID == enrolled.organizationID,
                time <= token.expiresAt
            else {
                throw CommandError(
                    ja: "端末 \(enrolled.deviceID) の登録に使われたトークンは、管理者が発行した未使用・有効期限内のものではありません",
                    en: "device \(enrolled.deviceID) was enrolled with a token no administrator issued (or one used or expired)")
            }
            self.enrolled[enrolled.deviceID] = enrolled.organizationID
        case let report as ReceiveDeviceReport:
            if let organizationID = enrolled[report.deviceID], organizationID != report.organizationID {
                throw CommandError(
                    ja: "端末 \(report.deviceID) の報告 \(report.reportID) が、登録した組織（\(organizationID)）ではなく \(report.organizationID) の証跡として仕訳されています",
                    en:
                        "report \(report.reportID) of device \(report.deviceID) is journaled as evidence of \(report.organizationID), not of \(organizationID), which enrolled it"
                )
            }
        default: break
        }
    }
}

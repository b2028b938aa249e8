import Foundation
import MamoriCore

/// The seals of the rows that say who may do what — accounts, their memberships and sessions — which live beside the journal,
/// not in it: an HMAC of each row's fields under a key derived from `mamori.key`
/// (``Vault/authenticationCode(of:purpose:)``). Whoever can write the database but cannot read the key file cannot
/// give themselves a role, a password or a second factor: a row changed in the database no longer matches its seal,
/// is not used to sign in or to decide access, and `ledger verify` names it.
///
/// Sealed: an account's ID, login, name, password hash, TOTP secret, whether its second factor is on, when it was made,
/// its mail address and whether its password must change; a membership's account, organization, role and department;
/// a session's every field (a session put in the database for a token someone chose opens nothing).
/// Not sealed: the last TOTP step accepted (it changes at every sign-in with a code; an older one written back lets a
/// code be used twice within its 30 seconds, nothing more).
enum AccountSeal {
    static let purpose = "mamori-account-seal"

    /// The refusal of a change to an account whose stored row no longer matches its seal.
    static let altered = CommandError(
        ja: "このアカウントの記録はデータベースで直接変更されています（封印が一致しません）。バックアップから戻してください",
        en: "this account's row was changed in the database (its seal does not match); restore it from a backup")

    static func of(_ account: Account, _ vault: Vault) -> String {
        var input = HashInput()
        for text in [account.id, account.login, account.displayName, account.passwordHash] { input.field(text.utf8) }
        optional(account.totpSecret?.base64, &input)
        input.field(account.totpEnabled ? 1 : 0)
        input.field(Int64(bitPattern: account.createdAt.timeIntervalSinceReferenceDate.bitPattern))
        optional(account.email, &input)
        input.field(account.mustChangePassword == true ? 1 : 0)
        return vault.authenticationCode(of: Data(input.bytes), purpose: purpose)
    }

    static func of(_ membership: Membership, _ vault: Vault) -> String {
        var input = HashInput()
        for text in [membership.accountID, membership.organizationID, membership.role.rawValue] { input.field(text.utf8) }
        optional(membership.departmentID, &input)
        return vault.authenticationCode(of: Data(input.bytes), purpose: purpose + "-membership")
    }

    static func of(_ session: Session, _ vault: Vault) -> String {
        var input = HashInput()
        for text in [session.tokenHash, session.accountID, session.csrfToken] { input.field(text.utf8) }
        input.field(session.secondFactorDone ? 1 : 0)
        for date in [session.createdAt, session.expiresAt] { input.field(Int64(bitPattern: date.timeIntervalSinceReferenceDate.bitPattern)) }
        return vault.authenticationCode(of: Data(input.bytes), purpose: purpose + "-session")
    }

    static func isIntact(_ account: Account, _ vault: Vault) -> Bool { account.seal == of(account, vault) }

    static func isIntact(_ session: Session, _ vault: Vault) -> Bool { session.seal == of(session, vault) }

    static func isIntact(_ membership: Membership, _ vault: Vault) -> Bool { membership.seal == of(membership, vault) }

    /// A missing value and an empty one hash apart.
    private static func optional(_ text: String?, _ input: inout HashInput) {
        input.field(text.map { "1" + $0 }?.utf8 ?? "0".utf8)
    }

    /// The mark beside `mamori.key` that says this directory's store has sealed accounts (``SealMark``).
    static let mark = SealMark(
        name: "mamori.sealed", migration: StoreSchema.accountSealsMigration, table: "account",
        text: "The accounts, memberships and sessions of the store opened from this directory are sealed (AccountSeal).",
        removed: CommandError(
            ja: "アカウント・役割の封印がデータベースから取り除かれています（mamori.sealed によれば封印済みのストアです）。バックアップから戻してください",
            en: "the seals of accounts and roles were removed from the database (mamori.sealed says this store was sealed); restore it from a backup"))

    /// Seals every account, membership and session row.
    static func sealAll(_ db: any SQLConnection, _ vault: Vault) async throws {
        for account in try await db.fetch(Account.self) {
            try await db.execute("UPDATE account SET seal = \(bind: of(account, vault)) WHERE id = \(bind: account.id)")
        }
        for membership in try await db.fetch(Membership.self) {
            try await db.execute(
                """
                UPDATE membership SET seal = \(bind: of(membership, vault)) \
                WHERE accountID = \(bind: membership.accountID) AND organizationID = \(bind: membership.organizationID)
                """)
        }
        for session in try await db.fetch(Session.self) {
            try await db.execute("UPDATE session SET seal = \(bind: of(session, vault)) WHERE tokenHash = \(bind: session.tokenHash)")
        }
    }

    /// The first account or membership whose row does not match its seal, by table then ID.
    static func firstDifference(_ db: any SQLConnection, _ vault: Vault) async throws -> StateDifference? {
        if let account = try await db.fetch(Account.self, order: "id").first(where: { !isIntact($0, vault) }) {
            return StateDifference(table: Account.table, recordID: account.id, column: "seal", position: nil, reason: reason)
        }
        if let membership = try await db.fetch(Membership.self, order: "accountID, organizationID").first(where: { !isIntact($0, vault) }) {
            return StateDifference(
                table: Membership.table, recordID: "\(membership.accountID)/\(membership.organizationID)", column: "seal", position: nil, reason: reason)
        }
        if let session = try await db.fetch(Session.self, order: "tokenHash").first(where: { !isIntact($0, vault) }) {
            return StateDifference(table: Session.table, recordID: String(session.tokenHash.prefix(12)) + "…", column: "seal", position: nil, reason: reason)
        }
        return nil
    }

    private static let reason = LocalizedText(
        ja: "封印が一致しません（アカウントまたは役割がデータベースで直接変更されています）",
        en: "the seal does not match (an account or role was changed in the database)")
}

import Foundation
import MamoriCore

/// The seal of each chain's head (`journalHead`: the organization, its last entry's sequence number and hash): an
/// HMAC under a key derived from `mamori.key` (``Vault/authenticationCode(of:purpose:)``). Hashes link each entry to
/// the one before, so a chain cut off at its end, with its head set back to the entry left last, hashes as whole;
/// the head's seal is what says where the chain ended. Whoever can write the database but cannot read the key file
/// cannot make a shorter chain look whole: `ledger verify` names the head, and no write extends a chain from it (the
/// next head would be sealed anew over the cut).
///
/// What it cannot see: a head put back together with its own old seal (a copy of the database kept from then) — the
/// signed checkpoints of the documents given to the city are the record kept outside (``JournalCheckpoint``).
enum JournalHeadSeal {
    static let purpose = "mamori-journal-head-seal"

    static let mark = SealMark(
        name: "mamori.heads-sealed", migration: StoreSchema.headSealsMigration, table: "journalHead",
        text: "The journal heads of the store opened from this directory are sealed (JournalHeadSeal).",
        removed: CommandError(
            ja: "仕訳帳の先頭の封印がデータベースから取り除かれています（mamori.heads-sealed によれば封印済みのストアです）。バックアップから戻してください",
            en: "the seals of the journal's heads were removed from the database (mamori.heads-sealed says this store was sealed); restore it from a backup"))

    static func of(organizationID: String, seq: Int64, hash: String, _ vault: Vault) -> String {
        var input = HashInput()
        input.field(organizationID.utf8)
        input.field(seq)
        input.field(hash.utf8)
        return vault.authenticationCode(of: Data(input.bytes), purpose: purpose)
    }

    /// The reason a head whose seal does not match is broken.
    static func altered(_ organizationID: String) -> LocalizedText {
        LocalizedText(
            ja: "組織 \(organizationID) のチェーンの先頭（journalHead）の封印が一致しません（仕訳の末尾が切り取られたか、先頭が書き換えられています）",
            en: "the chain head (journalHead) of organization \(organizationID) does not match its seal (entries cut off the end, or the head rewritten)")
    }

    /// The first head, by organization, whose seal does not match.
    static func firstBroken(_ db: any SQLConnection, _ vault: Vault) async throws -> BrokenEntry? {
        for row in try await db.rows("SELECT organizationID, seq, hash, seal FROM journalHead ORDER BY organizationID") {
            let (organizationID, seq, hash) = (row.text(0) ?? "", row.integer(1) ?? 0, row.text(2) ?? "")
            guard row.text(3) != of(organizationID: organizationID, seq: seq, hash: hash, vault) else { continue }
            return BrokenEntry(position: 0, organizationID: organizationID, seq: seq, reason: altered(organizationID))
        }
        return nil
    }

    /// Seals every head (a store from before head seals, once).
    static func sealAll(_ db: any SQLConnection, _ vault: Vault) async throws {
        for row in try await db.rows("SELECT organizationID, seq, hash FROM journalHead") {
            let (organizationID, seq, hash) = (row.text(0) ?? "", row.integer(1) ?? 0, row.text(2) ?? "")
            try await db.execute(
                "UPDATE journalHead SET seal = \(bind: of(organizationID: organizationID, seq: seq, hash: hash, vault)) WHERE organizationID = \(bind: organizationID)"
            )
        }
    }
}

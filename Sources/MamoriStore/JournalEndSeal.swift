import Foundation
import MamoriCore

/// The seal of the journal's end (`journalEnd`: the last position written and that entry's hash), an HMAC under a key
/// derived from `mamori.key`, rewritten by every write. Chain heads are sealed one by one (``JournalHeadSeal``), so a
/// whole chain taken out — a tenant's entries, its head, its state rows and the snapshot, the trigger put back — left
/// every other chain whole. The end says how far the journal reached: `ledger verify` refuses a journal that ends
/// elsewhere, has another last entry, or holds fewer entries than positions (entries taken out of the middle).
///
/// What it cannot see: the database put back whole from an older copy, end seal and all; only a record kept outside
/// (the city's signed checkpoints) can.
enum JournalEndSeal {
    static let purpose = "mamori-journal-end-seal"

    static let mark = SealMark(
        name: "mamori.end-sealed", migration: StoreSchema.endSealMigration, table: "journal",
        text: "The end of the journal of the store opened from this directory is sealed (JournalEndSeal).",
        removed: CommandError(
            ja: "仕訳帳の末尾の封印がデータベースから取り除かれています（mamori.end-sealed によれば封印済みのストアです）。バックアップから戻してください",
            en: "the seal of the journal's end was removed from the database (mamori.end-sealed says this store was sealed); restore it from a backup"))

    /// The HMAC of a journal position and its entry's hash, for `purpose` (the end's, or how far it reached:
    /// ``JournalReach``).
    static func of(position: Int64, hash: String, _ vault: Vault, purpose: String = purpose) -> String {
        var input = HashInput()
        input.field(position)
        input.field(hash.utf8)
        return vault.authenticationCode(of: Data(input.bytes), purpose: purpose)
    }

    /// Records `position` and its entry's `hash` as the journal's end.
    static func save(position: Int64, hash: String, _ db: any SQLConnection, _ vault: Vault) async throws {
        try await db.execute(
            SQLStatement.insert(
                into: "journalEnd", columns: ["id", "position", "hash", "seal"],
                rows: [[.integer(1), .integer(position), .text(hash), .text(of(position: position, hash: hash, vault))]], replacingOn: ["id"]))
    }

    /// Seals the journal's end as it stands (a store from before end seals, once).
    static func sealAll(_ db: any SQLConnection, _ vault: Vault) async throws {
        guard let last = try await db.row("SELECT position, hash FROM journal ORDER BY position DESC LIMIT 1") else { return }
        try await save(position: last.integer(0) ?? 0, hash: last.text(1) ?? "", db, vault)
    }

    /// What is wrong with the journal's end, as a broken chain head is reported (position 0); nil when it is where the
    /// seal says.
    static func problem(_ db: any SQLConnection, _ vault: Vault) async throws -> BrokenEntry? {
        let count = Int64(try await db.count("journal"))
        let last = try await db.row("SELECT position, hash FROM journal ORDER BY position DESC LIMIT 1")
        let (position, hash) = (last?.integer(0) ?? 0, last?.text(1) ?? "")
        let row: SQLRow?
        do {
            row = try await db.row("SELECT position, hash, seal FROM journalEnd WHERE id = 1")
        } catch {
            return .journal(
                LocalizedText(ja: "仕訳帳の末尾の封印の表（journalEnd）を読めません（削除されています）", en: "the table of the journal's end (journalEnd) cannot be read (dropped)"))
        }
        guard let end = row else {
            guard count > 0 else { return nil }
            return .journal(LocalizedText(ja: "仕訳帳の末尾の封印（journalEnd）がありません", en: "the seal of the journal's end (journalEnd) is missing"))
        }
        let (sealedPosition, sealedHash) = (end.integer(0) ?? 0, end.text(1) ?? "")
        guard end.text(2) == of(position: sealedPosition, hash: sealedHash, vault) else {
            return .journal(
                LocalizedText(ja: "仕訳帳の末尾（journalEnd）の封印が一致しません", en: "the journal's end (journalEnd) does not match its seal"))
        }
        guard position == sealedPosition, hash == sealedHash, count == position else {
            return .journal(
                LocalizedText(
                    ja: "仕訳帳には位置 \(sealedPosition) までの \(sealedPosition) 件があるはずですが、位置 \(position) までに \(count) 件しかありません（仕訳が取り除かれています）",
                    en:
                        "the journal should hold \(sealedPosition) entries up to position \(sealedPosition); it holds \(count) up to \(position) (entries were taken out)"
                ))
        }
        return nil
    }
}

import Foundation
import MamoriCore

/// The triggers that keep the journal append-only (SQLite: `journal_never_updated`, `journal_never_deleted`; PostgreSQL:
/// `journal_never_changed`, `journal_never_truncated` and the function they run). Hashes find an entry rewritten, but a
/// store whose guard was dropped, disabled or emptied lets the next one go unrefused: `ledger verify` names it.
enum JournalGuard {
    /// The triggers each database must have on `journal`, and what each one's definition must do.
    private static func expected(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite: ["journal_never_deleted", "journal_never_updated"]
        case .postgres: ["journal_never_changed", "journal_never_truncated"]
        }
    }

    /// What is wrong with the guard, as a broken chain head would be reported (position 0); nil when whole.
    static func problem(_ db: any SQLConnection) async throws -> BrokenEntry? {
        var present: [String: Bool] = [:]
        switch db.dialect {
        case .sqlite:
            for row in try await db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'") {
                present[row.text(0) ?? ""] = row.text(1)?.contains("RAISE(ABORT") == true
            }
        case .postgres:
            // A disabled trigger guards nothing; the function's body must still refuse.
            let refuses = try await db.rows("SELECT prosrc FROM pg_proc WHERE proname = 'journal_is_append_only'").contains {
                $0.text(0)?.contains("RAISE EXCEPTION") == true
            }
            for row in try await db.rows(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'journal'::regclass AND NOT tgisinternal AND tgenabled <> 'D'")
            {
                present[row.text(0) ?? ""] = refuses
            }
        }
        guard let missing = expected(db.dialect).first(where: { present[$0] != true }) else { return nil }
        return BrokenEntry(
            position: 0, organizationID: "", seq: 0,
            reason: LocalizedText(
                ja: "仕訳帳を追記専用に保つトリガー \(missing) が削除・無効化・変更されています（仕訳を消せる状態です）。バックアップから戻してください",
                en: "the trigger \(missing) that keeps the journal append-only was dropped, disabled or changed (entries can be deleted); restore from a backup"
            ))
    }
}

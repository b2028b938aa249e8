import Foundation
import MamoriCore

/// The triggers that keep the journal append-only (SQLite: `journal_never_updated`, `journal_never_deleted`; PostgreSQL:
/// `journal_never_changed`, `journal_never_truncated` and the function they run). Hashes find an entry rewritten, but a
/// store whose guard was dropped, disabled or emptied lets the next one go unrefused: `ledger verify` names it.
enum JournalGuard {
    /// Each trigger each database must have on `journal`, as its definition reads with runs of white space made one
    /// space: a trigger changed in any way (a `WHEN 0` added, another body) guards nothing that can be trusted.
    private static func expected(_ dialect: SQLDialect) -> [String: String] {
        switch dialect {
        case .sqlite:
            [
                "journal_never_updated":
                    "CREATE TRIGGER journal_never_updated BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal entries are never updated'); END",
                "journal_never_deleted":
                    "CREATE TRIGGER journal_never_deleted BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal entries are never deleted'); END"
            ]
        case .postgres:
            [
                "journal_never_changed": "BEFORE DELETE OR UPDATE ON journal FOR EACH ROW EXECUTE FUNCTION journal_is_append_only()",
                "journal_never_truncated": "BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only()"
            ]
        }
    }

    /// The function PostgreSQL's triggers run, its body with runs of white space made one space.
    private static let refusingBody = "BEGIN RAISE EXCEPTION 'journal entries are never updated or deleted'; END"

    private static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What is wrong with the guard, as a broken chain head would be reported (position 0); nil when whole.
    static func problem(_ db: any SQLConnection) async throws -> BrokenEntry? {
        var found: [String: String] = [:]
        // Any other trigger — on the journal, its heads and end, or a state table — can drop or change what a write
        // makes (a RAISE(IGNORE) before an insert): the store defines none.
        var other: [(name: String, table: String)] = []
        switch db.dialect {
        case .sqlite:
            for row in try await db.rows("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name") {
                let name = row.text(0) ?? ""
                if row.text(1) == "journal", expected(.sqlite)[name] != nil {
                    found[name] = normalized(row.text(2) ?? "")
                } else {
                    other.append((name, row.text(1) ?? ""))
                }
            }
        case .postgres:
            // A disabled trigger guards nothing; the function's body must still refuse. The definition is read without
            // its schema, which differs from one database to another.
            let refuses = try await db.rows("SELECT prosrc FROM pg_proc WHERE proname = 'journal_is_append_only'").contains {
                normalized($0.text(0) ?? "") == refusingBody
            }
            for row in try await db.rows(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace) ORDER BY tgname"
            )
            where row.text(1)?.hasSuffix("journal") != true || expected(.postgres)[row.text(0) ?? ""] == nil {
                other.append((row.text(0) ?? "", row.text(1) ?? ""))
            }
            for row in try await db.rows(
                "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'journal'::regclass AND NOT tgisinternal AND tgenabled <> 'D'")
            {
                let name = row.text(0) ?? ""
                let definition = normalized(row.text(1) ?? "")
                guard refuses, let on = definition.range(of: "BEFORE ") else { continue }
                // `CREATE TRIGGER name BEFORE … ON schema.journal …` without the schema.
                found[name] = String(definition[on.lowerBound...])
                    .replacingOccurrences(of: #"ON [A-Za-z0-9_"]+\.journal "#, with: "ON journal ", options: .regularExpression)
                    .replacingOccurrences(of: #"FUNCTION [A-Za-z0-9_"]+\.journal_is"#, with: "FUNCTION journal_is", options: .regularExpression)
            }
        }
        if let unexpected = other.first {
            return .journal(
                LocalizedText(
                    ja: "Mamori が作っていないトリガー \(unexpected.name)（表 \(unexpected.table)）がデータベースにあります（書き込みを消したり変えたりできます）。バックアップから戻してください",
                    en:
                        "the database holds a trigger Mamori never made, \(unexpected.name) on table \(unexpected.table) (it can drop or change what is written); restore from a backup"
                ))
        }
        let expected = expected(db.dialect)
        guard let missing = expected.keys.sorted().first(where: { found[$0] != expected[$0] }) else { return nil }
        return .journal(
            LocalizedText(
                ja: "仕訳帳を追記専用に保つトリガー \(missing) が削除・無効化・変更されています（仕訳を書き換えたり消したりできる状態です）。バックアップから戻してください",
                en:
                    "the trigger \(missing) that keeps the journal append-only was dropped, disabled or changed (entries can be changed or deleted); restore from a backup"
            ))
    }
}

import Foundation
import MamoriCore

/// Which key a database's sealed data is under: an HMAC (under a key derived from `mamori.key`) that the first process
/// to open the database writes and every later one compares. A server started with another key file — a new one made
/// in a mistyped `--data`, or another store's — is refused at its start, before it can write personal data that no
/// other server can open.
enum KeyCheck {
    /// The one row's ID.
    static let id = "store"

    /// What the key's row holds.
    static func seal(_ vault: Vault) -> String {
        vault.authenticationCode(of: Data("mamori key check".utf8), purpose: "mamori-key-check")
    }

    /// Writes the key's row if the database has none; refuses a key that is not the one already written. A database
    /// written before the check (no row, but a journal) takes the key of the first process to open it. Once the row is
    /// there, an open reads it with one statement: no write transaction on every command or start.
    static func verify(_ vault: Vault, keyFile: URL, _ database: any StoreDatabase) async throws {
        let expected = seal(vault)
        let select: SQL = "SELECT seal FROM keyCheck WHERE id = \(bind: id)"
        var stored = try await database.single { db in try await db.value(select).text }
        if stored == nil {
            stored = try await database.write { db in
                try await db.execute(
                    SQLStatement.insert(into: "keyCheck", columns: ["id", "seal"], rows: [[.text(id), .text(expected)]]) + " ON CONFLICT (id) DO NOTHING")
                return try await db.value(select).text
            }
        }
        guard stored == expected else { throw refusal(keyFile) }
    }

    /// The refusal of a key file that is not the database's.
    static func refusal(_ keyFile: URL) -> StoreError {
        .refused(
            CommandError(
                ja: "鍵ファイル \(keyFile.path) はこのデータベースの鍵ではありません（正しいデータディレクトリの mamori.key を使ってください）",
                en: "the key file \(keyFile.path) is not this database's key (use mamori.key from the right data directory)"))
    }
}

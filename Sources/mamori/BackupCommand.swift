import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori backup --out FILE`: a consistent copy of a SQLite data directory, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "データのバックアップ / A consistent copy of the data directory in one file (0600), taken while servers run.",
        discussion: """
            The file holds the database, the key files and backup.json (SHA-256 of each, journal entry count). The keys \
            open the sealed personal data: keep the file as you keep the data directory, or give --without-keys and keep \
            mamori.key apart. PostgreSQL stores are backed up with pg_dump (see the README).
            """)
    @Option(help: "The backup file to create (must not exist).") var out: String
    @Flag(help: "Leave the key files out (restore then needs --keys).") var withoutKeys = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        let manifest = try await store.refusing { try await StoreBackup.write(opened, to: URL(fileURLWithPath: out), includingKeys: !withoutKeys) }
        print(
            LocalizedText(
                ja: "バックアップしました: \(out)（仕訳 \(manifest.entries) 件、\(manifest.files.count) ファイル）",
                en: "backed up: \(out) (\(manifest.entries) journal entries, \(manifest.files.count) files)"
            ).text(store.output.lang))
    }
}

/// `mamori restore FILE`: proves a backup (SHA-256, journal verified and replayed, state compared), then puts it in place.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "バックアップからの復元 / Verify a backup, then restore it into the data directory (stop the server first).")
    @Argument(help: "The backup file.") var file: String
    @Option(help: "Directory holding mamori.key, for a backup taken --without-keys.") var keys: String?
    @Flag(help: "Replace a data directory that already holds a store (moved aside to DIR.replaced-TIME).") var replace = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let manifest = try await store.refusing {
            try await StoreBackup.restore(
                URL(fileURLWithPath: file), into: URL(fileURLWithPath: store.data),
                keys: keys.map { URL(fileURLWithPath: $0) }, replacing: replace)
        }
        print(
            LocalizedText(
                ja: "復元しました: \(store.data)（仕訳 \(manifest.entries) 件を検証、状態は仕訳帳と一致）",
                en: "restored: \(store.data) (\(manifest.entries) journal entries verified, state equals the journal's)"
            ).text(store.output.lang))
    }
}

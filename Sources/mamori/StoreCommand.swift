import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori store …`: move a whole store between SQLite and PostgreSQL; remove its state snapshots.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "データベースの移行 / Move a store between SQLite and PostgreSQL.",
        subcommands: [Copy.self, ForgetSnapshots.self])

    /// `mamori store forget-snapshots`: after `ledger verify` named a snapshot that is not the store's, removes every
    /// snapshot; the next start reads every table and writes a new one.
    struct ForgetSnapshots: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "状態のスナップショットの削除 / Remove every state snapshot (the next start reads every table and writes a new one).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.openExisting().removeSnapshots()
            print(LocalizedText(ja: "状態のスナップショットを削除しました", en: "state snapshots removed").text(store.output.lang))
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "全データのコピーと検証 / Copy every table and the journal as is, then verify the copy.",
            discussion: """
                Example: mamori store copy --from sqlite:mamori-data --to postgres://mamori@127.0.0.1/mamori
                The target must be empty (a new PostgreSQL database is created if the server allows). Personal data is
                copied sealed: serve the copy with the same data directory (mamori.key, mamori-signing.key).
                """)
        @Option(help: "Source: sqlite:PATH (a data directory or its mamori.sqlite) or postgres://…") var from: String
        @Option(help: "Target, empty: sqlite:PATH or postgres://…") var to: String
        @Option(name: .long, help: "Language of messages: ja (default) or en.") var lang: Language = .ja

        func run() async throws {
            do {
                let source = try StoreLocation(from)
                let target = try StoreLocation(to)
                // A new database is created when the server allows it; an existing one (a managed service's) is used as is.
                if case .postgres(let address) = target { try? await PostgresDatabase.create(address) }
                let started = Date()
                let result = try await StoreCopy(from: source, to: target).run()
                for (table, count) in result.rows where count > 0 {
                    print("  \(table.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
                }
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                guard result.verification.isIntact else {
                    print(LocalizedText(ja: "コピー先の仕訳帳の検証に失敗しました", en: "the copied journal does not verify").text(lang))
                    throw ExitCode(1)
                }
                print(
                    LocalizedText(
                        ja: "コピーしました: \(source) → \(target)（\(seconds) 秒、仕訳 \(result.verification.entries) 件を検証済み）",
                        en: "copied: \(source) → \(target) (\(seconds) s; \(result.verification.entries) journal entries verified)"
                    ).text(lang))
            } catch let error as StoreError {
                printError(LocalizedText(ja: "エラー: \(error.message.ja)", en: "error: \(error.message.en)").text(lang))
                throw ExitCode(1)
            }
        }
    }
}

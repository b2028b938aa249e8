import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori ledger …`: prove the journal was not rewritten, and rebuild the state from it.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "仕訳帳の検証・再生 / Verify and replay the journal.", subcommands: [Verify.self, Replay.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "全ハッシュの再計算と記録の照合 / Recompute every hash, match every record with the journal's replay; name the first difference (exit 1).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let result = try await store.openExisting().verifyLedger()
            let lang = store.output.lang
            if store.output.format == .json {
                try store.output.printJSON(VerificationJSON(result))
            } else if let problem = result.problem {
                print(LocalizedText(ja: "改ざんを検出: \(problem.ja)", en: "broken: \(problem.en)").text(lang))
            } else {
                print(
                    LocalizedText(
                        ja: "検証に成功: 仕訳 \(result.entries) 件、組織 \(result.organizations) 件のチェーンはすべて正常で、記録 \(result.rows) 行は仕訳帳の再生と一致します",
                        en:
                            "verified: \(result.entries) entries in \(result.organizations) chains, all intact; \(result.rows) record rows match the journal's replay"
                    ).text(lang))
            }
            if !result.isIntact { throw ExitCode(1) }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "仕訳帳からの再構築 / Rebuild the state from the journal alone into a new data directory.")
        @Option(help: "New data directory.") var out: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let live = try await store.openExisting()
            let replayed = try await store.refusing { try await live.replay(into: URL(fileURLWithPath: out)) }
            let same = try await replayed.state() == live.state()
            print(
                LocalizedText(
                    ja: same ? "再構築した状態は現在の状態と一致します: \(out)" : "再構築した状態が現在の状態と一致しません: \(out)",
                    en: same ? "replayed state equals the live state: \(out)" : "replayed state differs from the live state: \(out)"
                )
                .text(store.output.lang))
            if !same { throw ExitCode(1) }
        }
    }
}

/// `ledger verify --format json`.
struct VerificationJSON: Encodable {
    var intact: Bool
    var entries: Int
    var organizations: Int
    var broken_position: Int64?
    var broken_organization: String?
    var broken_seq: Int64?
    var reason: LocalizedText?
    var rows: Int
    var difference_table: String?
    var difference_record: String?
    var difference_column: String?
    var difference_position: Int64?

    init(_ result: LedgerVerification) {
        intact = result.isIntact
        entries = result.entries
        organizations = result.organizations
        broken_position = result.firstBroken?.position
        broken_organization = result.firstBroken?.organizationID
        broken_seq = result.firstBroken?.seq
        reason = result.firstBroken?.reason ?? result.firstDifference?.reason
        rows = result.rows
        difference_table = result.firstDifference?.table
        difference_record = result.firstDifference?.recordID
        difference_column = result.firstDifference?.column
        difference_position = result.firstDifference?.position
    }
}

/// `mamori demo`: fills the data directory with a realistic sample.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "デモデータの作成 / Fill an empty data directory with a realistic sample.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        guard try await opened.state().organizations.isEmpty else {
            throw ValidationError(LocalizedText(ja: "\(store.data) には既にデータがあります", en: "\(store.data) already holds data").text(store.output.lang))
        }
        try await store.refusing { try await DemoScenario(vault: opened.vault, now: Date()).load(into: opened) }
        print(
            LocalizedText(
                ja: "デモデータを作成しました: 契約 \(DemoScenario.contractID)（mamori status \(DemoScenario.contractID) --data \(store.data)）",
                en: "demo data written: contract \(DemoScenario.contractID) (mamori status \(DemoScenario.contractID) --data \(store.data))"
            )
            .text(store.output.lang))
    }
}

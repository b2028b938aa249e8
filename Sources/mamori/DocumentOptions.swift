import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriDocuments
import MamoriStore

/// What `report` and `bundle` share: the store, the contract, the agents' reports and the language of messages.
struct DocumentOptions: ParsableArguments {
    @Option(help: "Contract ID.") var contract: String
    @Option(name: .long, help: "Data directory (default ./mamori-data).") var data = "mamori-data"
    @Option(name: .long, help: ArgumentHelp(StoreOptions.databaseHelp)) var database: String?
    @Option(
        name: .customLong("device-report"),
        help: "An agent report file (mamori-agent scan --out, signed or not) for 初期設定書, besides the reports PCs posted to the server; repeat per PC.")
    var deviceReports: [String] = []
    @Option(name: .long, help: "Language of messages: ja (default) or en.") var lang: Language = .ja

    /// Opens the store and gathers everything the contract's documents of `kinds` are made from.
    func context(for kinds: [DocumentKind], now: Date = Date()) async throws -> (Store, DocumentContext) {
        let store = try await StoreOptions.open(data: data, database: database)
        let state: MamoriState
        let contract: ContractState
        do {
            state = try await store.state()
            contract = try state.contract(self.contract)
        } catch let error as CommandError {
            printError(LocalizedText(ja: "エラー: \(error.message.ja)", en: "error: \(error.message.en)").text(lang))
            throw ExitCode(1)
        }
        // The version the contract is judged by, as the web and `mamori status` take it.
        let catalog = try await CatalogCommand.reporting(file: contract.contract.catalogID, language: lang) {
            try CatalogCommand.library.catalog(for: contract.contract, in: state)
        }
        guard
            let context = try await DocumentContext.stored(
                contract, in: state, store: store, catalog: catalog, now: now, for: kinds,
                extraReports: deviceReports.map(loadReport))
        else { throw ExitCode(1) }
        return (store, context)
    }

    /// A report file: a signed report is checked before use; a plain report is taken as it is.
    private func loadReport(_ path: String) throws -> AgentReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError(LocalizedText(ja: "端末の報告を読めません: \(path)", en: "cannot read the device report: \(path)").text(lang))
        }
        if let signed = try? JSONDecoder().decode(SignedReport.self, from: data) {
            do {
                return try signed.verified()
            } catch {
                throw ValidationError(
                    LocalizedText(
                        ja: "端末の報告の署名が正しくありません: \(path)",
                        en: "the device report's signature is not valid: \(path)"
                    ).text(lang))
            }
        }
        do {
            return try JSONDecoder().decode(AgentReport.self, from: data)
        } catch {
            throw ValidationError(LocalizedText(ja: "端末の報告の形式ではありません: \(path)", en: "not a device report: \(path)").text(lang))
        }
    }
}

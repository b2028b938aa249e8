import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriStore

/// Where the data lives, who is acting, and how to print: shared by every command that touches stored data.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (default ./mamori-data).")
    var data: String = "mamori-data"

    @Option(name: .long, help: ArgumentHelp(StoreOptions.databaseHelp))
    var database: String?

    @Option(name: .long, help: "Who is acting, as recorded in the journal (default: $USER).")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    @OptionGroup var output: OutputOptions

    /// Opens the store: key files in `--data`, tables in `--database` (or `MAMORI_DATABASE`, or SQLite in `--data`).
    func open() async throws -> Store {
        try await refusing { try await Self.open(data: data, database: database) }
    }

    /// The store, refusing a data directory that holds none (a mistyped `--data` must not be verified as an empty,
    /// intact store — nor get a new key written into it).
    func openExisting() async throws -> Store {
        let key = Store.files(in: URL(fileURLWithPath: data)).key
        guard FileManager.default.fileExists(atPath: key.path) else {
            try await refusing { () throws -> Void in
                throw StoreError.refused(
                    CommandError(
                        ja: "\(data) にデータがありません（\(key.lastPathComponent) がありません）",
                        en: "no store in \(data) (no \(key.lastPathComponent))"))
            }
            throw ExitCode(1)
        }
        return try await open()
    }

    /// Opens a store from the two options every command that touches stored data has.
    static func open(data: String, database: String?) async throws -> Store {
        let database = database ?? ProcessInfo.processInfo.environment["MAMORI_DATABASE"]
        let store = try await Store(directory: URL(fileURLWithPath: data), location: database.map(StoreLocation.init))
        // An incident or approval recorded from the command line alerts people as one recorded in the browser does.
        store.planAlerts(with: CatalogCommand.library.alertPlanner)
        return store
    }

    static let databaseHelp =
        "Database: postgres://user[:password]@host[:port]/database, or sqlite:PATH (default: "
        + "$MAMORI_DATABASE, else mamori.sqlite in the data directory). The key files stay in the data directory."

    /// Runs a command against the store and prints the new record's ID and its journal entry.
    func run(_ command: any Command, id: String, at time: Date = Date(), in store: Store? = nil) async throws {
        let store = if let store { store } else { try await open() }
        let entry = try await refusing {
            if let checked = command as? any CatalogChecked, let contractID = (command as? any MamoriCore.ContractCommand)?.contractID {
                let catalog = try await catalog(for: store.contract(contractID).contract, in: store)
                do throws(CommandError) {
                    try checked.check(against: catalog)
                } catch {
                    throw StoreError.refused(error)
                }
            }
            return try await store.execute(command, actor: actor, at: time)
        }
        switch output.format {
        case .json:
            try output.printJSON([
                "id": id, "type": entry.type, "organization": entry.organizationID,
                "seq": String(entry.seq), "hash": entry.hash
            ])
        case .text:
            print(
                LocalizedText(
                    ja: "記録しました: \(id)（仕訳 \(entry.organizationID) #\(entry.seq)）",
                    en: "recorded: \(id) (journal \(entry.organizationID) #\(entry.seq))"
                ).text(output.lang))
        }
    }

    /// Runs `body`, turning a refusal into its message on standard error and exit code 1: a line in the chosen
    /// language, or with `--format json` one object holding the message in both (`{"error":{"en":…,"ja":…}}`).
    func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            switch output.format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                printError(String(decoding: (try? encoder.encode(["error": error.message])) ?? Data(), as: UTF8.self))
            case .text:
                printError(LocalizedText(ja: "エラー: \(error.message.ja)", en: "error: \(error.message.en)").text(output.lang))
            }
            throw ExitCode(1)
        }
    }

    /// The state of one contract, or exit 1 naming the unknown contract.
    func contract(_ id: String, in store: Store) async throws -> ContractState {
        try await refusing { try await store.contract(id) }
    }

    /// The catalog a contract is judged by (the version it is pinned to), or exit 2 listing what is wrong with it.
    func catalog(for contract: Contract, in store: Store) async throws -> Catalog {
        try await CatalogCommand.reporting(file: contract.catalogID, language: output.lang) {
            try await CatalogCommand.library.catalog(for: contract, in: store.state())
        }
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// A moment given on the command line as `2026-04-01T10:30[:00]` or `2026-04-01` (Japan time), or with an offset
/// (`2026-04-01T01:30:00Z`); an impossible one (`2026-02-30`, `25:00`) is refused, never rolled over.
struct Moment: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        if let day = Day(argument) {
            date = day.start
        } else if let date = Timestamp.parse(argument, local: .japan) {
            self.date = date
        } else {
            return nil
        }
    }

    static var defaultValueDescription: String { "now" }
}

extension Person.Role: ExpressibleByArgument {}
extension Organization.Kind: ExpressibleByArgument {}
extension Incident.Kind: ExpressibleByArgument {}
extension Erasure.Method: ExpressibleByArgument {}
extension SafeguardMeasure.Category: ExpressibleByArgument {}
extension Audit.Kind: ExpressibleByArgument {}
extension DeviceDisposal.Kind: ExpressibleByArgument {}

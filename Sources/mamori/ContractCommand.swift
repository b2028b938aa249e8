import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori contract …`: contracts between a city and a contractor.
struct ContractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract", abstract: "契約 / Contracts.", subcommands: [Create.self, List.self, Show.self, Set.self, MoveCatalog.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "契約の登録 / Create a contract.")
        @Option(help: "Contractor organization ID.") var contractor: String
        @Option(help: "City organization ID.") var city: String
        @Option(help: "Contract title.") var title: String
        @Option(help: "Contract number as the city writes it.") var number: String
        @Option(help: "First day, YYYY-MM-DD.") var starts: Day
        @Option(help: "Last day, YYYY-MM-DD.") var ends: Day
        @Option(help: "Catalog ID: bundled (nakano) or added with `mamori catalog add`; the contract keeps its newest version.")
        var catalog = "nakano"
        @Option(help: "ID (default: generated).") var id: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let now = Date()
            // Pinned to the catalog's newest version; a bundled one is kept in the store with the contract.
            let (version, add) = try await CatalogCommand.reporting(file: catalog, language: store.output.lang) {
                try await CatalogCommand.library.pin(catalog, cityID: city, in: opened.state(), at: now)
            }
            if let add { _ = try await store.refusing { try await opened.execute(add, actor: store.actor, at: now) } }
            let id = id ?? Store.newID("contract")
            try await store.run(
                CreateContract(
                    contract: Contract(
                        id: id, contractorID: contractor, cityID: city, title: title, number: number,
                        startsOn: starts, endsOn: ends, catalogID: catalog, catalogVersion: version)),
                id: id, at: now, in: opened)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "契約の一覧 / List contracts.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let contracts = try await store.open().state().contracts.values.map(\.contract).sorted { $0.id < $1.id }
            switch store.output.format {
            case .json: try store.output.printJSON(contracts)
            case .text:
                for contract in contracts {
                    print("\(contract.id)  \(contract.title)  \(contract.number)  \(contract.startsOn)〜\(contract.endsOn)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "契約の詳細 / Show a contract and its parameters.")
        @Argument(help: "Contract ID.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let state = try await store.contract(id, in: opened)
            let catalog = try await store.catalog(for: state.contract, in: opened)
            let lang = store.output.lang
            switch store.output.format {
            case .json: try store.output.printJSON(state.contract)
            case .text:
                let c = state.contract
                print("\(c.id)  \(c.title)\n  \(c.number)  \(c.startsOn)〜\(c.endsOn)  catalog: \(c.catalogID) \(c.catalogVersion ?? catalog.version)")
                print(
                    LocalizedText(
                        ja: "  人員 \(state.people.count) 名、提供データ \(state.assets.count) 件、事故 \(state.incidents.count) 件",
                        en: "  \(state.people.count) people, \(state.assets.count) data assets, \(state.incidents.count) incidents"
                    ).text(lang))
                for parameter in catalog.parameters {
                    let value = state.parameter(parameter.id, in: catalog) ?? parameter.value
                    let mark = c.parameters[parameter.id] == nil ? "" : " *"
                    print("  \(parameter.id) = \(value.label.text(lang))\(mark)  (\(parameter.title.text(lang)))")
                }
            }
        }
    }

    struct MoveCatalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move-catalog", abstract: "カタログの版の変更 / Judge a contract by another version of its catalog (the city's decision, journaled).")
        @Argument(help: "Contract ID.") var id: String
        @Option(help: "The version to move to (mamori catalog list).") var version: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.run(MoveContractCatalog(contractID: id, version: version), id: id)
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "契約パラメータの設定 / Set a parameter, e.g. password_min_length 8 or training_cycle '6 month'.")
        @Argument(help: "Contract ID.") var id: String
        @Argument(help: "Parameter ID.") var parameter: String
        @Argument(help: "Value: a number, a period like '6 month', or a comma-separated list.") var value: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let catalog = try await store.catalog(for: store.contract(id, in: opened).contract, in: opened)
            guard let declared = catalog.parameter(parameter) else {
                throw ValidationError(
                    LocalizedText(ja: "パラメータ \"\(parameter)\" はカタログにありません", en: "no parameter \"\(parameter)\" in the catalog").text(store.output.lang))
            }
            guard let parsed = ParameterValue.parse(value, like: declared.value) else {
                throw ValidationError(
                    LocalizedText(
                        ja: "\"\(value)\" は \(declared.value.kind) として読めません",
                        en: "\"\(value)\" is not a valid \(declared.value.kind)"
                    ).text(store.output.lang))
            }
            do {
                try declared.accept(parsed)
            } catch {
                throw ValidationError(error.message.text(store.output.lang))
            }
            try await store.run(SetContractParameter(contractID: id, parameter: parameter, value: parsed), id: id, in: opened)
        }
    }
}

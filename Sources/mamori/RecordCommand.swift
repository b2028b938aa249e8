import ArgumentParser
import Foundation
import MamoriCore
import MamoriServer
import MamoriStore

/// `mamori record …`: correct a record (a new journal entry with the reason) and read its history.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "記録の訂正・履歴 / Correct a record, show its history.", subcommands: [Correct.self, History.self])

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "記録の訂正 / Correct a record: the fields given replace its values, the rest stay; the journal keeps the version before.")
        @Argument(help: "Kind of record: person, training, pledge, asset, approval, incident, audit, instruction, …") var kind: String
        @Argument(help: "Record ID.") var id: String
        @Option(help: "Contract ID.") var contract: String
        @Option(name: .customLong("set"), help: "FIELD=VALUE as the API names fields (repeat; lists with commas, a photo as @FILE).")
        var values: [String] = []
        @Option(parsing: .unconditional, help: "Why (required).") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let pairs = try values.map { pair -> (key: String, text: String) in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError(
                        LocalizedText(
                            ja: "--set は 項目=値 の形で指定してください（\(pair)）",
                            en: "--set takes FIELD=VALUE (got \(pair))"
                        ).text(store.output.lang))
                }
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
            let opened = try await store.open()
            let command = try await store.refusing {
                try await RecordCorrection.command(kind: kind, id: id, contractID: contract, values: pairs, reason: reason, store: opened, now: Date())
            }
            try await store.run(command, id: id, in: opened)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "記録の履歴 / Every journal entry that names a record, oldest first.")
        @Argument(help: "Record ID.") var id: String
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let contractor = try await opened.contract(contract).contract.contractorID
            let entries = try await store.refusing { try await opened.entries(naming: id, organizationID: contractor) }
            if store.output.format == .json {
                try store.output.printJSON(
                    entries.map {
                        [
                            "seq": String($0.seq), "recorded_at": $0.recordedAt, "actor": $0.actor, "type": $0.type,
                            "payload": $0.payload, "hash": $0.hash
                        ]
                    })
                return
            }
            for entry in entries {
                let time = JournalEntry.date(entry.recordedAt)?.warekiTime ?? entry.recordedAt
                print("#\(entry.seq)\t\(time)\t\(entry.actor)\t\(entry.type)")
            }
        }
    }
}

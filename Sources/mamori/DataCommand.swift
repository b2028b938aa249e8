import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori data …`: the provided-data ledger (receipt → use → copy → transfer → take-out → return → destruction).
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "提供データ台帳 / The provided-data ledger.",
        subcommands: [Receive.self, Use.self, Copy.self, Transfer.self, Takeout.self, Return.self, Destroy.self, VoidEvent.self, List.self, History.self])

    /// What every data event needs.
    struct EventOptions: ParsableArguments {
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Data asset ID.") var asset: String
        @Option(help: "Person ID of who did it.") var person: String
        @Option(help: "When, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now).") var at: Moment?
        @Option(help: "Note.") var note = ""
        @OptionGroup var store: StoreOptions

        func record(_ kind: DataEvent.Kind, _ fill: (inout DataEvent, Store) async throws -> Void = { _, _ in }) async throws {
            let opened = try await store.open()
            var event = DataEvent(
                id: Store.newID(kind.rawValue), contractID: contract, assetID: asset, kind: kind,
                occurredAt: at?.date ?? Date(), personID: person, note: note)
            try await fill(&event, opened)
            try await store.run(AddRecord(event), id: event.id, in: opened)
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "受領 / Record data received from the city.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Name of the data or material.") var name: String
        @Option(help: "Data item (repeatable), e.g. 氏名.") var item: [String] = []
        @Option(help: "Medium, e.g. 紙, 暗号化 USB メモリ.") var medium: String
        @Option(help: "Number of records.") var records: Int
        @Option(help: "Permitted purpose (repeatable).") var purpose: [String] = []
        @Option(help: "Copies the city permits.") var permittedCopies = 0
        @Option(help: "Where it is kept.") var storage: String
        @Option(help: "Day received.") var received: Day
        @Option(help: "Day it must be returned or destroyed.") var returnDue: Day
        @Option(help: "ID (default: generated).") var id: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = id ?? Store.newID("asset")
            try await store.run(
                AddRecord(
                    DataAsset(
                        id: id, contractID: contract, name: name, items: item, medium: medium, recordCount: records,
                        permittedPurposes: purpose, permittedCopies: permittedCopies, storageLocation: storage,
                        receivedOn: received, returnDue: returnDue)), id: id)
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "利用 / Record a use, with its purpose.")
        @OptionGroup var event: EventOptions
        @Option(help: "Purpose of the use.") var purpose: String
        func run() async throws { try await event.record(.use) { e, _ in e.purpose = purpose } }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "複写 / Record copies made (judged as the contract's catalog says).")
        @OptionGroup var event: EventOptions
        /// Taken as given even when negative, so that the count's own limit answers (not "missing value").
        @Option(parsing: .unconditional, help: "Number of copies.") var copies = 1
        @Option(help: "Approval ID the copy was made under, where the annex wants each copy approved.") var approval: String?
        func run() async throws {
            try await event.record(.copy) { e, _ in
                e.copies = copies
                e.approvalID = approval
            }
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "提供 / Record a transfer (to anyone but the city: a violation).")
        @OptionGroup var event: EventOptions
        @Option(help: "Recipient; stored encrypted.") var recipient: String
        @Flag(help: "The recipient is the city itself.") var toCity = false
        @Option(help: "How it was protected on the way, e.g. 暗号化 USB・施錠ケース・手渡し.") var protection: String?
        func run() async throws {
            try await event.record(.transfer) { e, store in
                e.recipient = try store.vault.seal(recipient)
                e.toCity = toCity
                e.protection = protection
            }
        }
    }

    struct Takeout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "持出し / Record a take-out (without a granted approval: a violation).")
        @OptionGroup var event: EventOptions
        @Option(help: "Where it was taken.") var destination: String
        @Option(help: "Reason.") var reason = ""
        @Option(help: "Approval ID it was taken out under.") var approval: String?
        @Option(help: "How it was protected on the way, e.g. 暗号化 USB・施錠ケース・手渡し.") var protection: String?
        func run() async throws {
            try await event.record(.takeout) { e, _ in
                e.destination = destination
                e.purpose = reason
                e.approvalID = approval
                e.protection = protection
            }
        }
    }

    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "返還 / Record the return to the city.")
        @OptionGroup var event: EventOptions
        @Option(parsing: .unconditional, help: "Copies returned with it (required when the data was copied).") var copies: Int?
        @Option(help: "How it was protected on the way, e.g. 暗号化 USB・施錠ケース・手渡し.") var protection: String?
        func run() async throws {
            try await event.record(.return) { e, _ in
                e.copies = copies
                e.protection = protection
            }
        }
    }

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "廃棄・消去 / Record destruction (NIST SP 800-88).")
        @OptionGroup var event: EventOptions
        @Option(help: "clear, purge or destroy.") var method: Erasure.Method
        @Option(help: "Overwrite passes (clear).") var passes: Int?
        @Option(name: .customLong("operator"), help: "Who did it.") var operatorName: String
        @Option(help: "Witness.") var witness = ""
        @Option(help: "Media serial number (repeatable).") var serial: [String] = []
        @Option(parsing: .unconditional, help: "Copies destroyed with it (required when the data was copied).") var copies: Int?
        func run() async throws {
            try await event.record(.destruction) { e, _ in
                e.erasure = Erasure(method: method, passes: passes, operatorName: operatorName, witness: witness, mediaSerials: serial)
                e.copies = copies
            }
        }
    }

    struct VoidEvent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "取消 / Void a data event recorded in error (its row stays; the ledger no longer counts it). To correct one, void it and record it again.")
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Data event ID.") var event: String
        @Option(parsing: .unconditional, help: "Why it is voided.") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.run(VoidDataEvent(contractID: contract, eventID: event, reason: reason), id: event)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "台帳の一覧 / List data assets.")
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let assets = try await store.contract(contract, in: store.open()).assets.values.sorted { $0.id < $1.id }
            switch store.output.format {
            case .json: try store.output.printJSON(assets)
            case .text:
                for asset in assets {
                    print("\(asset.id)  \(asset.name)  \(asset.medium)  \(asset.recordCount)  \(asset.receivedOn) → \(asset.returnDue)")
                }
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "交換履歴 / The exchange history of one asset.")
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Data asset ID.") var asset: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let state = try await store.contract(contract, in: opened)
            guard state.assets[asset] != nil else {
                try await store.refusing { () throws -> Void in throw StoreError.refused(.unknown(DataAsset.label, asset)) }
                throw ExitCode(1)
            }
            let events = try await opened.events(ofAsset: asset)
            switch store.output.format {
            case .json: try store.output.printJSON(events.map { HistoryLine(event: $0, void: state.voids[$0.id]) })
            case .text:
                for event in events {
                    let detail = [
                        event.purpose, event.copies.map { "×\($0)" }, event.destination, event.erasure?.method.label.text(store.output.lang),
                        state.voids[event.id]?.notice.text(store.output.lang)
                    ]
                    .compactMap { $0 }.joined(separator: " ")
                    print("\(event.id)  \(Day(event.occurredAt))  \(event.kind.label.text(store.output.lang))  \(event.personID)  \(detail)")
                }
            }
        }
    }
}

/// One event of `data history --format json`: the event's fields, and `void` (its reason and time) when it was voided.
private struct HistoryLine: Encodable {
    var event: DataEvent
    var void: DataEventVoid?

    private enum CodingKeys: String, CodingKey { case void }

    func encode(to encoder: any Encoder) throws {
        try event.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(void, forKey: .void)
    }
}

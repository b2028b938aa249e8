import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori approval …`: requests the contractor makes and the city decides, of the kinds the contract's catalog declares.
struct ApprovalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approval", abstract: "承認申請 / Approvals.", subcommands: [Request.self, Grant.self, Deny.self, List.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "申請 / Ask the city for an approval.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "An approval kind of the contract's catalog (Nakano: carry-in, repair-takeout, takeout, extra-copy).") var kind: String
        @Option(help: "What it is about.") var subject: String
        @Option(help: "Data asset ID (take-out, extra copies).") var asset: String?
        @Option(help: "Extra copies asked for.") var copies: Int?
        @Option(help: "Person ID of the requester.") var person: String
        @Option(help: "When (default: now).") var at: Moment?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = Store.newID("approval")
            try await store.run(
                AddRecord(
                    Approval(
                        id: id, contractID: contract, kind: Approval.Kind(kind), subject: subject, assetID: asset, copies: copies,
                        requestedAt: at?.date ?? Date(), requestedBy: person)), id: id)
        }
    }

    /// What granting and denying share.
    struct Decision: ParsableArguments {
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Approval ID.") var approval: String
        @Option(help: "Who decided at the city.") var by: String
        @Option(help: "Note.") var note = ""
        @Option(help: "When (default: now).") var at: Moment?
        @OptionGroup var store: StoreOptions

        func decide(granted: Bool) async throws {
            try await store.run(
                DecideApproval(
                    contractID: contract, approvalID: approval, granted: granted, at: at?.date ?? Date(),
                    decidedBy: by, note: note), id: approval)
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "承認 / Grant a request.")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.decide(granted: true) }
    }

    struct Deny: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "却下 / Deny a request.")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.decide(granted: false) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "申請の一覧 / List requests.")
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let state = try await store.contract(contract, in: opened)
            let catalog = try await store.catalog(for: state.contract, in: opened)
            let approvals = state.approvals.values.sorted { $0.requestedAt < $1.requestedAt }
            switch store.output.format {
            case .json: try store.output.printJSON(approvals)
            case .text:
                for approval in approvals {
                    print("\(approval.id)  \(catalog.approvalLabel(approval.kind).text(store.output.lang))  \(approval.decision.rawValue)  \(approval.subject)")
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriDocuments
import MamoriStore

/// `mamori status CONTRACT`: every clause's status, with reasons and the records behind it.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "遵守状況 / Every clause's status for a contract.")
    @Argument(help: "Contract ID.") var contract: String
    @Option(help: "Evaluate as of this moment (default: now).") var at: Moment?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.openExisting()
        let state = try await store.contract(contract, in: opened)
        let catalog = try await store.catalog(for: state.contract, in: opened)
        // The PCs' latest reports too, as the dashboard and the documents evaluate: one status everywhere.
        let evaluations = await ComplianceEvaluator(catalog: catalog).evaluate(
            state, now: at?.date ?? Date(),
            devices: try opened.deviceEvidence(
                of: state.contract.contractorID,
                rules: ContractRules(state, catalog: catalog)))
        let lang = store.output.lang
        switch store.output.format {
        case .json: try store.output.printJSON(evaluations.map(ClauseStatusJSON.init))
        case .text:
            var counts: [ClauseStatus: Int] = [:]
            for evaluation in evaluations {
                counts[evaluation.status, default: 0] += 1
                let title = catalog.clause(evaluation.clauseID)?.title.text(lang) ?? ""
                print(
                    "\(evaluation.status.symbol) \(evaluation.clauseID.padding(toLength: 7, withPad: " ", startingAt: 0)) \(evaluation.status.label.text(lang))  \(title)"
                )
                for reason in evaluation.reasons.prefix(3) { print("      \(reason.text(lang))") }
            }
            print(
                ClauseStatus.allCases.reversed().compactMap { status in
                    counts[status].map { "\(status.label.text(lang)) \($0)" }
                }.joined(separator: " / "))
        }
    }
}

extension ClauseStatus {
    /// A mark that reads without colour.
    var symbol: String {
        switch self {
        case .compliant: "✔"
        case .violation: "✘"
        case .overdue: "!"
        case .awaitingDecision: "~"
        case .dueSoon: "…"
        case .noEvidence: "?"
        case .notApplicable: "-"
        case .unevaluable: "‼"
        }
    }
}

/// One clause as `status --format json` prints it.
struct ClauseStatusJSON: Encodable {
    var clause: String
    var status: String
    var reasons: [LocalizedText]
    var evidence: [String]

    init(_ evaluation: ClauseEvaluation) {
        clause = evaluation.clauseID
        status = evaluation.status.rawValue
        reasons = evaluation.reasons
        evidence = evaluation.evidence
    }
}

import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori incident …`: incidents and their clocks.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "事故 / Incidents and their clocks.",
        subcommands: [Report.self, Notify.self, WrittenReport.self, FinalReport.self, Instruct.self, Close.self, List.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "事故の報告 / Report an incident or the suspicion of one.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "leak, loss, theft, mis-sending or suspicion.") var kind: Incident.Kind
        @Option(help: "When it was discovered (default: now).") var discovered: Moment?
        @Option(help: "What happened; stored encrypted.") var narrative: String
        @Flag(help: "Sensitive personal data is involved.") var sensitive = false
        @Flag(help: "Misuse could cause financial harm.") var financialHarm = false
        @Flag(help: "Caused on purpose.") var malicious = false
        @Option(help: "Number of people affected.") var people = 0
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let id = Store.newID("incident")
            let appi = APPIFacts(sensitiveData: sensitive, financialHarm: financialHarm, malicious: malicious, affectedPeople: people)
            try await store.run(
                AddRecord(
                    Incident(
                        id: id, contractID: contract, kind: kind, discoveredAt: discovered?.date ?? Date(),
                        narrative: try opened.vault.seal(narrative), appi: appi)), id: id, in: opened)
        }
    }

    /// What notify, written-report, final-report, instruct and close share.
    struct StepOptions: ParsableArguments {
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Incident ID.") var incident: String
        @Option(help: "When (default: now).") var at: Moment?
        @OptionGroup var store: StoreOptions

        func advance(_ step: AdvanceIncident.Step, instruction: String? = nil, findings: IncidentFindings? = nil) async throws {
            let opened = try await store.open()
            let sealedInstruction = try instruction.map { try opened.vault.seal($0) }
            let sealedFindings = try findings.map { try opened.vault.seal(JSONEncoder().encode($0)) }
            try await store.run(
                AdvanceIncident(
                    contractID: contract, incidentID: incident, step: step, at: at?.date ?? Date(),
                    instruction: sealedInstruction, findings: sealedFindings),
                id: incident, in: opened)
        }
    }

    /// The APPI items a written or final report gives; stored encrypted.
    struct FindingsOptions: ParsableArguments {
        @Option(name: .customLong("data-item"), help: "A data item involved (repeat for each).") var dataItems: [String] = []
        @Option(help: "The cause.") var cause = ""
        @Option(help: "Secondary harm, or its risk.") var secondaryHarm = ""
        @Option(help: "What was done for the people concerned.") var response = ""
        @Option(help: "Whether and how it was made public.") var publication = ""
        @Option(help: "What prevents it from happening again.") var prevention = ""

        var findings: IncidentFindings {
            IncidentFindings(
                dataItems: dataItems, cause: cause, secondaryHarm: secondaryHarm, responseToIndividuals: response,
                publication: publication, prevention: prevention)
        }
    }

    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "区への連絡 / Record that the city was told.")
        @OptionGroup var step: StepOptions
        func run() async throws { try await step.advance(.notify) }
    }

    struct WrittenReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "written-report", abstract: "書面報告（速報）/ Record the written report.")
        @OptionGroup var step: StepOptions
        @OptionGroup var report: FindingsOptions
        func run() async throws { try await step.advance(.writtenReport, findings: report.findings) }
    }

    struct FinalReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "final-report", abstract: "確報 / Record the final report.")
        @OptionGroup var step: StepOptions
        @OptionGroup var report: FindingsOptions
        func run() async throws { try await step.advance(.finalReport, findings: report.findings) }
    }

    struct Instruct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "区の指示 / Record an instruction from the city.")
        @OptionGroup var step: StepOptions
        @Option(help: "The instruction; stored encrypted.") var instruction: String
        func run() async throws { try await step.advance(.instruct, instruction: instruction) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "終結 / Close the incident.")
        @OptionGroup var step: StepOptions
        func run() async throws { try await step.advance(.close) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "事故の一覧 / List incidents with their clocks.")
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let incidents = try await store.contract(contract, in: store.open()).incidents.values.sorted { $0.discoveredAt < $1.discoveredAt }
            let lang = store.output.lang
            switch store.output.format {
            case .json: try store.output.printJSON(incidents.map { IncidentJSON($0) })
            case .text:
                for incident in incidents {
                    let steps: [(LocalizedText, Date?)] = [
                        (LocalizedText(ja: "連絡", en: "notified"), incident.cityNotifiedAt),
                        (LocalizedText(ja: "書面", en: "written"), incident.writtenReportAt),
                        (LocalizedText(ja: "確報", en: "final"), incident.finalReportAt),
                        (LocalizedText(ja: "終結", en: "closed"), incident.closedAt)
                    ]
                    let clocks = steps.map { "\($0.0.text(lang)): \($0.1.map { Day($0).description } ?? "—")" }.joined(separator: "  ")
                    print("\(incident.id)  \(incident.kind.label.text(lang))  \(Day(incident.discoveredAt))  \(clocks)")
                }
            }
        }
    }
}

/// An incident as `--format json` prints it: sealed fields stay sealed.
struct IncidentJSON: Encodable {
    var id, kind: String
    var discovered_at: Date
    var city_notified_at, written_report_at, final_report_at, closed_at: Date?
    var appi_reportable: Bool
    var instructions: Int

    init(_ incident: Incident) {
        id = incident.id
        kind = incident.kind.rawValue
        discovered_at = incident.discoveredAt
        city_notified_at = incident.cityNotifiedAt
        written_report_at = incident.writtenReportAt
        final_report_at = incident.finalReportAt
        closed_at = incident.closedAt
        appi_reportable = incident.appi.reportable
        instructions = incident.instructions.count
    }
}

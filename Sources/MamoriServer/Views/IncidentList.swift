import Foundation
import Hummingbird
import MamoriCore

/// The contract's incidents as a list (`/contracts/{contract}/incidents`): newest first, each with its clocks — the
/// notice to the city, the written report, the APPI final report — and its own report.
enum IncidentList {
    /// The incidents as a list, for the page and its downloads, each with the reasons the evaluation gives its clocks.
    static func table(_ access: ContractAccess, findings: [LocalizedText], _ l: Language) -> ListTable {
        func when(_ date: Date?) -> String { date?.warekiTime ?? "—" }
        let rows: [ListTable.Row] = access.state.incidents.values.sorted { $0.discoveredAt > $1.discoveredAt }.map { incident in
            // Each clock's reason begins 「事故 ID の」: INC-1's are not INC-10's.
            let clocks = Array(Set(findings.filter { $0.ja.hasPrefix("事故 \(incident.id) の") })).sorted { $0.ja < $1.ja }.map { $0.text(l) }
            let listed: [HTML] = clocks.map { "<li>\($0)</li>" }
            return ListTable.Row(
                [
                    ListTable.Cell(incident.id, link: "/contracts/\(access.contract.id)/records/incident/\(incident.id)"), "\(incident.kind.label.text(l))",
                    "\(when(incident.discoveredAt))", "\(when(incident.cityNotifiedAt))", "\(when(incident.writtenReportAt))",
                    "\(incident.finalReportAt.map(when) ?? (incident.appi.reportable ? "—" : Label.notOwed.text(l)))",
                    "\(when(incident.closedAt))",
                    "\(incident.appi.reportable ? Label.inScope.text(l) : Label.notInScope.text(l))",
                    ListTable.Cell(clocks.joined(separator: "\n"), html: "<ul class=\"clocks\">\(listed)</ul>"),
                    ListTable.Cell(Label.report.text(l), link: "/contracts/\(access.contract.id)/documents/incident_report.html?incident=\(incident.id)")
                ], id: incident.id)
        }
        return ListTable(
            title: Label.incidents.localized,
            columns: [
                Label.id.localized, Label.kind.localized, Label.discovered.localized, Label.cityTold.localized, Label.preliminary.localized,
                Label.final.localized, Label.closed.localized, Label.ppcReport.localized, Label.clocks.localized, nil
            ], rows: rows)
    }

}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Incidents with their clocks: the notice to the city, the written report, the APPI final report.
struct IncidentRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/incidents", use: incidents)
    }

    @Sendable func incidents(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let catalog = try environment.catalog(access)
        let incidentClauses = Set(catalog.clauses.filter { $0.records.contains(.incident) }.map(\.id))
        let findings = try await environment.evaluation(of: access).filter { incidentClauses.contains($0.clauseID) }.flatMap(\.reasons)
        func when(_ date: Date?) -> String { date?.warekiTime ?? "—" }
        let rows: [ListTable.Row] = access.state.incidents.values.sorted { $0.discoveredAt > $1.discoveredAt }.map { incident in
            // Each clock's reason begins 「事故 ID の」: INC-1's are not INC-10's.
            let clocks = Array(Set(findings.filter { $0.ja.hasPrefix("事故 \(incident.id) の") })).sorted { $0.ja < $1.ja }.map { $0.text(l) }
            let listed: [HTML] = clocks.map { "<li>\($0)</li>" }
            return ListTable.Row(
                [
                    ListTable.Cell(incident.id, link: "/contracts/\(access.contract.id)/records/incident/\(incident.id)"), "\(incident.kind.label.text(l))",
                    "\(when(incident.discoveredAt))", "\(when(incident.cityNotifiedAt))", "\(when(incident.writtenReportAt))",
                    "\(incident.finalReportAt.map(when) ?? (incident.appi.reportable ? "—" : LocalizedText(ja: "不要", en: "not owed").text(l)))",
                    "\(when(incident.closedAt))",
                    "\(incident.appi.reportable ? LocalizedText(ja: "対象", en: "yes").text(l) : LocalizedText(ja: "対象外", en: "no").text(l))",
                    ListTable.Cell(clocks.joined(separator: "\n"), html: "<ul class=\"clocks\">\(listed)</ul>"),
                    ListTable.Cell(
                        LocalizedText(ja: "報告書", en: "Report").text(l),
                        link: "/contracts/\(access.contract.id)/documents/incident_report.html?incident=\(incident.id)")
                ], id: incident.id)
        }
        let table = ListTable(
            title: LocalizedText(ja: "事故", en: "Incidents"),
            columns: [
                LocalizedText(ja: "ID", en: "ID"), LocalizedText(ja: "種類", en: "Kind"), LocalizedText(ja: "発見", en: "Discovered"),
                LocalizedText(ja: "区へ連絡", en: "City told"), LocalizedText(ja: "速報", en: "Preliminary"), LocalizedText(ja: "確報", en: "Final"),
                LocalizedText(ja: "終結", en: "Closed"), LocalizedText(ja: "個人情報保護委員会報告", en: "PPC report"), LocalizedText(ja: "期限", en: "Clocks"), nil
            ], rows: rows)
        if let download = try table.download(request, l, at: environment.now) { return download }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))\(ContractRoutes.primaryAction(RecordKinds.incident, LocalizedText(ja: "事故を報告する", en: "Report an incident"), access, l))
            \(table.html(request, l))
            """
        return PageLayout.response(title: LocalizedText(ja: "事故", en: "Incidents"), language: l, member: context.member, body: body)
    }
}

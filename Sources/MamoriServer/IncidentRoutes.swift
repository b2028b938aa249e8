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
        let access = try ContractAccess(context, environment)
        let l = context.language
        let catalog = try environment.catalog(access)
        let incidentClauses = Set(catalog.clauses.filter { $0.records.contains(.incident) }.map(\.id))
        let findings = try environment.evaluation(of: access).filter { incidentClauses.contains($0.clauseID) }.flatMap(\.reasons)
        func when(_ date: Date?) -> String { date?.warekiTime ?? "—" }
        let rows: [HTML] = access.state.incidents.values.sorted { $0.discoveredAt > $1.discoveredAt }.map { incident in
            let clocks: [HTML] = Array(Set(findings.filter { $0.ja.contains(incident.id) })).sorted { $0.ja < $1.ja }
                .map { "<li>\($0.text(l))</li>" }
            return """
                <tr><td>\(incident.id)</td><td>\(incident.kind.label.text(l))</td><td>\(when(incident.discoveredAt))</td>\
                <td>\(when(incident.cityNotifiedAt))</td><td>\(when(incident.writtenReportAt))</td><td>\(when(incident.finalReportAt))</td>\
                <td>\(incident.appi.reportable ? LocalizedText(ja: "対象", en: "yes").text(l) : LocalizedText(ja: "対象外", en: "no").text(l))</td>\
                <td><ul class="clocks">\(clocks)</ul></td></tr>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))\(ContractRoutes.primaryAction(RecordKinds.incident, LocalizedText(ja: "事故を報告する", en: "Report an incident"), access, l))
            <table class="grid"><thead><tr><th>ID</th><th>\(LocalizedText(ja: "種類", en: "Kind").text(l))</th>\
            <th>\(LocalizedText(ja: "発見", en: "Discovered").text(l))</th><th>\(LocalizedText(ja: "区へ連絡", en: "City told").text(l))</th>\
            <th>\(LocalizedText(ja: "速報", en: "Preliminary").text(l))</th><th>\(LocalizedText(ja: "確報", en: "Final").text(l))</th>\
            <th>\(LocalizedText(ja: "個人情報保護委員会報告", en: "PPC report").text(l))</th><th>\(LocalizedText(ja: "期限", en: "Clocks").text(l))</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(title: LocalizedText(ja: "事故", en: "Incidents"), language: l, member: context.member, body: body)
    }
}

import Foundation
import MamoriCore

/// 事故報告書, preliminary (速報) and — where the APPI makes the incident reportable, or one was filed — final (確報) for
/// each incident, with the items the APPI asks for: summary, data items, number of people, cause, secondary harm,
/// response to the people concerned, publication, prevention. A final report's item left empty says what the
/// preliminary one said.
enum IncidentReport {
    static func make(_ context: DocumentContext) throws -> SubmissionDocument {
        let incidents = context.state.incidents.values.sorted { ($0.discoveredAt, RecordOrder($0.id)) < ($1.discoveredAt, RecordOrder($1.id)) }
        var sheets: [DocumentSheet] = []
        for incident in incidents {
            let narrative = try context.openText(incident.narrative)
            let instructions = try incident.instructions.map { "\($0.at.warekiTime)　\(try context.openText($0.text))" }
            let preliminary = try incident.preliminaryFindings.map { try JSONDecoder().decode(IncidentFindings.self, from: context.open($0)) }
            let final = try incident.finalFindings.map { try JSONDecoder().decode(IncidentFindings.self, from: context.open($0)) }
            sheets.append(
                sheet(
                    context, incident, final: false, narrative: narrative, findings: preliminary, earlier: nil,
                    reportedAt: incident.writtenReportAt, instructions: instructions))
            if incident.appi.reportable || incident.finalReportAt != nil {
                sheets.append(
                    sheet(
                        context, incident, final: true, narrative: narrative, findings: final, earlier: preliminary,
                        reportedAt: incident.finalReportAt, instructions: instructions))
            }
        }
        if sheets.isEmpty {
            sheets.append(
                DocumentSheet(
                    name: "事故報告",
                    blocks: context.opening(
                        "事故報告書", "\(context.today.wareki)現在、報告すべき個人情報の漏えい等の事故はありません。")))
        }
        return SubmissionDocument(kind: .incidentReport, title: "事故報告書", sheets: sheets)
    }

    private static func sheet(
        _ context: DocumentContext, _ incident: Incident, final: Bool, narrative: String,
        findings: IncidentFindings?, earlier: IncidentFindings?, reportedAt: Date?, instructions: [String]
    ) -> DocumentSheet {
        let blank = final ? "（記入なし）" : "（調査中）"
        func item(_ value: (IncidentFindings) -> String) -> String {
            [findings, earlier].compactMap { $0.map(value) }.first { !$0.isEmpty } ?? blank
        }
        func yesNo(_ value: Bool) -> String { value ? "有" : "無" }
        let appi = incident.appi
        let title = final ? "事故報告書（確報）" : "事故報告書（速報）"
        var blocks = context.opening(title, "標記の契約において発生した個人情報の漏えい等の事故について、下記のとおり報告します。")
        blocks.append(
            .fields([
                DocumentField("事故番号", incident.id),
                DocumentField("事故の種類", incident.kind.label.ja),
                DocumentField("発見日時", incident.discoveredAt.warekiTime),
                DocumentField("区への第一報", incident.cityNotifiedAt?.warekiTime ?? "未連絡"),
                DocumentField(
                    final ? "確報の提出日時" : "速報の提出日時",
                    reportedAt?.warekiTime ?? "未提出"),
                DocumentField("概要", narrative),
                DocumentField("漏えい等が発生した個人データの項目", item { $0.dataItems.joined(separator: "、") }),
                DocumentField("本人の数", "\(appi.affectedPeople) 人"),
                DocumentField("要配慮個人情報", yesNo(appi.sensitiveData)),
                DocumentField("財産的被害が生じるおそれ", yesNo(appi.financialHarm)),
                DocumentField("不正の目的によるもの", yesNo(appi.malicious)),
                DocumentField("個人情報保護委員会への報告", appi.reportable ? "報告対象" : "報告対象外"),
                DocumentField("原因", item(\.cause)),
                DocumentField("二次被害又はそのおそれ", item(\.secondaryHarm)),
                DocumentField("本人への対応", item(\.responseToIndividuals)),
                DocumentField("公表の実施状況", item(\.publication)),
                DocumentField("再発防止策", item(\.prevention)),
                DocumentField("区からの指示", instructions.isEmpty ? "なし" : instructions.joined(separator: "\n"))
            ]))
        return DocumentSheet(name: "\(final ? "確報" : "速報") \(incident.id)", blocks: blocks)
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The contractor's PCs on a contract: the latest agent result of each as this contract judges it, those silent too
/// long, and for its administrators the enrollment token just issued and the button that issues one
/// (`/contracts/{contract}/devices`).
struct DevicesView: PageView {
    let language: Language
    var contractID: String
    var table: ListTable
    /// The request, for the list's download links; nil on the answer to issuing a token.
    var request: Request?
    /// Whether the member administers the contractor (and so enrolls PCs).
    var administers: Bool
    /// The token just issued, shown once, and the address the agent reaches this server at.
    var token: (token: String, server: String)?
    var csrfToken: String

    var title: LocalizedText { Label.pcs.localized }

    /// The PCs as a list, for the page and its downloads: each with its latest report's counts as `judged` says.
    static func table(
        _ devices: [(device: Device, latest: DeviceReport?)], judged: [String: DeviceEvidence], contractID: String, maximumAge: Period,
        now: Date, _ l: Language
    ) -> ListTable {
        let rows: [ListTable.Row] = devices.map { device, latest in
            let stale = latest.map { $0.receivedAt.adding(maximumAge) < now } ?? true
            let checks = judged[device.id]?.checks ?? []
            let count = { (outcome: DeviceEvidence.Check.Outcome) in checks.filter { $0.outcome == outcome }.count }
            let state = latest == nil ? "—" : "\(count(.pass)) / \(count(.fail)) / \(count(.unknown))"
            let when = latest.map(\.receivedAt.warekiTime) ?? Label.neverReported.text(l)
            let silence = LocalizedText(ja: "\(maximumAge.label.ja)以上報告なし", en: "silent over \(maximumAge.label.en)").text(l)
            return ListTable.Row(
                [
                    ListTable.Cell(latest?.hostname ?? device.hostname, link: "/contracts/\(contractID)/devices/\(device.id)"), "\(device.id)",
                    "\(latest?.platform ?? "")",
                    ListTable.Cell(stale ? "\(when) \(silence)" : when, html: stale ? "\(when) <span class=\"badge stale\">\(silence)</span>" : "\(when)"),
                    "\(state)"
                ], style: stale ? "status-overdue" : count(.fail) > 0 ? "status-violation" : "status-compliant")
        }
        return ListTable(
            title: Label.pcs.localized,
            columns: [Label.host.localized, Label.id.localized, Label.os.localized, Label.lastReport.localized, Label.passFailUnknown.localized],
            rows: rows)
    }

    var body: HTML {
        let l = language
        var admin: HTML = ""
        if administers {
            let issued: HTML =
                token.map { token, server in
                    """
                    <p class="secret">\(Label.enrollmentTokenShownOnceValid.text(l)): <code>\(token)</code></p>
                    <p><code>mamori-agent enroll --server \(server) --token=\(token)</code></p>
                    """
                } ?? ""
            admin = """
                <h2>\(Label.enrollAPc.text(l))</h2>\(issued)
                <form method="post" action="/contracts/\(contractID)/devices/tokens" class="inline">\
                <input type="hidden" name="_csrf" value="\(csrfToken)">\
                <button type="submit">\(Label.issueAnEnrollmentToken.text(l))</button></form>
                """
        }
        let empty: HTML = table.rows.isEmpty ? "<p>\((administers ? Label.noPCsYet : Label.noPCIsEnrolledYet).text(l))</p>" : ""
        return """
            \(ContractNavigation.tabs(contractID, l))
            \(table.html(request, l))\(empty)\(admin)
            """
    }
}

import Hummingbird
import MamoriCore
import MamoriStore

/// A member's alerts, newest first, the unread ones marked (`/alerts`).
struct AlertListView: PageView {
    let language: Language
    var request: Request
    var table: ListTable
    var isEmpty: Bool
    var csrfToken: String
    /// Whether the member manages accounts (and so reads the outbox too).
    var manages: Bool

    var title: LocalizedText { Label.alerts.localized }

    /// The alerts as a list, for the page and its downloads.
    static func table(_ alerts: [Alert], state: MamoriState, _ l: Language) -> ListTable {
        let rows: [ListTable.Row] = alerts.map { alert in
            let contract = state.contracts[alert.contractID]?.contract
            return ListTable.Row(
                [
                    "\(alert.createdAt.warekiTime)", "\(alert.kind.label.text(l))",
                    ListTable.Cell(
                        "\(alert.title.text(l))\n\(alert.detail.text(l))",
                        html: "<a href=\"/alerts/\(alert.id)\">\(alert.title.text(l))</a><br>\(alert.detail.text(l))"),
                    "\(contract.map { "\($0.title)（\($0.number)）" } ?? alert.contractID)", "\(alert.mail.label.text(l))"
                ], style: alert.readAt == nil ? "unread" : nil)
        }
        return ListTable(
            title: Label.alerts.localized,
            columns: [Label.when.localized, Label.kind.localized, Label.alert.localized, Label.contract.localized, Label.mail.localized],
            rows: rows)
    }

    var body: HTML {
        let l = language
        return """
            <nav class="tabs"><a href="/alerts/settings">\(Label.howIReceiveAlerts.text(l))</a>\
            \(manages ? "<a href=\"/outbox\">\(Label.outbox.text(l))</a>" as HTML : "")</nav>
            \(isEmpty ? "<p>\(Label.noAlerts.text(l))</p>" as HTML : """
                <form method="post" action="/alerts/read" class="inline"><input type="hidden" name="_csrf" value="\(csrfToken)">\
                <button type="submit">\(Label.markAllRead.text(l))</button></form>
                \(table.html(request, l))
                """)
            """
    }
}

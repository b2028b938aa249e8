import MamoriCore
import MamoriStore

/// The outbox of each organization a member manages accounts of: every message, its mail attempts and their outcome,
/// a page of the newest first (`/outbox`).
struct OutboxView: PageView {
    /// One organization's page of messages.
    struct Section {
        var name: String
        var entries: [(alert: Alert, recipient: (name: String, email: String?), attempts: [AlertAttempt])]
        var total: Int
    }

    let language: Language
    var sections: [Section]
    var page: Int
    /// The mail server and sender, or nil where mail is off.
    var mail: (description: String, from: String)?

    /// Alerts per outbox page.
    static let pageSize = 200

    var title: LocalizedText { Label.outbox.localized }

    var body: HTML {
        let l = language
        let server: HTML =
            mail.map { mail in
                "<p>\(LocalizedText(ja: "メール送信: オン（\(mail.description)、送信元 \(mail.from)）", en: "Mail: on (\(mail.description), from \(mail.from))").text(l))</p>"
            } ?? "<p class=\"warning\" role=\"status\">\(Label.mailIsOffSetServe.text(l))</p>"
        return "\(server)\(sections.map(section))"
    }

    private func section(_ section: Section) -> HTML {
        let l = language
        let first = (page - 1) * Self.pageSize
        let rows: [HTML] = section.entries.map { entry in
            let attempts: [HTML] = entry.attempts.map { attempt in
                "<li>\(attempt.attempt): \(attempt.startedAt.warekiTime) \(Self.outcome(attempt.outcome).text(l))\(attempt.detail.isEmpty ? "" : " — \(attempt.detail)")</li>"
            }
            return """
                <tr><td>\(entry.alert.createdAt.warekiTime)</td><td>\(entry.recipient.name)<br>\(entry.recipient.email ?? Label.noAddress.text(l))</td><td>\(entry.alert.kind.label.text(l))</td>\
                <td>\(entry.alert.title.text(l))</td><td>\(entry.alert.mail.label.text(l))\(entry.alert.sentAt.map { "（\($0.warekiTime)）" } ?? "")</td>\
                <td>\(attempts.isEmpty ? "—" as HTML : "<ul>\(attempts)</ul>")</td></tr>
                """
        }
        let shown =
            rows.isEmpty
            ? ""
            : LocalizedText(
                ja: "全 \(section.total) 件中 \(first + 1)〜\(first + rows.count) 件（新しい順）",
                en: "\(first + 1)–\(first + rows.count) of \(section.total), newest first"
            ).text(l)
        let previous: HTML = page > 1 ? "<a href=\"/outbox?page=\(page - 1)\">\(Label.newer.text(l))</a>" : ""
        let next: HTML = first + rows.count < section.total ? "<a href=\"/outbox?page=\(page + 1)\">\(Label.older.text(l))</a>" : ""
        return """
            <h2>\(section.name)</h2>
            <p>\(shown)　\(previous)　\(next)</p>
            \(rows.isEmpty ? "<p>\(Label.noAlertsYet.text(l))</p>" as HTML : """
                <table class="grid"><thead><tr><th>\(Label.created.text(l))</th>\
                <th>\(Label.to.text(l))</th><th>\(Label.kind.text(l))</th>\
                <th>\(Label.subject.text(l))</th><th>\(Label.mail.text(l))</th>\
                <th>\(Label.attempts.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
                """)
            """
    }

    /// An attempt's outcome in words.
    static func outcome(_ outcome: String) -> LocalizedText {
        switch outcome {
        case "sent": Label.sent.localized
        case "failed": Label.failed.localized
        case "sending": Label.sending.localized
        default: Label.interruptedTheServerStoppedWhile.localized
        }
    }
}

import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The frame of every page: title, navigation for the signed-in member, language switch, sign-out.
enum PageLayout {
    static func response(
        status: HTTPResponse.Status = .ok, title: LocalizedText, language: Language, member: SignedIn?,
        body: HTML, headers: HTTPFields = [:]
    ) -> Response {
        let t = { (text: LocalizedText) in text.text(language) }
        var nav: HTML = ""
        if let member, member.session.secondFactorDone {
            // Organizations for whoever manages one (a member of a department manages accounts only), accounts for both.
            let manager = member.memberships.first { $0.role.managesAccounts }
            let organizations: HTML =
                manager != nil && manager?.departmentID == nil
                ? "<a href=\"/organizations\">\(t(Label.organizations.localized))</a>" : ""
            let accounts: HTML =
                manager != nil
                ? "\(organizations)<a href=\"/accounts\">\(t(Label.accounts.localized))</a>" : ""
            nav = """
                <nav><a href="/">\(t(Label.contracts.localized))</a><a href="/todo">\(t(Label.toDo.localized))</a>\(accounts)\
                <a href="/catalogs">\(t(Label.catalogs.localized))</a>
                <a class="bell" href="/alerts" title="\(t(Label.alerts.localized))" \
                aria-label="\(t(LocalizedText(ja: "お知らせ（未読 \(member.unreadAlerts) 件）", en: "Alerts (\(member.unreadAlerts) unread)")))">🔔\
                \(member.unreadAlerts > 0 ? "<span class=\"count\">\(member.unreadAlerts)</span>" as HTML : "")</a>
                <a class="who" href="/sessions" title="\(t(Label.sessions.localized))">\(member.account.displayName)</a>
                <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="\(member.session.csrfToken)">\
                <button type="submit">\(t(Label.signOut.localized))</button></form></nav>
                """
        }
        let other = language == .ja ? Language.en : .ja
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t(title)) — Mamori</title><link rel="stylesheet" href="/static/mamori.css">\
            <link rel="icon" href="/static/mamori.svg" type="image/svg+xml">\
            <script src="/static/mamori.js" defer></script></head>
            <body><header><a class="brand" href="/">Mamori 守り</a>\(nav)
            <a class="lang" href="?lang=\(other.rawValue)">\(other == .en ? "English" : "日本語")</a></header>
            <main><h1>\(t(title))</h1>\(member?.saved.map { (id: String) -> HTML in
                // A number or title people can say (P-3, INC-2, 税務課) is named; a random key (an organization's, a data
                // event's) is not.
                let named = !Store.isGeneratedID(id) ? LocalizedText(ja: "保存しました（\(id)）", en: "Saved (\(id))")
                    : Label.saved.localized
                return "<p class=\"notice\" role=\"status\">\(t(named))</p>" } ?? "")
            \(body)
            </main></body></html>
            """
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: page.raw)))
    }
}

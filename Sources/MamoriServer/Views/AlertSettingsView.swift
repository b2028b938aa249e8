import MamoriCore

/// How a member receives alerts: the address, and which kinds also come by mail (`/alerts/settings`).
struct AlertSettingsView: PageView {
    let language: Language
    var email: String
    var mail: [AlertKind: Bool]
    /// Whether this server sends mail at all.
    var mailIsOn: Bool
    var error: LocalizedText?
    var saved: Bool
    var csrfToken: String

    var title: LocalizedText { Label.howIReceiveAlertsTitle.localized }

    var body: HTML {
        let l = language
        let boxes: [HTML] = AlertKind.allCases.map { kind in
            """
            <label class="check"><input type="checkbox" name="mail" value="\(kind.rawValue)"\(HTML(raw: mail[kind] ?? true ? " checked" : ""))>\
            \(kind.label.text(l))</label>
            """
        }
        let mailState: HTML = mailIsOn ? "" : "<p class=\"warning\" role=\"status\">\(Label.mailIsOffOnThis.text(l))</p>"
        let problem: HTML = error.map { "<p class=\"field-error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
        let done: HTML = saved ? "<p class=\"notice\" role=\"status\">\(Label.saved.text(l))</p>" : ""
        return """
            <nav class="tabs"><a href="/alerts">\(Label.backToAlerts.text(l))</a></nav>
            \(done)\(mailState)\(problem)
            <form method="post" action="/alerts/settings" class="form"><input type="hidden" name="_csrf" value="\(csrfToken)">
            <label>\(Label.eMailAddressLeaveEmpty.text(l))\
            <input name="email" type="text" inputmode="email" autocomplete="email" value="\(email)"></label>
            <fieldset><legend>\(Label.alertsAlsoSentByMail.text(l))</legend>
            \(boxes)</fieldset>
            <button type="submit">\(Label.save.text(l))</button></form>
            """
    }
}

import MamoriCore
import MamoriStore

/// A member's own sign-ins: where they are still signed in, and a way to end any of them (a lost tablet, a shared PC)
/// or all but this one (`/sessions`).
struct SessionsView: PageView {
    let language: Language
    /// Each sign-in with its name on the page, and whether it is this browser's.
    var sessions: [(session: Session, handle: String, isThis: Bool)]
    /// Whether the account signs in with a second factor at all.
    var usesSecondFactor: Bool
    var csrfToken: String

    var title: LocalizedText { Label.sessions.localized }

    var body: HTML {
        let l = language
        let rows: [HTML] = sessions.map { session, handle, isThis in
            // Given (✓), or not needed: an account without a second factor has none to give.
            let secondFactor = usesSecondFactor ? (session.secondFactorDone ? "✓" : "") : Label.notUsed.text(l)
            let action: HTML =
                isThis
                ? "\(Label.thisBrowser.text(l))"
                : """
                <form method="post" action="/sessions/end" class="inline"><input type="hidden" name="_csrf" value="\(csrfToken)">\
                <input type="hidden" name="session" value="\(handle)">\
                <button type="submit">\(Label.end.text(l))</button></form>
                """
            return """
                <tr><td>\(session.createdAt.warekiTime)</td><td>\(session.expiresAt.warekiTime)</td>\
                <td>\(secondFactor)</td><td>\(action)</td></tr>
                """
        }
        return """
            <p><a href="/password">\(Label.changeYourPassword.text(l))</a></p>
            <p>\(Label.whereThisAccountIsSigned.text(l))</p>
            <table class="grid"><thead><tr><th>\(Label.signedIn.text(l))</th>\
            <th>\(Label.expires.text(l))</th><th>\(Label.secondFactor.text(l))</th>\
            <th></th></tr></thead><tbody>\(rows)</tbody></table>
            <form method="post" action="/sessions/end" class="form"><input type="hidden" name="_csrf" value="\(csrfToken)">\
            <input type="hidden" name="session" value="others">\
            <button type="submit">\(Label.endAllButThisBrowser.text(l))</button></form>
            """
    }
}

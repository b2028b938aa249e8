import MamoriCore

/// The sign-in form, with why the last attempt was refused (`/login`).
struct SignInView: PageView {
    let language: Language
    /// Where to go once signed in (a path of this site).
    var next: String
    var error: String?
    var login: String
    /// The token of the form, before any session.
    var csrf: String

    var title: LocalizedText { Label.signIn.localized }

    var body: HTML {
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        return """
            \(message)<form method="post" action="/login" class="form">
            <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="next" value="\(next)">
            <label>\(Label.login.text(language))<input name="login" value="\(login)" autocomplete="username" required\(HTML(raw: login.isEmpty ? " autofocus" : ""))></label>
            <label>\(Label.password.text(language))<input name="password" type="password" autocomplete="current-password" required\(HTML(raw: login.isEmpty ? "" : " autofocus"))></label>
            <button type="submit">\(Label.signIn.text(language))</button></form>
            """
    }
}

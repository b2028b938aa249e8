import MamoriCore

/// The second factor: the code of the authenticator app, and at the first time the key to add to it — a QR code where
/// libqrencode is installed, the key as text always, the `otpauth:` URI for apps that take one (`/totp`).
struct SecondFactorView: PageView {
    /// What an account without a second factor yet adds to its app.
    struct Enrolment {
        var key: String
        var uri: String
        /// The QR code as SVG, where it could be made.
        var qr: QRCode?
    }

    let language: Language
    var enrolment: Enrolment?
    var error: LocalizedText?
    var next: String
    var csrfToken: String

    var title: LocalizedText { Label.twoFactorAuthentication.localized }

    var body: HTML {
        let l = language
        var adding: HTML = ""
        if let enrolment {
            let code: HTML =
                enrolment.qr.map { qr in HTML(raw: "<p class=\"qr\">" + qr.svg(label: Label.qrCodeForYourAuthenticator.text(l)) + "</p>") } ?? ""
            adding = """
                <p>\(Label.scanTheQRCode.text(l))</p>
                \(code)<p class="secret"><code>\(enrolment.key)</code></p>\
                <details class="uri"><summary>\(Label.addByURI.text(l))</summary><p><code>\(enrolment.uri)</code></p></details>
                """
        }
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
        return """
            \(message)\(adding)<form method="post" action="/totp" class="form">
            <input type="hidden" name="_csrf" value="\(csrfToken)"><input type="hidden" name="next" value="\(next)">
            <label>\(Label.code6Digits.text(l))<input name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus></label>
            <button type="submit">\(Label.verify.text(l))</button></form>
            <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="\(csrfToken)">\
            <button type="submit">\(Label.cancelAndSignOut.text(l))</button></form>
            """
    }
}

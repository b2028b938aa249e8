import MamoriCore

/// A member changing their own password: the current one, the new one twice, each problem beside its field; first, when
/// someone else chose the password, a word on why (`/password`).
struct PasswordView: PageView {
    let language: Language
    var errors: [String: String]
    /// Whether someone else (an administrator) chose the current password.
    var mustChange: Bool
    var csrfToken: String

    var title: LocalizedText { Label.changeYourPassword.localized }

    var body: HTML {
        let l = language
        let labels: [(name: String, label: String)] = [
            ("current_password", Label.currentPassword.text(l)),
            ("new_password", Label.newPassword12CharactersOr.text(l)),
            ("confirm_password", Label.newPasswordAgain.text(l))
        ]
        let required: HTML = mustChange ? "<p class=\"notice\" role=\"status\">\(Label.thisPasswordWasChosenBy.text(l))</p>" : ""
        let fields: [HTML] = labels.map { Field.password($0.name, $0.label, errors) }
        return """
            \(required)\(Field.summary(errors, labels: labels, l))<form method="post" action="/password" class="form">\
            <input type="hidden" name="_csrf" value="\(csrfToken)">\(fields)\
            <button type="submit">\(Label.change.text(l))</button></form>
            """
    }
}

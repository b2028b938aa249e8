import MamoriCore
import MamoriStore

/// The first visit to a Mamori without accounts: the first organization and its administrator (`/setup`).
struct SetupView: PageView {
    let language: Language
    var values: FormData
    var errors: [String: String]
    /// The token of the form, before any session.
    var csrf: String

    var title: LocalizedText { Label.firstRunSetup.localized }

    var body: HTML {
        let l = language
        let kinds: [HTML] = Organization.Kind.allCases.map { kind in
            let label = kind == .contractor ? Label.contractorKind.text(l) : Label.cityKind.text(l)
            return "<option value=\"\(kind.rawValue)\"\(HTML(raw: values["kind"] == kind.rawValue ? " selected" : ""))>\(label)</option>"
        }
        return """
            <p>\(Label.createTheFirstAdministrator.text(l))</p>
            <form method="post" action="/setup" class="form">
            <input type="hidden" name="_csrf" value="\(csrf)">
            \(Field.text("organization", Label.organizationName.text(l), values, errors))
            <label>\(Label.kindOfOrganization.text(l))<select name="kind">\(kinds)</select></label>
            \(Field.text("display_name", Label.yourName.text(l), values, errors))
            \(Field.text("login", Label.login.text(l), values, errors))
            \(Field.password("password", Label.password.text(l), errors))
            <button type="submit">\(Label.create.text(l))</button></form>
            """
    }
}

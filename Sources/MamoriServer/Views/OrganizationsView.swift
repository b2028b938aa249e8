import MamoriCore
import MamoriStore

/// The organizations page of an administrator (or the city's reviewer): their own organization's details (and the
/// city's departments), the organizations they work with, the details and first account of those they registered,
/// and the form that registers one more (`/organizations`).
struct OrganizationsView: PageView {
    /// Which form a refused submit came from, so that only that form shows the values and problems sent.
    struct Refusal {
        var form: String
        var values: FormData
        var errors: [String: String]
    }

    let language: Language
    var own: Organization
    /// The organizations of the other kind it works with, each with how many accounts it has.
    var counterparts: [(organization: Organization, accounts: Int)]
    var refusal: Refusal?
    var csrfToken: String

    var title: LocalizedText { Label.organizations.localized }

    /// 区（委託者） or 受託者.
    static func kindLabel(_ kind: Organization.Kind) -> LocalizedText {
        kind == .city ? Label.cityKind.localized : Label.contractorKind.localized
    }

    /// A field's label by its form name.
    static func labelText(_ name: String) -> LocalizedText {
        switch name {
        case "name": Label.entityName.localized
        case "address": Label.address.localized
        case "representative": Label.representativeTitleAndName.localized
        case "login": Label.login.localized
        case "display_name": Label.name.localized
        case "department": Label.department.localized
        default: Label.initialPassword.localized
        }
    }

    private static func label(_ name: String, _ l: Language) -> String { labelText(name).text(l) }

    private static func detailLabels(_ l: Language) -> [(name: String, label: String)] {
        ["name", "address", "representative"].map { ($0, label($0, l)) }
    }

    private static func inviteLabels(_ l: Language) -> [(name: String, label: String)] {
        ["login", "display_name", "department", "password"].map { ($0, label($0, l)) }
    }

    private var csrf: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrfToken)\">" }

    private func values(_ form: String, _ organization: Organization?) -> FormData {
        if let refusal, refusal.form == form { return refusal.values }
        return FormData(values: [
            "name": organization?.name ?? "", "address": organization?.address ?? "", "representative": organization?.representative ?? ""
        ])
    }

    private func errors(_ form: String) -> [String: String] { refusal?.form == form ? refusal?.errors ?? [:] : [:] }

    /// The form of an organization's name, address and representative.
    private func details(_ form: String, _ organization: Organization?, action: String, button: LocalizedText) -> HTML {
        let l = language
        let shown = values(form, organization)
        let problems = errors(form)
        return """
            \(Field.summary(problems, labels: Self.detailLabels(l), l, scope: form))<form method="post" action="\(action)" class="form">\(csrf)\
            \(Field.text("name", Self.label("name", l), shown, problems, required: true, scope: form))\
            \(Field.text("address", Self.label("address", l), shown, problems, scope: form))\
            \(Field.text("representative", Self.label("representative", l), shown, problems, scope: form))\
            <button type="submit">\(button.text(l))</button></form>
            """
    }

    var body: HTML {
        let l = language
        var body: HTML = """
            <h2>\(Label.yourOrganization.text(l))（\(Self.kindLabel(own.kind).text(l))）</h2>
            <p class="hint">\(own.kind == .contractor ? Label.theAddressAndRepresentativeAre.text(l) : Label.theCitysDetailsAsIts.text(l))</p>
            \(details("own", own, action: "/organizations/\(own.id)", button: Label.save.localized))
            """
        if own.kind == .city {
            let listed: [HTML] = own.departments.map { "<li>\($0.name)</li>" }
            body = """
                \(body)<h3>\(Label.departments.text(l))</h3>\
                <p class="hint">\(Label.eachContractCanBeGiven.text(l))</p>\
                \(listed.isEmpty ? "<p>\(Label.noDepartmentsYet.text(l))</p>" as HTML : "<ul>\(listed)</ul>")\
                <form method="post" action="/organizations/\(own.id)/departments" class="form">\(csrf)\
                \(Field.text("department", Label.departmentName.text(l), refusal?.form == "department" ? refusal!.values : FormData(""), errors("department")))\
                <button type="submit">\(Label.addADepartment.text(l))</button></form>
                """
        }
        let other = own.kind == .contractor ? Organization.Kind.city : .contractor
        let rows: [HTML] = counterparts.map { organization, accounts in
            """
            <tr><td>\(organization.name)</td><td>\(Self.kindLabel(organization.kind).text(l))</td><td>\(organization.address ?? "")</td>\
            <td>\(organization.representative ?? "")</td><td class="number">\(accounts)</td></tr>
            """
        }
        // Until someone of its own signs in, the organization that registered it keeps its details and invites its
        // first account; from then on, only its own people do, and the page says so where the forms were.
        let managed: [HTML] = counterparts.filter { $0.organization.registeredBy == own.id }.map { organization, accounts in
            accounts == 0 ? invitation(organization) : handedOver(organization)
        }
        let headers = [
            Label.entityName.localized, Label.kind.localized, Self.labelText("address"), Self.labelText("representative"), Label.accountCount.localized
        ]
        let headerCells: [HTML] = headers.map { "<th>\($0.text(l))</th>" }
        return """
            \(body)<h2>\(Label.organizationsYouWorkWith.text(l))</h2>\
            \(rows.isEmpty ? "<p>\(Label.noneYet.text(l))</p>" as HTML : "<table class=\"grid\"><thead><tr>\(headerCells)</tr></thead><tbody>\(rows)</tbody></table>")\
            \(managed)\
            <h2>\(LocalizedText(ja: "\(Self.kindLabel(other).ja)を登録", en: "Register a \(Self.kindLabel(other).en)").text(l))</h2>\
            \(details("register", nil, action: "/organizations", button: Label.register.localized))
            <p><a class="button" href="/contracts/new">\(Label.createAContract.text(l))</a></p>
            """
    }

    private func handedOver(_ organization: Organization) -> HTML {
        """
        <section class="card"><h3>\(organization.name)</h3><p class="hint">\(LocalizedText(
            ja: "最初のアカウントを招待したため、\(organization.name)の情報とアカウントは\(organization.name)の担当者が管理します。",
            en: "Its first account is invited: from now on \(organization.name)'s own people keep its details and accounts.").text(language))</p></section>
        """
    }

    /// An organization this one registered, without accounts yet: its details, and the invitation of its first account.
    private func invitation(_ organization: Organization) -> HTML {
        let l = language
        let role: AccountRole = organization.kind == .city ? .cityReviewer : .contractorAdministrator
        let inviteForm = "invite-\(organization.id)"
        let shown = refusal?.form == inviteForm ? refusal!.values : FormData("")
        let problems = errors(inviteForm)
        let departments: HTML =
            organization.departments.isEmpty
            ? ""
            : Field.select(
                "department", Label.departmentNoneEveryContract.text(l), [("", "—")] + organization.departments.map { ($0.id, $0.name) }, shown, problems,
                scope: inviteForm)
        return """
            <section class="card"><h3>\(organization.name)</h3>\
            \(details("edit-\(organization.id)", organization, action: "/organizations/\(organization.id)", button: Label.save.localized))\
            <h4>\(LocalizedText(ja: "最初のアカウントを招待（\(role.label.ja)）", en: "Invite the first account (\(role.label.en))").text(l))</h4>\
            \(Field.summary(problems, labels: Self.inviteLabels(l), l, scope: inviteForm))<form method="post" action="/organizations/\(organization.id)/accounts" class="form">\(csrf)\
            \(Field.text("login", Self.label("login", l), shown, problems, required: true, scope: inviteForm))\
            \(Field.text("display_name", Self.label("display_name", l), shown, problems, required: true, scope: inviteForm))\(departments)\
            \(Field.password("password", Self.label("password", l), problems, scope: inviteForm))\
            <p class="hint">\(Label.giveTheInitialPasswordBy.text(l))</p>\
            <button type="submit">\(Label.invite.text(l))</button></form></section>
            """
    }
}

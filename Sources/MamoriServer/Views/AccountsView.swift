import Hummingbird
import MamoriCore
import MamoriStore

/// The accounts of the organization an administrator (or the city's reviewer) manages, and the form that adds one
/// with its role and department (`/accounts`).
struct AccountsView: PageView {
    let language: Language
    var organization: Organization
    var table: ListTable
    /// The request, for the list's download links; nil on the answer to a refused form.
    var request: Request?
    /// The departments a new account may be given ("" for none).
    var departmentChoices: [(value: String, label: String)]
    var values: FormData
    var errors: [String: String]
    var csrfToken: String

    var title: LocalizedText { Label.accounts.localized }

    /// The accounts as a list, for the page and its downloads; `locked` are those locked out for some address.
    static func table(
        _ members: [(account: Account, role: AccountRole, departmentID: String?)], of organization: Organization, locked: Set<String>,
        _ l: Language
    ) -> ListTable {
        let rows: [ListTable.Row] = members.map { member in
            // Locked out for at least one address (failed sign-ins count per address).
            let lock = locked.contains(member.account.id) ? Label.lockedSomeAddresses.text(l) : ""
            let department = member.departmentID.map { organization.department($0)?.name ?? $0 } ?? ""
            return ListTable.Row([
                "\(member.account.login)", "\(member.account.displayName)", "\(member.role.label.text(l))", "\(department)",
                // As the sessions page says it: given with each sign-in (✓), or none.
                member.account.totpEnabled ? "✓" : "—", "\(lock)"
            ])
        }
        return ListTable(
            title: Label.accounts.localized,
            columns: [
                Label.login.localized, Label.name.localized, Label.role.localized, Label.department.localized, Label.secondFactor.localized,
                Label.lock.localized
            ], rows: rows)
    }

    var body: HTML {
        let l = language
        let departments: HTML =
            organization.departments.isEmpty ? "" : Field.select("department", Label.departmentNoneEveryContract.text(l), departmentChoices, values, errors)
        // The least powerful role first, so that it is the one chosen unless another is (least privilege).
        let roles: [HTML] = AccountRole.allCases.filter { $0.organizationKind == organization.kind }.reversed().map { role in
            "<option value=\"\(role.rawValue)\"\(HTML(raw: values["role"] == role.rawValue ? " selected" : ""))>\(role.label.text(l))</option>"
        }
        return """
            <p>\(organization.name)</p>
            \(table.html(request, l))
            <h2>\(Label.addAnAccount.text(l))</h2>
            <form method="post" action="/accounts" class="form"><input type="hidden" name="_csrf" value="\(csrfToken)">
            \(Field.text("login", Label.login.text(l), values, errors))
            \(Field.text("display_name", Label.name.text(l), values, errors))
            <label>\(Label.role.text(l))<select name="role">\(roles)</select></label>\(departments)
            \(Field.password("password", Label.initialPassword.text(l), errors))
            <button type="submit">\(Label.add.text(l))</button></form>
            """
    }
}

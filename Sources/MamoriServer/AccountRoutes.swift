import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The accounts page of the contractor's administrator and of the city's reviewer: the organization's accounts and a
/// form to add one with its role.
struct AccountRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/accounts", use: list)
        members.post("/accounts", use: create)
    }

    /// The organization the member administers, or 403.
    private func administered(_ context: MemberContext) async throws -> Organization {
        try await context.administeredOrganization(in: environment.store.state())
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        try await page(context, organization: administered(context), values: FormData(""), errors: [:], request: request)
    }

    /// The accounts and the form; `request` (for downloads) nil on the answer to a refused form.
    private func page(
        _ context: MemberContext, organization: Organization, values: FormData, errors: [String: String],
        status: HTTPResponse.Status = .ok, request: Request? = nil
    ) async throws -> Response {
        let l = context.language
        let table = AccountsView.table(
            try await environment.store.members(of: organization.id), of: organization,
            locked: try await environment.store.lockedAccountIDs(at: environment.now), l)
        if let request, let download = try table.download(request, l, at: environment.now) { return download }
        let view = AccountsView(
            language: l, organization: organization, table: table, request: request, departmentChoices: Self.departmentChoices(organization, context),
            values: values, errors: errors, csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: context.member)
    }

    /// The departments a new account may be given: a member of a department gives only their own (never more than they
    /// see); one of none, any or none ("" for none).
    private static func departmentChoices(_ organization: Organization, _ context: MemberContext) -> [(value: String, label: String)] {
        let mine = context.member.memberships.first { $0.organizationID == organization.id }?.departmentID
        if let mine { return organization.department(mine).map { [($0.id, $0.name)] } ?? [] }
        return [("", "—")] + organization.departments.map { ($0.id, $0.name) }
    }

    @Sendable func create(_ request: Request, context: MemberContext) async throws -> Response {
        let organization = try await administered(context)
        let form = try await context.form(request, limit: 16 * 1024)
        let l = context.language
        guard let role = AccountRole(rawValue: form["role"]), role.organizationKind == organization.kind else {
            throw WebError(.badRequest, ja: "役割 \"\(form["role"])\" はこの組織にありません", en: "role \"\(form["role"])\" does not belong to this organization")
        }
        var errors = try await environment.newAccountProblems(form, organizationID: organization.id, l)
        let department = form["department"].nonEmpty
        if !Self.departmentChoices(organization, context).contains(where: { $0.value == (department ?? "") }) {
            errors["department"] = Label.notADepartmentYouCan.text(l)
        }
        guard errors.isEmpty else { return try await page(context, organization: organization, values: form, errors: errors, status: .unprocessableContent) }
        do {
            try await environment.createAccount(from: form, in: organization.id, role: role, departmentID: department)
        } catch let StoreError.refused(error) {
            // A login taken meanwhile by an account added at the same moment.
            return try await page(context, organization: organization, values: form, errors: ["login": error.message.text(l)], status: .conflict)
        }
        return .redirect(to: RedirectTarget.saved(form["login"], at: "/accounts"))
    }
}

extension ServerEnvironment {
    /// What is wrong, by field, with a new account's login, name and initial password as a form gives them: required
    /// fields, the password rule of the organization's contracts, a login already taken.
    func newAccountProblems(_ form: FormData, organizationID: String, _ l: Language) async throws -> [String: String] {
        var errors: [String: String] = [:]
        for field in ["login", "display_name"] where form[field].isEmpty {
            errors[field] = Label.required.text(l)
        }
        let rule = await PasswordPolicy(minimum: try passwordMinimum(for: organizationID))
        if let problem = rule.problem(form.fields["password"] ?? "", login: form["login"]) { errors["password"] = problem.text(l) }
        if errors["login"] == nil, try await store.account(login: form["login"]) != nil {
            errors["login"] = Label.thisLoginIsAlreadyTaken.text(l)
        }
        return errors
    }

    /// Creates the account a form describes, with its one membership. Its password was chosen by someone else (an
    /// administrator, an inviter), so the person replaces it at the first sign-in. `firstOf`: only as the organization's
    /// first account (``Store/createAccount(_:memberships:firstOf:)``).
    @discardableResult
    func createAccount(
        from form: FormData, in organizationID: String, role: AccountRole, departmentID: String?,
        firstOf: String? = nil
    ) async throws -> Account {
        var account = Account(
            id: Store.newID("account"), login: form["login"], displayName: form["display_name"],
            passwordHash: await passwords.hash(form.fields["password"] ?? ""), createdAt: now)
        account.mustChangePassword = true
        try await store.createAccount(
            account,
            memberships: [
                Membership(accountID: account.id, organizationID: organizationID, role: role, departmentID: departmentID)
            ], firstOf: firstOf)
        return account
    }
}

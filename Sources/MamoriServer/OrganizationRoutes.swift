import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The organizations page of whoever manages an organization's accounts (the contractor's administrator, the city's
/// reviewer): its own name, address (所在地) and representative (代表者) as letters to the city print them, a city's
/// departments (課), the other side's organizations it works with, registering one, and inviting the first account of
/// one it registered — so that a contract starts from the browser alone.
struct OrganizationRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/organizations", use: page)
        members.post("/organizations", use: registerOther)
        members.post("/organizations/{organization}", use: update)
        members.post("/organizations/{organization}/departments", use: addDepartment)
        members.post("/organizations/{organization}/accounts", use: invite)
    }

    @Sendable func page(_ request: Request, context: MemberContext) async throws -> Response {
        try await render(context, refusal: nil)
    }

    private func render(_ context: MemberContext, refusal: OrganizationsView.Refusal?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await environment.store.state()
        let own = try context.organizationManaged(in: state)
        let counterparts = try await state.counterparts(of: own).asyncMap { organization in
            (organization: organization, accounts: try await environment.store.members(of: organization.id).count)
        }
        let view = OrganizationsView(
            language: context.language, own: own, counterparts: counterparts, refusal: refusal, csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: context.member)
    }

    // MARK: Changes

    @Sendable func registerOther(_ request: Request, context: MemberContext) async throws -> Response {
        let state = try await environment.store.state()
        let own = try context.organizationManaged(in: state)
        let form = try await context.form(request, limit: 16 * 1024)
        let organization = Organization(
            id: Store.newID(own.kind == .contractor ? "city" : "contractor"),
            kind: own.kind == .contractor ? .city : .contractor, name: form["name"],
            address: form["address"].nonEmpty, representative: form["representative"].nonEmpty, registeredBy: own.id)
        return try await save(CreateOrganization(organization: organization), savedID: organization.id, form: "register", values: form, context: context)
    }

    @Sendable func update(_ request: Request, context: MemberContext) async throws -> Response {
        let (organization, formName) = try await editable(context)
        let form = try await context.form(request, limit: 16 * 1024)
        var changed = organization
        changed.name = form["name"]
        changed.address = form["address"].nonEmpty
        changed.representative = form["representative"].nonEmpty
        return try await save(UpdateOrganization(organization: changed), savedID: organization.id, form: formName, values: form, context: context)
    }

    @Sendable func addDepartment(_ request: Request, context: MemberContext) async throws -> Response {
        let (organization, _) = try await editable(context)
        guard organization.kind == .city else { throw WebError.notFound(organization.id) }
        let form = try await context.form(request, limit: 16 * 1024)
        var changed = organization
        let department = Department(id: Store.newID("department"), name: form["department"])
        changed.departments.append(department)
        return try await save(
            UpdateOrganization(organization: changed), savedID: department.name, form: "department", values: form, context: context,
            field: "department")
    }

    @Sendable func invite(_ request: Request, context: MemberContext) async throws -> Response {
        let state = try await environment.store.state()
        let own = try context.organizationManaged(in: state)
        let id = try context.parameters.require("organization")
        guard let organization = state.organizations[id], organization.registeredBy == own.id else { throw WebError.notFound(id) }
        guard try await environment.store.members(of: id).isEmpty else {
            throw WebError(
                .conflict, ja: "\(organization.name) には既にアカウントがあります。以後のアカウントはその組織の管理者が追加します",
                en: "\(organization.name) already has accounts; its own people add the next ones")
        }
        let form = try await context.form(request, limit: 16 * 1024)
        let l = context.language
        var errors = try await environment.newAccountProblems(form, organizationID: organization.id, l)
        let department = form["department"].nonEmpty
        if let department, organization.department(department) == nil {
            errors["department"] = Label.notADepartmentOfThis.text(l)
        }
        guard errors.isEmpty else {
            return try await render(
                context, refusal: OrganizationsView.Refusal(form: "invite-\(id)", values: form, errors: errors), status: .unprocessableContent)
        }
        let role: AccountRole = organization.kind == .city ? .cityReviewer : .contractorAdministrator
        let account: Account
        do {
            account = try await environment.createAccount(
                from: form, in: organization.id, role: role, departmentID: department,
                firstOf: organization.id)
        } catch let StoreError.refused(error) {
            // Sent at once with another invitation, or a login taken meanwhile.
            return try await render(
                context, refusal: OrganizationsView.Refusal(form: "invite-\(id)", values: form, errors: ["login": error.message.text(l)]),
                status: .conflict)
        }
        return .redirect(to: RedirectTarget.saved(account.login, at: "/organizations"))
    }

    /// The organization named by the route that the member may change: their own, or one they registered that has no
    /// account yet; with the name of its form on the page.
    private func editable(_ context: MemberContext) async throws -> (Organization, String) {
        let state = try await environment.store.state()
        let own = try context.organizationManaged(in: state)
        let id = try context.parameters.require("organization")
        if id == own.id { return (own, "own") }
        guard let organization = state.organizations[id], organization.registeredBy == own.id, try await environment.store.members(of: id).isEmpty else {
            throw WebError.notFound(id)
        }
        return (organization, "edit-\(id)")
    }

    /// Runs `command`; a refusal shows the page again with the problem next to its field and what was typed kept.
    private func save(
        _ command: any Command, savedID: String, form formName: String, values: FormData, context: MemberContext,
        field fallback: String = "name"
    ) async throws -> Response {
        do {
            try await environment.store.execute(
                command, actor: ContractAccess.actor(context, context.member.memberships.first { $0.role.managesAccounts }!.role),
                at: environment.now)
        } catch let StoreError.refused(error) {
            let field = error.field.flatMap { ["name", "address", "representative", "departments"].contains($0) ? $0 : nil }
            let key = field == "departments" ? "department" : field ?? fallback
            let message = (field == nil ? error.message : error.detail ?? error.message).text(context.language)
            return try await render(
                context, refusal: OrganizationsView.Refusal(form: formName, values: values, errors: [key: message]),
                status: .unprocessableContent)
        }
        return .redirect(to: RedirectTarget.saved(savedID, at: "/organizations"))
    }
}

extension MemberContext {
    /// The organization the member manages on this page, or 403: a member of a department (課) manages the accounts
    /// and contracts of that department only, not the city's details, its departments or other organizations.
    func organizationManaged(in state: MamoriState) throws -> Organization {
        let organization = try administeredOrganization(in: state)
        guard member.memberships.first(where: { $0.organizationID == organization.id })?.departmentID == nil else {
            throw WebError(
                .forbidden, ja: "課に属するアカウントは組織の情報・課・相手方の組織を変更できません",
                en: "a member of a department cannot change the organization, its departments or other organizations")
        }
        return organization
    }

    /// The organization whose accounts the member manages (the contractor's administrator, the city's reviewer), or 403.
    func administeredOrganization(in state: MamoriState) throws -> Organization {
        guard let membership = member.memberships.first(where: { $0.role.managesAccounts }),
            let organization = state.organizations[membership.organizationID]
        else { throw WebError.forbidden }
        return organization
    }
}

extension MamoriState {
    /// The organizations of the other kind that `own` works with: those it registered, the one that registered it, and
    /// those it shares a contract with — the only ones it may name in a new contract. By name.
    func counterparts(of own: Organization) -> [Organization] {
        var ids = Set(organizations.values.filter { $0.kind != own.kind && $0.registeredBy == own.id }.map(\.id))
        if let registrar = own.registeredBy { ids.insert(registrar) }
        for contract in contracts.values.map(\.contract) {
            if contract.contractorID == own.id { ids.insert(contract.cityID) }
            if contract.cityID == own.id { ids.insert(contract.contractorID) }
        }
        return ids.compactMap { organizations[$0] }.filter { $0.kind != own.kind }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }
}

extension String {
    /// The text, or nil when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}

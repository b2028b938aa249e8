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

    /// Which form a refused submit came from, so that only that form shows the values and problems sent.
    private struct Refusal {
        var form: String
        var values: FormData
        var errors: [String: String]
    }

    @Sendable func page(_ request: Request, context: MemberContext) async throws -> Response {
        try await render(context, refusal: nil)
    }

    private func render(_ context: MemberContext, refusal: Refusal?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.language
        let state = try await environment.store.state()
        let own = try context.organizationManaged(in: state)
        let csrf: HTML = "<input type=\"hidden\" name=\"_csrf\" value=\"\(context.member.session.csrfToken)\">"
        func values(_ form: String, _ organization: Organization?) -> FormData {
            if let refusal, refusal.form == form { return refusal.values }
            return FormData(values: [
                "name": organization?.name ?? "", "address": organization?.address ?? "",
                "representative": organization?.representative ?? ""
            ])
        }
        func errors(_ form: String) -> [String: String] { refusal?.form == form ? refusal?.errors ?? [:] : [:] }
        func details(_ form: String, _ organization: Organization?, action: String, button: LocalizedText) async -> HTML {
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
        var body: HTML = """
            <h2>\(Label.yourOrganization.text(l))（\(Self.kindLabel(own.kind).text(l))）</h2>
            <p class="hint">\(own.kind == .contractor
                ? Label.theAddressAndRepresentativeAre.text(l)
                : Label.theCitysDetailsAsIts.text(l))</p>
            \(await details("own", own, action: "/organizations/\(own.id)", button: Label.save.localized))
            """
        if own.kind == .city {
            let listed: [HTML] = own.departments.map { "<li>\($0.name)</li>" }
            let problems = errors("department")
            body = """
                \(body)<h3>\(Label.departments.text(l))</h3>\
                <p class="hint">\(Label.eachContractCanBeGiven.text(l))</p>\
                \(listed.isEmpty ? "<p>\(Label.noDepartmentsYet.text(l))</p>" as HTML : "<ul>\(listed)</ul>")\
                <form method="post" action="/organizations/\(own.id)/departments" class="form">\(csrf)\
                \(Field.text("department", Label.departmentName.text(l), refusal?.form == "department" ? refusal!.values : FormData(""), problems))\
                <button type="submit">\(Label.addADepartment.text(l))</button></form>
                """
        }
        let other = own.kind == .contractor ? Organization.Kind.city : .contractor
        var rows: [HTML] = []
        var managed: [HTML] = []
        for organization in state.counterparts(of: own) {
            let accounts = try await environment.store.members(of: organization.id).count
            rows.append(
                """
                <tr><td>\(organization.name)</td><td>\(Self.kindLabel(organization.kind).text(l))</td><td>\(organization.address ?? "")</td>\
                <td>\(organization.representative ?? "")</td><td class="number">\(accounts)</td></tr>
                """)
            // Until someone of its own signs in, the organization that registered it keeps its details and invites its
            // first account; from then on, only its own people do, and the page says so where the forms were.
            guard organization.registeredBy == own.id else { continue }
            guard accounts == 0 else {
                managed.append(
                    """
                    <section class="card"><h3>\(organization.name)</h3><p class="hint">\(LocalizedText(
                        ja: "最初のアカウントを招待したため、\(organization.name)の情報とアカウントは\(organization.name)の担当者が管理します。",
                        en: "Its first account is invited: from now on \(organization.name)'s own people keep its details and accounts.").text(l))</p></section>
                    """)
                continue
            }
            let role: AccountRole = organization.kind == .city ? .cityReviewer : .contractorAdministrator
            let inviteForm = "invite-\(organization.id)"
            let shown = refusal?.form == inviteForm ? refusal!.values : FormData("")
            let problems = errors(inviteForm)
            let departments: HTML =
                organization.departments.isEmpty
                ? ""
                : Field.select(
                    "department", Label.departmentNoneEveryContract.text(l),
                    [("", "—")] + organization.departments.map { ($0.id, $0.name) }, shown, problems, scope: inviteForm)
            managed.append(
                """
                <section class="card"><h3>\(organization.name)</h3>\
                \(await details("edit-\(organization.id)", organization, action: "/organizations/\(organization.id)", button: Label.save.localized))\
                <h4>\(LocalizedText(ja: "最初のアカウントを招待（\(role.label.ja)）", en: "Invite the first account (\(role.label.en))").text(l))</h4>\
                \(Field.summary(problems, labels: Self.inviteLabels(l), l, scope: inviteForm))<form method="post" action="/organizations/\(organization.id)/accounts" class="form">\(csrf)\
                \(Field.text("login", Self.label("login", l), shown, problems, required: true, scope: inviteForm))\
                \(Field.text("display_name", Self.label("display_name", l), shown, problems, required: true, scope: inviteForm))\(departments)\
                \(Field.password("password", Self.label("password", l), problems, scope: inviteForm))\
                <p class="hint">\(Label.giveTheInitialPasswordBy.text(l))</p>\
                <button type="submit">\(Label.invite.text(l))</button></form></section>
                """)
        }
        let headers = [
            Label.entityName.localized, Label.kind.localized, Self.labelText("address"),
            Self.labelText("representative"), Label.accountCount.localized
        ]
        let headerCells: [HTML] = headers.map { "<th>\($0.text(l))</th>" }
        body = """
            \(body)<h2>\(Label.organizationsYouWorkWith.text(l))</h2>\
            \(rows.isEmpty ? "<p>\(Label.noneYet.text(l))</p>" as HTML : "<table class=\"grid\"><thead><tr>\(headerCells)</tr></thead><tbody>\(rows)</tbody></table>")\
            \(managed)\
            <h2>\(LocalizedText(ja: "\(Self.kindLabel(other).ja)を登録", en: "Register a \(Self.kindLabel(other).en)").text(l))</h2>\
            \(await details("register", nil, action: "/organizations", button: Label.register.localized))
            <p><a class="button" href="/contracts/new">\(Label.createAContract.text(l))</a></p>
            """
        return PageLayout.response(status: status, title: Label.organizations.localized, language: l, member: context.member, body: body)
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
            return try await render(context, refusal: Refusal(form: "invite-\(id)", values: form, errors: errors), status: .unprocessableContent)
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
                context, refusal: Refusal(form: "invite-\(id)", values: form, errors: ["login": error.message.text(l)]),
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
                context, refusal: Refusal(form: formName, values: values, errors: [key: message]),
                status: .unprocessableContent)
        }
        return .redirect(to: RedirectTarget.saved(savedID, at: "/organizations"))
    }

    // MARK: Labels

    static func kindLabel(_ kind: Organization.Kind) -> LocalizedText {
        kind == .city ? Label.cityKind.localized : Label.contractorKind.localized
    }

    private static func labelText(_ name: String) -> LocalizedText {
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

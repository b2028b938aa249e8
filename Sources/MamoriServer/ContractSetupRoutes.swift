import Foundation
import Hummingbird
import MamoriCatalog
import MamoriCore
import MamoriStore

/// Starting a contract on the web: the contractor's administrator or the city's reviewer creates it with the other
/// side (one it registered or works with), a catalog and, at a city with departments, its department; then each side
/// sets the parameters the catalog says it sets (`set_by`), on the contract's settings page, where everyone on the
/// contract sees every value.
struct ContractSetupRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/new", use: newContract)
        members.post("/contracts/new", use: create)
        members.get("/contracts/{contract}/settings", use: settings)
        members.post("/contracts/{contract}/settings", use: setParameter)
        members.post("/contracts/{contract}/department", use: setDepartment)
    }

    // MARK: A new contract

    @Sendable func newContract(_ request: Request, context: MemberContext) async throws -> Response {
        try await newContractPage(context, values: FormData(""), errors: [:])
    }

    private func newContractPage(
        _ context: MemberContext, values: FormData, errors: [String: String],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let l = context.language
        let state = try await environment.store.state()
        let own = try context.administeredOrganization(in: state)
        let counterparts = state.counterparts(of: own)
        let cities = own.kind == .city ? [own] : counterparts
        let departments: [(value: String, label: String)] = cities.flatMap { city in
            city.departments.map { (value: $0.id, label: cities.count > 1 ? "\(city.name) \($0.name)" : $0.name) }
        }
        let view = NewContractView(
            language: l, own: own, counterparts: counterparts, catalogs: catalogChoices(state, cities: Set(cities.map(\.id)), l),
            departments: departments, values: values, errors: errors, csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: context.member)
    }

    /// The catalogs a contract can be made on: each one `cities` added at run time (its newest version; another
    /// city's are not shown) and each bundled one.
    private func catalogChoices(_ state: MamoriState, cities: Set<String>, _ l: Language) -> [(value: String, label: String)] {
        var choices: [(value: String, label: String)] = []
        let added = Set(state.catalogs.values.filter { cities.contains($0.cityID) && !CatalogSource.bundledIDs.contains($0.catalogID) }.map(\.catalogID))
        for id in added.sorted() {
            guard let source = state.latestCatalog(id), let catalog = try? environment.catalogs.catalog(source) else { continue }
            choices.append((id, "\(catalog.title.text(l))（\(catalog.version)）"))
        }
        for id in CatalogLibrary.bundledIDs where !added.contains(id) {
            guard let catalog = try? environment.catalogs.bundled(id) else { continue }
            choices.append((id, "\(catalog.title.text(l))（\(catalog.version)・\(Label.bundled.text(l))）"))
        }
        return choices
    }

    @Sendable func create(_ request: Request, context: MemberContext) async throws -> Response {
        let state = try await environment.store.state()
        let own = try context.administeredOrganization(in: state)
        let form = try await context.form(request, limit: 16 * 1024)
        let l = context.language
        var errors: [String: String] = [:]
        let counterpart = state.counterparts(of: own).first { $0.id == form["counterpart"] }
        if counterpart == nil { errors["counterpart"] = Label.chooseOneOfTheList.text(l) }
        if form["title"].isEmpty { errors["title"] = Label.required.text(l) }
        func day(_ name: String) -> Day? {
            guard let day = Day(form[name].precomposedStringWithCompatibilityMapping) else {
                errors[name] = Label.aDateThatExistsAs.text(l)
                return nil
            }
            return day
        }
        let (startsOn, endsOn) = (day("starts_on"), day("ends_on"))
        let city = own.kind == .city ? own : counterpart
        let department = form["department"].nonEmpty
        if let department, city?.department(department) == nil {
            errors["department"] = Label.notADepartmentOfThis.text(l)
        }
        if own.kind == .city, let mine = context.member.memberships.first(where: { $0.organizationID == own.id })?.departmentID, department != mine {
            errors["department"] = Label.youCanCreateContractsOf.text(l)
        }
        guard errors.isEmpty, let counterpart, let city, let startsOn, let endsOn else {
            return try await newContractPage(context, values: form, errors: errors, status: .unprocessableContent)
        }
        let contractorID = own.kind == .contractor ? own.id : counterpart.id
        let now = environment.now
        let pinned: (version: String, add: AddCatalog?)
        do {
            pinned = try environment.catalogs.pin(form["catalog"], cityID: city.id, in: state, at: now)
        } catch {
            let problem = error.problems.first?.message ?? Label.theCatalogCannotBeUsed.localized
            return try await newContractPage(context, values: form, errors: ["catalog": problem.text(l)], status: .unprocessableContent)
        }
        let contract = Contract(
            id: Store.newID("contract"), contractorID: contractorID, cityID: city.id, title: form["title"], number: form["number"],
            startsOn: startsOn, endsOn: endsOn, catalogID: form["catalog"], catalogVersion: pinned.version, departmentID: department)
        let role = context.member.memberships.first { $0.organizationID == own.id }?.role ?? .contractorAdministrator
        do {
            let commands: [any Command] = (pinned.add.map { [$0] } ?? []) + [CreateContract(contract: contract)]
            try await environment.store.execute(
                batch: commands,
                actor: ContractAccess.actor(context, role), at: now)
        } catch let StoreError.refused(error) {
            let field = error.field.flatMap { NewContractView.fields.contains($0) ? $0 : nil }
            let message = (field == nil ? error.message : error.detail ?? error.message).text(l)
            return try await newContractPage(context, values: form, errors: [field ?? "title": message], status: .unprocessableContent)
        }
        return .redirect(to: RedirectTarget.saved(contract.title, at: "/contracts/\(contract.id)/settings"))
    }

    // MARK: Settings

    @Sendable func settings(_ request: Request, context: MemberContext) async throws -> Response {
        try await settingsPage(ContractAccess(context, environment), context, refusal: nil)
    }

    /// Whether the member sets `parameter` on this contract: its side, and there the city's reviewer or the
    /// contractor's administrator or responsible person.
    private static func sets(_ parameter: CatalogParameter, _ role: AccountRole) -> Bool {
        guard parameter.setBy == role.organizationKind else { return false }
        return role.organizationKind == .city ? role.decidesApprovals : role.managesCompliance
    }

    private func settingsPage(
        _ access: ContractAccess, _ context: MemberContext, refusal: ContractSettingsView.Refusal?,
        status: HTTPResponse.Status = .ok, problem: LocalizedText? = nil
    ) throws -> Response {
        let l = context.language
        let catalog = try environment.catalog(access)
        // A saved value is confirmed by its name, not its ID.
        var member = context.member
        if let saved = member.saved, let parameter = catalog.parameter(saved) { member.saved = parameter.title.text(l) }
        if member.saved == "department" { member.saved = Label.responsibleDepartmentWord.text(l) }
        let view = ContractSettingsView(
            language: l, access: access, catalog: catalog, settable: Set(catalog.parameters.filter { Self.sets($0, access.role) }.map(\.id)),
            assignsDepartments: Self.assignsDepartments(access, context), refusal: refusal, problem: problem,
            csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: member)
    }

    /// Whether the member gives contracts to departments: the city's reviewer who belongs to none.
    private static func assignsDepartments(_ access: ContractAccess, _ context: MemberContext) -> Bool {
        guard access.role.decidesApprovals,
            let membership = context.member.memberships.first(where: { $0.organizationID == access.contract.cityID })
        else { return false }
        return membership.departmentID == nil
    }

    @Sendable func setDepartment(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        guard Self.assignsDepartments(access, context) else { throw WebError.forbidden }
        let form = try await context.form(request, limit: 16 * 1024)
        do {
            try await environment.store.execute(
                SetContractDepartment(contractID: access.contract.id, departmentID: form["department"].nonEmpty),
                actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let StoreError.refused(error) {
            return try settingsPage(access, context, refusal: nil, status: .unprocessableContent, problem: error.detail ?? error.message)
        }
        return .redirect(to: RedirectTarget.saved("department", at: "/contracts/\(access.contract.id)/settings"))
    }

    @Sendable func setParameter(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let catalog = try environment.catalog(access)
        let form = try await context.form(request, limit: 256 * 1024)
        let l = context.language
        // A role that sets nothing here (an auditor) is refused as such, whatever it sent.
        guard catalog.parameters.contains(where: { Self.sets($0, access.role) }) else { throw WebError.forbidden }
        guard let parameter = catalog.parameter(form["parameter"]) else {
            throw WebError(
                .unprocessableContent, ja: "パラメータ \"\(form["parameter"])\" はこの契約のカタログにありません",
                en: "no parameter \"\(form["parameter"])\" in this contract's catalog")
        }
        guard Self.sets(parameter, access.role) else { throw WebError.forbidden }
        let narrow = form["value"].precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        // A count and a period's number are digits only (full-width accepted); a period's unit is the one chosen.
        let value: ParameterValue? =
            switch parameter.value {
            case .integer(_, let unit): Int(narrow).map { .integer($0, unit: unit) }
            case .duration: Int(narrow).flatMap { every in PeriodUnit(rawValue: form["unit"]).map { .duration(Period(every: every, unit: $0)) } }
            case .list: ParameterValue.parse(form.fields["value"] ?? "", like: parameter.value)
            }
        func refuse(_ message: LocalizedText) throws -> Response {
            try settingsPage(access, context, refusal: (parameter.id, form, message.text(l)), status: .unprocessableContent)
        }
        guard let value else {
            return try refuse(
                parameter.value.kind == "list"
                    ? Label.cannotBeRead.localized
                    : Label.enterAWholeNumberOf.localized)
        }
        do {
            try parameter.accept(value)
            try await environment.store.execute(
                SetContractParameter(contractID: access.contract.id, parameter: parameter.id, value: value),
                actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let StoreError.refused(error) {
            return try refuse(error.detail ?? error.message)
        } catch let error as CommandError {
            return try refuse(error.detail ?? error.message)
        }
        return .redirect(to: RedirectTarget.saved(parameter.id, at: "/contracts/\(access.contract.id)/settings"))
    }
}

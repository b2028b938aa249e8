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

    private static let fields = ["counterpart", "title", "number", "starts_on", "ends_on", "catalog", "department"]

    private func label(_ name: String, own: Organization) -> LocalizedText {
        switch name {
        case "counterpart": own.kind == .contractor ? Label.cityColumn.localized : Label.contractor.localized
        case "title": Label.contractTitle.localized
        case "number": Label.contractNumber.localized
        case "starts_on": Label.firstDay.localized
        case "ends_on": Label.lastDay.localized
        case "catalog": Label.clauseCatalog.localized
        default: Label.responsibleDepartment.localized
        }
    }

    private func newContractPage(
        _ context: MemberContext, values: FormData, errors: [String: String],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let l = context.language
        let state = try await environment.store.state()
        let own = try context.administeredOrganization(in: state)
        let counterparts = state.counterparts(of: own)
        let title = Label.contractCreation.localized
        guard !counterparts.isEmpty else {
            let other = OrganizationsView.kindLabel(own.kind == .contractor ? .city : .contractor)
            return PageLayout.response(
                status: status, title: title, language: l, member: context.member,
                body: """
                    <p>\(LocalizedText(ja: "契約の相手方（\(other.ja)）がまだ登録されていません。先に組織のページで登録してください。",
                                   en: "No \(other.en) to contract with yet: register one on the organizations page first.").text(l))</p>
                    <p><a class="button" href="/organizations">\(Label.toOrganizations.text(l))</a></p>
                    """)
        }
        let cities = own.kind == .city ? [own] : counterparts
        let departments: [(value: String, label: String)] = cities.flatMap { city in
            city.departments.map { (value: $0.id, label: cities.count > 1 ? "\(city.name) \($0.name)" : $0.name) }
        }
        let text = { (name: String) in label(name, own: own).text(l) }
        let labels = Self.fields.map { (name: $0, label: text($0)) }
        let body: HTML = """
            \(Field.summary(errors, labels: labels, l))<form method="post" action="/contracts/new" class="form">\
            <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
            \(Field.select("counterpart", text("counterpart"), counterparts.map { ($0.id, $0.name) }, values, errors))\
            \(Field.text("title", text("title"), values, errors, required: true))\
            \(Field.text("number", text("number"), values, errors))\
            \(Field.text("starts_on", text("starts_on"), values, errors, type: "date", required: true))\
            \(Field.text("ends_on", text("ends_on"), values, errors, type: "date", required: true))\
            \(Field.select("catalog", text("catalog"), catalogChoices(state, cities: Set(cities.map(\.id)), l), values, errors))\
            \(departments.isEmpty ? "" : Field.select("department", text("department"), [("", "—")] + departments, values, errors))\
            <p class="hint">\(Label.thenEachSideChecksAnd.text(l))</p>\
            <button type="submit">\(Label.create.text(l))</button></form>
            """
        return PageLayout.response(status: status, title: title, language: l, member: context.member, body: body)
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
            let field = error.field.flatMap { Self.fields.contains($0) ? $0 : nil }
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
        _ access: ContractAccess, _ context: MemberContext, refusal: (parameter: String, values: FormData, message: String)?,
        status: HTTPResponse.Status = .ok, problem: LocalizedText? = nil
    ) throws -> Response {
        let l = context.language
        let contract = access.contract
        let catalog = try environment.catalog(access)
        let city = access.all.organizations[contract.cityID]
        let contractor = access.all.organizations[contract.contractorID]
        let department = contract.departmentID.flatMap { city?.department($0)?.name } ?? "—"
        let facts: [(LocalizedText, String)] = [
            (Label.cityColumn.localized, city?.name ?? contract.cityID),
            (Label.responsibleDepartment.localized, department),
            (Label.contractor.localized, contractor?.name ?? contract.contractorID),
            (Label.number.localized, contract.number),
            (
                Label.contractPeriod.localized,
                l == .ja ? "\(contract.startsOn.wareki) 〜 \(contract.endsOn.wareki)" : "\(contract.startsOn) – \(contract.endsOn)"
            ),
            (Label.catalog.localized, "\(catalog.title.text(l))（\(catalog.version)）")
        ]
        let rows: [HTML] = catalog.parameters.map { parameter in
            let current = access.state.parameter(parameter.id, in: catalog) ?? parameter.value
            let changed = contract.parameters[parameter.id] != nil
            let side = OrganizationsView.kindLabel(parameter.setBy).text(l)
            var control: HTML = ""
            if Self.sets(parameter, access.role) {
                let refused = refusal?.parameter == parameter.id ? refusal : nil
                control = parameterForm(parameter, current: current, contractID: contract.id, refused: refused, context: context)
            }
            return """
                <tr id="parameter-\(parameter.id)"><th scope="row">\(parameter.title.text(l))</th><td>\(side)</td><td>\(Self.shown(parameter.value, l))</td>\
                <td>\(changed ? "<strong>\(Self.shown(current, l))</strong>" as HTML : Self.shown(current, l))</td><td>\(control)</td></tr>
                """
        }
        let factItems: [HTML] = facts.map { "<dt>\($0.0.text(l))</dt><dd>\($0.1)</dd>" }
        // The city's reviewer of no department gives the contract to a department (or to none).
        var departmentForm: HTML = ""
        if let city, !city.departments.isEmpty, Self.assignsDepartments(access, context) {
            let options: [HTML] = ([("", "—")] + city.departments.map { ($0.id, $0.name) }).map { option in
                "<option value=\"\(option.0)\"\(HTML(raw: (contract.departmentID ?? "") == option.0 ? " selected" : ""))>\(option.1)</option>"
            }
            departmentForm = """
                <form method="post" action="/contracts/\(contract.id)/department" class="inline parameter">\
                <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                <label>\(Label.responsibleDepartment.text(l))<select name="department">\(options)</select></label>\
                <button type="submit">\(Label.changeTheDepartment.text(l))</button></form>
                """
        }
        // A refused value is named at the top too, linking to its row (the row may be far down the page).
        let summary: HTML =
            refusal.flatMap { refused in catalog.parameter(refused.parameter) }.map { parameter in
                """
                <div class="error-summary" role="alert"><p>\(Label.pleaseCheck1Field.text(l))</p>\
                <ul><li><a href="#value-\(parameter.id)">\(parameter.title.text(l))：\(refusal?.message ?? "")</a></li></ul></div>
                """
            } ?? problem.map { "<p class=\"error\" role=\"alert\">\($0.text(l))</p>" } ?? ""
        // A saved value is confirmed by its name, not its ID.
        var member = context.member
        if let saved = member.saved, let parameter = catalog.parameter(saved) { member.saved = parameter.title.text(l) }
        if member.saved == "department" { member.saved = Label.responsibleDepartmentWord.text(l) }
        let body: HTML = """
            <p class="contract-title">\(contract.title)</p>
            \(ContractNavigation.tabs(contract.id, l))\(summary)
            <dl class="facts">\(factItems)</dl>\(departmentForm)
            <h2>\(Label.contractParameters.text(l))</h2>
            <p class="hint">\(Label.theCitysReviewerSetsThe.text(l))</p>
            <table class="grid parameters"><thead><tr><th>\(Label.item.text(l))</th>\
            <th>\(Label.setBy.text(l))</th><th>\(Label.defaultValue.text(l))</th>\
            <th>\(Label.thisContract.text(l))</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(
            status: status, title: Label.contractSettings.localized, language: l,
            member: member, body: body)
    }

    /// A value as the settings show it: a list's names (programs the agent looks for, as the catalog spells them) each
    /// as code, a count or a period in words.
    private static func shown(_ value: ParameterValue, _ l: Language) -> HTML {
        guard case .list(let items) = value else { return "\(value.label.text(l))" }
        return HTML(joining: items.map { "<code>\($0)</code>" }, separator: l == .ja ? "、" : ", ")
    }

    private func parameterForm(
        _ parameter: CatalogParameter, current: ParameterValue, contractID: String,
        refused: (parameter: String, values: FormData, message: String)?, context: MemberContext
    ) -> HTML {
        let l = context.language
        let id = "value-\(parameter.id)"
        let label = "\(parameter.title.text(l))：\(Label.newValue.text(l))"
        let input: HTML
        switch current {
        case .integer(let value, _):
            input =
                "<input id=\"\(id)\" name=\"value\" inputmode=\"numeric\" size=\"6\" aria-label=\"\(label)\" value=\"\(refused?.values["value"] ?? "\(value)")\">"
        case .duration(let period):
            let unit = refused?.values["unit"] ?? period.unit.rawValue
            let units: [HTML] = PeriodUnit.allCases.map {
                "<option value=\"\($0.rawValue)\"\(HTML(raw: unit == $0.rawValue ? " selected" : ""))>\($0.label.text(l))</option>"
            }
            input = """
                <input id="\(id)" name="value" inputmode="numeric" size="5" aria-label="\(label)" value="\(refused?.values["value"] ?? "\(period.every)")">\
                <select name="unit" aria-label="\(parameter.title.text(l))：\(Label.unit.text(l))">\(units)</select>
                """
        case .list(let items):
            input =
                "<textarea id=\"\(id)\" name=\"value\" rows=\"3\" aria-label=\"\(label)\">\(refused?.values.fields["value"] ?? items.joined(separator: "\n"))</textarea>"
        }
        let error: HTML = refused.map { "<span class=\"field-error\" role=\"alert\">\($0.message)</span>" } ?? ""
        return """
            <form method="post" action="/contracts/\(contractID)/settings" class="inline parameter">\
            <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)"><input type="hidden" name="parameter" value="\(parameter.id)">\
            \(input)<button type="submit">\(Label.set.text(l))</button>\(error)</form>
            """
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

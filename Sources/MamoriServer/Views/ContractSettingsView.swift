import MamoriCore
import MamoriStore

/// A contract's facts and parameters: each parameter with the side that sets it, its default and this contract's
/// value, and the form that changes it for whoever sets it; the city's department for the reviewer who assigns
/// departments (`/contracts/{contract}/settings`).
struct ContractSettingsView: PageView {
    /// A refused value: the parameter, what was sent and what is wrong.
    typealias Refusal = (parameter: String, values: FormData, message: String)

    let language: Language
    var access: ContractAccess
    var catalog: Catalog
    /// The parameters the member sets.
    var settable: Set<String>
    /// Whether the member gives the contract to a department.
    var assignsDepartments: Bool
    var refusal: Refusal?
    var problem: LocalizedText?
    var csrfToken: String

    var title: LocalizedText { Label.contractSettings.localized }

    var body: HTML {
        let l = language
        let contract = access.contract
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
            let control: HTML =
                settable.contains(parameter.id)
                ? form(parameter, current: current, refused: refusal?.parameter == parameter.id ? refusal : nil) : ""
            return """
                <tr id="parameter-\(parameter.id)"><th scope="row">\(parameter.title.text(l))</th><td>\(OrganizationsView.kindLabel(parameter.setBy).text(l))</td>\
                <td>\(Self.shown(parameter.value, l))</td>\
                <td>\(changed ? "<strong>\(Self.shown(current, l))</strong>" as HTML : Self.shown(current, l))</td><td>\(control)</td></tr>
                """
        }
        let factItems: [HTML] = facts.map { "<dt>\($0.0.text(l))</dt><dd>\($0.1)</dd>" }
        // The city's reviewer of no department gives the contract to a department (or to none).
        var departmentForm: HTML = ""
        if let city, !city.departments.isEmpty, assignsDepartments {
            let options: [HTML] = ([("", "—")] + city.departments.map { ($0.id, $0.name) }).map { option in
                "<option value=\"\(option.0)\"\(HTML(raw: (contract.departmentID ?? "") == option.0 ? " selected" : ""))>\(option.1)</option>"
            }
            departmentForm = """
                <form method="post" action="/contracts/\(contract.id)/department" class="inline parameter">\
                <input type="hidden" name="_csrf" value="\(csrfToken)">\
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
        return """
            <p class="contract-title">\(contract.title)</p>
            \(ContractNavigation.tabs(contract.id, l))\(summary)
            <dl class="facts">\(factItems)</dl>\(departmentForm)
            <h2>\(Label.contractParameters.text(l))</h2>
            <p class="hint">\(Label.theCitysReviewerSetsThe.text(l))</p>
            <table class="grid parameters"><thead><tr><th>\(Label.item.text(l))</th>\
            <th>\(Label.setBy.text(l))</th><th>\(Label.defaultValue.text(l))</th>\
            <th>\(Label.thisContract.text(l))</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// A value as the settings show it: a list's names (programs the agent looks for, as the catalog spells them) each
    /// as code, a count or a period in words.
    private static func shown(_ value: ParameterValue, _ l: Language) -> HTML {
        guard case .list(let items) = value else { return "\(value.label.text(l))" }
        return HTML(joining: items.map { "<code>\($0)</code>" }, separator: l == .ja ? "、" : ", ")
    }

    /// The form that sets one parameter, with what was refused in it.
    private func form(_ parameter: CatalogParameter, current: ParameterValue, refused: Refusal?) -> HTML {
        let l = language
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
            <form method="post" action="/contracts/\(access.contract.id)/settings" class="inline parameter">\
            <input type="hidden" name="_csrf" value="\(csrfToken)"><input type="hidden" name="parameter" value="\(parameter.id)">\
            \(input)<button type="submit">\(Label.set.text(l))</button>\(error)</form>
            """
    }
}

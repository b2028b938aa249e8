import MamoriCore
import MamoriStore

/// A new contract with an organization of the other side, on a catalog, for a department of the city where there
/// are departments (`/contracts/new`); where there is no other side yet, the way to register one.
struct NewContractView: PageView {
    let language: Language
    var own: Organization
    var counterparts: [Organization]
    /// The catalogs the contract may be made on (value, words).
    var catalogs: [(value: String, label: String)]
    /// The city's departments (value, words), where it has any.
    var departments: [(value: String, label: String)]
    var values: FormData
    var errors: [String: String]
    var csrfToken: String

    var title: LocalizedText { Label.contractCreation.localized }

    /// The form's fields, in order.
    static let fields = ["counterpart", "title", "number", "starts_on", "ends_on", "catalog", "department"]

    /// A field's label, as the side making the contract calls the other.
    static func label(_ name: String, own: Organization) -> LocalizedText {
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

    var body: HTML {
        let l = language
        guard !counterparts.isEmpty else {
            let other = OrganizationsView.kindLabel(own.kind == .contractor ? .city : .contractor)
            return """
                <p>\(LocalizedText(ja: "契約の相手方（\(other.ja)）がまだ登録されていません。先に組織のページで登録してください。",
                                   en: "No \(other.en) to contract with yet: register one on the organizations page first.").text(l))</p>
                <p><a class="button" href="/organizations">\(Label.toOrganizations.text(l))</a></p>
                """
        }
        let text = { (name: String) in Self.label(name, own: own).text(l) }
        let labels = Self.fields.map { (name: $0, label: text($0)) }
        return """
            \(Field.summary(errors, labels: labels, l))<form method="post" action="/contracts/new" class="form">\
            <input type="hidden" name="_csrf" value="\(csrfToken)">\
            \(Field.select("counterpart", text("counterpart"), counterparts.map { ($0.id, $0.name) }, values, errors))\
            \(Field.text("title", text("title"), values, errors, required: true))\
            \(Field.text("number", text("number"), values, errors))\
            \(Field.text("starts_on", text("starts_on"), values, errors, type: "date", required: true))\
            \(Field.text("ends_on", text("ends_on"), values, errors, type: "date", required: true))\
            \(Field.select("catalog", text("catalog"), catalogs, values, errors))\
            \(departments.isEmpty ? "" : Field.select("department", text("department"), [("", "—")] + departments, values, errors))\
            <p class="hint">\(Label.thenEachSideChecksAnd.text(l))</p>\
            <button type="submit">\(Label.create.text(l))</button></form>
            """
    }
}

import Foundation
import Hummingbird
import MamoriCore

/// The roster with photos (opened from the vault only for members of the contract) and the form that adds a person
/// (`/contracts/{contract}/people`).
struct RosterView: PageView {
    let language: Language
    var request: Request
    var access: ContractAccess
    var table: ListTable
    var scene: FormContext

    var title: LocalizedText { Label.staffRoster.localized }

    /// The people as a list, for the page and its downloads; those who left on `today` or before marked.
    static func table(_ access: ContractAccess, today: Day, _ l: Language) -> ListTable {
        let rows: [ListTable.Row] = access.state.people.values.sorted { $0.id < $1.id }.map { person in
            let photo: HTML =
                person.photo == nil ? "—" : "<img class=\"photo\" alt=\"\(person.name)\" src=\"/contracts/\(access.contract.id)/people/\(person.id)/photo\">"
            return ListTable.Row(
                [
                    ListTable.Cell(person.photo == nil ? "" : Label.present.text(l), html: photo),
                    ListTable.Cell(person.name, link: "/contracts/\(access.contract.id)/records/person/\(person.id)"), "\(person.role.label.text(l))",
                    "\(person.scope)", "\(person.joinedOn.wareki) 〜 \(person.leftOn?.wareki ?? "")"
                ], style: person.isActive(on: today) ? nil : "left")
        }
        return ListTable(
            title: Label.staffRoster.localized,
            columns: [Label.photo.localized, Label.name.localized, Label.roleCategory.localized, Label.scope.localized, Label.servicePeriod.localized],
            rows: rows)
    }

    var body: HTML {
        """
        \(ContractNavigation.tabs(access.contract.id, language))
        \(table.html(request, language))
        \(personForm)
        """
    }

    /// The person form of ``RecordKinds`` (with the photo), coming back to the roster, where the member may add one.
    private var personForm: HTML {
        guard let create = RecordKinds.person.create, create.permitted(access.role) else { return "" }
        let base = "/contracts/\(access.contract.id)"
        return """
            <h2>\(Label.addAPerson.text(language))</h2>\
            \(scene.form(create, action: "\(base)/records/person", input: nil, problems: nil, returnTo: "\(base)/people"))
            <p><a href="\(base)/records/person">\(Label.recordADeparture.text(language))</a></p>
            """
    }
}

import Foundation
import Hummingbird
import MamoriCore

/// The roster with photos (opened from the vault only for members of the contract) and the form that adds a person
/// (`/contracts/{contract}/people`).
struct RosterView: PageView {
    let language: Language
    var request: Request
    var contractID: String
    var table: ListTable
    /// The person form, where the member may add one.
    var form: HTML

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
        \(ContractNavigation.tabs(contractID, language))
        \(table.html(request, language))
        \(form)
        """
    }
}

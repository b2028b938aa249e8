import Hummingbird
import MamoriCore

/// A section of a contract that is one list — the provided data, the requests to the city, the incidents — under the
/// contract's tabs, with the section's primary action where the member may take it (受領する, 申請する, 報告する).
struct ContractListView: PageView {
    let language: Language
    var title: LocalizedText
    var request: Request
    var access: ContractAccess
    var table: ListTable
    /// The kind of record the section adds, and what its button says.
    var action: (kind: RecordKind, label: LocalizedText)

    var body: HTML {
        """
        \(ContractNavigation.tabs(access.contract.id, language))\(ContractNavigation.primaryAction(action.kind, action.label, access, language))
        \(table.html(request, language))
        """
    }
}

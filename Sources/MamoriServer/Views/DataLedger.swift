import Hummingbird
import MamoriCore

/// The provided-data ledger as a list (`/contracts/{contract}/data`): every asset with its counters and where it stands.
enum DataLedger {
    /// The assets as a list, for the page and its downloads.
    static func table(_ access: ContractAccess, _ l: Language) -> ListTable {
        let rows: [ListTable.Row] = access.state.assets.values.sorted { ($0.receivedOn, $0.id) < ($1.receivedOn, $1.id) }.map { asset in
            let ledger = access.state.ledgers[asset.id]
            let copies = ledger.map { $0.copiesMade.map(\.grouped) ?? ClauseStatus.unevaluable.label.text(l) } ?? "0"
            let state =
                ledger?.final.map { final in
                    // Copies made and not gone with it: the return or destruction is not complete.
                    let out = (ledger?.copiesMade ?? 0) - (final.copies ?? 0)
                    let missing = out > 0 ? LocalizedText(ja: "（複写 \(out) 部未了）", en: " (\(out) copies not)").text(l) : ""
                    return "\(final.kind.label.text(l)) \(Day(final.occurredAt).wareki)\(missing)"
                }
                ?? LocalizedText(ja: "保管中（期限 \(asset.returnDue.wareki)）", en: "held (due \(asset.returnDue.description))").text(l)
            return ListTable.Row([
                ListTable.Cell(asset.id, link: "/contracts/\(access.contract.id)/data/\(asset.id)"), "\(asset.name)", "\(asset.medium)",
                "\(asset.recordCount.grouped)", "\(copies) / \(asset.permittedCopies.grouped)", "\(state)"
            ])
        }
        return ListTable(
            title: Label.providedData.localized,
            columns: [
                Label.id.localized, Label.entityName.localized, Label.medium.localized, Label.recordCount.localized,
                Label.copiesPermitted.localized, Label.state.localized
            ], rows: rows)
    }

}

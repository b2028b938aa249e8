import Hummingbird
import MamoriCore

/// The contract's requests to the city as a list (`/contracts/{contract}/approvals`): newest first, each with its
/// decision; for the city's reviewer, the form that decides a pending one.
enum ApprovalList {
    /// A decision sent back: the approval it was for, the comment as written, and what was wrong.
    struct Returned {
        var approvalID: String
        var note: String
        var problem: LocalizedText
    }

    /// The requests as a list, for the page and its downloads, with the decision form where the member decides; a
    /// decision sent back (`returned`) shows its form with the comment as written and what was wrong.
    static func table(_ access: ContractAccess, catalog: Catalog, csrfToken: String, returned: Returned? = nil, _ l: Language) -> ListTable {
        let people = access.state.people
        let rows: [ListTable.Row] = access.state.approvals.values.sorted { $0.requestedAt > $1.requestedAt }.map { approval in
            var action: HTML = ""
            if approval.decision == .pending, access.role.decidesApprovals {
                // The city's decision: a comment or conditions with it, and a confirmation (it cannot be undone by the city
                // from here: a correction is a new entry).
                let back = returned?.approvalID == approval.id ? returned : nil
                let problem: HTML = back.map { "<p class=\"field-error\" role=\"alert\">\($0.problem.text(l))</p>" } ?? ""
                action = """
                    <form method="post" action="/contracts/\(access.contract.id)/approvals/\(approval.id)/decision" class="form step">\
                    <input type="hidden" name="_csrf" value="\(csrfToken)">\(problem)\
                    <label>\(Label.commentOrConditionsOptional.text(l))\
                    <textarea name="note" rows="2" maxlength="\(DecideApproval.noteLimit)">\(back?.note ?? "")</textarea></label>\
                    <label class="check"><input type="checkbox" name="confirm" required>\
                    \(Label.iHaveReadTheRequest.text(l))</label>\
                    <button name="decision" value="granted">\(Label.grant.text(l))</button>\
                    <button name="decision" value="denied" class="deny">\(Label.deny.text(l))</button></form>
                    """
            }
            let requester = people[approval.requestedBy]?.name ?? approval.requestedBy
            let decided =
                approval.decidedAt.map { at in
                    "\(approval.decision.label.text(l))（\(approval.decidedBy ?? "")、\(at.warekiTime)）\(approval.note.isEmpty ? "" : "\n\(approval.note)")"
                } ?? "\(approval.decision.label.text(l))"
            return ListTable.Row(
                [
                    "\(approval.id)", "\(catalog.approvalLabel(approval.kind).text(l))", "\(approval.subject)",
                    "\(requester)\n\(approval.requestedAt.warekiTime)", "\(decided)", ListTable.Cell("", html: action)
                ], id: approval.id)
        }
        return ListTable(
            title: Label.approvals.localized,
            columns: [Label.id.localized, Label.kind.localized, Label.content.localized, Label.requestedByAt.localized, Label.decision.localized, nil],
            rows: rows)
    }

}

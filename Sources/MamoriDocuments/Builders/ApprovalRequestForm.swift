import MamoriCore

/// The request forms: 機器持込承認申請書 and 持出許可申請書, one per request of the approval kinds the catalog files under
/// the form (`document:`), with the city's decision, or a blank form when there is none yet.
enum ApprovalRequestForm {
    static func make(_ kind: DocumentKind, _ context: DocumentContext) -> SubmissionDocument {
        let title = kind == .carryInRequest ? "機器持込承認申請書" : "持出許可申請書"
        let kinds = Set(context.catalog.approvalKinds.filter { $0.document == kind }.map(\.id))
        let requests = context.state.approvals.values.filter { kinds.contains($0.kind) }
            .sorted { ($0.requestedAt, RecordOrder($0.id)) < ($1.requestedAt, RecordOrder($1.id)) }
        var sheets = requests.map { sheet(title, context, $0) }
        if sheets.isEmpty { sheets.append(sheet(title, context, nil)) }
        return SubmissionDocument(kind: kind, title: title, sheets: sheets)
    }

    private static func sheet(_ title: String, _ context: DocumentContext, _ request: Approval?) -> DocumentSheet {
        let asset = request?.assetID.flatMap { context.state.assets[$0] }
        var head = context.letterhead()
        if let request { head.date = Day(request.requestedAt) }
        var blocks: [DocumentBlock] = [
            .letterhead(head), .heading(title),
            .paragraph("標記の契約の業務について、下記のとおり申請します。"), .fields(context.contractFields)
        ]
        blocks.append(
            .fields([
                DocumentField("申請番号", request?.id ?? ""),
                DocumentField("申請の種類", request.map { context.catalog.approvalLabel($0.kind).ja } ?? ""),
                DocumentField("対象（機器の型番・製造番号、データ・媒体）", request?.subject ?? ""),
                DocumentField("提供データ", asset.map { "\($0.name)（\($0.id)）" } ?? ""),
                DocumentField("申請日", request.map { Day($0.requestedAt).wareki } ?? ""),
                DocumentField("申請者", request.map { context.name(of: $0.requestedBy) } ?? ""),
                // The applicant's remark while the request waits; once decided, the note is the city's (below).
                DocumentField("備考", request.map { $0.decision == .pending ? $0.note : "" } ?? "")
            ]))
        blocks += [
            .subheading("区記入欄"),
            .fields([
                DocumentField("決定", request.map(decision) ?? "承認　・　不承認"),
                DocumentField("決定日", request?.decidedAt.map { Day($0).wareki } ?? ""),
                DocumentField("決定者", request?.decidedBy ?? ""),
                DocumentField("条件・コメント", request.map { $0.decision == .pending ? "" : $0.note } ?? "")
            ]), .signatures(["区 担当者", "区 承認印"])
        ]
        return DocumentSheet(name: request.map { "\($0.id)" } ?? title, blocks: blocks)
    }

    private static func decision(_ request: Approval) -> String {
        switch request.decision {
        case .pending: "審査中"
        case .granted: "承認"
        case .denied: "不承認"
        }
    }
}

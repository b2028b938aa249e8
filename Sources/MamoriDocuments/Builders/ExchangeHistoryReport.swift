import MamoriCore

/// 提供データ交換履歴: for every provided asset, its receipt and every use, copy, transfer, take-out, return and
/// destruction, in order; an event voided as recorded in error stays, marked 取消 with the reason and when.
enum ExchangeHistoryReport {
    static func make(_ context: DocumentContext) throws -> SubmissionDocument {
        let events = Dictionary(grouping: try context.events(), by: \.assetID)
        var rows: [[DocumentCell]] = []
        for asset in context.state.assets.values.sorted(by: { ($0.receivedOn, RecordOrder($0.id)) < ($1.receivedOn, RecordOrder($1.id)) }) {
            rows.append([
                .text(asset.id), .text(asset.name), .text(asset.receivedOn.wareki), .text("受領"), .text(""),
                .text("\(asset.medium)、\(asset.recordCount.grouped) 件、保管: \(asset.storageLocation)")
            ])
            let history = (events[asset.id] ?? []).sorted { ($0.occurredAt, RecordOrder($0.id)) < ($1.occurredAt, RecordOrder($1.id)) }
            for event in history {
                let void = context.state.voids[event.id]
                let voided = void.map { "【取消 \($0.voidedAt.warekiTime)、理由: \($0.reason)】" } ?? ""
                rows.append([
                    .text(asset.id), .text(asset.name), .text(event.occurredAt.warekiTime),
                    .text(event.kind.label.ja + (void == nil ? "" : "（取消）")), .text(context.name(of: event.personID)),
                    .text(voided + (try detail(event, context)))
                ])
            }
        }
        let table = DocumentTable(columns: ["ID", "提供データ", "日時", "区分", "担当者", "内容"], rows: rows)
        var blocks = context.opening("提供データ交換履歴", "標記の契約により提供を受けたデータ・資料の受領から返還・廃棄までの履歴を報告します。")
        blocks.append(.table(table))
        return SubmissionDocument(
            kind: .exchangeHistory, title: "提供データ交換履歴",
            sheets: [DocumentSheet(name: "交換履歴", blocks: blocks)], records: table)
    }

    private static func detail(_ event: DataEvent, _ context: DocumentContext) throws -> String {
        var parts: [String] = []
        switch event.kind {
        case .use: parts.append("目的: \(event.purpose ?? "")")
        case .copy:
            parts.append("複写 \(event.copies ?? 0) 部")
            if let approval = event.approvalID { parts.append("承認: \(approval)") }
        case .transfer:
            let recipient = try event.recipient.map { try context.openText($0) } ?? ""
            parts.append("提供先: \(recipient)\(event.toCity == true ? "（\(context.catalog.cityWord)）" : "（\(context.catalog.cityWord)以外）")")
        case .takeout:
            parts.append("持出先: \(event.destination ?? "")")
            if let purpose = event.purpose { parts.append("理由: \(purpose)") }
            parts.append(event.approvalID.map { "承認: \($0)" } ?? "承認なし")
        case .return:
            parts.append("\(context.catalog.cityWord)へ返還")
            if let copies = event.copies, copies > 0 { parts.append("複写 \(copies) 部を含む") }
        case .destruction:
            if let erasure = event.erasure {
                parts.append("\(erasure.method.label.ja)\(erasure.passes.map { " \($0) 回" } ?? "")、作業者 \(erasure.operatorName)")
            }
            if let copies = event.copies, copies > 0 { parts.append("複写 \(copies) 部を含む") }
        }
        if let protection = event.protection { parts.append("運搬時の保護: \(protection)") }
        if !event.note.isEmpty { parts.append(event.note) }
        return parts.joined(separator: "、")
    }
}

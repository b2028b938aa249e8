import MamoriCore

/// 返還・廃棄報告書 with a データ消去証明書 for each destruction: data items, medium, quantity, method, passes, media
/// serial numbers, operator, witness, date.
enum ReturnDestructionReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let assets = context.state.assets.values.sorted { ($0.receivedOn, RecordOrder($0.id)) < ($1.receivedOn, RecordOrder($1.id)) }
        var rows: [[DocumentCell]] = []
        var certificates: [DocumentSheet] = []
        for asset in assets {
            guard let final = context.state.ledgers[asset.id]?.final else {
                rows.append(row(asset, outcome: "未了（期限 \(asset.returnDue.wareki)）", day: "", method: "", person: ""))
                continue
            }
            let day = Day(final.occurredAt)
            let method = final.erasure.map { $0.method.label.ja } ?? "区へ返還"
            // The copies that went with the data, and those that did not.
            let made = context.state.ledgers[asset.id]?.copiesMade ?? 0
            let disposed = final.copies ?? 0
            let copies =
                made == 0 && disposed == 0
                ? "" : disposed >= made ? "（複写 \(disposed) 部を含む）" : "（複写 \(made) 部のうち \(disposed) 部のみ、\(made - disposed) 部は未了）"
            rows.append(row(asset, outcome: final.kind.label.ja + copies, day: day.wareki, method: method, person: context.name(of: final.personID)))
            if let erasure = final.erasure { certificates.append(certificate(context, asset, final, erasure)) }
        }
        var blocks = context.opening("提供データ返還・廃棄報告書", "標記の契約により提供を受けた個人情報等の返還・廃棄の状況を下記のとおり報告します。")
        let table = DocumentTable(columns: ["提供データ", "項目", "媒体", "件数", "処理", "実施日", "方法", "担当者"], rows: rows)
        blocks.append(.table(table))
        return SubmissionDocument(
            kind: .returnDestructionReport, title: "提供データ返還・廃棄報告書",
            sheets: [DocumentSheet(name: "返還・廃棄報告", blocks: blocks)] + certificates, records: table)
    }

    private static func row(_ asset: DataAsset, outcome: String, day: String, method: String, person: String) -> [DocumentCell] {
        [
            .text(asset.name), .text(asset.items.joined(separator: "、")), .text(asset.medium), .number(asset.recordCount),
            .text(outcome), .text(day), .text(method), .text(person)
        ]
    }

    private static func certificate(_ context: DocumentContext, _ asset: DataAsset, _ event: DataEvent, _ erasure: Erasure) -> DocumentSheet {
        var blocks: [DocumentBlock] = [
            .letterhead(context.letterhead()), .heading("データ消去証明書"),
            .paragraph("下記の提供データについて、復元できない方法により消去・廃棄したことを証明します。")
        ]
        blocks.append(
            .fields([
                DocumentField("提供データ", "\(asset.name)（\(asset.id)）"),
                DocumentField("データ項目", asset.items.joined(separator: "、")),
                DocumentField("媒体", asset.medium),
                DocumentField("数量", "\(asset.recordCount.grouped) 件"),
                DocumentField("消去方法", erasure.method.label.ja + "（NIST SP 800-88）"),
                DocumentField("上書き回数", erasure.passes.map { "\($0) 回" } ?? "—"),
                DocumentField("媒体のシリアル番号", erasure.mediaSerials.isEmpty ? "—" : erasure.mediaSerials.joined(separator: "\n")),
                DocumentField("作業者", erasure.operatorName),
                DocumentField("立会者", erasure.witness.isEmpty ? "—" : erasure.witness),
                DocumentField("実施日時", event.occurredAt.warekiTime),
                DocumentField("責任者", context.responsiblePerson?.name ?? "—"),
                DocumentField("備考", event.note)
            ]))
        blocks.append(.signatures(["作業者", "立会者", "責任者"]))
        return DocumentSheet(name: "消去証明 \(asset.id)", blocks: blocks)
    }
}

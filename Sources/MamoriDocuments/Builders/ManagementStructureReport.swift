import MamoriCore

/// 個人情報取扱管理体制報告書: responsible person, supervisors and staff with their scope, work location, data storage,
/// emergency contacts and safeguards.
enum ManagementStructureReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let people = context.roster.filter { $0.isActive(on: context.today) }
        let staff = DocumentTable(
            columns: ["区分", "氏名", "担当業務", "従事開始日"],
            rows: people.map {
                [.text($0.role.label.ja), .text($0.name), .text($0.scope), .text($0.joinedOn.wareki)]
            })
        let structure = context.state.currentStructure
        let missing = "（未登録: Mamori の「記録 → 管理体制」で登録してください）"
        var blocks = context.opening("個人情報取扱管理体制報告書", "標記の契約について、個人情報の取扱いに係る管理体制を下記のとおり報告します。")
        blocks += [
            .subheading("1　管理体制（責任者・監督者・従事者）"), .table(staff),
            .subheading("2　作業場所及び提供データの保管場所"),
            .fields([
                DocumentField("作業場所", structure?.workLocation ?? missing),
                DocumentField("保管場所", structure?.storageLocation ?? missing)
            ]),
            .subheading("3　緊急連絡先"),
            .table(
                DocumentTable(
                    columns: ["順位", "氏名", "役職", "電話番号"],
                    rows: (structure?.emergencyContacts ?? []).enumerated().map {
                        [.number($0.offset + 1), .text($0.element.name), .text($0.element.position), .text($0.element.phone)]
                    })),
            .subheading("4　安全管理措置"),
            .table(
                DocumentTable(
                    columns: ["区分", "項目", "措置の内容", "見直し日"],
                    rows: context.state.safeguards.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }.map {
                        [.text($0.category.label.ja), .text($0.title), .text($0.measure), .text($0.reviewedOn.wareki)]
                    }))
        ]
        return SubmissionDocument(
            kind: .managementStructure, title: "個人情報取扱管理体制報告書",
            sheets: [DocumentSheet(name: "管理体制報告", blocks: blocks)], records: staff)
    }
}

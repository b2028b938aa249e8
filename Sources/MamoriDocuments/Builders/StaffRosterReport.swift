import MamoriCore

/// 従事者名簿: everyone on the contract with photo, role, scope, period and ID check.
enum StaffRosterReport {
    static func make(_ context: DocumentContext) throws -> SubmissionDocument {
        let checks = Dictionary(grouping: context.state.idChecks.values, by: \.personID)
        var rows: [[DocumentCell]] = []
        var records: [[DocumentCell]] = []
        for (index, person) in context.roster.enumerated() {
            let check = checks[person.id]?.max { $0.checkedOn < $1.checkedOn }
            let checked = check.map { "確認済 \($0.checkedOn.wareki)（\($0.checkedBy)）" } ?? "未確認"
            let period = "\(person.joinedOn.wareki) 〜 \(person.leftOn?.wareki ?? "")"
            let photo: DocumentCell = try person.photo.map { .photo(try context.open($0)) } ?? .text("（写真なし）")
            rows.append([
                .number(index + 1), photo, .text(person.name), .text(person.role.label.ja), .text(person.scope),
                .text(period), .text(checked)
            ])
            records.append([
                .number(index + 1), .text(person.id), .text(person.name), .text(person.role.label.ja), .text(person.scope),
                .text(person.joinedOn.description), .text(person.leftOn?.description ?? ""),
                .text(check?.checkedOn.description ?? "")
            ])
        }
        var blocks = context.opening("従事者名簿", "標記の契約に従事する者を下記のとおり報告します。")
        blocks.append(.table(DocumentTable(columns: ["No.", "写真", "氏名", "区分", "担当業務", "従事期間", "本人確認"], rows: rows)))
        return SubmissionDocument(
            kind: .staffRoster, title: "従事者名簿", sheets: [DocumentSheet(name: "従事者名簿", blocks: blocks)],
            records: DocumentTable(columns: ["No.", "ID", "氏名", "区分", "担当業務", "従事開始日", "従事終了日", "本人確認日"], rows: records))
    }
}

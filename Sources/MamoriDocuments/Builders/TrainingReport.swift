import MamoriCore

/// 研修実施報告書: each session with date, trainer, content, materials and attendees, then whether every person on
/// the contract today has been trained.
enum TrainingReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let sessions = context.state.trainings.values.sorted { ($0.heldOn, RecordOrder($0.id)) < ($1.heldOn, RecordOrder($1.id)) }
        var sheets: [DocumentSheet] = []
        var records: [[DocumentCell]] = []
        for session in sessions {
            var blocks = context.opening("研修実施報告書", "標記の契約に係る個人情報保護・情報セキュリティの研修を下記のとおり実施したので報告します。")
            blocks.append(
                .fields([
                    DocumentField("研修名", session.title), DocumentField("実施日", session.heldOn.wareki),
                    DocumentField("講師", session.trainer), DocumentField("内容", session.content),
                    DocumentField("使用資料", session.materials.joined(separator: "\n")),
                    DocumentField("受講者数", "\(session.attendees.count) 名")
                ]))
            let attendees = session.attendees.enumerated().map { index, id -> [DocumentCell] in
                [.number(index + 1), .text(context.name(of: id)), .text(context.state.people[id]?.role.label.ja ?? "")]
            }
            blocks += [.subheading("受講者"), .table(DocumentTable(columns: ["No.", "氏名", "区分"], rows: attendees))]
            sheets.append(DocumentSheet(name: "研修 \(session.heldOn)", blocks: blocks))
            records += session.attendees.map {
                [.text(session.heldOn.description), .text(session.title), .text(session.trainer), .text($0), .text(context.name(of: $0))]
            }
        }
        sheets.append(coverage(context, sessions))
        return SubmissionDocument(
            kind: .trainingReport, title: "研修実施報告書", sheets: sheets,
            records: DocumentTable(columns: ["実施日", "研修名", "講師", "受講者ID", "受講者"], rows: records))
    }

    /// Every person on the contract today and the last session they attended.
    private static func coverage(_ context: DocumentContext, _ sessions: [TrainingSession]) -> DocumentSheet {
        let active = context.roster.filter { $0.isActive(on: context.today) }
        var trained = 0
        let rows = active.map { person -> [DocumentCell] in
            let last = sessions.last { $0.attendees.contains(person.id) }
            if last != nil { trained += 1 }
            return [.text(person.name), .text(person.role.label.ja), .text(last?.heldOn.wareki ?? "—"), .text(last == nil ? "未受講" : "受講済")]
        }
        return DocumentSheet(
            name: "受講状況",
            blocks: [
                .heading("研修受講状況（全従事者）"),
                .paragraph("\(context.today.wareki)現在、従事者 \(active.count) 名のうち \(trained) 名が受講済み、\(active.count - trained) 名が未受講です。"),
                .table(DocumentTable(columns: ["氏名", "区分", "最終受講日", "状況"], rows: rows))
            ])
    }
}

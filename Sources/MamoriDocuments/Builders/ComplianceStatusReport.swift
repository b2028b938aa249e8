import MamoriCore

/// 遵守状況報告書: every clause of the annex with its status, the reasons and the records behind it.
enum ComplianceStatusReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let evaluations = ComplianceEvaluator(catalog: context.catalog).evaluate(context.state, now: context.now, devices: context.devices)
        let clauses = Dictionary(uniqueKeysWithValues: context.catalog.clauses.map { ($0.id, $0) })
        let counts = Dictionary(grouping: evaluations, by: \.status).mapValues(\.count)
        let summary = ClauseStatus.allCases.sorted().reversed().map { "\($0.label.ja) \(counts[$0] ?? 0) 件" }.joined(separator: "、")
        let table = DocumentTable(
            columns: ["条項", "遵守事項", "状況", "理由", "根拠記録"],
            rows: evaluations.map { evaluation in
                [
                    .text(evaluation.clauseID), .text(clauses[evaluation.clauseID]?.title.ja ?? ""), .text(evaluation.status.label.ja),
                    .text(evaluation.reasons.map(\.ja).joined(separator: "\n")), .text(evaluation.evidence.joined(separator: ", "))
                ]
            })
        var blocks = context.opening("遵守状況報告書", "標記の契約の個人情報取扱特記事項及び情報セキュリティ遵守事項の遵守状況を下記のとおり報告します。")
        blocks += [
            .fields([
                DocumentField("評価日時", context.now.warekiTime),
                DocumentField("特記事項", "\(context.catalog.title.ja)（版 \(context.catalog.version)）"),
                DocumentField("集計", summary)
            ]),
            .table(table)
        ]
        return SubmissionDocument(
            kind: .complianceStatus, title: "遵守状況報告書",
            sheets: [DocumentSheet(name: "遵守状況", blocks: blocks)], records: table)
    }
}

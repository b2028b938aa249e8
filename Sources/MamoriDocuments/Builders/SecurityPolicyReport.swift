import MamoriCore

/// 情報セキュリティ方針 提出書: the policy in force and its submission, with every version.
enum SecurityPolicyReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let versions = context.state.policies.values.sorted { ($0.adoptedOn, RecordOrder($0.id)) < ($1.adoptedOn, RecordOrder($1.id)) }
        var blocks = context.opening("情報セキュリティ方針 提出書", "当社の情報セキュリティ方針を下記のとおり提出します。")
        if let current = versions.last {
            blocks.append(.subheading("現行の方針"))
            blocks.append(
                .fields([
                    DocumentField("名称", current.title), DocumentField("版", current.version),
                    DocumentField("制定日", current.adoptedOn.wareki),
                    DocumentField("区への提出日", current.submittedOn?.wareki ?? "未提出"),
                    DocumentField("文書の SHA-256", current.fileDigest ?? "（文書ファイルの登録なし）")
                ]))
        } else {
            blocks.append(.paragraph("情報セキュリティ方針が登録されていません（Mamori の「記録 → 情報セキュリティ方針」で登録してください）。"))
        }
        let history = DocumentTable(
            columns: ["版", "名称", "制定日", "提出日"],
            rows: versions.reversed().map {
                [.text($0.version), .text($0.title), .text($0.adoptedOn.wareki), .text($0.submittedOn?.wareki ?? "未提出")]
            })
        blocks += [.subheading("改定履歴"), .table(history)]
        return SubmissionDocument(
            kind: .securityPolicy, title: "情報セキュリティ方針 提出書",
            sheets: [DocumentSheet(name: "情報セキュリティ方針", blocks: blocks)])
    }
}

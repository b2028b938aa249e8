import MamoriAgentKit
import MamoriCore

/// 初期設定書, one per PC, from the agent's latest report: hardware, OS, network, accounts, settings checked against
/// the agent's checks, and installed software.
enum InitialConfigurationReport {
    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let reports = context.deviceReports.sorted { ($0.inventory.hostname, $0.device.id) < ($1.inventory.hostname, $1.device.id) }
        var sheets = reports.map { sheet(context, $0) }
        if sheets.isEmpty {
            sheets.append(
                DocumentSheet(
                    name: "初期設定書",
                    blocks: context.opening(
                        "端末初期設定書", "端末の報告がありません。各端末で mamori-agent scan を実行し、その報告を指定してください。")))
        }
        return SubmissionDocument(kind: .initialConfiguration, title: "端末初期設定書", sheets: sheets)
    }

    private static func sheet(_ context: DocumentContext, _ report: AgentReport) -> DocumentSheet {
        let inventory = report.inventory
        var blocks = context.opening("端末初期設定書", "標記の契約の業務に使用する端末の設定を下記のとおり報告します。")
        blocks += [
            .subheading("1　端末"),
            .fields([
                DocumentField("ホスト名", inventory.hostname), DocumentField("端末 ID", report.device.id),
                DocumentField("機種", inventory.hardware), DocumentField("CPU", inventory.cpu),
                DocumentField("メモリ", inventory.memoryMB.map { "\($0.grouped) MB" } ?? "不明"),
                DocumentField("OS", inventory.os), DocumentField("カーネル", inventory.kernel),
                DocumentField("取得日時", report.generatedAt),
                DocumentField("利用者アカウント", inventory.accounts.joined(separator: "、")),
                DocumentField("管理者権限", inventory.administrators.joined(separator: "、"))
            ]),
            .subheading("2　ネットワーク"),
            .table(
                DocumentTable(
                    columns: ["インターフェース", "MAC アドレス", "IP アドレス"],
                    rows: inventory.interfaces.map {
                        [.text($0.name), .text($0.mac), .text($0.addresses.joined(separator: "\n"))]
                    })),
            .subheading("3　セキュリティ設定（遵守事項との照合）"),
            .table(
                DocumentTable(
                    columns: ["条項", "確認項目", "結果", "実測値", "基準"],
                    rows: report.results.map {
                        [
                            .text(context.catalog.clauses(provedBy: $0.rule).joined(separator: ", ")), .text(context.catalog.checkTitle($0.rule).ja),
                            .text(label($0.status)), .text($0.observed), .text($0.expected)
                        ]
                    })),
            .subheading("4　導入ソフトウェア（\(inventory.software.count) 件）"),
            .paragraph(inventory.software.joined(separator: "、"))
        ]
        return DocumentSheet(name: "初期設定 \(inventory.hostname)", blocks: blocks)
    }

    private static func label(_ status: AgentResult.Status) -> String {
        switch status {
        case .pass: "適合"
        case .fail: "不適合"
        case .unknown: "確認不可"
        }
    }
}

import MamoriCore

/// The documents for the city, each as HTML, XLSX and (a table) CSV, and the signed bundle of them all
/// (`/contracts/{contract}/documents`).
struct DocumentsView: PageView {
    let language: Language
    var contractID: String

    var title: LocalizedText { Label.documents.localized }

    /// The documents a CSV holds whole: those that are one table.
    static let tabular: Set<DocumentKind> = [
        .managementStructure, .staffRoster, .trainingReport, .pledge, .returnDestructionReport, .exchangeHistory, .complianceStatus
    ]

    var body: HTML {
        let base = "/contracts/\(contractID)/documents/"
        let rows: [HTML] = DocumentKind.allCases.map { kind in
            let csv: HTML = Self.tabular.contains(kind) ? "<a href=\"\(base)\(kind.rawValue).csv\">CSV</a>" : ""
            return """
                <tr><td>\(Self.title(kind))</td><td><a href="\(base)\(kind.rawValue).html">HTML</a> \
                <a href="\(base)\(kind.rawValue).xlsx">XLSX</a> \(csv)</td></tr>
                """
        }
        return """
            \(ContractNavigation.tabs(contractID, language))
            <table class="grid"><tbody>\(rows)</tbody></table>
            <p><a class="button" href="/contracts/\(contractID)/bundle.zip">\(Label.allDocumentsSignedZip.text(language))</a></p>
            """
    }

    /// A document's name as the city knows it (documents are Japanese in both languages).
    static func title(_ kind: DocumentKind) -> String {
        switch kind {
        case .managementStructure: "管理体制報告"
        case .staffRoster: "従事者名簿"
        case .trainingReport: "研修実施報告"
        case .pledge: "誓約書"
        case .securityPolicy: "情報セキュリティ方針"
        case .incidentReport: "事故報告書"
        case .returnDestructionReport: "返還・廃棄報告書 / データ消去証明書"
        case .exchangeHistory: "提供データ交換履歴"
        case .initialConfiguration: "初期設定書"
        case .complianceStatus: "遵守状況報告"
        case .carryInRequest: "機器持込承認申請"
        case .takeoutRequest: "持出許可申請"
        }
    }
}

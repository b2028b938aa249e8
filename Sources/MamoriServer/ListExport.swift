import Foundation
import Hummingbird
import MamoriCore
import MamoriDocuments

/// A list on a page, downloaded as it is shown: CSV (UTF-8 with BOM, for Excel in Japan) or an XLSX workbook, under its
/// Japanese name with the day in its file name. The page asks with `?format=csv` or `?format=xlsx`.
struct ListExport {
    let title: LocalizedText
    let columns: [LocalizedText]
    let rows: [[String]]

    /// The download a request asks for, or nil when it asks for the page.
    func response(for request: Request, language: Language, at now: Date) throws -> Response? {
        guard let format = request.uri.queryParameters.get("format") else { return nil }
        let table = DocumentTable(columns: columns.map { $0.text(language) }, rows: rows.map { $0.map(DocumentCell.text) })
        let name = "\(title.text(language))_\(Day(now).description.replacingOccurrences(of: "-", with: ""))"
        let body: Data
        let type: String
        switch format {
        case "csv":
            body = CSVWriter.write(table)
            type = "text/csv; charset=utf-8"
        case "xlsx":
            let sheet = DocumentSheet(name: title.text(language), blocks: [.heading(title.text(language)), .table(table)])
            body = try XLSXWriter.write(title: title.text(language), sheets: [sheet], modified: now)
            type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default:
            throw WebError(.badRequest, ja: "形式 \"\(format)\" では書き出せません（csv か xlsx）", en: "cannot export as \"\(format)\" (csv or xlsx)")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: DocumentRoutes.attachment("export.\(format)", named: "\(name).\(format)")
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The two download links, keeping the page's own query (its search and filters).
    static func links(_ request: Request, _ language: Language) -> HTML {
        let kept =
            request.uri.query.map { query in
                query.split(separator: "&").filter { !$0.hasPrefix("format=") }.joined(separator: "&")
            } ?? ""
        let prefix = request.uri.path + "?" + (kept.isEmpty ? "" : kept + "&")
        return """
            <p class="exports">\(Label.export.text(language)): \
            <a href="\(prefix)format=xlsx" download>Excel（XLSX）</a>　<a href="\(prefix)format=csv" download>CSV</a></p>
            """
    }
}

import Foundation
import Hummingbird
import MamoriCore

/// A list as a page shows it and as it downloads: one set of rows drawn as an HTML table (with links, photos and
/// forms where the page has them) and written by ``ListExport`` as CSV or XLSX (the text of each cell, without the
/// columns that only hold actions), so that a download never differs from the page.
struct ListTable {
    /// One cell: its text, and what the page shows instead (a link around the text, a photo, a form).
    struct Cell: ExpressibleByStringInterpolation {
        var text: String
        var link: String?
        var html: HTML?

        init(_ text: String, link: String? = nil, html: HTML? = nil) {
            self.text = text
            self.link = link
            self.html = html
        }

        init(stringLiteral value: String) { self.init(value) }
        init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

        var shown: HTML {
            if let html { return html }
            if let link { return "<a href=\"\(link)\">\(text)</a>" }
            return "\(text)"
        }
    }

    /// One row, with the element ID and class the page gives it (an anchor, a person who left).
    struct Row {
        var cells: [Cell]
        var id: String?
        var style: String?

        init(_ cells: [Cell], id: String? = nil, style: String? = nil) {
            self.cells = cells
            self.id = id
            self.style = style
        }
    }

    let title: LocalizedText
    /// The columns' headings; a column without one holds actions and is not downloaded.
    let columns: [LocalizedText?]
    var rows: [Row]

    /// The table, scrolling sideways inside its box where it is wider than the screen, with the download links above it
    /// (none on the answer to a form, `request` nil: its address is not the list's).
    func html(_ request: Request?, _ language: Language) -> HTML {
        let headers: [HTML] = columns.map { "<th>\($0?.text(language) ?? "")</th>" }
        let body: [HTML] = rows.map { row in
            let id: HTML = row.id.map { " id=\"\($0)\"" } ?? ""
            let style: HTML = row.style.map { " class=\"\($0)\"" } ?? ""
            let cells: [HTML] = row.cells.map { "<td>\($0.shown)</td>" }
            return "<tr\(id)\(style)>\(cells)</tr>"
        }
        return """
            \(request.map { ListExport.links($0, language) } ?? "")<div class="scroll"><table class="grid"><thead><tr>\(headers)</tr></thead><tbody>\(body)</tbody></table></div>
            """
    }

    /// The download a request asks for (`?format=csv|xlsx`), or nil when it asks for the page.
    func download(_ request: Request, _ language: Language, at now: Date) throws -> Response? {
        let kept = columns.indices.filter { columns[$0] != nil }
        return try ListExport(title: title, columns: kept.map { columns[$0]! }, rows: rows.map { row in kept.map { row.cells[$0].text } })
            .response(for: request, language: language, at: now)
    }
}

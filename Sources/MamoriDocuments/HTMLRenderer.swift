import Crypto
import Foundation
import MamoriCore

/// Renders a document as one self-contained HTML file that prints on A4 portrait, one sheet per page.
/// Styles are a stylesheet in the head; there is no script, so the page obeys a CSP without inline script.
public enum HTMLRenderer {
    /// The HTML bytes (UTF-8).
    public static func render(_ document: SubmissionDocument) -> Data {
        var html = """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <title>\(MarkupText.escaped(document.title))</title>
            <style>\(style)</style>
            </head>
            <body>

            """
        for sheet in document.sheets {
            html += "<section class=\"sheet\">\n"
            for block in sheet.blocks { html += render(block) }
            html += "</section>\n"
        }
        html += "</body>\n</html>\n"
        return Data(html.utf8)
    }

    private static func render(_ block: DocumentBlock) -> String {
        switch block {
        case .heading(let text):
            return "<h1>\(MarkupText.escaped(text))</h1>\n"
        case .subheading(let text):
            return "<h2>\(MarkupText.escaped(text))</h2>\n"
        case .paragraph(let text):
            return "<p>\(lines(text))</p>\n"
        case .letterhead(let head):
            var out = "<div class=\"letterhead\">\n<p class=\"date\">\(head.date.wareki)</p>\n"
            out += "<p class=\"addressee\">\(MarkupText.escaped(head.addressee))　様</p>\n<div class=\"submitter\">"
            out += head.submitter.map { "<p>\(MarkupText.escaped($0))</p>" }.joined()
            if head.seal { out += "<span class=\"seal\">印</span>" }
            return out + "</div>\n</div>\n"
        case .fields(let fields):
            let rows = fields.map { "<tr><th>\(MarkupText.escaped($0.label))</th><td>\(lines($0.value))</td></tr>" }
            return "<table class=\"fields\">\n\(rows.joined(separator: "\n"))\n</table>\n"
        case .table(let table):
            var out = "<table class=\"grid\">\n<thead><tr>"
            out += table.columns.map { "<th>\(MarkupText.escaped($0))</th>" }.joined()
            out += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                let photo = row.contains { if case .photo = $0 { true } else { false } }
                out +=
                    (photo ? "<tr class=\"keep\">" : "<tr>") + row.map { $0.isShort ? "<td class=\"short\">\(cell($0))</td>" : "<td>\(cell($0))</td>" }.joined()
                    + "</tr>\n"
            }
            return out + "</tbody>\n</table>\n"
        case .signatures(let labels):
            let boxes = labels.map { "<div class=\"sign\"><span>\(MarkupText.escaped($0))</span></div>" }
            return "<div class=\"signatures\">\(boxes.joined())</div>\n"
        }
    }

    private static func cell(_ cell: DocumentCell) -> String {
        switch cell {
        case .text(let text): lines(text)
        case .number(let number): "<span class=\"number\">\(number.grouped)</span>"
        case .photo(let data): "<img class=\"photo\" alt=\"写真\" src=\"data:\(ImageType.of(data).mime);base64,\(data.base64EncodedString())\">"
        }
    }

    private static func lines(_ text: String) -> String {
        MarkupText.escaped(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    /// The CSP source that allows the one stylesheet documents carry inline (its SHA-256): the app serves documents
    /// under a policy with no `'unsafe-inline'`, and they print as the files do (A4, borders, seal box).
    public static let styleSource = "'sha256-" + Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString() + "'"

    static let style = """
        @page { size: A4 portrait; margin: 15mm 15mm 18mm 15mm; }
        body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "Hiragino Sans", sans-serif; font-size: 10.5pt;
               color: #000; margin: 0; line-height: 1.5; }
        .sheet { break-after: page; page-break-after: always; }
        .sheet:last-child { break-after: auto; page-break-after: auto; }
        @media screen { body { background: #eee; } .sheet { background: #fff; width: 180mm; min-height: 260mm;
                        margin: 8mm auto; padding: 15mm; box-shadow: 0 0 4px #999; } }
        @media screen and (max-width: 820px) { .sheet { width: auto; min-height: 0; margin: 2mm; padding: 5mm; } }
        h1 { font-size: 16pt; text-align: center; margin: 6mm 0 5mm; letter-spacing: 0.2em; }
        h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-left: 3pt solid #000; padding-left: 2mm; }
        p { margin: 1mm 0; }
        .letterhead .date { text-align: right; }
        .letterhead .addressee { font-size: 12pt; margin: 4mm 0; }
        .letterhead .submitter { margin-left: 55%; position: relative; min-height: 18mm; padding-right: 16mm; }
        .seal { position: absolute; right: 0; top: 8mm; width: 14mm; height: 14mm; border: 1px solid #000; border-radius: 50%;
                text-align: center; line-height: 14mm; color: #888; }
        table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; page-break-inside: auto; }
        tr.keep, .fields tr { page-break-inside: avoid; break-inside: avoid; }
        thead { display: table-header-group; }
        th, td { border: 1px solid #000; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
        .grid th { background: #e8e8e8; font-weight: bold; }
        .fields th { width: 32%; background: #f2f2f2; font-weight: bold; }
        .number { display: block; text-align: right; }
        td.short { white-space: nowrap; }
        .photo { width: 24mm; height: 30mm; object-fit: cover; image-rendering: auto; }
        .signatures { display: flex; justify-content: flex-end; gap: 4mm; margin-top: 8mm; }
        .sign { border: 1px solid #000; width: 40mm; height: 18mm; position: relative; }
        .sign span { position: absolute; left: 1.5mm; top: 0.5mm; font-size: 8.5pt; color: #444; }
        """
}

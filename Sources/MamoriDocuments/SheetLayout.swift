import Foundation
import MamoriCore

/// A sheet laid out on a worksheet grid: rows of styled cells, merged ranges, column widths and pictures.
struct SheetLayout {
    struct Cell {
        var column: Int
        var value: DocumentCell
        var style: CellStyle
    }

    struct Row {
        var cells: [Cell] = []
        /// Points; nil leaves the default height.
        var height: Double?
    }

    /// An image placed over a cell.
    struct Picture {
        var data: Data
        var column: Int
        var row: Int

        /// Pixels at 96 dpi: 16 × 20 mm.
        static let size = (width: 60, height: 76)

        func anchorXML(id: Int, relation: String) -> String {
            let emu = 9525
            let offset = 4 * emu
            let (cx, cy) = (Picture.size.width * emu, Picture.size.height * emu)
            return """
                <xdr:oneCellAnchor><xdr:from><xdr:col>\(column)</xdr:col><xdr:colOff>\(offset)</xdr:colOff>\
                <xdr:row>\(row)</xdr:row><xdr:rowOff>\(offset)</xdr:rowOff></xdr:from><xdr:ext cx="\(cx)" cy="\(cy)"/>\
                <xdr:pic><xdr:nvPicPr><xdr:cNvPr id="\(id)" name="写真 \(id - 1)"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/>\
                </xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="\(relation)"/><a:stretch><a:fillRect/></a:stretch>\
                </xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(cx)" cy="\(cy)"/></a:xfrm>\
                <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>
                """
        }
    }

    private(set) var widths: [Double]
    private(set) var rows: [Row] = []
    private(set) var merges: [String] = []
    private(set) var pictures: [Picture] = []

    private var columnCount: Int { widths.count }

    init(_ sheet: DocumentSheet) {
        widths = SheetLayout.columnWidths(sheet)
        for block in sheet.blocks { add(block) }
    }

    // MARK: Layout

    private mutating func add(_ block: DocumentBlock) {
        switch block {
        case .heading(let text):
            addSpanning(.text(text), style: .title, height: 30)
            rows.append(Row())
        case .subheading(let text):
            rows.append(Row())
            addSpanning(.text(text), style: .subheading, height: 20)
        case .paragraph(let text):
            addSpanning(.text(text), style: .normal)
        case .letterhead(let head):
            addSpanning(.text(head.date.wareki), style: .right)
            rows.append(Row())
            addSpanning(.text("\(head.addressee)　様"), style: .subheading, height: 22)
            rows.append(Row())
            let half = columnCount / 2
            for line in head.submitter {
                let text = head.seal && line.hasPrefix("代表者") ? line + "　　　　　　　　（印）" : line
                addSpanning(.text(text), style: .normal, from: half)
            }
            rows.append(Row())
        case .fields(let fields):
            for field in fields {
                let label = Cell(column: 0, value: .text(field.label), style: .label)
                let value = Cell(column: 1, value: .text(field.value), style: .cell)
                merge(row: rows.count, from: 1, to: columnCount - 1)
                rows.append(
                    Row(
                        cells: [label, value] + borders(row: 2..<columnCount),
                        height: height(of: field.value, across: 1..<columnCount, minimum: height(of: field.label, across: 0..<1))))
            }
        case .table(let table):
            addTableRow(table.columns.map { .text($0) }, style: .header)
            for row in table.rows { addTableRow(row, style: .cell) }
        case .signatures(let labels):
            rows.append(Row())
            let first = max(0, columnCount - labels.count)
            let cells = labels.enumerated().map { Cell(column: first + $0.offset, value: .text($0.element), style: .signature) }
            rows.append(Row(cells: cells, height: 48))
        }
    }

    private mutating func addSpanning(_ value: DocumentCell, style: CellStyle, from column: Int = 0, height: Double? = nil) {
        merge(row: rows.count, from: column, to: columnCount - 1)
        rows.append(
            Row(
                cells: [Cell(column: column, value: value, style: style)],
                height: height ?? self.height(of: value.plainText, across: column..<columnCount)))
    }

    private mutating func addTableRow(_ values: [DocumentCell], style: CellStyle) {
        let row = rows.count
        var cells: [Cell] = []
        var height = 0.0
        for (column, value) in values.enumerated() {
            let last = column == values.count - 1 ? columnCount - 1 : column
            if last > column { merge(row: row, from: column, to: last) }
            switch value {
            case .photo(let data):
                pictures.append(Picture(data: data, column: column, row: row))
                cells.append(Cell(column: column, value: .text(""), style: style))
                height = max(height, Double(Picture.size.height) * 0.75 + 14)
            case .number:
                cells.append(Cell(column: column, value: value, style: .number))
            case .text(let text):
                cells.append(Cell(column: column, value: value, style: style))
                height = max(height, self.height(of: text, across: column..<last + 1))
            }
        }
        cells += borders(row: values.count..<columnCount)
        rows.append(Row(cells: cells, height: height))
    }

    /// Empty bordered cells, so that a merged range is ruled all around.
    private func borders(row columns: Range<Int>) -> [Cell] {
        columns.map { Cell(column: $0, value: .text(""), style: .cell) }
    }

    private mutating func merge(row: Int, from first: Int, to last: Int) {
        guard last > first else { return }
        merges.append("\(SheetLayout.reference(column: first, row: row)):\(SheetLayout.reference(column: last, row: row))")
    }

    /// Points for `text` wrapped across `columns` (widths in characters of the default font).
    private func height(of text: String, across columns: Range<Int>, minimum: Double = 0) -> Double {
        let width = max(1, columns.reduce(0) { $0 + widths[$1] } - 1)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) {
            $0 + max(1, Int((Double(SheetLayout.displayWidth($1)) / width).rounded(.up)))
        }
        return max(minimum, Double(lines) * 15 + 3)
    }

    /// Widths in characters: from the widest table's contents, else four even columns.
    private static func columnWidths(_ sheet: DocumentSheet) -> [Double] {
        let tables = sheet.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
        guard let widest = tables.max(by: { $0.columns.count < $1.columns.count }), widest.columns.count >= 4 else {
            return [24, 24, 24, 23]
        }
        var widths = widest.columns.map { Double(displayWidth(Substring($0))) + 2 }
        for row in widest.rows {
            for (column, value) in row.enumerated() where column < widths.count {
                let needed: Double =
                    switch value {
                    case .photo: 14
                    default: Double(value.plainText.split(separator: "\n").map { displayWidth($0) }.max() ?? 0) + 2
                    }
                widths[column] = max(widths[column], needed)
            }
        }
        widths = widths.map { min(max($0, 5), 36) }
        let hasFields = sheet.blocks.contains { if case .fields = $0 { true } else { false } }
        if hasFields { widths[0] = max(widths[0], 16) }
        // A4 portrait holds about 95 characters of the default font: wider tables wrap rather than shrink.
        let total = widths.reduce(0, +)
        if total > pageWidth {
            let fixed = widths.filter { $0 <= 10 }.reduce(0, +)
            let factor = max(0.3, (pageWidth - fixed) / (total - fixed))
            widths = widths.map { $0 <= 10 ? $0 : max(8, ($0 * factor).rounded()) }
        }
        return widths
    }

    /// Characters across an A4 portrait page at the default font.
    static let pageWidth = 95.0

    /// Display columns: two for full-width (CJK) characters, one for the rest.
    static func displayWidth(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }

    /// `A1`-style reference, zero-based column and row.
    static func reference(column: Int, row: Int) -> String {
        var letters = ""
        var number = column + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return "\(letters)\(row + 1)"
    }

    // MARK: XML

    func worksheetXML(hasDrawing: Bool) -> String {
        var xml =
            XLSXWriter.xmlHeader + """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>\
                <sheetFormatPr defaultRowHeight="18"/><cols>
                """
        for (index, width) in widths.enumerated() {
            xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
        }
        xml += "</cols><sheetData>"
        for (index, row) in rows.enumerated() {
            let height = row.height.map { #" ht="\#($0)" customHeight="1""# } ?? ""
            xml += #"<row r="\#(index + 1)"\#(height)>"#
            for cell in row.cells.sorted(by: { $0.column < $1.column }) {
                let reference = SheetLayout.reference(column: cell.column, row: index)
                switch cell.value {
                case .number(let number):
                    xml += #"<c r="\#(reference)" s="\#(cell.style.rawValue)"><v>\#(number)</v></c>"#
                case .text(let text) where !text.isEmpty:
                    xml +=
                        #"<c r="\#(reference)" s="\#(cell.style.rawValue)" t="inlineStr"><is><t xml:space="preserve">\#(MarkupText.escaped(text))</t></is></c>"#
                default:
                    xml += #"<c r="\#(reference)" s="\#(cell.style.rawValue)"/>"#
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !merges.isEmpty {
            xml += #"<mergeCells count="\#(merges.count)">"# + merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined() + "</mergeCells>"
        }
        xml += #"<printOptions horizontalCentered="1"/><pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>"#
        xml += #"<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"/>"#
        if hasDrawing { xml += #"<drawing r:id="rId1"/>"# }
        return xml + "</worksheet>"
    }
}

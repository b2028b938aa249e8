import Foundation
import MamoriCore

/// Writes a document as an XLSX workbook (Office Open XML) that Excel and LibreOffice open and people can edit:
/// one worksheet per sheet, A4 portrait fitted to the page width, photos as pictures anchored in their cells.
public enum XLSXWriter {
    /// The workbook's bytes.
    public static func write(_ document: SubmissionDocument, modified: Date) throws -> Data {
        try write(title: document.title, sheets: document.sheets, modified: modified)
    }

    /// A workbook of `sheets` titled `title` (a list exported from a page as well as a document).
    public static func write(title: String, sheets: [DocumentSheet], modified: Date) throws -> Data {
        var package = try ZipPackage(modified: modified)
        var media = MediaFiles()
        var sheetNames = SheetNames()
        var workbookSheets: [String] = []
        var overrides: [String] = []
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            let layout = SheetLayout(sheet)
            let name = sheetNames.unique(sheet.name)
            workbookSheets.append(#"<sheet name="\#(MarkupText.escaped(name))" sheetId="\#(number)" r:id="rId\#(number)"/>"#)
            overrides.append(
                #"<Override PartName="/xl/worksheets/sheet\#(number).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            )
            try package.add("xl/worksheets/sheet\(number).xml", Data(layout.worksheetXML(hasDrawing: !layout.pictures.isEmpty).utf8))
            guard !layout.pictures.isEmpty else { continue }
            var drawingRelations: [String] = []
            var anchors: [String] = []
            for (pictureIndex, picture) in layout.pictures.enumerated() {
                let mediaName = try media.name(for: picture.data, in: &package)
                let relation = "rId\(pictureIndex + 1)"
                drawingRelations.append(#"<Relationship Id="\#(relation)" Type="\#(relationshipBase)/image" Target="../media/\#(mediaName)"/>"#)
                anchors.append(picture.anchorXML(id: pictureIndex + 2, relation: relation))
            }
            try package.add(
                "xl/worksheets/_rels/sheet\(number).xml.rels",
                Data(
                    relationships(
                        [#"<Relationship Id="rId1" Type="\#(relationshipBase)/drawing" Target="../drawings/drawing\#(number).xml"/>"#]).utf8))
            try package.add(
                "xl/drawings/drawing\(number).xml",
                Data(
                    ("""
                    \(xmlHeader)<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
                    xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                    """ + anchors.joined() + "</xdr:wsDr>").utf8))
            try package.add("xl/drawings/_rels/drawing\(number).xml.rels", Data(relationships(drawingRelations).utf8))
            overrides.append(
                #"<Override PartName="/xl/drawings/drawing\#(number).xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>"#)
        }
        let sheetRelations = sheets.indices.map {
            #"<Relationship Id="rId\#($0 + 1)" Type="\#(relationshipBase)/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
        }
        let stylesID = sheets.count + 1
        try package.add(
            "[Content_Types].xml",
            Data(
                """
                \(xmlHeader)<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
                \(overrides.joined())</Types>
                """.utf8))
        try package.add(
            "_rels/.rels",
            Data(
                relationships([
                    #"<Relationship Id="rId1" Type="\#(relationshipBase)/officeDocument" Target="xl/workbook.xml"/>"#,
                    #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
                ]).utf8))
        try package.add(
            "docProps/core.xml",
            Data(
                """
                \(xmlHeader)<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(MarkupText.escaped(title))</dc:title>\
                <dc:creator>Mamori</dc:creator></cp:coreProperties>
                """.utf8))
        try package.add(
            "xl/workbook.xml",
            Data(
                """
                \(xmlHeader)<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets>\(workbookSheets.joined())</sheets></workbook>
                """.utf8))
        try package.add(
            "xl/_rels/workbook.xml.rels",
            Data(
                relationships(
                    sheetRelations + [
                        #"<Relationship Id="rId\#(stylesID)" Type="\#(relationshipBase)/styles" Target="styles.xml"/>"#
                    ]
                ).utf8))
        try package.add("xl/styles.xml", Data(CellStyle.stylesheet.utf8))
        return package.data
    }

    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static func relationships(_ items: [String]) -> String {
        xmlHeader + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + items.joined() + "</Relationships>"
    }

    /// Image files of the workbook, each distinct image stored once.
    private struct MediaFiles {
        private var names: [Data: String] = [:]

        mutating func name(for data: Data, in package: inout ZipPackage) throws -> String {
            if let name = names[data] { return name }
            let name = "image\(names.count + 1).\(ImageType.of(data).fileExtension)"
            try package.add("xl/media/\(name)", data, compress: false)
            names[data] = name
            return name
        }
    }

    /// Worksheet names as Excel allows them: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
    private struct SheetNames {
        private var used: Set<String> = []

        mutating func unique(_ wanted: String) -> String {
            let cleaned = String(wanted.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            var name = cleaned.isEmpty ? "Sheet" : cleaned
            var counter = 2
            while used.contains(name.lowercased()) {
                let suffix = "(\(counter))"
                name = String(cleaned.prefix(31 - suffix.count)) + suffix
                counter += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }
}

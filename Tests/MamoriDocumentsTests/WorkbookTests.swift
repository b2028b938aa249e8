import Foundation
import MamoriCore
import MamoriDocuments
import MamoriStore
import Testing
import ZIPFoundation

/// The XLSX and CSV files read back as files: parts, sheets, cells, pictures, A4 page setup, CSV quoting.
@Suite struct WorkbookTests {
    let demo: DemoContract
    init() async throws { demo = try await DemoContract() }

    static func parts(_ xlsx: Data) throws -> [String: String] {
        let archive = try Archive(data: xlsx, accessMode: .read, pathEncoding: nil)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = entry.path.hasPrefix("xl/media/") ? "<\(data.count) bytes>" : String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    @Test func pledgesAreOneWorksheetPerPersonOnA4() async throws {
        let document = try await DocumentLibrary.make(.pledge, demo.context())
        let parts = try Self.parts(XLSXWriter.write(document, modified: DemoContract.now))
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.components(separatedBy: "<sheet ").count - 1 == 12)
        #expect(workbook.contains(#"name="誓約書 山田 太郎""#))
        for index in 1...12 {
            let sheet = try #require(parts["xl/worksheets/sheet\(index).xml"])
            #expect(sheet.contains(#"<pageSetup paperSize="9" orientation="portrait""#))
            #expect(sheet.contains("中野区長　様"))
        }
        #expect(parts["[Content_Types].xml"]?.contains("/xl/worksheets/sheet12.xml") == true)
    }

    @Test func rosterPhotosArePicturesInTheirRows() async throws {
        let parts = try await Self.parts(XLSXWriter.write(DocumentLibrary.make(.staffRoster, demo.context()), modified: DemoContract.now))
        let drawing = try #require(parts["xl/drawings/drawing1.xml"])
        #expect(drawing.components(separatedBy: "<xdr:pic>").count - 1 == 12)
        #expect(parts["xl/media/image1.png"] == "<\(DemoScenario.samplePhoto.count) bytes>", "the same photo is stored once")
        #expect(parts["xl/worksheets/_rels/sheet1.xml.rels"]?.contains("../drawings/drawing1.xml") == true)
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains("鈴木 一郎") == true)
    }

    @Test func countsAreNumbersExcelCanAddUp() async throws {
        let parts = try await Self.parts(XLSXWriter.write(DocumentLibrary.make(.returnDestructionReport, demo.context()), modified: DemoContract.now))
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<v>12000</v>"))
        #expect(sheet.contains("<v>300</v>"))
    }

    @Test func sheetNamesAreValidAndUnique() throws {
        let document = SubmissionDocument(
            kind: .pledge, title: "t",
            sheets: [
                DocumentSheet(name: "a/b:c*d?[e]\\f", blocks: [.paragraph("x")]),
                DocumentSheet(name: String(repeating: "長", count: 40), blocks: [.paragraph("y")]),
                DocumentSheet(name: String(repeating: "長", count: 40), blocks: [.paragraph("z")])
            ])
        let workbook = try #require(try Self.parts(XLSXWriter.write(document, modified: DemoContract.now))["xl/workbook.xml"])
        #expect(workbook.contains(#"name="a_b_c_d__e__f""#))
        #expect(workbook.contains(#"name="\#(String(repeating: "長", count: 31))""#))
        #expect(workbook.contains(#"name="\#(String(repeating: "長", count: 28))(2)""#))
    }

    @Test func csvIsExcelReadyAndDefusesFormulas() async throws {
        try await demo.store.execute(
            AddRecord(
                Person(
                    id: "P98", contractID: DemoContract.contractID, name: "=HYPERLINK(\"x\")", role: .staff,
                    scope: "入力, \"検証\"", joinedOn: Day("2026-11-01")!)), actor: "test", at: DemoContract.now)
        let csv = try #require(CSVWriter.write(DocumentLibrary.make(.staffRoster, await demo.context())))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 byte order mark for Excel")
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == #""No.","ID","氏名","区分","担当業務","従事開始日","従事終了日","本人確認日""#)
        #expect(lines.count == 13 + 1 + 1, "header, 13 people, and the empty string after the last CRLF")
        #expect(text.contains(#""'=HYPERLINK(""x"")""#))
        #expect(text.contains(#""入力, ""検証""""#))
        let pledges = try await DocumentLibrary.make(.pledge, demo.context())
        let incidents = try await DocumentLibrary.make(.incidentReport, demo.context())
        let pledgeCSV = String(decoding: try #require(CSVWriter.write(pledges)), as: UTF8.self)
        #expect(pledgeCSV.contains(#""ID","氏名","区分","誓約日""#), "\(pledgeCSV.prefix(200))")
        #expect(CSVWriter.write(incidents) == nil, "letters have no CSV")
    }
}

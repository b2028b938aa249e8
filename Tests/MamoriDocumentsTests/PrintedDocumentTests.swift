import Foundation
import MamoriCore
import MamoriDocuments
import MamoriTestSupport
import Testing

/// The documents as the city will see them: every XLSX opened by LibreOffice and every HTML printed by Chromium to
/// A4 PDF, with their Japanese text read back by pdftotext. PDFs are kept under `.build/document-checks/` to look at.
@Suite(.needs(.libreoffice, .chromium, .poppler, .cjkFonts), .serialized) struct PrintedDocumentTests {
    /// A Japanese text each document must show, from its title and from the demo's data.
    static let expected: [DocumentKind: [String]] = [
        .managementStructure: ["個人情報取扱管理体制報告書", "データ入力室"],
        .staffRoster: ["従事者名簿", "鈴木 一郎"],
        .trainingReport: ["研修実施報告書", "研修受講状況"],
        .pledge: ["誓約書", "山本 彩"],
        .securityPolicy: ["情報セキュリティ方針", "基本方針"],
        .incidentReport: ["事故報告書", "再発防止策"],
        .returnDestructionReport: ["データ消去証明書", "口座振替依頼書"],
        .exchangeHistory: ["提供データ交換履歴", "課税資料"],
        .initialConfiguration: ["端末初期設定書", "導入ソフトウェア"],
        .complianceStatus: ["遵守状況報告書", "中野区長"],
        .carryInRequest: ["機器持込承認申請書", "保守用ノート"],
        .takeoutRequest: ["持出許可申請書", "読合せ"]
    ]

    let demo: DemoContract
    let output: URL

    init() async throws {
        demo = try await DemoContract()
        output =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/document-checks")
            .standardized
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    }

    /// Compacts pdftotext's layout spacing so that `山本 彩` and `山本  彩` compare equal.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "[ \u{3000}]+", with: " ", options: .regularExpression)
    }

    @Test func everyWorkbookOpensInLibreOffice() async throws {
        let context = try await demo.context()
        let folder = output.appendingPathComponent("xlsx")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var workbooks: [String] = []
        for kind in DocumentKind.allCases {
            let file = folder.appendingPathComponent("\(kind.rawValue).xlsx")
            try XLSXWriter.write(DocumentLibrary.make(kind, context), modified: DemoContract.now).write(to: file)
            workbooks.append(file.path)
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try ExternalTool.run(
            "soffice",
            [
                "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", "pdf",
                "--outdir", folder.path
            ] + workbooks, timeout: 300)
        for kind in DocumentKind.allCases {
            let pdf = folder.appendingPathComponent("\(kind.rawValue).pdf")
            let pages = try ExternalTool.pdfPages(pdf)
            #expect(pages.count >= 1, "\(kind)")
            #expect(abs(pages.width - 595) < 2 && abs(pages.height - 842) < 2, "\(kind) is A4 portrait: \(pages)")
            let text = Self.normalized(try ExternalTool.pdfText(pdf))
            for phrase in Self.expected[kind]! {
                #expect(text.contains(phrase), "\(kind).xlsx shows \(phrase)")
            }
        }
    }

    @Test func everyHTMLPrintsToA4WithJapaneseGlyphs() async throws {
        let context = try await demo.context()
        let folder = output.appendingPathComponent("html")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for kind in DocumentKind.allCases {
            let document = try DocumentLibrary.make(kind, context)
            let html = folder.appendingPathComponent("\(kind.rawValue).html")
            let pdf = folder.appendingPathComponent("\(kind.rawValue).pdf")
            try HTMLRenderer.render(document).write(to: html)
            try Self.printWithChromium(html, to: pdf)
            let pages = try ExternalTool.pdfPages(pdf)
            #expect(abs(pages.width - 595) < 2 && abs(pages.height - 842) < 2, "\(kind) is A4 portrait: \(pages)")
            #expect(pages.count >= document.sheets.count, "\(kind): at least one page per sheet")
            let text = Self.normalized(try ExternalTool.pdfText(pdf))
            for phrase in Self.expected[kind]! {
                #expect(text.contains(phrase), "\(kind).html prints \(phrase)")
            }
            // Chromium embeds each font as glyph outlines (Type 3) with a Unicode map; pdftotext reading the Japanese text
            // back above means the glyphs were found, and every font being embedded means it prints the same anywhere.
            let fonts = try ExternalTool.run("pdffonts", [pdf.path]).split(separator: "\n").dropFirst(2)
            #expect(!fonts.isEmpty && fonts.allSatisfy { $0.contains(" yes ") }, "\(kind): every font is embedded")
        }
    }

    @Test func eachPledgeStartsOnItsOwnPage() async throws {
        let document = try await DocumentLibrary.make(.pledge, demo.context())
        let folder = output.appendingPathComponent("html")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("pledge-pages.html")
        let pdf = folder.appendingPathComponent("pledge-pages.pdf")
        try HTMLRenderer.render(document).write(to: html)
        try Self.printWithChromium(html, to: pdf)
        #expect(try ExternalTool.pdfPages(pdf).count == document.sheets.count)
        let roster = try await demo.context().state.people.values.sorted { $0.id < $1.id }
        for page in 1...document.sheets.count {
            let text = Self.normalized(try ExternalTool.pdfText(pdf, page: page))
            #expect(text.contains("誓約書"), "page \(page)")
            #expect(roster.filter { text.contains($0.name) }.count == 1, "page \(page) names exactly one person")
        }
    }

    static func printWithChromium(_ html: URL, to pdf: URL) throws {
        try? FileManager.default.removeItem(at: pdf)
        try ExternalTool.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--print-to-pdf=\(pdf.path)", html.absoluteString
            ], timeout: 120)
        guard FileManager.default.fileExists(atPath: pdf.path) else {
            throw ExternalTool.Failure(description: "chromium wrote no PDF for \(html.lastPathComponent)")
        }
    }
}

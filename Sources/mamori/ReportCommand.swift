import ArgumentParser
import Foundation
import MamoriCore
import MamoriDocuments

/// `mamori report NAME`: a document for the city, as print-ready HTML, editable XLSX or CSV.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "提出書類の作成 / Write a document for the city (HTML, XLSX, CSV).",
        discussion: "NAME: all, " + DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))

    @Argument(help: "The document, or all.") var name: String
    @Option(help: "html, xlsx or csv (repeat for several; default: all the document has).") var format: [DocumentFormat] = []
    @Option(help: "Directory to write into (created if needed).") var out: String
    @OptionGroup var documents: DocumentOptions

    func run() async throws {
        let kinds: [DocumentKind]
        if name == "all" {
            kinds = DocumentKind.allCases
        } else if let kind = DocumentKind(rawValue: name.replacingOccurrences(of: "-", with: "_")) {
            kinds = [kind]
        } else {
            throw ValidationError(
                LocalizedText(
                    ja: "書類名 \"\(name)\" はありません。次のいずれかです: all, \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    en: "no document named \"\(name)\"; one of: all, \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
                .text(documents.lang))
        }
        let (_, context) = try await documents.context(for: kinds)
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for kind in kinds {
            let document = try DocumentLibrary.make(kind, context)
            for wanted in format.isEmpty ? DocumentFormat.allCases : format {
                guard let file = try DocumentLibrary.file(document, format: wanted.rawValue, modified: context.now) else { continue }
                let url = directory.appendingPathComponent(file.name)
                try file.data.write(to: url)
                print("\(url.path)  \(document.title)  \(document.sheets.count) \(LocalizedText(ja: "枚", en: "sheet(s)").text(documents.lang))")
            }
        }
    }
}

/// The file formats of documents.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case html, xlsx, csv
}

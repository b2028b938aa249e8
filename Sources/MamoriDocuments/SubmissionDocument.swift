import Foundation
import MamoriCore

/// One document the contractor submits to the city, as a model that renders to HTML (A4 print), XLSX and CSV.
public struct SubmissionDocument: Sendable {
    public var kind: DocumentKind
    /// The title printed on it, e.g. 従事者名簿.
    public var title: String
    /// Its pages: one A4 sheet in print, one worksheet in Excel (a pledge per person, a certificate per asset…).
    public var sheets: [DocumentSheet]
    /// The rows a CSV export holds, for the tabular documents; nil for letters and forms.
    public var records: DocumentTable?

    /// Creates a document.
    public init(kind: DocumentKind, title: String, sheets: [DocumentSheet], records: DocumentTable? = nil) {
        self.kind = kind
        self.title = title
        self.sheets = sheets
        self.records = records
    }

    /// The file name without extension: the kind's ID, e.g. `staff_roster`.
    public var fileStem: String { kind.rawValue }
}

/// One page of a document (one worksheet in Excel), top to bottom.
public struct DocumentSheet: Sendable {
    /// The worksheet's tab name (at most 31 characters in Excel).
    public var name: String
    public var blocks: [DocumentBlock]

    /// Creates a sheet.
    public init(name: String, blocks: [DocumentBlock]) {
        self.name = name
        self.blocks = blocks
    }
}

/// A part of a sheet.
public enum DocumentBlock: Sendable {
    /// The document's title, centred.
    case heading(String)
    /// The date, the addressee and the submitter, as the first lines of a letter to the city.
    case letterhead(Letterhead)
    /// A paragraph of running text.
    case paragraph(String)
    /// A section title inside a sheet.
    case subheading(String)
    /// Label and value pairs, one per line.
    case fields([DocumentField])
    /// A ruled table.
    case table(DocumentTable)
    /// Boxes to sign or seal by hand, e.g. 署名 and 印.
    case signatures([String])
}

/// A label and its value.
public struct DocumentField: Sendable, Hashable {
    public var label: String
    public var value: String

    /// Creates a field.
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A table: column titles and rows of cells.
public struct DocumentTable: Sendable {
    public var columns: [String]
    public var rows: [[DocumentCell]]

    /// Creates a table; every row has one cell per column.
    public init(columns: [String], rows: [[DocumentCell]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// What a table cell holds.
public enum DocumentCell: Sendable, Hashable {
    case text(String)
    case number(Int)
    /// An image (PNG or JPEG bytes), e.g. a roster photo.
    case photo(Data)

    /// The cell as text, for CSV and for measuring column widths.
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        case .photo: "（写真）"
        }
    }

    /// Whether the cell is a few characters that read badly when wrapped, such as a name or a status.
    var isShort: Bool {
        switch self {
        case .text(let text): SheetLayout.displayWidth(Substring(text)) <= 12
        case .number: true
        case .photo: false
        }
    }
}

import Foundation

/// Writes a tabular document's records as CSV for Excel in Japan: UTF-8 with a byte order mark, CRLF line ends,
/// every field quoted.
public enum CSVWriter {
    /// The CSV bytes, or nil when the document has no records table.
    public static func write(_ document: SubmissionDocument) -> Data? {
        document.records.map(write)
    }

    /// A table's CSV bytes (a list exported from a page as well as a document's records).
    public static func write(_ table: DocumentTable) -> Data {
        var text = "\u{FEFF}" + line(table.columns)
        for row in table.rows { text += line(row.map(\.plainText)) }
        return Data(text.utf8)
    }

    private static func line(_ fields: [String]) -> String {
        fields.map { "\"" + defused($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }

    /// A field Excel would run as a formula (`=`, `+`, `-`, `@` first, and not a number) gets a leading apostrophe.
    static func defused(_ field: String) -> String {
        guard let first = field.first, "=+-@\t\r".contains(first), Double(field) == nil else { return field }
        return "'" + field
    }
}

import MamoriCore

/// One thing wrong in a catalog file, at the line and column where it is.
public struct CatalogProblem: Sendable, Hashable {
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column in the file (counted in Unicode scalars).
    public var column: Int
    /// What is wrong, in Japanese and English.
    public var message: LocalizedText

    /// Creates a problem at a position.
    public init(line: Int, column: Int, message: LocalizedText) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, the form editors and CI logs understand.
    public func formatted(file: String, language: Language) -> String {
        "\(file):\(line):\(column): \(message.text(language))"
    }
}

/// Every problem found in a catalog file; thrown when a catalog does not load.
public struct CatalogProblems: Error, Sendable {
    /// The problems in file order.
    public var problems: [CatalogProblem]
}

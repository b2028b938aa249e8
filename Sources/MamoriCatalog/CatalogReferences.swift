import MamoriCore

/// The names a catalog may refer to: record types, agent checks and documents the product implements.
public struct CatalogReferences: Sendable {
    /// Record type names, e.g. `copy_event`.
    public var recordTypes: Set<String>
    /// Platform-neutral agent check IDs, e.g. `password.min_length`.
    public var rules: Set<String>
    /// Document names, e.g. `staff_roster`.
    public var reports: Set<String>
    /// What each agent check means, by ID (given to the loaded catalog: ``Catalog/checkTitles``).
    public var ruleTitles: [String: LocalizedText]

    /// The product's record types and documents, with the agent checks the caller knows and their titles.
    public init(rules: Set<String>, titles: [String: LocalizedText] = [:]) {
        recordTypes = Set(RecordType.allCases.map(\.rawValue))
        self.rules = rules
        reports = Set(DocumentKind.allCases.map(\.rawValue))
        ruleTitles = titles
    }
}

import MamoriCore

/// The names a catalog may refer to: record types, agent checks and documents the product implements.
public struct CatalogReferences: Sendable {
    /// Record type names, e.g. `copy_event`.
    public var recordTypes: Set<String>
    /// Platform-neutral agent check IDs, e.g. `password.min_length`.
    public var rules: Set<String>
    /// Document names, e.g. `staff_roster`.
    public var reports: Set<String>

    /// The product's record types and documents, with the agent checks the caller knows.
    public init(rules: Set<String>) {
        recordTypes = Set(RecordType.allCases.map(\.rawValue))
        self.rules = rules
        reports = Set(DocumentKind.allCases.map(\.rawValue))
    }
}

/// A contractor (受託者) or a city (委託者); each keeps its own hash-chained journal.
public struct Organization: Codable, Sendable, Hashable, Identifiable {
    /// Whether it does the work or hands the data over.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case contractor
        case city
    }

    public var id: String
    public var kind: Kind
    /// The organization's name, e.g. 中野区 or 株式会社サンプル.
    public var name: String

    /// Creates an organization.
    public init(id: String, kind: Kind, name: String) {
        self.id = id
        self.kind = kind
        self.name = name
    }
}

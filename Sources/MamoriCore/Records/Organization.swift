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
    /// Its address (所在地), as printed on every letter to the city.
    public var address: String?
    /// Its representative (代表者), e.g. 代表取締役 山田 太郎, as printed above the seal.
    public var representative: String?
    /// A city's departments (課): a contract is one department's, and a reviewer of a department sees its contracts only.
    public var departments: [Department]
    /// The organization that registered this one on the web (a contractor registering the city it works for), if any:
    /// the only one besides itself that may name it in a new contract or invite its first account.
    public var registeredBy: String?

    /// Creates an organization.
    public init(
        id: String, kind: Kind, name: String, address: String? = nil, representative: String? = nil,
        departments: [Department] = [], registeredBy: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.address = address
        self.representative = representative
        self.departments = departments
        self.registeredBy = registeredBy
    }

    /// The department with this ID, if the organization has it.
    public func department(_ id: String) -> Department? { departments.first { $0.id == id } }

    private enum CodingKeys: String, CodingKey { case id, kind, name, address, representative, departments, registeredBy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(Kind.self, forKey: .kind)
        name = try container.decode(String.self, forKey: .name)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        representative = try container.decodeIfPresent(String.self, forKey: .representative)
        departments = try container.decodeIfPresent([Department].self, forKey: .departments) ?? []
        registeredBy = try container.decodeIfPresent(String.self, forKey: .registeredBy)
    }

    /// Leaves out what is not given (no departments included), so that an organization written before these fields
    /// existed encodes, and digests, as it always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(address, forKey: .address)
        try container.encodeIfPresent(representative, forKey: .representative)
        if !departments.isEmpty { try container.encode(departments, forKey: .departments) }
        try container.encodeIfPresent(registeredBy, forKey: .registeredBy)
    }
}

/// One department (課) of a city, e.g. 区民サービス管理部 戸籍住民課.
public struct Department: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String

    /// Creates a department.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

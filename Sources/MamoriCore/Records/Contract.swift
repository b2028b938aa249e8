/// One outsourcing contract between a city and a contractor, with its catalog and parameters.
public struct Contract: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    /// The contractor doing the work; its journal holds the contract's records.
    public var contractorID: String
    /// The city providing the data.
    public var cityID: String
    public var title: String
    /// The contract number as the city writes it.
    public var number: String
    public var startsOn: Day
    public var endsOn: Day
    /// The catalog of clauses, e.g. `nakano`.
    public var catalogID: String
    /// The version of the catalog the contract is judged by (a ``CatalogSource`` kept in the store); nil for a
    /// contract created before catalogs were kept, judged by the catalog bundled with Mamori.
    public var catalogVersion: String?
    /// Values that differ from the catalog's defaults, by parameter ID.
    public var parameters: [String: ParameterValue]
    /// The city's department (課) the contract is with, if the city has departments: its reviewers see the contract.
    public var departmentID: String?

    /// Creates a contract.
    public init(
        id: String, contractorID: String, cityID: String, title: String, number: String,
        startsOn: Day, endsOn: Day, catalogID: String, catalogVersion: String? = nil, parameters: [String: ParameterValue] = [:],
        departmentID: String? = nil
    ) {
        self.departmentID = departmentID
        self.catalogVersion = catalogVersion
        self.id = id
        self.contractorID = contractorID
        self.cityID = cityID
        self.title = title
        self.number = number
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.catalogID = catalogID
        self.parameters = parameters
    }
}

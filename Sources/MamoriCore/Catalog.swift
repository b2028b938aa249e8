/// A city's annex of obligations as data: its parts, parameters and clauses.
public struct Catalog: Sendable, Hashable {
    /// The catalog's stable identifier, e.g. `nakano`.
    public var id: String
    /// The catalog's own version, e.g. `2026.1`.
    public var version: String
    /// The annex's title.
    public var title: LocalizedText
    /// The city that sets the annex, e.g. 中野区.
    public var city: LocalizedText
    /// Whom documents are addressed to, e.g. 中野区長.
    public var addressee: LocalizedText
    /// The parameters a contract may change, with their defaults.
    public var parameters: [CatalogParameter]
    /// The parts of the annex, in printed order.
    public var parts: [CatalogPart]
    /// Every clause, in printed order.
    public var clauses: [Clause]
    /// What each agent check its clauses name means (the agent's titles), to name a check in words, not by its ID.
    public var checkTitles: [String: LocalizedText] = [:]

    /// A check's title, or its ID where the catalog was loaded without titles.
    public func checkTitle(_ id: String) -> LocalizedText {
        checkTitles[id] ?? LocalizedText(ja: id, en: id)
    }

    /// Creates a catalog from its parts.
    public init(
        id: String, version: String, title: LocalizedText, city: LocalizedText, addressee: LocalizedText,
        parameters: [CatalogParameter], parts: [CatalogPart], clauses: [Clause]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.city = city
        self.addressee = addressee
        self.parameters = parameters
        self.parts = parts
        self.clauses = clauses
    }

    /// The clause with this ID, if the catalog has it.
    public func clause(_ id: String) -> Clause? {
        clauses.first { $0.id == id }
    }

    /// The parameter with this ID, if the catalog declares it.
    public func parameter(_ id: String) -> CatalogParameter? {
        parameters.first { $0.id == id }
    }
}

/// One part of an annex (PI, IS, CS).
public struct CatalogPart: Sendable, Hashable {
    /// The part's ID, e.g. `PI`.
    public var id: String
    /// The part's heading.
    public var title: LocalizedText

    /// Creates a part.
    public init(id: String, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}

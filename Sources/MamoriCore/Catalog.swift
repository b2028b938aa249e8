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
    /// The kinds of approval (承認) the annex knows, in the order forms offer them.
    public var approvalKinds: [CatalogApprovalKind]
    /// Who is told of what (the catalog's `alerts:`; ``AlertRule/defaults`` when it says nothing).
    public var alerts: [AlertRule]
    /// How early a deadline counts as due soon, as the contract sets it.
    public var reminderLead: Cycle
    /// How long a PC may go without reporting before its agent clauses are overdue.
    public var agentReportMaxAge: Cycle
    /// What each agent check its clauses name means (the agent's titles), to name a check in words, not by its ID.
    public var checkTitles: [String: LocalizedText] = [:]

    /// A check's title, or its ID where the catalog was loaded without titles.
    public func checkTitle(_ id: String) -> LocalizedText {
        checkTitles[id] ?? LocalizedText(ja: id, en: id)
    }

    /// Creates a catalog from its parts.
    public init(
        id: String, version: String, title: LocalizedText, city: LocalizedText, addressee: LocalizedText,
        parameters: [CatalogParameter], parts: [CatalogPart], clauses: [Clause], approvalKinds: [CatalogApprovalKind] = [],
        reminderLead: Cycle = Cycle(period: Period(every: 30, unit: .day)),
        agentReportMaxAge: Cycle = Cycle(period: Period(every: 7, unit: .day)), alerts: [AlertRule] = AlertRule.defaults
    ) {
        self.alerts = alerts
        self.agentReportMaxAge = agentReportMaxAge
        self.approvalKinds = approvalKinds
        self.reminderLead = reminderLead
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

    /// The IDs of the clauses whose `agent` check names this agent check.
    public func clauses(provedBy rule: String) -> [String] {
        clauses.filter { $0.rules.contains(rule) }.map(\.id)
    }

    /// Per agent check, the clauses it proves (what the server tells each PC).
    public var clausesByAgentCheck: [String: [String]] {
        var map: [String: [String]] = [:]
        for clause in clauses {
            for rule in clause.rules where map[rule]?.contains(clause.id) != true { map[rule, default: []].append(clause.id) }
        }
        return map
    }

    /// What Japanese text calls the city, from the last character of its name: 区 for 中野区, 市 for 霞市 (区 when the
    /// name ends otherwise).
    public var cityWord: String {
        guard let last = city.ja.last, "区市町村都道府県".contains(last) else { return "区" }
        return String(last)
    }

    /// The approval kind with this ID, if the catalog declares it.
    public func approvalKind(_ kind: Approval.Kind) -> CatalogApprovalKind? {
        approvalKinds.first { $0.id == kind }
    }

    /// The approval kinds an act recorded as one of `records` names, by the checks of the catalog's clauses
    /// (``ClauseCheck/approvalKinds(namedBy:)``).
    public func approvalKinds(namedBy records: [RecordType]) -> Set<Approval.Kind> {
        Set(clauses.flatMap(\.checks).flatMap { check in records.flatMap(check.approvalKinds(namedBy:)) })
    }

    /// An approval kind's title, or its ID where the catalog does not declare it (an approval kept from another
    /// version of the catalog).
    public func approvalLabel(_ kind: Approval.Kind) -> LocalizedText {
        approvalKind(kind)?.title ?? LocalizedText(ja: kind.rawValue, en: kind.rawValue)
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

/// A kind of approval an annex knows (e.g. 機器持込み), declared by its catalog.
public struct CatalogApprovalKind: Sendable, Hashable {
    /// The kind's ID, e.g. `carry-in`.
    public var id: Approval.Kind
    /// What is asked for.
    public var title: LocalizedText
    /// Whether a request names copies (extra copies of an asset).
    public var copies: Bool
    /// The request form the contractor submits for it, if the annex has one.
    public var document: DocumentKind?

    /// Creates an approval kind.
    public init(id: Approval.Kind, title: LocalizedText, copies: Bool = false, document: DocumentKind? = nil) {
        self.id = id
        self.title = title
        self.copies = copies
        self.document = document
    }
}

/// One numbered obligation of an annex (遵守事項), and what proves it.
public struct Clause: Sendable, Hashable, Identifiable {
    /// The stable ID used everywhere, e.g. `PI-12` or `CS-2.3`.
    public var id: String
    /// The ID of the part it belongs to.
    public var part: String
    /// The number as printed in the annex, e.g. `12` or `2 (3)`.
    public var number: String
    /// A short title.
    public var title: LocalizedText
    /// The obligation in the product's own words, thresholds kept exact.
    public var summary: LocalizedText
    /// How the clause is proven.
    public var evidence: [EvidenceKind]
    /// The record types that prove it.
    public var records: [RecordType]
    /// The kinds of approval (承認) its `approval` records are about: only a granted approval of one of these kinds,
    /// decided before the act, counts for the clause, and only pending ones of these kinds mark it.
    public var approvals: [Approval.Kind]
    /// The platform-neutral agent check IDs that prove it.
    public var rules: [String]
    /// The documents that report it to the city.
    public var reports: [DocumentKind]
    /// How often the evidence must be renewed, where it must.
    public var cycle: Cycle?

    /// Creates a clause.
    public init(
        id: String, part: String, number: String, title: LocalizedText, summary: LocalizedText,
        evidence: [EvidenceKind], records: [RecordType] = [], approvals: [Approval.Kind] = [], rules: [String] = [],
        reports: [DocumentKind] = [], cycle: Cycle? = nil
    ) {
        self.approvals = approvals
        self.id = id
        self.part = part
        self.number = number
        self.title = title
        self.summary = summary
        self.evidence = evidence
        self.records = records
        self.rules = rules
        self.reports = reports
        self.cycle = cycle
    }
}

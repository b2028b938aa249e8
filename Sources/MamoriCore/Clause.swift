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
    /// The checks that judge it, with their parameters (see ``ClauseCheck``).
    public var checks: [ClauseCheck]
    /// The documents that report it to the city.
    public var reports: [DocumentKind]

    /// Creates a clause.
    public init(
        id: String, part: String, number: String, title: LocalizedText, summary: LocalizedText,
        evidence: [EvidenceKind], checks: [ClauseCheck], reports: [DocumentKind] = []
    ) {
        self.checks = checks
        self.id = id
        self.part = part
        self.number = number
        self.title = title
        self.summary = summary
        self.evidence = evidence
        self.reports = reports
    }

    /// The record types its checks read, each once, in the checks' order.
    public var records: [RecordType] {
        var seen: Set<RecordType> = []
        return checks.flatMap(\.records).filter { seen.insert($0).inserted }
    }

    /// The agent checks that prove it.
    public var rules: [String] {
        checks.flatMap { check -> [String] in
            if case .agent(let rules) = check { rules } else { [] }
        }
    }

    /// The approval kinds its checks count.
    public var approvals: [Approval.Kind] {
        var seen: Set<Approval.Kind> = []
        return checks.flatMap(\.approvalKinds).filter { seen.insert($0).inserted }
    }

    /// How often its evidence must be renewed, where it must (its first check with a cycle).
    public var cycle: Cycle? {
        checks.lazy.compactMap(\.cycle).first
    }
}

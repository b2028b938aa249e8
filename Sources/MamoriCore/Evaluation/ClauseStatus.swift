/// Where a clause stands for a contract, worst first when findings are combined.
public enum ClauseStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case notApplicable = "not-applicable"
    case compliant
    /// Done on the contractor's side: a request the city has still to decide (nothing is late, nothing is for the
    /// contractor to do).
    case awaitingDecision = "awaiting-decision"
    case dueSoon = "due-soon"
    case noEvidence = "no-evidence"
    case overdue
    case violation
    /// The records cannot be evaluated (a stored value beyond what Mamori can count): shown with the entry to correct,
    /// never a crash, and never hidden behind another status.
    case unevaluable

    private var severity: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: ClauseStatus, rhs: ClauseStatus) -> Bool { lhs.severity < rhs.severity }

    /// 遵守 / 違反 / 決定待ち / 期限間近 / 期限超過 / 証跡なし / 対象外 / 評価不能.
    public var label: LocalizedText {
        switch self {
        case .compliant: LocalizedText(ja: "遵守", en: "compliant")
        case .violation: LocalizedText(ja: "違反", en: "violation")
        case .awaitingDecision: LocalizedText(ja: "決定待ち", en: "awaiting decision")
        case .dueSoon: LocalizedText(ja: "期限間近", en: "due soon")
        case .overdue: LocalizedText(ja: "期限超過", en: "overdue")
        case .noEvidence: LocalizedText(ja: "証跡なし", en: "no evidence")
        case .notApplicable: LocalizedText(ja: "対象外", en: "not applicable")
        case .unevaluable: LocalizedText(ja: "評価不能", en: "cannot be evaluated")
        }
    }
}

/// One observation about a clause: a status, why, and the records behind it.
public struct Finding: Sendable, Hashable {
    public var status: ClauseStatus
    public var reason: LocalizedText
    /// IDs of the records that justify it.
    public var evidence: [String]
    /// What is still to be done and by when, for a finding about something not yet done: what reminders are sent for.
    public var deadline: Deadline?
    /// About an act already done, late: the clause stays as found, but nothing is left to do (not on やること).
    public var isPast: Bool
    /// Of the evidence, the records that bring the status about, where not all of it does: of an asset's copies, those
    /// from the one that went past the permit (the earlier ones are evidence of the count, within it).
    public var cause: [String]

    /// Creates a finding; `cause` defaults to all of the evidence.
    public init(
        _ status: ClauseStatus, ja: String, en: String, evidence: [String] = [], cause: [String]? = nil, deadline: Deadline? = nil,
        isPast: Bool = false
    ) {
        self.status = status
        reason = LocalizedText(ja: ja, en: en)
        self.evidence = evidence
        self.cause = cause ?? evidence
        self.deadline = deadline
        self.isPast = isPast
    }
}

/// A clause's status for one contract at one moment, with its reasons and evidence.
public struct ClauseEvaluation: Sendable, Hashable {
    public var clauseID: String
    public var status: ClauseStatus
    /// Why, worst first.
    public var reasons: [LocalizedText]
    /// The status each reason is about, in the same order (a clause due soon may also say what was done in time).
    public var reasonStatuses: [ClauseStatus]
    /// IDs of the records behind the status.
    public var evidence: [String]
    /// IDs of the records (or PCs) that bring about its 違反 and its 期限超過 findings (``Finding/cause``), each sorted:
    /// what breaks the clause, and what is late (a record page says so only of the records that do).
    public var breaches: [ClauseStatus: [String]]
    /// IDs of the records (or PCs) that break the clause, sorted.
    public var violating: [String] { breaches[.violation] ?? [] }

    /// How many reasons of one status are spelled out before the rest are counted.
    public static let reasonsPerStatus = 5

    /// Combines findings: the worst status wins; findings that do not apply are dropped unless nothing else is left.
    public init(clauseID: String, findings: [Finding]) {
        self.clauseID = clauseID
        let applicable = findings.filter { $0.status != .notApplicable }
        let kept = (applicable.isEmpty ? findings : applicable).sorted { $0.status > $1.status }
        status = kept.first?.status ?? .noEvidence
        // A few reasons of each status, then a count: a thousand assets due make five lines and "1 件 more", not a page.
        // Repeated reasons are dropped by a hash of their bytes: hashing Strings normalizes Unicode, which for
        // thousands of Japanese reasons costs more than the evaluation itself.
        var seenReasons = Set<Int>()
        var shown: [ClauseStatus: [LocalizedText]] = [:]
        var more: [ClauseStatus: Int] = [:]
        for finding in kept where seenReasons.insert(Self.byteHash(finding.reason)).inserted {
            if shown[finding.status, default: []].count < Self.reasonsPerStatus {
                shown[finding.status, default: []].append(finding.reason)
            } else {
                more[finding.status, default: 0] += 1
            }
        }
        let ordered = ClauseStatus.allCases.sorted(by: >).flatMap { status -> [(ClauseStatus, LocalizedText)] in
            let count = more[status] ?? 0
            let rest = count == 0 ? [] : [LocalizedText(ja: "ほか \(count) 件（\(status.label.ja)）", en: "and \(count) more (\(status.label.en))")]
            return ((shown[status] ?? []) + rest).map { (status, $0) }
        }
        reasons = ordered.map(\.1)
        reasonStatuses = ordered.map(\.0)
        var seen = Set<String>()
        evidence = kept.flatMap(\.evidence).filter { seen.insert($0).inserted }
        breaches = Dictionary(
            uniqueKeysWithValues: [ClauseStatus.violation, .overdue].map { status in
                (status, Set(kept.filter { $0.status == status }.flatMap(\.cause)).sorted())
            })
    }

    private static func byteHash(_ text: LocalizedText) -> Int {
        var hasher = Hasher()
        for part in [text.ja, text.en] {
            var part = part
            part.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(0xFF as UInt8)
        }
        return hasher.finalize()
    }
}

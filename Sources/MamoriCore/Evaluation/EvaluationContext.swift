import Foundation

/// What every check needs: the contract's state, its catalog, the clause at hand and the moment of evaluation.
struct EvaluationContext {
    let state: ContractState
    let catalog: Catalog
    let clause: Clause
    let now: Date
    let today: Day
    /// Records every clause walks in the same order, sorted once per evaluation.
    let sorted: SortedRecords
    /// The latest report of each of the contractor's PCs.
    let devices: [DeviceEvidence]
    /// Their checks by clause (empty while the records are evaluated).
    let agent: AgentIndex

    /// A duration parameter of the contract (or the catalog's default), falling back to `fallback`.
    func period(_ parameter: String?, fallback: Period) -> Period {
        guard let parameter, case .duration(let period)? = state.parameter(parameter, in: catalog) else { return fallback }
        return period
    }

    /// A catalog's period as the contract sets it: its parameter's value, or the period written in the catalog.
    func period(_ cycle: Cycle) -> Period {
        state.period(cycle, in: catalog)
    }

    /// How early a deadline counts as due soon.
    var reminderLead: Period { state.reminderLead(in: catalog) }

    /// The status of something renewed every `period`, last done on `last`.
    func renewal(last: Day?, period: Period, what: LocalizedText, evidence: [String]) -> Finding {
        guard let last else {
            return Finding(.noEvidence, ja: "\(what.ja)の記録がありません", en: "no \(what.en) recorded")
        }
        let due = last.adding(period)
        // A short cycle (a weekly backup) is not "due soon" for its whole length.
        let lead = min(reminderDays, max(1, last.distance(to: due) / 4))
        return deadline(due, what: what, evidence: evidence, done: last, lead: lead)
    }

    /// The status of something due on `due` and not yet done.
    func deadline(_ due: Day, what: LocalizedText, evidence: [String], done: Day? = nil, lead: Int? = nil) -> Finding {
        // Japanese text dates in 和暦, English in ISO form.
        let last = done.map { (ja: "（前回 \($0.wareki)）", en: " (last \($0))") } ?? (ja: "", en: "")
        let lead = lead ?? reminderDays
        let deadline = evidence.first.map { Deadline(what: what, recordID: $0, day: due, leadDays: lead) }
        if today > due {
            return Finding(
                .overdue, ja: "\(what.ja)の期限 \(due.wareki) を過ぎています\(last.ja)",
                en: "\(what.en) was due \(due)\(last.en)", evidence: evidence, deadline: deadline)
        }
        if today >= due.adding(days: -lead) {
            return Finding(
                .dueSoon, ja: "\(what.ja)の期限 \(due.wareki) が近づいています\(last.ja)",
                en: "\(what.en) is due \(due)\(last.en)", evidence: evidence, deadline: deadline)
        }
        return Finding(
            .compliant, ja: "\(what.ja)は期限内です（次回期限 \(due.wareki)）",
            en: "\(what.en) is up to date (next due \(due))", evidence: evidence, deadline: deadline)
    }

    /// The reminder lead in days.
    var reminderDays: Int {
        let lead = reminderLead
        return today.distance(to: today.adding(lead))
    }
}

extension Day {
    /// Whole days from this day to `other`.
    public func distance(to other: Day) -> Int {
        other.dayNumber - dayNumber
    }
}

/// The assets and the people on the roster today, sorted by ID once for all clauses of an evaluation.
struct SortedRecords {
    let assets: [DataAsset]
    let activePeople: [Person]

    init(_ state: ContractState, today: Day) {
        assets = state.assets.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        activePeople = state.people.values.filter { $0.isActive(on: today) }.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
    }

    private init() {
        assets = []
        activePeople = []
    }

    /// No records: what the PCs' checks are evaluated with, as they look at reports, not records.
    static let empty = SortedRecords()
}

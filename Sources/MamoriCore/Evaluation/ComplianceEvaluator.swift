import Foundation

/// Evaluates every clause of a contract: (catalog, state, now) → status, reasons and evidence. Pure.
public struct ComplianceEvaluator: Sendable {
    public let catalog: Catalog

    /// Creates an evaluator for a catalog.
    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Every clause of the catalog, in catalog order; agent clauses from the latest report of each of the
    /// contractor's PCs.
    public func evaluate(_ state: ContractState, now: Date, devices: [DeviceEvidence] = []) -> [ClauseEvaluation] {
        evaluate(recordFindings(state, now: now), state: state, devices: devices)
    }

    /// One clause.
    public func evaluate(_ clause: Clause, state: ContractState, now: Date, devices: [DeviceEvidence] = []) -> ClauseEvaluation {
        let sorted = SortedRecords(state, today: Day(now))
        let records = findings(clause, context(clause, state, now, sorted: sorted, devices: [], agent: nil))
        return combine(
            clause, records, state: state, now: now, devices: devices,
            agent: AgentIndex(devices, state: state, catalog: catalog, now: now))
    }

    /// What the contract's records say of each clause — everything but the PCs' reports. This is the costly part
    /// (every asset, person and deadline); it changes only when the journal moves or the clock does, so a server keeps
    /// it per journal position and minute and adds the PCs with ``evaluate(_:state:devices:)``.
    public func recordFindings(_ state: ContractState, now: Date) -> RecordFindings {
        let sorted = SortedRecords(state, today: Day(now))
        var byClause: [String: [Finding]] = [:]
        for clause in catalog.clauses {
            byClause[clause.id] = findings(clause, context(clause, state, now, sorted: sorted, devices: [], agent: nil))
        }
        return RecordFindings(now: now, byClause: byClause)
    }

    /// Every clause from its record findings and the PCs' latest reports.
    public func evaluate(_ records: RecordFindings, state: ContractState, devices: [DeviceEvidence]) -> [ClauseEvaluation] {
        let agent = AgentIndex(devices, state: state, catalog: catalog, now: records.now)
        return catalog.clauses.map {
            combine($0, records.byClause[$0.id] ?? [], state: state, now: records.now, devices: devices, agent: agent)
        }
    }

    private func combine(
        _ clause: Clause, _ records: [Finding], state: ContractState, now: Date, devices: [DeviceEvidence],
        agent: AgentIndex
    ) -> ClauseEvaluation {
        let rules = clause.rules
        guard !rules.isEmpty else { return ClauseEvaluation(clauseID: clause.id, findings: records) }
        let context = context(clause, state, now, sorted: .empty, devices: devices, agent: agent)
        return ClauseEvaluation(clauseID: clause.id, findings: records + context.agentFindings(rules: rules))
    }

    private func context(
        _ clause: Clause, _ state: ContractState, _ now: Date, sorted: SortedRecords, devices: [DeviceEvidence],
        agent: AgentIndex?
    ) -> EvaluationContext {
        EvaluationContext(
            state: state, catalog: catalog, clause: clause, now: now, today: Day(now), sorted: sorted, devices: devices,
            agent: agent ?? AgentIndex([], state: state, catalog: catalog, now: now))
    }

    /// The findings of a clause's checks on the records (its agent checks are added with the PCs' reports).
    private func findings(_ clause: Clause, _ context: EvaluationContext) -> [Finding] {
        clause.checks.flatMap { context.findings(for: $0) }
    }
}

/// The findings of a contract's records for every clause at one moment (see ``ComplianceEvaluator/recordFindings(_:now:)``).
public struct RecordFindings: Sendable {
    /// The moment they were evaluated at.
    public let now: Date
    let byClause: [String: [Finding]]

    /// Everything the records say is still to be done, once each (a deadline two clauses check is one deadline).
    public var deadlines: [Deadline] {
        var seen = Set<Deadline>()
        return byClause.keys.sorted().flatMap { byClause[$0] ?? [] }.compactMap(\.deadline).filter { seen.insert($0).inserted }
    }

    /// What is wrong now with no date to keep (a violation, something overdue without a due day, e.g. no pledge from a
    /// person at work) and can still be put right — not an act already done late (``Finding/isPast``): each reason once,
    /// with the clauses that found it, worst first.
    public var undated: [(finding: Finding, clauses: [String])] {
        var order: [String] = []
        var found: [String: (finding: Finding, clauses: [String])] = [:]
        for clause in byClause.keys.sorted() {
            for finding in byClause[clause] ?? []
            where finding.deadline == nil && !finding.isPast && (finding.status == .violation || finding.status == .overdue) {
                let key = finding.reason.ja
                if found[key] == nil {
                    order.append(key)
                    found[key] = (finding, [])
                }
                if found[key]?.clauses.contains(clause) == false { found[key]?.clauses.append(clause) }
            }
        }
        return order.compactMap { found[$0] }.sorted { $0.finding.status > $1.finding.status }
    }
}

extension EvaluationContext {
    /// What one check says of the records; an agent check waits for the PCs' reports (``agentFindings(rules:)``).
    func findings(for check: ClauseCheck) -> [Finding] {
        switch check {
        case .roster(let roles, let photos): rosterFindings(roles: roles, photos: photos)
        case .idChecks: idCheckFindings()
        case .training(let cycle, let beforeStart): trainingFindings(cycle: period(cycle), beforeStart: beforeStart)
        case .pledges: pledgeFindings()
        case .attestation(let cycle): attestationFindings(cycle: period(cycle))
        case .assetLedger: assetFindings()
        case .usesWithinPurpose: useFindings()
        case .copiesWithinPermit(let extra): copyFindings(extra: extra)
        case .copiesApproved(let kind): approvedActFindings(.copy, approval: kind)
        case .transfersToCityOnly: transferFindings()
        case .takeoutsApproved(let kind): approvedActFindings(.takeout, approval: kind)
        case .transportProtected: protectionFindings()
        case .finalDisposition(let kinds, let certificate): finalDispositionFindings(kinds, certificate: certificate)
        case .incidentClocks(let deadlines): incidentFindings(deadlines)
        case .safeguardReview(let cycle): safeguardFindings(cycle: period(cycle))
        case .approvals(let kinds): approvalFindings(kinds)
        case .subcontracts(let rule): subcontractFindings(rule)
        case .policy(let cycle): policyFindings(cycle: period(cycle))
        case .workLocation(let notified): workLocationFindings(notified: notified)
        case .personnelChangesNotified(let within, let roles): personnelNoticeFindings(within: period(within), roles: roles)
        case .audits(let kinds): auditFindings(kinds)
        case .recordsRetained(let kept): retentionFindings(period: period(kept))
        case .instructions: instructionFindings()
        case .backups(let cycle): backupFindings(cycle: period(cycle))
        case .deviceDisposals(let repair): disposalFindings(repairApproval: repair)
        case .softwareList: softwareFindings()
        case .agent: []
        case .info: [Finding(.notApplicable, ja: "参考の条項であり、証跡を要しません", en: "informational clause; nothing to prove")]
        }
    }
}

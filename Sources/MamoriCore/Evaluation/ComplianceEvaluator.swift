import Foundation

/// Evaluates every clause of a contract: (catalog, state, now) → status, reasons and evidence. Pure.
public struct ComplianceEvaluator: Sendable {
    public let catalog: Catalog

    /// Creates an evaluator for a catalog.
    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Every clause of the catalog, in catalog order.
    public func evaluate(_ state: ContractState, now: Date) -> [ClauseEvaluation] {
        let sorted = SortedRecords(state, today: Day(now))
        return catalog.clauses.map { evaluate($0, state: state, now: now, sorted: sorted) }
    }

    /// One clause.
    public func evaluate(_ clause: Clause, state: ContractState, now: Date) -> ClauseEvaluation {
        evaluate(clause, state: state, now: now, sorted: SortedRecords(state, today: Day(now)))
    }

    private func evaluate(_ clause: Clause, state: ContractState, now: Date, sorted: SortedRecords) -> ClauseEvaluation {
        let context = EvaluationContext(state: state, catalog: catalog, clause: clause, now: now, today: Day(now), sorted: sorted)
        var findings: [Finding] = []
        if clause.evidence == [.info] {
            findings.append(Finding(.notApplicable, ja: "参考の条項であり、証跡を要しません", en: "informational clause; nothing to prove"))
        }
        findings += clause.records.flatMap { context.findings(for: $0) }
        if clause.evidence.contains(.attest), !clause.records.contains(.attestation) {
            findings += context.findings(for: .attestation)
        }
        if clause.evidence.contains(.agent) {
            findings.append(Finding(.noEvidence, ja: "エージェントの報告がまだありません（\(clause.rules.joined(separator: ", "))）",
                                    en: "no agent report yet (\(clause.rules.joined(separator: ", ")))"))
        }
        return ClauseEvaluation(clauseID: clause.id, findings: findings)
    }
}

extension EvaluationContext {
    /// What the records of one type say about the clause.
    func findings(for type: RecordType) -> [Finding] {
        switch type {
        case .staffMember: rosterFindings()
        case .idCheck: idCheckFindings()
        case .trainingSession: trainingFindings()
        case .pledge: pledgeFindings()
        case .attestation: attestationFindings()
        case .dataAsset: assetFindings()
        case .useEvent: useFindings()
        case .copyEvent: copyFindings()
        case .transferEvent: transferFindings()
        case .takeoutEvent: takeoutFindings()
        case .returnEvent: finalDispositionFindings(.return)
        case .destructionEvent: finalDispositionFindings(.destruction)
        case .incident: incidentFindings()
        case .safeguardMeasure: safeguardFindings()
        case .approval: approvalFindings()
        case .subcontract: subcontractFindings()
        case .policyDocument: policyFindings()
        case .audit: auditFindings()
        case .cityInstruction: instructionFindings()
        case .backupRun: backupFindings()
        case .deviceDisposal: disposalFindings()
        case .softwareApproval: softwareFindings()
        }
    }
}

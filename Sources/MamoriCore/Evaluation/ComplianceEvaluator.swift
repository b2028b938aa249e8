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
        let sorted = SortedRecords(state, catalog: catalog, now: now, devices: devices)
        return catalog.clauses.map { evaluate($0, state: state, now: now, devices: devices, sorted: sorted) }
    }

    /// One clause.
    public func evaluate(_ clause: Clause, state: ContractState, now: Date, devices: [DeviceEvidence] = []) -> ClauseEvaluation {
        evaluate(clause, state: state, now: now, devices: devices, sorted: SortedRecords(state, catalog: catalog, now: now, devices: devices))
    }

    private func evaluate(_ clause: Clause, state: ContractState, now: Date, devices: [DeviceEvidence], sorted: SortedRecords) -> ClauseEvaluation {
        let context = EvaluationContext(state: state, catalog: catalog, clause: clause, now: now, today: Day(now), sorted: sorted,
                                        devices: devices)
        var findings: [Finding] = []
        if clause.evidence == [.info] {
            findings.append(Finding(.notApplicable, ja: "参考の条項であり、証跡を要しません", en: "informational clause; nothing to prove"))
        }
        findings += clause.records.flatMap { context.findings(for: $0) }
        if clause.evidence.contains(.attest), !clause.records.contains(.attestation) {
            findings += context.findings(for: .attestation)
        }
        if clause.evidence.contains(.agent) {
            findings += context.agentFindings()
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

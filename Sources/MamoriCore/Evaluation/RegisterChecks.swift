import Foundation

/// Checks on the registers: safeguards, approvals, subcontracts, policy, audits, city instructions, backups,
/// device repair and disposal, approved software.
extension EvaluationContext {
    func safeguardFindings(cycle: Period) -> [Finding] {
        // Ties by ID: every evaluation (dashboard, documents, another server) names the same record.
        let latest = state.safeguards.values.max { ($0.reviewedOn, RecordOrder($0.id)) < ($1.reviewedOn, RecordOrder($1.id)) }
        return [
            renewal(
                last: latest?.reviewedOn, period: cycle,
                what: LocalizedText(ja: "安全管理措置の見直し", en: "review of the safeguard measures"),
                evidence: state.safeguards.keys.sorted())
        ]
    }

    /// The contract's approvals of one kind, by ID; with `granted`, only those the city granted.
    func approvals(_ kind: Approval.Kind, granted: Bool = false) -> [Approval] {
        state.approvals.values.filter { $0.kind == kind && (!granted || $0.decision == .granted) }.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
    }

    /// Whether the approval an act names covers it: granted, of the right kind, about its subject, and decided no
    /// later than the act.
    func covers(_ approvalID: String?, kind: Approval.Kind, before act: Date, subject: (Approval) -> Bool = { _ in true }) -> Bool {
        guard let approvalID, let approval = state.approvals[approvalID], approval.kind == kind, approval.decision == .granted,
            let decided = approval.decidedAt
        else { return false }
        return decided <= act && subject(approval)
    }

    /// The requests of `kinds`: pending ones await the city's decision; granted ones are the clause's evidence;
    /// denied ones grant nothing, so a clause with only those has no evidence.
    func approvalFindings(_ kinds: [Approval.Kind]) -> [Finding] {
        let approvals = kinds.flatMap { self.approvals($0) }.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        let kinds = kinds.map(catalog.approvalLabel)
        let what = LocalizedText(ja: kinds.map(\.ja).joined(separator: "・"), en: kinds.map(\.en).joined(separator: ", "))
        guard !approvals.isEmpty else {
            return [Finding(.notApplicable, ja: "\(what.ja)の承認申請はありません", en: "no \(what.en) approval requested")]
        }
        var findings: [Finding] = []
        let pending = approvals.filter { $0.decision == .pending }
        if !pending.isEmpty {
            findings.append(
                Finding(
                    .awaitingDecision, ja: "\(catalog.cityWord)の承認待ちの\(what.ja)の申請が \(pending.count) 件あります",
                    en: "\(pending.count) \(what.en) requests await the city's decision", evidence: pending.map(\.id)))
        }
        let granted = approvals.filter { $0.decision == .granted }
        let denied = approvals.filter { $0.decision == .denied }
        if !granted.isEmpty {
            findings.append(
                Finding(
                    .compliant, ja: "\(what.ja)の申請 \(granted.count) 件を\(catalog.cityWord)が承認しています",
                    en: "the city granted \(granted.count) \(what.en) requests", evidence: granted.map(\.id)))
        } else if !denied.isEmpty, pending.isEmpty {
            // Where the approval itself is the evidence (a PC carried in), a denied one leaves none; where acts are
            // (take-outs, copies), the acts are judged and a denied request only says the act must not happen.
            let onlyApprovals = clause.records.allSatisfy { $0 == .approval }
            findings.append(
                Finding(
                    onlyApprovals ? .noEvidence : .notApplicable,
                    ja: "\(what.ja)の申請 \(denied.count) 件は不承認です（承認されたものはありません）",
                    en: "\(denied.count) \(what.en) requests denied, none granted", evidence: denied.map(\.id)))
        }
        return findings
    }

    /// Subcontracts as `rule` allows them: none at all, none touching personal data, or those touching it only with a
    /// granted approval decided by the day the subcontract starts, the subcontractor bound by the same obligations.
    func subcontractFindings(_ rule: SubcontractRule) -> [Finding] {
        let all = state.subcontracts.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        let names = { (list: [Subcontract]) in list.map(\.subcontractor).joined(separator: ", ") }
        if rule == .never {
            guard all.isEmpty else {
                return [Finding(.violation, ja: "再委託があります: \(names(all))", en: "subcontracting: \(names(all))", evidence: all.map(\.id))]
            }
            return [Finding(.notApplicable, ja: "再委託は登録されていません", en: "no subcontract recorded")]
        }
        let touching = all.filter(\.touchesPersonalData)
        guard case .withApproval(let kind) = rule else {
            if !touching.isEmpty {
                return [
                    Finding(
                        .violation, ja: "個人情報を扱う再委託があります: \(names(touching))",
                        en: "subcontracting of personal-data work: \(names(touching))", evidence: touching.map(\.id))
                ]
            }
            return [
                Finding(
                    .notApplicable, ja: "個人情報を扱う再委託は登録されていません", en: "no subcontract touching personal data",
                    evidence: state.subcontracts.keys.sorted())
            ]
        }
        guard !touching.isEmpty else {
            return [
                Finding(
                    .notApplicable, ja: "個人情報を扱う再委託は登録されていません", en: "no subcontract touching personal data",
                    evidence: state.subcontracts.keys.sorted())
            ]
        }
        let unapproved = touching.filter { !covers($0.approvalID, kind: kind, before: $0.startsOn.start.addingTimeInterval(86_400)) }
        let unbound = touching.filter { $0.boundByObligations != true }
        var findings: [Finding] = []
        if !unapproved.isEmpty {
            findings.append(
                Finding(
                    .violation, ja: "\(catalog.cityWord)の事前の承認のない再委託があります: \(names(unapproved))",
                    en: "subcontracting without the city's prior approval: \(names(unapproved))", evidence: unapproved.map(\.id)))
        }
        if !unbound.isEmpty {
            findings.append(
                Finding(
                    .violation, ja: "同じ義務を課していない再委託先があります: \(names(unbound))",
                    en: "subcontractors not bound by the same obligations: \(names(unbound))", evidence: unbound.map(\.id)))
        }
        return findings.isEmpty
            ? [
                Finding(
                    .compliant, ja: "再委託 \(touching.count) 件は\(catalog.cityWord)の事前承認を得ています", en: "all \(touching.count) subcontracts approved beforehand",
                    evidence: touching.map(\.id) + touching.compactMap(\.approvalID))
            ]
            : findings
    }

    func policyFindings(cycle: Period) -> [Finding] {
        guard let latest = state.policies.values.max(by: { ($0.adoptedOn, RecordOrder($0.id)) < ($1.adoptedOn, RecordOrder($1.id)) }) else {
            return [Finding(.noEvidence, ja: "情報セキュリティ方針が登録されていません", en: "no security policy recorded")]
        }
        guard latest.submittedOn != nil else {
            return [
                Finding(
                    .overdue, ja: "方針 \(latest.version) が\(catalog.cityWord)に提出されていません", en: "policy \(latest.version) is not submitted to the city",
                    evidence: [latest.id])
            ]
        }
        return [
            renewal(
                last: latest.adoptedOn, period: cycle,
                what: LocalizedText(ja: "情報セキュリティ方針の見直し", en: "review of the security policy"), evidence: [latest.id])
        ]
    }

    /// The place where personal data is handled, as the latest management structure records it; `notified`, told
    /// to the city since it was recorded.
    func workLocationFindings(notified: Bool) -> [Finding] {
        guard let latest = state.structures.values.max(by: { ($0.recordedOn, RecordOrder($0.id)) < ($1.recordedOn, RecordOrder($1.id)) }),
            !latest.workLocation.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return [Finding(.noEvidence, ja: "作業場所が記録されていません", en: "no work location recorded")]
        }
        if notified {
            let notice = state.notifications.values.filter { $0.subject == .workLocation && $0.notifiedOn >= latest.recordedOn }
                .min { ($0.notifiedOn, RecordOrder($0.id)) < ($1.notifiedOn, RecordOrder($1.id)) }
            guard let notice else {
                return [
                    Finding(
                        .overdue, ja: "作業場所（\(latest.workLocation)）が\(catalog.cityWord)に届け出られていません",
                        en: "the work location (\(latest.workLocation)) is not notified to the city", evidence: [latest.id])
                ]
            }
            return [
                Finding(
                    .compliant, ja: "作業場所: \(latest.workLocation)（\(notice.notifiedOn) 届出）",
                    en: "work location: \(latest.workLocation) (notified \(notice.notifiedOn))", evidence: [latest.id, notice.id])
            ]
        }
        return [Finding(.compliant, ja: "作業場所: \(latest.workLocation)", en: "work location: \(latest.workLocation)", evidence: [latest.id])]
    }

    /// The contract's records, kept in the journal, for `period` after the contract ends.
    func retentionFindings(period: Period) -> [Finding] {
        let until = state.contract.endsOn.adding(period)
        guard today <= until else {
            return [Finding(.notApplicable, ja: "記録の保存期間（\(until) まで）を過ぎています", en: "the records' retention period ended on \(until)")]
        }
        return [
            Finding(
                .compliant, ja: "記録は改ざん検知つきの仕訳帳に \(until) まで保存されます（契約終了から\(period.label.ja)）",
                en: "the records are kept in the tamper-evident journal until \(until) (\(period.label.en) after the contract ends)")
        ]
    }

    /// Responses to the city's audits of `kinds` (every kind when empty) by their due dates.
    func auditFindings(_ kinds: [Audit.Kind]) -> [Finding] {
        let audits = state.audits.values.filter { kinds.isEmpty || kinds.contains($0.kind) }.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        guard !audits.isEmpty else {
            return [Finding(.notApplicable, ja: "監査・検査の記録はありません", en: "no audit or inspection recorded")]
        }
        return audits.map { audit in
            let what = LocalizedText(ja: "監査 \(audit.id) への回答", en: "response to audit \(audit.id)")
            if let responded = audit.respondedOn {
                if let due = audit.responseDue, responded > due {
                    return Finding(
                        .violation, ja: "\(what.ja)が期限 \(due) 後でした", en: "\(what.en) came after its due date \(due)", evidence: [audit.id], isPast: true)
                }
                return Finding(.compliant, ja: "\(what.ja)済み（\(responded)）", en: "\(what.en) given on \(responded)", evidence: [audit.id])
            }
            guard let due = audit.responseDue else {
                return Finding(.dueSoon, ja: "\(what.ja)が未了です", en: "\(what.en) is pending", evidence: [audit.id])
            }
            return deadline(due, what: what, evidence: [audit.id])
        }
    }

    func instructionFindings() -> [Finding] {
        let instructions = state.instructions.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        guard !instructions.isEmpty else {
            return [Finding(.notApplicable, ja: "\(catalog.cityWord)からの追加の指示はありません", en: "no further instruction from the city")]
        }
        return instructions.map { instruction in
            let what = LocalizedText(ja: "\(catalog.cityWord)の指示 \(instruction.id)", en: "city instruction \(instruction.id)")
            if let done = instruction.completedOn {
                if let due = instruction.dueOn, done > due {
                    return Finding(
                        .violation, ja: "\(what.ja)の対応が期限 \(due) 後でした", en: "\(what.en) was done after \(due)", evidence: [instruction.id], isPast: true)
                }
                return Finding(.compliant, ja: "\(what.ja)に対応済み（\(done)）", en: "\(what.en) done on \(done)", evidence: [instruction.id])
            }
            guard let due = instruction.dueOn else {
                return Finding(.dueSoon, ja: "\(what.ja)に対応中です", en: "\(what.en) is in progress", evidence: [instruction.id])
            }
            return deadline(due, what: what, evidence: [instruction.id])
        }
    }

    func backupFindings(cycle: Period) -> [Finding] {
        let succeeded = state.backups.values.filter(\.succeeded)
        // Ties by ID: every evaluation (dashboard, documents, another server) names the same backup.
        let latest = succeeded.max { ($0.ranAt, RecordOrder($0.id)) < ($1.ranAt, RecordOrder($1.id)) }
        return [
            renewal(
                last: latest.map { Day($0.ranAt) }, period: cycle,
                what: LocalizedText(ja: "バックアップ", en: "backup"), evidence: latest.map { [$0.id] } ?? [])
        ]
    }

    /// Devices disposed of only after erasure and, with `repairApproval`, sent for repair only with a granted approval
    /// of that kind (decided by the end of the day they left).
    func disposalFindings(repairApproval: Approval.Kind?) -> [Finding] {
        let disposals = state.disposals.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        // A repair the city approved is a repair to account for: until a record names the approval and says how the data
        // was kept (the confidentiality duty, the erasure), the clause has no evidence of it — never 対象外.
        let accounted = Set(disposals.compactMap(\.approvalID))
        let unaccounted: [Finding] =
            repairApproval.map { kind in
                let label = catalog.approvalLabel(kind)
                return approvals(kind, granted: true).filter { !accounted.contains($0.id) }.map { approval in
                    Finding(
                        .noEvidence, ja: "\(label.ja)の承認 \(approval.id) に対応する修理の記録（守秘義務・データ消去）がありません",
                        en: "no repair record (confidentiality duty, erasure) answers the \(label.en) approval \(approval.id)",
                        evidence: [approval.id])
                }
            } ?? []
        guard !disposals.isEmpty else {
            guard unaccounted.isEmpty else { return unaccounted }
            return [Finding(.notApplicable, ja: "機器の修理・廃棄の記録はありません", en: "no device repair or disposal recorded")]
        }
        return unaccounted
            + disposals.map { disposal in
                if disposal.kind == .disposal, disposal.erasure == nil {
                    return Finding(
                        .violation, ja: "\(disposal.device) がデータ消去なしで廃棄されました", en: "\(disposal.device) was disposed of without erasure",
                        evidence: [disposal.id])
                }
                if disposal.kind == .repair, let repairApproval {
                    guard covers(disposal.approvalID, kind: repairApproval, before: disposal.handledOn.start.addingTimeInterval(86_400)) else {
                        return Finding(
                            .violation, ja: "\(disposal.device) が承認なしで修理に出されました", en: "\(disposal.device) left for repair without approval",
                            evidence: [disposal.id] + (disposal.approvalID.map { [$0] } ?? []))
                    }
                }
                return Finding(
                    .compliant, ja: "\(disposal.device): 適切に処理されました", en: "\(disposal.device): handled as required",
                    evidence: [disposal.id])
            }
    }

    func softwareFindings() -> [Finding] {
        guard !state.software.isEmpty else {
            return [Finding(.noEvidence, ja: "検証済みソフトウェアの一覧がありません", en: "no approved software list")]
        }
        return [
            Finding(
                .compliant, ja: "ソフトウェア一覧 \(state.software.count) 件", en: "\(state.software.count) entries on the software list",
                evidence: state.software.keys.sorted())
        ]
    }
}

/// One generic check of a clause, with the parameters its catalog gives it: the library a catalog's `checks:` draw
/// from. The code holds what each check does with the records; which clause it judges, with which approval kinds,
/// cycles and deadlines, is the catalog's reading of its annex (`docs/catalog-schema.md` lists every check).
public enum ClauseCheck: Sendable, Hashable {
    /// `roster`: people on the roster today, with each of `roles` appointed and, with `photos`, a photo of everyone.
    case roster(roles: [Person.Role], photos: Bool)
    /// `id_checks`: the city's requests to see an ID document, where there were any.
    case idChecks
    /// `training`: everyone on the roster trained every `cycle`; with `beforeStart`, trained no later than the day
    /// they joined (before first handling personal data), otherwise within the reminder lead of joining.
    case training(cycle: Cycle, beforeStart: Bool)
    /// `pledges`: a signed pledge from everyone ever on the roster, former staff included.
    case pledges
    /// `attestation`: a signed attestation of the clause renewed every `cycle`.
    case attestation(cycle: Cycle)
    /// `asset_ledger`: the provided data is on the ledger.
    case assetLedger
    /// `uses_within_purpose`: every use is for one of the asset's permitted purposes.
    case usesWithinPurpose
    /// `copies_within_permit`: copies made never exceed the asset's permitted number plus, with `extraApproval`, the
    /// extra copies the city had granted by then in approvals of that kind for the asset.
    case copiesWithinPermit(extraApproval: Approval.Kind?)
    /// `copies_approved`: every copy names a granted approval of `approval` for its asset, decided before it was made.
    case copiesApproved(approval: Approval.Kind)
    /// `transfers_to_city_only`: no provided data goes to anyone but the city.
    case transfersToCityOnly
    /// `transport_protected`: every transfer and take-out records how the data was protected on the way.
    case transportProtected
    /// `takeouts_approved`: every take-out names a granted approval of `approval` (for its asset or for any), decided
    /// before it.
    case takeoutsApproved(approval: Approval.Kind)
    /// `final_disposition`: each asset ends in one of `kinds` by its return date; a disposition of another kind is left
    /// to the check that names it. With `certificate`, a destruction records its erasure (the certificate's facts).
    case finalDisposition(kinds: [DataEvent.Kind], certificate: Bool)
    /// `incident_clocks`: each incident's notice to the city, written report and (where the APPI requires) final
    /// report within their periods from discovery.
    case incidentClocks(IncidentDeadlines)
    /// `safeguard_review`: the safeguard measures reviewed every `cycle`.
    case safeguardReview(cycle: Cycle)
    /// `approvals`: requests of `kinds` — pending ones await the city, granted ones are the evidence.
    case approvals(kinds: [Approval.Kind])
    /// `subcontracts`: which subcontracts the annex allows (`allowed`).
    case subcontracts(allowed: SubcontractRule)
    /// `policy`: the security policy submitted to the city and reviewed every `cycle`.
    case policy(cycle: Cycle)
    /// `personnel_changes_notified`: each change of a person of `roles` (every role when empty) after the contract
    /// started — joining or leaving — notified to the city within `within` of the change.
    case personnelChangesNotified(within: Cycle, roles: [Person.Role])
    /// `work_location`: the place where personal data is handled is recorded in the management structure and, with
    /// `notified`, notified to the city (a notice of the work location on or after the structure was recorded).
    case workLocation(notified: Bool)
    /// `records_retained`: the contract's records kept for `period` after it ends (Mamori's journal keeps them,
    /// tamper-evident; the clause shows until when they must be kept).
    case recordsRetained(period: Cycle)
    /// `audits`: responses to the city's audits (with `kinds`, only those kinds) by their due dates.
    case audits(kinds: [Audit.Kind])
    /// `instructions`: the city's further instructions carried out by their due dates.
    case instructions
    /// `backups`: a successful backup every `cycle`.
    case backups(cycle: Cycle)
    /// `device_disposals`: devices disposed of only after erasure and, with `repairApproval`, sent for repair only
    /// with a granted approval of that kind.
    case deviceDisposals(repairApproval: Approval.Kind?)
    /// `software_list`: a list of verified software is kept.
    case softwareList
    /// `agent`: the endpoint agent's `rules` on every PC, each PC reporting within the catalog's
    /// `agent_report_max_age`.
    case agent(rules: [String])
    /// `info`: nothing to prove (liability and the like).
    case info

    /// The check's name in catalog files.
    public var name: String {
        switch self {
        case .roster: "roster"
        case .idChecks: "id_checks"
        case .training: "training"
        case .pledges: "pledges"
        case .attestation: "attestation"
        case .assetLedger: "asset_ledger"
        case .usesWithinPurpose: "uses_within_purpose"
        case .copiesWithinPermit: "copies_within_permit"
        case .copiesApproved: "copies_approved"
        case .transfersToCityOnly: "transfers_to_city_only"
        case .transportProtected: "transport_protected"
        case .takeoutsApproved: "takeouts_approved"
        case .finalDisposition: "final_disposition"
        case .incidentClocks: "incident_clocks"
        case .safeguardReview: "safeguard_review"
        case .approvals: "approvals"
        case .subcontracts: "subcontracts"
        case .policy: "policy"
        case .personnelChangesNotified: "personnel_changes_notified"
        case .workLocation: "work_location"
        case .recordsRetained: "records_retained"
        case .audits: "audits"
        case .instructions: "instructions"
        case .backups: "backups"
        case .deviceDisposals: "device_disposals"
        case .softwareList: "software_list"
        case .agent: "agent"
        case .info: "info"
        }
    }

    /// The record types the check reads (what a person records to meet it).
    public var records: [RecordType] {
        switch self {
        case .roster: [.staffMember]
        case .idChecks: [.idCheck]
        case .training: [.trainingSession]
        case .pledges: [.pledge]
        case .attestation: [.attestation]
        case .assetLedger: [.dataAsset]
        case .usesWithinPurpose: [.useEvent]
        case .copiesWithinPermit(let extra): extra == nil ? [.copyEvent] : [.copyEvent, .approval]
        case .copiesApproved: [.copyEvent, .approval]
        case .transfersToCityOnly: [.transferEvent]
        case .transportProtected: [.transferEvent, .takeoutEvent]
        case .takeoutsApproved: [.takeoutEvent, .approval]
        case .finalDisposition(let kinds, _): kinds.map(\.recordType)
        case .incidentClocks: [.incident]
        case .safeguardReview: [.safeguardMeasure]
        case .approvals: [.approval]
        case .subcontracts(let rule): rule.approval == nil ? [.subcontract] : [.subcontract, .approval]
        case .policy: [.policyDocument]
        case .personnelChangesNotified: [.staffMember, .cityNotification]
        case .workLocation(let notified): notified ? [.managementStructure, .cityNotification] : [.managementStructure]
        case .recordsRetained: []
        case .audits: [.audit]
        case .instructions: [.cityInstruction]
        case .backups: [.backupRun]
        case .deviceDisposals(let repair): repair == nil ? [.deviceDisposal] : [.deviceDisposal, .approval]
        case .softwareList: [.softwareApproval]
        case .agent, .info: []
        }
    }

    /// The approval kinds the check counts.
    public var approvalKinds: [Approval.Kind] {
        switch self {
        case .copiesWithinPermit(let kind), .deviceDisposals(let kind): kind.map { [$0] } ?? []
        case .copiesApproved(let kind), .takeoutsApproved(let kind): [kind]
        case .approvals(let kinds): kinds
        case .subcontracts(let rule): rule.approval.map { [$0] } ?? []
        default: []
        }
    }

    /// The approval kinds an act recorded as `record` names for this check to count it covered: a take-out its
    /// take-out approval, a subcontract the city's approval of subcontracting.
    public func approvalKinds(namedBy record: RecordType) -> [Approval.Kind] {
        switch (self, record) {
        case (.copiesApproved(let kind), .copyEvent), (.copiesWithinPermit(let kind?), .copyEvent), (.takeoutsApproved(let kind), .takeoutEvent),
            (.deviceDisposals(let kind?), .deviceDisposal), (.subcontracts(.withApproval(let kind)), .subcontract):
            [kind]
        default: []
        }
    }

    /// How often its evidence must be renewed, where it must.
    public var cycle: Cycle? {
        switch self {
        case .training(let cycle, _), .attestation(let cycle), .safeguardReview(let cycle), .policy(let cycle), .backups(let cycle): cycle
        default: nil
        }
    }
}

/// The periods an incident's clocks run for, from its discovery.
public struct IncidentDeadlines: Sendable, Hashable {
    /// The notice to the city.
    public var notice: Cycle
    /// The written (preliminary) report.
    public var writtenReport: Cycle
    /// The final report, where the APPI requires one.
    public var finalReport: Cycle
    /// The final report where the incident may be malicious.
    public var finalReportMalicious: Cycle

    /// The four periods.
    public init(notice: Cycle, writtenReport: Cycle, finalReport: Cycle, finalReportMalicious: Cycle) {
        self.notice = notice
        self.writtenReport = writtenReport
        self.finalReport = finalReport
        self.finalReportMalicious = finalReportMalicious
    }
}

/// Which subcontracts an annex allows.
public enum SubcontractRule: Sendable, Hashable {
    /// `never`: no subcontracting at all.
    case never
    /// `without_personal_data`: only work that does not touch personal data.
    case withoutPersonalData
    /// `with_approval`: work touching personal data only with the city's prior approval of this kind.
    case withApproval(Approval.Kind)

    /// The approval kind that allows one, if any.
    public var approval: Approval.Kind? {
        if case .withApproval(let kind) = self { kind } else { nil }
    }
}

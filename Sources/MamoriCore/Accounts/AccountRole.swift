/// What a person may do in one organization: the contractor's administrator, responsible person, supervisors and
/// staff; the city's reviewers and auditors (read-only).
public enum AccountRole: String, Codable, Sendable, CaseIterable {
    case contractorAdministrator = "contractor-administrator"
    case responsiblePerson = "responsible"
    case supervisor
    case staff
    case cityReviewer = "city-reviewer"
    case cityAuditor = "city-auditor"

    /// The kind of organization the role belongs to.
    public var organizationKind: Organization.Kind {
        switch self {
        case .contractorAdministrator, .responsiblePerson, .supervisor, .staff: .contractor
        case .cityReviewer, .cityAuditor: .city
        }
    }

    /// Whether the role records the contractor's records (people, data events, incidents, registers…).
    public var recordsContractRecords: Bool { organizationKind == .contractor }

    /// Whether the role keeps the contract's registers of people and data (the roster, identity checks, training,
    /// pledges, data received, approval requests, attestations, backups, devices) and moves an incident's reports on:
    /// the administrator, the responsible person and supervisors. Staff record only their own work (data events and
    /// reporting an incident).
    public var supervisesRecords: Bool { self == .contractorAdministrator || self == .responsiblePerson || self == .supervisor }

    /// Whether the role answers for the contractor to the city (責任者): closes incidents, adopts and submits the
    /// security policy, keeps the management structure, safeguards, subcontracts and software decisions, answers
    /// audits and completes the city's instructions (which the city's reviewer records).
    public var managesCompliance: Bool { self == .contractorAdministrator || self == .responsiblePerson }

    /// Whether the role grants or denies the contractor's requests (承認).
    public var decidesApprovals: Bool { self == .cityReviewer }

    /// Whether the role manages the contractor's PCs (enrollment tokens).
    public var administers: Bool { self == .contractorAdministrator }

    /// Whether the role adds the organization's accounts: the contractor's administrator, and at the city its reviewer
    /// (the city has no administrator of its own in the annex; the auditor only reads).
    public var managesAccounts: Bool { self == .contractorAdministrator || self == .cityReviewer }

    /// Administrators and everyone at the city sign in with a second factor (TOTP).
    public var requiresSecondFactor: Bool { self == .contractorAdministrator || organizationKind == .city }

    /// The label shown to people.
    public var label: LocalizedText {
        switch self {
        case .contractorAdministrator: LocalizedText(ja: "受託者管理者", en: "contractor administrator")
        case .responsiblePerson: LocalizedText(ja: "責任者", en: "responsible person")
        case .supervisor: LocalizedText(ja: "監督者", en: "supervisor")
        case .staff: LocalizedText(ja: "従事者", en: "staff member")
        case .cityReviewer: LocalizedText(ja: "区 審査担当", en: "city reviewer")
        case .cityAuditor: LocalizedText(ja: "区 監査担当（閲覧のみ）", en: "city auditor (read-only)")
        }
    }
}

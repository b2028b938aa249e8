/// The events Mamori tells people of (お知らせ). Which people each kind reaches is the catalog's data (``AlertRule``).
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An incident was recorded: the city must be told 直ちに.
    case incidentRecorded = "incident-recorded"
    /// One of an incident's clocks (notice to the city, written report, final report) runs out.
    case incidentStepDue = "incident-step-due"
    /// An approval was requested of the city.
    case approvalRequested = "approval-requested"
    /// The city granted or denied an approval.
    case approvalDecided = "approval-decided"
    /// Training, attestations, pledges, returns, audits, instructions and other due dates of the registers.
    case deadlineDue = "deadline-due"
    /// A PC has not reported for longer than `agent_report_max_age`.
    case deviceSilent = "device-silent"
    /// A data event was voided as recorded in error: what it proved (or broke) no longer counts, so the people who
    /// answer for the data hear of it with the reason.
    case recordVoided = "record-voided"
    /// A clause is evaluated 違反: told once for each set of records (or PCs) behind it, so that a new breach is told
    /// while one already told is not told again at every sweep.
    case clauseViolated = "clause-violated"

    /// 事故の発生 / 事故対応の期限 / 承認の申請 / 承認の決定 / 期限 / PC の報告途絶 / 記録の取消 / 遵守事項の違反.
    public var label: LocalizedText {
        switch self {
        case .incidentRecorded: LocalizedText(ja: "事故の発生", en: "incident recorded")
        case .incidentStepDue: LocalizedText(ja: "事故対応の期限", en: "incident step due")
        case .approvalRequested: LocalizedText(ja: "承認の申請", en: "approval requested")
        case .approvalDecided: LocalizedText(ja: "承認の決定", en: "approval decided")
        case .deadlineDue: LocalizedText(ja: "記録の期限", en: "register due date")
        case .deviceSilent: LocalizedText(ja: "PC の報告途絶", en: "PC not reporting")
        case .recordVoided: LocalizedText(ja: "記録の取消", en: "record voided")
        case .clauseViolated: LocalizedText(ja: "遵守事項の違反", en: "clause violated")
        }
    }
}

/// Who is told of one kind of event (the catalog's `alerts:`).
public struct AlertRule: Sendable, Hashable {
    public var kind: AlertKind
    public var audience: [AlertAudience]

    /// Creates a rule.
    public init(kind: AlertKind, audience: [AlertAudience]) {
        self.kind = kind
        self.audience = audience
    }

    /// What a catalog that says nothing of alerts gets: the people the annex's clocks concern.
    public static let defaults: [AlertRule] = [
        AlertRule(kind: .incidentRecorded, audience: [.role(.cityReviewer), .role(.responsiblePerson)]),
        AlertRule(kind: .incidentStepDue, audience: [.role(.responsiblePerson)]),
        AlertRule(kind: .approvalRequested, audience: [.role(.cityReviewer)]),
        AlertRule(kind: .approvalDecided, audience: [.requester]),
        AlertRule(kind: .deadlineDue, audience: [.role(.responsiblePerson)]),
        AlertRule(kind: .deviceSilent, audience: [.role(.contractorAdministrator)]),
        AlertRule(kind: .recordVoided, audience: [.role(.responsiblePerson), .role(.cityReviewer)]),
        AlertRule(kind: .clauseViolated, audience: [.role(.responsiblePerson)])
    ]
}

/// Who an alert goes to: everyone holding a role on the contract's side of it, or the person who asked.
public enum AlertAudience: Sendable, Hashable {
    /// Every account with this role in the contractor (contractor roles) or the city (city roles). When the contractor
    /// has nobody in the role, its administrators are told instead: an alert never goes nowhere.
    case role(AccountRole)
    /// The account that requested the approval decided.
    case requester

    /// How a catalog writes it: a role's name, or `requester`.
    public var name: String {
        switch self {
        case .role(let role): role.rawValue
        case .requester: "requester"
        }
    }

    /// The audience a catalog names, if it is one.
    public init?(name: String) {
        if name == "requester" {
            self = .requester
        } else if let role = AccountRole(rawValue: name) {
            self = .role(role)
        } else {
            return nil
        }
    }
}

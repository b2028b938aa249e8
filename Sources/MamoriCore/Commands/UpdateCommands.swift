import Foundation

/// Records that a person left the contract; their pledge stays in force.
public struct RecordPersonLeft: ContractCommand {
    public var contractID: String
    public var personID: String
    public var leftOn: Day

    /// Creates the command.
    public init(contractID: String, personID: String, leftOn: Day) {
        self.contractID = contractID
        self.personID = personID
        self.leftOn = leftOn
    }

    public var journalType: String { "person.leave" }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(leftOn, "left_on", at: time)
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var person = try state.contract(contractID).person(personID)
        guard person.leftOn == nil else {
            throw CommandError(ja: "\(person.name) は既に離任しています", en: "\(person.name) has already left")
        }
        try requireOrder(person.joinedOn, leftOn, "joined_on", "left_on")
        person.leftOn = leftOn
        return [.record(person)]
    }
}

/// A step in an incident's workflow: the city notified, a written or final report, an instruction, closing.
public struct AdvanceIncident: ContractCommand {
    /// Which step.
    public enum Step: String, Codable, Sendable, CaseIterable {
        case notify
        case writtenReport = "written-report"
        case finalReport = "final-report"
        case instruct
        case close
    }

    public var contractID: String
    public var incidentID: String
    public var step: Step
    public var at: Date
    /// The city's instruction, for `instruct`.
    public var instruction: Sealed?
    /// The report's APPI items (sealed ``IncidentFindings``), for `written-report` and `final-report`.
    public var findings: Sealed?

    /// Creates the command.
    public init(contractID: String, incidentID: String, step: Step, at: Date, instruction: Sealed? = nil, findings: Sealed? = nil) {
        self.contractID = contractID
        self.incidentID = incidentID
        self.step = step
        self.at = at
        self.instruction = instruction
        self.findings = findings
    }

    public var journalType: String { "incident.\(step.rawValue)" }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(at, "at", at: time)
    }

    /// The steps come in the annex's order (PI-12, ``Step/follows(on:)``), none dated before one it follows. Checked
    /// for new entries only, so that a journal written before this rule still replays.
    public func admit(against state: MamoriState) throws(CommandError) {
        guard let incident = state.contracts[contractID]?.incidents[incidentID], incident.closedAt == nil else { return }
        for (done, name) in step.follows(on: incident) {
            guard let done else {
                throw CommandError(
                    ja: "事故 \(incidentID) は\(name.ja)がまだ記録されていません（先に記録してください）",
                    en: "incident \"\(incidentID)\": record \(name.en) first")
            }
            guard at >= done else {
                throw .invalid("at", ja: "\(name.ja)（\(done.warekiTime)）より前の日時です", en: "is before \(name.en) (\(done.ISO8601Format()))")
            }
        }
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var incident = try state.contract(contractID).existing(Incident.self, incidentID)
        try requireOrder(incident.discoveredAt, at, "discovered_at", "at")
        guard incident.closedAt == nil else {
            throw CommandError(ja: "事故 \"\(incidentID)\" は既に終結しています", en: "incident \"\(incidentID)\" is already closed")
        }
        func once(_ value: Date?, _ ja: String, _ en: String) throws(CommandError) -> Date {
            guard value == nil else {
                throw CommandError(ja: "事故 \"\(incidentID)\" の\(ja)は記録済みです", en: "incident \"\(incidentID)\": \(en) is already recorded")
            }
            return at
        }
        switch step {
        case .notify: incident.cityNotifiedAt = try once(incident.cityNotifiedAt, "区への連絡", "the city notice")
        case .writtenReport:
            incident.writtenReportAt = try once(incident.writtenReportAt, "書面報告", "the written report")
            incident.preliminaryFindings = findings
        case .finalReport:
            incident.finalReportAt = try once(incident.finalReportAt, "最終報告", "the final report")
            incident.finalFindings = findings
        case .instruct:
            guard let instruction else { throw .invalid("instruction", ja: "指示の内容が必要です", en: "the instruction text is required") }
            incident.instructions.append(CityNote(at: at, text: instruction))
        case .close: incident.closedAt = at
        }
        return [.record(incident)]
    }
}

extension AdvanceIncident.Step {
    /// The steps this one follows on `incident`, in the annex's order (PI-12), each with when it was done (nil: not
    /// yet): the city is told at once, then the written (preliminary) report, then — where the APPI makes the incident
    /// reportable — the final report; closing follows every report it owes. The command refuses a step whose
    /// predecessors are not done, and the record page offers only those whose are.
    public func follows(on incident: Incident) -> [(done: Date?, name: LocalizedText)] {
        let notice = (incident.cityNotifiedAt, LocalizedText(ja: "区への連絡", en: "the notice to the city"))
        let written = (incident.writtenReportAt, LocalizedText(ja: "書面報告（速報）", en: "the written (preliminary) report"))
        let final = (incident.finalReportAt, LocalizedText(ja: "確報", en: "the final report"))
        return switch self {
        case .notify, .instruct: []
        case .writtenReport: [notice]
        case .finalReport: [written]
        case .close: incident.appi.reportable ? [notice, written, final] : [notice, written]
        }
    }
}

/// The city grants or denies a pending request.
public struct DecideApproval: ContractCommand {
    public var contractID: String
    public var approvalID: String
    public var granted: Bool
    public var at: Date
    /// Who decided at the city.
    public var decidedBy: String
    public var note: String

    /// Creates the command.
    public init(contractID: String, approvalID: String, granted: Bool, at: Date, decidedBy: String, note: String = "") {
        self.contractID = contractID
        self.approvalID = approvalID
        self.granted = granted
        self.at = at
        self.decidedBy = decidedBy
        self.note = note
    }

    public var journalType: String { granted ? "approval.grant" : "approval.deny" }

    /// The longest comment or condition accepted (a long text of the forms).
    public static let noteLimit = 4_000

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(at, "at", at: time)
        try requireLength(note, atMost: Self.noteLimit, "note")
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var approval = try state.contract(contractID).existing(Approval.self, approvalID)
        guard approval.decision == .pending else {
            throw CommandError(ja: "申請 \"\(approvalID)\" は既に決定済みです", en: "approval \"\(approvalID)\" is already decided")
        }
        try requireOrder(approval.requestedAt, at, "requested_at", "at")
        try requireText(decidedBy, "decided_by")
        approval.decision = granted ? .granted : .denied
        approval.decidedAt = at
        approval.decidedBy = decidedBy
        approval.note = note
        return [.record(approval)]
    }
}

/// Closes an open item: a policy submitted, an audit answered, a city instruction completed.
public struct CompleteItem: ContractCommand {
    /// Which kind of item.
    public enum Item: String, Codable, Sendable, CaseIterable {
        case policySubmission = "policy.submit"
        case auditResponse = "audit.respond"
        case instruction = "instruction.complete"
    }

    public var contractID: String
    public var item: Item
    public var id: String
    public var on: Day
    /// The response text, for audits.
    public var text: String?

    /// Creates the command.
    public init(contractID: String, item: Item, id: String, on: Day, text: String? = nil) {
        self.contractID = contractID
        self.item = item
        self.id = id
        self.on = on
        self.text = text
    }

    public var journalType: String { item.rawValue }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(on, "on", at: time)
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        let contract = try state.contract(contractID)
        let already = CommandError(ja: "\"\(id)\" は既に完了しています", en: "\"\(id)\" is already done")
        switch item {
        case .policySubmission:
            var policy = try contract.existing(PolicyDocument.self, id)
            guard policy.submittedOn == nil else { throw already }
            try requireOrder(policy.adoptedOn, on, "adopted_on", "submitted_on")
            policy.submittedOn = on
            return [.record(policy)]
        case .auditResponse:
            var audit = try contract.existing(Audit.self, id)
            guard audit.respondedOn == nil else { throw already }
            try requireText(text ?? "", "text")
            try requireOrder(audit.heldOn, on, "held_on", "responded_on")
            audit.response = text
            audit.respondedOn = on
            return [.record(audit)]
        case .instruction:
            var instruction = try contract.existing(CityInstruction.self, id)
            guard instruction.completedOn == nil else { throw already }
            try requireOrder(instruction.issuedOn, on, "issued_on", "completed_on")
            instruction.completedOn = on
            return [.record(instruction)]
        }
    }
}

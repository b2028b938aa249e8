import Foundation

/// A request the contractor makes and the city grants or denies (承認・許可).
public struct Approval: ContractRecord, Hashable {
    /// What is asked for.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Bringing a business PC on site (IS-9).
        case carryIn = "carry-in"
        /// Taking a PC out for repair (CS-2.12).
        case repairTakeout = "repair-takeout"
        /// Taking data or media out (PI-9, CS-2.13).
        case takeout
        /// Copying beyond the permitted number (PI-8).
        case extraCopy = "extra-copy"

        /// The label shown to people.
        public var label: LocalizedText {
            switch self {
            case .carryIn: LocalizedText(ja: "機器持込み", en: "PC carry-in")
            case .repairTakeout: LocalizedText(ja: "修理のための持出し", en: "repair take-out")
            case .takeout: LocalizedText(ja: "データ・媒体の持出し", en: "data or media take-out")
            case .extraCopy: LocalizedText(ja: "許可範囲を超える複写", en: "copying beyond the permit")
            }
        }
    }

    /// Where the request stands.
    public enum Decision: String, Codable, Sendable, CaseIterable {
        case pending, granted, denied

        /// 審査中 / 承認 / 不承認.
        public var label: LocalizedText {
            switch self {
            case .pending: LocalizedText(ja: "審査中", en: "pending")
            case .granted: LocalizedText(ja: "承認", en: "granted")
            case .denied: LocalizedText(ja: "不承認", en: "denied")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var kind: Kind
    /// What it is about, e.g. the PC's model and serial number.
    public var subject: String
    /// The data asset concerned, for take-out and extra copies.
    public var assetID: String?
    /// Extra copies asked for.
    public var copies: Int?
    public var requestedAt: Date
    public var requestedBy: String
    public var decision: Decision
    public var decidedAt: Date?
    /// Who decided at the city.
    public var decidedBy: String?
    public var note: String

    /// Creates a pending request.
    public init(id: String, contractID: String, kind: Kind, subject: String, assetID: String? = nil, copies: Int? = nil,
                requestedAt: Date, requestedBy: String, decision: Decision = .pending, decidedAt: Date? = nil,
                decidedBy: String? = nil, note: String = "") {
        self.id = id
        self.contractID = contractID
        self.kind = kind
        self.subject = subject
        self.assetID = assetID
        self.copies = copies
        self.requestedAt = requestedAt
        self.requestedBy = requestedBy
        self.decision = decision
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
    }
}

extension Approval: NewRecord {
    public var journalType: String { "approval.request" }

    /// The city's decision stays as the city made it (``DecideApproval`` records it), and once decided, so does what
    /// the city decided on: its kind, subject, asset and copies (another request is made for anything else).
    public func checkCorrection(of current: Approval) throws(CommandError) {
        try requireUnchanged(decision, current.decision, "decision")
        try requireUnchanged(decidedAt, current.decidedAt, "decided_at")
        try requireUnchanged(decidedBy, current.decidedBy, "decided_by")
        guard current.decision != .pending else { return }
        try requireUnchanged(kind, current.kind, "kind")
        try requireUnchanged(subject, current.subject, "subject")
        try requireUnchanged(assetID, current.assetID, "asset_id")
        try requireUnchanged(copies, current.copies, "copies")
    }
    public static let label = LocalizedText(ja: "承認申請", en: "approval")
    public static var table: KeyPath<ContractState, [String: Approval]> { \.approvals }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(subject, "subject")
        _ = try state.person(requestedBy)
        if let assetID { _ = try state.asset(assetID) }
        if kind == .extraCopy {
            guard assetID != nil, copies != nil else {
                throw .invalid("copies", ja: "追加複写には提供データと 1 以上の部数が必要です", en: "an extra copy needs an asset and 1 or more copies")
            }
        }
    }

    public func admit(at time: Date) throws(CommandError) {
        if let copies { try CountLimit.approvedCopies.check(copies) }
        try requireNotFuture(requestedAt, "requested_at", at: time)
    }
}

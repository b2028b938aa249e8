import Foundation

/// A request the contractor makes and the city grants or denies (承認・許可).
public struct Approval: ContractRecord, Hashable {
    /// What is asked for: one of the approval kinds the contract's catalog declares (``Catalog/approvalKinds``), e.g.
    /// `carry-in` — a catalog's reading, never a fixed list in code.
    public struct Kind: RawRepresentable, Codable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String

        /// A kind by its ID.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A kind by its ID.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// A kind written as a literal, e.g. `"carry-in"`.
        public init(stringLiteral value: String) {
            rawValue = value
        }

        public var description: String { rawValue }

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }

        /// Whether `id` can name a kind: 1 to 40 lowercase ASCII letters, digits and hyphens, starting with a letter.
        public static func isValidID(_ id: String) -> Bool {
            guard let first = id.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), id.utf8.count <= 40 else { return false }
            return id.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
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
    /// The data asset concerned (a take-out, extra copies).
    public var assetID: String?
    /// Extra copies asked for.
    public var copies: Int?
    public var requestedAt: Date
    public var requestedBy: String
    public var decision: Decision
    public var decidedAt: Date?
    /// Who decided at the city.
    public var decidedBy: String?
    /// Before the decision, the applicant's remark; from the decision on, the city's comment or conditions
    /// (``DecideApproval`` replaces it).
    public var note: String

    /// Creates a pending request.
    public init(
        id: String, contractID: String, kind: Kind, subject: String, assetID: String? = nil, copies: Int? = nil,
        requestedAt: Date, requestedBy: String, decision: Decision = .pending, decidedAt: Date? = nil,
        decidedBy: String? = nil, note: String = ""
    ) {
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
        if copies != nil, assetID == nil {
            throw .invalid("asset_id", ja: "部数を求める申請には提供データが必要です", en: "a request for copies needs an asset")
        }
    }

    public func admit(at time: Date) throws(CommandError) {
        guard Kind.isValidID(kind.rawValue) else {
            throw .invalid(
                "kind", ja: "承認の種類は英小文字で始まる 40 文字までの英小文字・数字・ハイフンです",
                en: "an approval kind is up to 40 lowercase letters, digits and hyphens, starting with a letter")
        }
        if let copies { try CountLimit.approvedCopies.check(copies) }
        try requireNotFuture(requestedAt, "requested_at", at: time)
    }
}

extension Approval: CatalogBound {
    /// The kind must be one the catalog declares; a kind that asks for copies (extra copies) names its asset and
    /// copies, and no other kind names copies.
    public func check(against catalog: Catalog) throws(CommandError) {
        guard let declared = catalog.approvalKind(kind) else {
            let known = catalog.approvalKinds.map(\.id.rawValue).joined(separator: ", ")
            throw .invalid(
                "kind", ja: "この契約の遵守事項にない承認の種類です（\(known) のいずれか）",
                en: "not an approval kind of this contract's annex (one of \(known))")
        }
        if declared.copies {
            guard assetID != nil, copies != nil else {
                throw .invalid(
                    "copies", ja: "\(declared.title.ja)には提供データと 1 以上の部数が必要です",
                    en: "\(declared.title.en) needs an asset and 1 or more copies")
            }
        } else if copies != nil {
            throw .invalid("copies", ja: "\(declared.title.ja)では部数を記録しません", en: "\(declared.title.en) takes no copies")
        }
    }
}

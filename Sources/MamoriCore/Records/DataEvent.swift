import Foundation

/// One movement of a provided data asset (交換履歴): use, copy, transfer, take-out, return or destruction.
public struct DataEvent: ContractRecord, Hashable {
    /// What happened to the asset.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case use, copy, transfer, takeout, `return`, destruction

        /// The record type catalogs name for this kind.
        public var recordType: RecordType {
            switch self {
            case .use: .useEvent
            case .copy: .copyEvent
            case .transfer: .transferEvent
            case .takeout: .takeoutEvent
            case .return: .returnEvent
            case .destruction: .destructionEvent
            }
        }

        /// 利用 / 複写 / 提供 / 持出し / 返還 / 廃棄.
        public var label: LocalizedText {
            switch self {
            case .use: LocalizedText(ja: "利用", en: "use")
            case .copy: LocalizedText(ja: "複写", en: "copy")
            case .transfer: LocalizedText(ja: "提供", en: "transfer")
            case .takeout: LocalizedText(ja: "持出し", en: "take-out")
            case .return: LocalizedText(ja: "返還", en: "return")
            case .destruction: LocalizedText(ja: "廃棄", en: "destruction")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var assetID: String
    public var kind: Kind
    public var occurredAt: Date
    /// The person on the roster who did it.
    public var personID: String
    /// Use: the purpose. Take-out: the reason.
    public var purpose: String?
    /// Copy: how many copies were made. Return or destruction: how many of the copies made went with the data (a copy
    /// neither returned nor destroyed with it leaves the return or destruction incomplete).
    public var copies: Int?
    /// Transfer: who received it (sealed when outside the organization).
    public var recipient: Sealed?
    /// Transfer: whether the recipient is the city itself.
    public var toCity: Bool?
    /// Take-out: the approval it was made under, if any.
    public var approvalID: String?
    /// Take-out: where it went.
    public var destination: String?
    /// Destruction: how the data was destroyed.
    public var erasure: Erasure?
    /// Transfer, take-out or return: how it was protected on the way (encrypted medium, locked case, carried by hand).
    public var protection: String?
    public var note: String

    /// Creates a data event.
    public init(
        id: String, contractID: String, assetID: String, kind: Kind, occurredAt: Date, personID: String,
        purpose: String? = nil, copies: Int? = nil, recipient: Sealed? = nil, toCity: Bool? = nil,
        approvalID: String? = nil, destination: String? = nil, erasure: Erasure? = nil, protection: String? = nil,
        note: String = ""
    ) {
        self.protection = protection
        self.id = id
        self.contractID = contractID
        self.assetID = assetID
        self.kind = kind
        self.occurredAt = occurredAt
        self.personID = personID
        self.purpose = purpose
        self.copies = copies
        self.recipient = recipient
        self.toCity = toCity
        self.approvalID = approvalID
        self.destination = destination
        self.erasure = erasure
        self.note = note
    }
}

/// How data was erased or media destroyed (NIST SP 800-88), for the erasure certificate.
public struct Erasure: Codable, Sendable, Hashable {
    /// NIST SP 800-88 sanitization levels.
    public enum Method: String, Codable, Sendable, CaseIterable {
        case clear, purge, destroy

        /// 消去 / 除去 / 破壊.
        public var label: LocalizedText {
            switch self {
            case .clear: LocalizedText(ja: "消去（上書き）", en: "clear (overwrite)")
            case .purge: LocalizedText(ja: "除去（暗号消去・消磁）", en: "purge (crypto erase, degauss)")
            case .destroy: LocalizedText(ja: "物理破壊", en: "destroy (physical)")
            }
        }
    }

    public var method: Method
    /// Overwrite passes, for `clear`.
    public var passes: Int?
    public var operatorName: String
    public var witness: String
    public var mediaSerials: [String]

    /// Creates an erasure record.
    public init(method: Method, passes: Int?, operatorName: String, witness: String, mediaSerials: [String]) {
        self.method = method
        self.passes = passes
        self.operatorName = operatorName
        self.witness = witness
        self.mediaSerials = mediaSerials
    }
}

extension DataEvent: NewRecord {
    public var journalType: String { "data.\(kind.rawValue)" }

    /// Counted into its asset's ledger when recorded; a correction would have to recount the ledger (not built yet).
    public static var correctable: Bool { false }
    public static let label = LocalizedText(ja: "提供データの記録", en: "data event")
    public static var table: KeyPath<ContractState, [String: DataEvent]> { \.notableEvents }

    /// Refuses what is simply invalid; what the annex forbids (excess copies, transfers to others, take-outs
    /// without approval, late returns) is accepted and shows as a violation.
    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        let asset = try state.asset(assetID)
        _ = try state.person(personID)
        guard occurredAt >= asset.receivedOn.start else {
            throw .invalid(
                "occurred_at", ja: "提供データの受領日（\(asset.receivedOn)）より前です",
                en: "is before the asset was received (\(asset.receivedOn))")
        }
        if let final = state.ledgers[assetID]?.final {
            throw CommandError(
                ja: "提供データ \"\(assetID)\" は既に\(final.kind.label.ja)されています（\(final.id)）",
                en: "data asset \"\(assetID)\" was already \(final.kind == .return ? "returned" : "destroyed") (\(final.id))")
        }
        switch kind {
        case .use: try requireText(purpose ?? "", "purpose")
        case .copy:
            guard copies != nil else { throw .invalid("copies", ja: "複写の部数が必要です", en: "a copy needs its number of copies") }
            if let approvalID { _ = try state.existing(Approval.self, approvalID) }
        case .transfer:
            guard recipient != nil, toCity != nil else {
                throw .invalid("recipient", ja: "提供先が必要です", en: "a recipient is required")
            }
        case .takeout:
            try requireText(destination ?? "", "destination")
            if let approvalID { _ = try state.existing(Approval.self, approvalID) }
        case .return: break
        case .destruction:
            guard let erasure else { throw .invalid("method", ja: "廃棄方法が必要です", en: "an erasure method is required") }
            try erasure.validate()
        }
    }

    /// A return or destruction of data copied says how many of the copies went with it (0 too: then it stands as
    /// incomplete), and never more than were made. A count past what can be summed (``AssetLedger/copiesMade`` nil)
    /// is judged 評価不能, not refused here. The approval a take-out or copy names is about its asset, or about no
    /// asset in particular: one for another asset covers nothing, and naming it is a slip to say at once, not a
    /// 違反 to find later (an admission check: a journal written before it still replays).
    public func admit(in state: ContractState) throws(CommandError) {
        if let approvalID, let approval = state.approvals[approvalID], let other = approval.assetID, other != assetID {
            let name = state.assets[other]?.name ?? other
            throw .invalid(
                "approval_id", ja: "承認 \(approvalID) は別の提供データ（\(name)）についての承認です",
                en: "approval \(approvalID) is about another data asset (\(name))")
        }
        guard kind == .return || kind == .destruction, let made = state.ledgers[assetID].map(\.copiesMade) ?? 0 else { return }
        guard let copies else {
            guard made == 0 else {
                throw .invalid(
                    "copies", ja: "この提供データは \(made) 部複写されています。一緒に\(kind.label.ja)した複写の部数を入力してください（0 部も可）",
                    en: "this data was copied \(made) times: enter how many copies went with the \(kind.label.en) (0 too)")
            }
            return
        }
        guard copies <= made else {
            throw .invalid(
                "copies", ja: "複写は \(made) 部しか記録されていません（\(copies) 部と入力されました）",
                en: "only \(made) \(made == 1 ? "copy is" : "copies are") recorded (\(copies) given)")
        }
    }
}

extension DataEvent {
    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(occurredAt, "occurred_at", at: time)
        // A value that belongs to another kind of event (copies on a return, an approval on a use) is refused rather
        // than kept where nothing reads it.
        let belongs: [(field: String, present: Bool, kinds: [Kind])] = [
            ("copies", copies != nil, [.copy, .return, .destruction]), ("recipient", recipient != nil, [.transfer]),
            ("destination", destination != nil, [.takeout]),
            ("approval_id", approvalID != nil, [.takeout, .copy]), ("method", erasure != nil, [.destruction]),
            ("protection", protection != nil, [.transfer, .takeout, .return])
        ]
        if let stray = belongs.first(where: { $0.present && !$0.kinds.contains(kind) }) {
            throw .invalid(
                stray.field, ja: "\(stray.kinds.map(\.label.ja).joined(separator: "・"))のときだけ記録できます（この記録は\(kind.label.ja)）",
                en: "is recorded only for a \(stray.kinds.map(\.label.en).joined(separator: " or ")) (this is a \(kind.label.en))")
        }
        try requirePlainText(protection, "protection")
        if let copies { try (kind == .copy ? CountLimit.copies : CountLimit.copiesCarried).check(copies) }
        if let passes = erasure?.passes { try CountLimit.passes.check(passes) }
    }
}

extension Erasure {
    /// Refuses an erasure record that cannot go on a certificate.
    public func validate() throws(CommandError) {
        try requireText(operatorName, "operator_name")
        if method == .clear, passes == nil {
            throw .invalid("passes", ja: "上書き消去には 1 回以上の上書き回数が必要です", en: "an overwrite needs 1 or more passes")
        }
    }
}

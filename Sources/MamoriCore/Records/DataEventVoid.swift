import Foundation

/// A data event recorded in error and voided (取消), with the reason: the event's row stays as it was written (evidence
/// is never edited), its asset's ledger no longer counts it, and documents leave it out. Keyed by the event's ID, so
/// an event is voided at most once. A correction of a data event is its void and a new event.
public struct DataEventVoid: ContractRecord, Hashable {
    /// The voided event's ID.
    public var id: String
    public var contractID: String
    /// The event's asset and kind, as recorded (what its ledger takes back).
    public var assetID: String
    public var eventKind: DataEvent.Kind
    /// Why, in the words of who voided it.
    public var reason: String
    public var voidedAt: Date

    /// Creates a void.
    public init(id: String, contractID: String, assetID: String, eventKind: DataEvent.Kind, reason: String, voidedAt: Date) {
        self.id = id
        self.contractID = contractID
        self.assetID = assetID
        self.eventKind = eventKind
        self.reason = reason
        self.voidedAt = voidedAt
    }

    public static let label = LocalizedText(ja: "提供データの記録の取消", en: "voided data event")

    /// 取消済み（理由）, for lists and the asset's history.
    public var notice: LocalizedText {
        LocalizedText(ja: "取消済み（\(reason)）", en: "voided (\(reason))")
    }
}

/// Voids a data event recorded in error (``DataEventVoid``). The sender names the event; the store fills in its asset
/// and kind from the event as stored (``resolved(assetID:kind:)``), so that nobody can void an event of another
/// contract or take back from a ledger what an event never put in.
public struct VoidDataEvent: ContractCommand {
    public var contractID: String
    public var eventID: String
    public var reason: String
    /// Filled by the store: the event's asset and kind as recorded.
    public var assetID: String?
    public var kind: DataEvent.Kind?

    /// Creates the command (asset and kind are the store's to fill).
    public init(contractID: String, eventID: String, reason: String) {
        self.contractID = contractID
        self.eventID = eventID
        self.reason = reason
    }

    public var journalType: String { "data.void" }

    /// The command with the event's asset and kind, as the store found the event.
    public func resolved(assetID: String, kind: DataEvent.Kind) -> VoidDataEvent {
        var resolved = self
        resolved.assetID = assetID
        resolved.kind = kind
        return resolved
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireLength(reason, atMost: CorrectRecord<DataEvent>.reasonLimit, "reason")
    }

    /// A copy that a return or destruction counted among the copies it took with it stays while that stands: voided
    /// alone, the return would say it took more copies than were ever made (and the 返還・廃棄報告書 would print a copy that
    /// never existed). The return is voided first. An admission check, so that a journal written before it replays.
    public func admit(against state: MamoriState) throws(CommandError) {
        guard let contract = state.contracts[contractID] else { return }
        for (assetID, ledger) in contract.ledgers {
            guard let copy = ledger.copies.first(where: { $0.id == eventID }), let final = ledger.final, let carried = final.copies,
                let made = ledger.copiesMade, made - copy.count < carried
            else { continue }
            throw CommandError(
                ja:
                    "この複写は \(final.occurredAt.warekiTime) の\(final.kind.label.ja)で \(carried) 部のうちに数えられています（提供データ \(assetID)）。先にその\(final.kind.label.ja)を取り消してください",
                en:
                    "this copy is counted among the \(carried) copies of the \(final.kind.label.en) of \(final.occurredAt.japanTimeEnglish) (data asset \(assetID)): void that \(final.kind.label.en) first"
            )
        }
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        let contract = try state.contract(contractID)
        try requireText(reason, "reason")
        guard let assetID, let kind, contract.assets[assetID] != nil else { throw .unknown(DataEvent.label, eventID) }
        if contract.voids[eventID] != nil {
            throw CommandError(
                ja: "\(DataEvent.label.ja) \"\(eventID)\" は既に取り消されています",
                en: "\(DataEvent.label.en) \"\(eventID)\" is already voided")
        }
        // Every kind but an ordinary use is kept by ID in its ledger: one that is not there was never counted.
        guard contract.ledgers[assetID]?.holds(eventID, kind: kind) ?? false else { throw .unknown(DataEvent.label, eventID) }
        return [.record(DataEventVoid(id: eventID, contractID: contractID, assetID: assetID, eventKind: kind, reason: reason, voidedAt: time))]
    }
}

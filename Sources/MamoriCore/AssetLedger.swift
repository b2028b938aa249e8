import Foundation

/// What has happened to one data asset, kept up to date as events arrive so evaluation never rescans every event.
/// It holds counts, the IDs of copies, and the few events evaluation names one by one (uses for another purpose,
/// transfers, take-outs, the final return or destruction); a million ordinary uses cost a counter, not a million records.
public struct AssetLedger: Codable, Sendable, Equatable {
    /// Copies made in all; nil once the sum no longer fits (copies recorded before counts were bounded), which
    /// evaluation reports as 評価不能 naming the asset's copies rather than trapping.
    public var copiesMade: Int? = 0
    /// Events by kind.
    public private(set) var counts: [DataEvent.Kind: Int] = [:]
    /// One copy event: when it happened and how many copies it made.
    public struct Copy: Codable, Sendable, Equatable {
        public var id: String
        public var at: Date
        public var count: Int
        /// The approval the copy names, where the annex wants each copy approved.
        public var approvalID: String?
    }

    /// Every copy, in the order recorded: the evidence of the copy counts, and when each was made (an extra-copy
    /// approval counts only for the copies made after the city granted it).
    public var copies: [Copy] = []
    /// Uses whose purpose the city did not permit.
    public var usesForOtherPurposes: [String] = []
    /// Every transfer, oldest first.
    public var transfers: [String] = []
    /// Transfers to anyone but the city.
    public var transfersToOthers: [String] = []
    /// Every take-out, oldest first.
    public var takeouts: [String] = []
    /// The return or destruction that ended the asset's life here, if any.
    public var final: DataEvent?

    /// Counts an event in; returns whether evaluation names it one by one (and so the state keeps it).
    mutating func record(_ event: DataEvent, permittedPurposes: [String]) -> Bool {
        counts[event.kind, default: 0] += 1
        switch event.kind {
        case .copy:
            copiesMade = copiesMade.flatMap { made in
                let (sum, overflow) = made.addingReportingOverflow(event.copies ?? 0)
                return overflow ? nil : sum
            }
            copies.append(Copy(id: event.id, at: event.occurredAt, count: event.copies ?? 0, approvalID: event.approvalID))
            return false
        case .use:
            guard !permittedPurposes.contains(event.purpose ?? "") else { return false }
            usesForOtherPurposes.append(event.id)
        case .transfer:
            transfers.append(event.id)
            if event.toCity != true { transfersToOthers.append(event.id) }
        case .takeout: takeouts.append(event.id)
        case .return, .destruction: final = final ?? event
        }
        return true
    }

    /// Whether the ledger counted this event: kept by ID for every kind but an ordinary use (counted only, so taken
    /// on the store's word that the event exists).
    func holds(_ id: String, kind: DataEvent.Kind) -> Bool {
        switch kind {
        case .use: count(.use) > 0
        case .copy: copies.contains { $0.id == id }
        case .transfer: transfers.contains(id)
        case .takeout: takeouts.contains(id)
        case .return, .destruction: final?.id == id
        }
    }

    /// Takes a voided event back out of the counts (``DataEventVoid``).
    mutating func takeBack(_ id: String, kind: DataEvent.Kind) {
        guard holds(id, kind: kind) else { return }
        // As if never counted: a ledger read back from the tables (voids first) holds no count of 0.
        counts[kind] = count(kind) > 1 ? count(kind) - 1 : nil
        switch kind {
        case .copy:
            copies.removeAll { $0.id == id }
            // Summed again: the sum without this copy may fit where the sum with it did not.
            copiesMade = copies.reduce(Optional(0)) { made, copy in
                made.flatMap { made in
                    let (sum, overflow) = made.addingReportingOverflow(copy.count)
                    return overflow ? nil : sum
                }
            }
        case .use: usesForOtherPurposes.removeAll { $0 == id }
        case .transfer:
            transfers.removeAll { $0 == id }
            transfersToOthers.removeAll { $0 == id }
        case .takeout: takeouts.removeAll { $0 == id }
        case .return, .destruction: final = nil
        }
    }

    /// How many events of one kind.
    public func count(_ kind: DataEvent.Kind) -> Int { counts[kind] ?? 0 }
}

/// What has happened to one data asset, kept up to date as events arrive so evaluation never rescans every event.
public struct AssetLedger: Sendable, Equatable {
    /// Copies made in all.
    public var copiesMade = 0
    /// Event IDs by kind, oldest first.
    public var events: [DataEvent.Kind: [String]] = [:]
    /// Uses whose purpose the city did not permit.
    public var usesForOtherPurposes: [String] = []
    /// Transfers to anyone but the city.
    public var transfersToOthers: [String] = []
    /// The return or destruction that ended the asset's life here, if any.
    public var final: DataEvent?

    /// Counts an event in.
    mutating func record(_ event: DataEvent, permittedPurposes: [String]) {
        events[event.kind, default: []].append(event.id)
        switch event.kind {
        case .copy: copiesMade += event.copies ?? 0
        case .use where !permittedPurposes.contains(event.purpose ?? ""): usesForOtherPurposes.append(event.id)
        case .transfer where event.toCity != true: transfersToOthers.append(event.id)
        case .return, .destruction: final = final ?? event
        default: break
        }
    }

    /// Event IDs of one kind.
    public func ids(_ kind: DataEvent.Kind) -> [String] { events[kind] ?? [] }
}

import Foundation

/// Data or material the city provided (提供データ), with what the city permits for it.
public struct DataAsset: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var name: String
    /// The data items, e.g. 氏名, 住所.
    public var items: [String]
    /// The medium, e.g. 紙, USB メモリ, 暗号化 ZIP.
    public var medium: String
    public var recordCount: Int
    /// The purposes the city permits; any other use is a violation.
    public var permittedPurposes: [String]
    /// How many copies the city permits.
    public var permittedCopies: Int
    public var storageLocation: String
    public var receivedOn: Day
    /// When it must be returned or destroyed.
    public var returnDue: Day

    /// Creates a data asset.
    public init(
        id: String, contractID: String, name: String, items: [String], medium: String, recordCount: Int,
        permittedPurposes: [String], permittedCopies: Int, storageLocation: String, receivedOn: Day, returnDue: Day
    ) {
        self.id = id
        self.contractID = contractID
        self.name = name
        self.items = items
        self.medium = medium
        self.recordCount = recordCount
        self.permittedPurposes = permittedPurposes
        self.permittedCopies = permittedCopies
        self.storageLocation = storageLocation
        self.receivedOn = receivedOn
        self.returnDue = returnDue
    }
}

extension DataAsset: NewRecord {
    public var journalType: String { "data.receive" }

    /// The terms the city set on the data — purposes, copies, return day — may be corrected only to stricter ones:
    /// looser terms are the city's to grant (an approval), not the contractor's to record.
    public func checkCorrection(of current: DataAsset) throws(CommandError) {
        let stricter = LocalizedText(
            ja: "区が定めた条件は厳しくする方向にしか訂正できません（緩めるには区の承認が必要です）",
            en: "a term the city set can only be corrected to a stricter one (a looser one needs the city's approval)")
        guard permittedCopies <= current.permittedCopies else { throw .invalid("permitted_copies", ja: stricter.ja, en: stricter.en) }
        guard Set(permittedPurposes).isSubset(of: current.permittedPurposes) else {
            throw .invalid("permitted_purposes", ja: stricter.ja, en: stricter.en)
        }
        guard returnDue <= current.returnDue else { throw .invalid("return_due", ja: stricter.ja, en: stricter.en) }
    }
    public static let label = LocalizedText(ja: "提供データ", en: "data asset")
    public static var table: KeyPath<ContractState, [String: DataAsset]> { \.assets }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(name, "name")
        guard !permittedPurposes.isEmpty else {
            throw .invalid("permitted_purposes", ja: "許可された利用目的がありません", en: "no permitted purpose")
        }
        try requireOrder(receivedOn, returnDue, "received_on", "return_due")
    }

    public func admit(at time: Date) throws(CommandError) {
        try CountLimit.permittedCopies.check(permittedCopies)
        try CountLimit.recordCount.check(recordCount)
        try requireNotFuture(receivedOn, "received_on", at: time)
    }
}

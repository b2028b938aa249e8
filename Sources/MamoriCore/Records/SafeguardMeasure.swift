import Foundation

/// One entry of the safeguard measures register (安全管理措置): what is done against leak, loss, alteration.
public struct SafeguardMeasure: ContractRecord, Hashable {
    /// The four kinds of safeguard the APPI guidelines name.
    public enum Category: String, Codable, Sendable, CaseIterable {
        case organizational, personnel, physical, technical

        /// 組織的 / 人的 / 物理的 / 技術的安全管理措置.
        public var label: LocalizedText {
            switch self {
            case .organizational: LocalizedText(ja: "組織的安全管理措置", en: "organizational")
            case .personnel: LocalizedText(ja: "人的安全管理措置", en: "personnel")
            case .physical: LocalizedText(ja: "物理的安全管理措置", en: "physical")
            case .technical: LocalizedText(ja: "技術的安全管理措置", en: "technical")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var category: Category
    public var title: String
    public var measure: String
    /// When the measure was last reviewed.
    public var reviewedOn: Day

    /// Creates a register entry.
    public init(id: String, contractID: String, category: Category, title: String, measure: String, reviewedOn: Day) {
        self.id = id
        self.contractID = contractID
        self.category = category
        self.title = title
        self.measure = measure
        self.reviewedOn = reviewedOn
    }
}

extension SafeguardMeasure: NewRecord {
    public var journalType: String { "safeguard.record" }
    public static let label = LocalizedText(ja: "安全管理措置", en: "safeguard measure")
    public static var table: KeyPath<ContractState, [String: SafeguardMeasure]> { \.safeguards }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(title, "title")
        try requireText(measure, "measure")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(reviewedOn, "reviewed_on", at: time)
    }
}

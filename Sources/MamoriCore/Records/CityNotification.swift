import Foundation

/// A notice the contractor gave the city (区への届出): a change of the responsible person or a staff member, of the work
/// location, or another matter the annex asks to be notified. A catalog's `personnel_changes_notified` check reads the
/// personnel ones.
public struct CityNotification: ContractRecord, Hashable {
    /// What the notice is about.
    public enum Subject: String, Codable, Sendable, CaseIterable {
        case personnelChange = "personnel-change"
        case workLocation = "work-location"
        case other

        /// 人員の変更 / 作業場所 / その他.
        public var label: LocalizedText {
            switch self {
            case .personnelChange: LocalizedText(ja: "責任者・従事者の変更", en: "change of responsible person or staff")
            case .workLocation: LocalizedText(ja: "作業場所", en: "work location")
            case .other: LocalizedText(ja: "その他", en: "other")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var subject: Subject
    /// The person who joined or left, for a personnel change.
    public var personID: String?
    public var notifiedOn: Day
    /// What was notified, and how (letter, e-mail to the department).
    public var content: String

    /// Creates a notice.
    public init(id: String, contractID: String, subject: Subject, personID: String? = nil, notifiedOn: Day, content: String) {
        self.id = id
        self.contractID = contractID
        self.subject = subject
        self.personID = personID
        self.notifiedOn = notifiedOn
        self.content = content
    }
}

extension CityNotification: NewRecord {
    public var journalType: String { "notification.record" }
    public static let label = LocalizedText(ja: "区への届出", en: "notice to the city")
    public static var table: KeyPath<ContractState, [String: CityNotification]> { \.notifications }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(content, "content")
        if let personID { _ = try state.person(personID) }
        if subject == .personnelChange, personID == nil {
            throw .invalid("person_id", ja: "人員の変更の届出には対象の人員が必要です", en: "a personnel change names the person")
        }
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(notifiedOn, "notified_on", at: time)
        try requirePlainText(content, "content")
    }
}

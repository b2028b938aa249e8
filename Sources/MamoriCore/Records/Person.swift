import Foundation

/// Someone on a contract's roster (名簿): the responsible person, a supervisor or a staff member.
public struct Person: ContractRecord, Hashable {
    /// The person's role on the contract.
    public enum Role: String, Codable, Sendable, CaseIterable {
        case responsible
        case supervisor
        case staff

        /// 責任者 / 監督者 / 従事者.
        public var label: LocalizedText {
            switch self {
            case .responsible: LocalizedText(ja: "責任者", en: "responsible person")
            case .supervisor: LocalizedText(ja: "監督者", en: "supervisor")
            case .staff: LocalizedText(ja: "従事者", en: "staff member")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var name: String
    public var role: Role
    /// What the person does on the contract.
    public var scope: String
    public var joinedOn: Day
    public var leftOn: Day?
    /// The photo for the roster, sealed.
    public var photo: Sealed?

    /// Creates a person.
    public init(
        id: String, contractID: String, name: String, role: Role, scope: String = "",
        joinedOn: Day, leftOn: Day? = nil, photo: Sealed? = nil
    ) {
        self.id = id
        self.contractID = contractID
        self.name = name
        self.role = role
        self.scope = scope
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.photo = photo
    }

    /// Whether the person is on the contract on `day`.
    public func isActive(on day: Day) -> Bool {
        joinedOn <= day && (leftOn.map { day < $0 } ?? true)
    }
}

/// A record that someone checked a person's ID document; the document number is never kept.
public struct IDCheck: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var personID: String
    /// Who checked it.
    public var checkedBy: String
    public var checkedOn: Day
    /// The kind of document (e.g. 運転免許証), sealed.
    public var documentType: Sealed

    /// Creates an ID check.
    public init(id: String, contractID: String, personID: String, checkedBy: String, checkedOn: Day, documentType: Sealed) {
        self.id = id
        self.contractID = contractID
        self.personID = personID
        self.checkedBy = checkedBy
        self.checkedOn = checkedOn
        self.documentType = documentType
    }
}

extension Person: NewRecord {
    public var journalType: String { "person.add" }
    public static let label = LocalizedText(ja: "人員", en: "person")
    public static var table: KeyPath<ContractState, [String: Person]> { \.people }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(name, "name")
        try requireOrder(joinedOn, leftOn, "joined_on", "left_on")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(joinedOn, "joined_on", at: time)
    }
}

extension IDCheck: NewRecord {
    public var journalType: String { "person.id-check" }
    public static let label = LocalizedText(ja: "本人確認", en: "ID check")
    public static var table: KeyPath<ContractState, [String: IDCheck]> { \.idChecks }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        _ = try state.person(personID)
        try requireText(checkedBy, "checked_by")
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(checkedOn, "checked_on", at: time)
    }
}

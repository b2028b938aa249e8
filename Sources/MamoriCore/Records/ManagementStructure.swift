import Foundation

/// How the contractor organizes the work (管理体制): where it is done, where the data is kept, whom to call in an
/// emergency. A new version replaces the previous one from its `recordedOn` day.
public struct ManagementStructure: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    /// Where the work is done (作業場所), e.g. the office and room.
    public var workLocation: String
    /// Where the provided data is kept (保管場所).
    public var storageLocation: String
    /// Whom the city can reach in an emergency, in order.
    public var emergencyContacts: [EmergencyContact]
    public var recordedOn: Day

    /// Creates a version of the management structure.
    public init(
        id: String, contractID: String, workLocation: String, storageLocation: String,
        emergencyContacts: [EmergencyContact], recordedOn: Day
    ) {
        self.id = id
        self.contractID = contractID
        self.workLocation = workLocation
        self.storageLocation = storageLocation
        self.emergencyContacts = emergencyContacts
        self.recordedOn = recordedOn
    }
}

/// A business contact for emergencies (緊急連絡先).
public struct EmergencyContact: Codable, Sendable, Hashable {
    public var name: String
    /// The contact's position, e.g. 責任者.
    public var position: String
    /// A business telephone number.
    public var phone: String

    /// Creates a contact.
    public init(name: String, position: String, phone: String) {
        self.name = name
        self.position = position
        self.phone = phone
    }
}

extension ManagementStructure: NewRecord {
    public var journalType: String { "structure.record" }
    public static let label = LocalizedText(ja: "管理体制", en: "management structure")
    public static var table: KeyPath<ContractState, [String: ManagementStructure]> { \.structures }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(workLocation, "work_location")
        try requireText(storageLocation, "storage_location")
        guard !emergencyContacts.isEmpty else {
            throw .invalid("emergency_contacts", ja: "緊急連絡先がありません", en: "no emergency contact")
        }
        for contact in emergencyContacts {
            try requireText(contact.name, "emergency_contacts")
            try requireText(contact.phone, "emergency_contacts")
        }
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(recordedOn, "recorded_on", at: time)
    }
}

extension ContractState {
    /// The management structure in force: the version recorded last.
    public var currentStructure: ManagementStructure? {
        structures.values.max { ($0.recordedOn, $0.id) < ($1.recordedOn, $1.id) }
    }
}

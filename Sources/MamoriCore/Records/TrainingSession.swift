import Foundation

/// An education session (教育・研修) and who attended it.
public struct TrainingSession: ContractRecord, Hashable {
    public var id: String
    public var contractID: String
    public var heldOn: Day
    public var title: String
    /// What was taught.
    public var content: String
    public var trainer: String
    /// Materials used, e.g. file names.
    public var materials: [String]
    /// The people who attended, by person ID.
    public var attendees: [String]

    /// Creates a training session.
    public init(
        id: String, contractID: String, heldOn: Day, title: String, content: String, trainer: String,
        materials: [String], attendees: [String]
    ) {
        self.id = id
        self.contractID = contractID
        self.heldOn = heldOn
        self.title = title
        self.content = content
        self.trainer = trainer
        self.materials = materials
        self.attendees = attendees
    }
}

extension TrainingSession: NewRecord {
    public var journalType: String { "training.record" }
    public static let label = LocalizedText(ja: "研修", en: "training session")
    public static var table: KeyPath<ContractState, [String: TrainingSession]> { \.trainings }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(title, "title")
        guard !attendees.isEmpty else { throw .invalid("attendees", ja: "出席者がいません", en: "no attendee") }
        for attendee in attendees { _ = try state.person(attendee) }
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(heldOn, "held_on", at: time)
        // An admission check: a journal that once held a name twice still replays.
        if let twice = attendees.enumerated().first(where: { attendees[..<$0.offset].contains($0.element) })?.element {
            throw .invalid("attendees", ja: "\(twice) が二度含まれています", en: "\(twice) is listed twice")
        }
    }
}

import ArgumentParser
import MamoriCore
import MamoriStore

/// `mamori training …`: education sessions and attendance.
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training", abstract: "研修 / Training sessions.", subcommands: [Record.self, List.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "研修の記録 / Record a session and its attendees.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Day held.") var on: Day
        @Option(help: "Title.") var title: String
        @Option(help: "What was taught.") var content: String
        @Option(help: "Trainer.") var trainer: String
        @Option(help: "Material (repeatable).") var material: [String] = []
        @Option(help: "Attendee person ID (repeatable).") var attendee: [String] = []
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = Store.newID("training")
            try await store.run(
                AddRecord(
                    TrainingSession(
                        id: id, contractID: contract, heldOn: on, title: title, content: content,
                        trainer: trainer, materials: material, attendees: attendee)), id: id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "研修の一覧 / List sessions.")
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let sessions = try await store.contract(contract, in: store.open()).trainings.values.sorted { $0.heldOn < $1.heldOn }
            switch store.output.format {
            case .json: try store.output.printJSON(sessions)
            case .text:
                for session in sessions {
                    print("\(session.id)  \(session.heldOn)  \(session.title)  (\(session.trainer), \(session.attendees.count))")
                }
            }
        }
    }
}

/// `mamori pledge …`: confidentiality pledges, one per person.
struct PledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledge", abstract: "誓約書 / Confidentiality pledges.", subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "誓約書の記録 / Record a signed pledge.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Person ID.") var person: String
        @Option(help: "Day signed.") var signed: Day
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = Store.newID("pledge")
            try await store.run(AddRecord(Pledge(id: id, contractID: contract, personID: person, signedOn: signed)), id: id)
        }
    }
}

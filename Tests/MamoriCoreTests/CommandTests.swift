import Foundation
import MamoriCore
import Testing

/// Commands refuse what is simply invalid, in Japanese and English, and accept what the annex forbids.
@Suite struct CommandTests {
    func state(_ scenario: Scenario = Scenario()) -> MamoriState {
        var state = MamoriState()
        state.organizations["K"] = Organization(id: "K", kind: .contractor, name: "受託者")
        state.organizations["N"] = Organization(id: "N", kind: .city, name: "区")
        state.contracts["C1"] = scenario.state
        return state
    }

    func refusal(_ command: any Command) -> CommandError? {
        do {
            // As the store runs a new command: admitted, then executed.
            try command.admit(at: Scenario.now)
            _ = try command.execute(in: state(), at: Scenario.now)
            return nil
        } catch {
            return error
        }
    }

    @Test func invalidCommandsAreRefusedWithBothLanguages() throws {
        let cases: [(any Command, String)] = [
            (AddRecord(DataEvent(id: "E", contractID: "C1", assetID: "NOPE", kind: .use, occurredAt: Scenario.now, personID: "P1", purpose: "入力")), "NOPE"),
            (AddRecord(Pledge(id: "X", contractID: "C1", personID: "GHOST", signedOn: Scenario.today)), "GHOST"),
            (AddRecord(Pledge(id: "PL-P1", contractID: "C1", personID: "P1", signedOn: Scenario.today)), "PL-P1"),
            (AddRecord(Pledge(id: "X", contractID: "C9", personID: "P1", signedOn: Scenario.today)), "C9"),
            (
                CreateContract(
                    contract: Contract(
                        id: "C2", contractorID: "K", cityID: "N", title: "t", number: "n", startsOn: Scenario.today,
                        endsOn: Scenario.day(-1), catalogID: "nakano")), "ends_on"
            ),
            (
                CreateContract(
                    contract: Contract(
                        id: "C2", contractorID: "N", cityID: "K", title: "t", number: "n", startsOn: Scenario.today,
                        endsOn: Scenario.day(1), catalogID: "nakano")), "N"
            ),
            (AddRecord(DataEvent(id: "E", contractID: "C1", assetID: "A1", kind: .copy, occurredAt: Scenario.now, personID: "P1", copies: 0)), "copies"),
            (
                AddRecord(
                    DataEvent(
                        id: "E", contractID: "C1", assetID: "A1", kind: .destruction, occurredAt: Scenario.now, personID: "P1",
                        erasure: Erasure(method: .clear, passes: 0, operatorName: "op", witness: "", mediaSerials: []))), "passes"
            ),
            (
                AddRecord(DataEvent(id: "E", contractID: "C1", assetID: "A1", kind: .use, occurredAt: Scenario.at(-400), personID: "P1", purpose: "入力")),
                "occurred_at"
            ),
            (
                AddRecord(Incident(id: "I", contractID: "C1", kind: .leak, discoveredAt: Scenario.at(1), narrative: Scenario.sealed, appi: APPIFacts())),
                "discovered_at"
            ),
            (
                AddRecord(
                    TrainingSession(id: "T", contractID: "C1", heldOn: Scenario.today, title: "t", content: "c", trainer: "x", materials: [], attendees: [])),
                "attendees"
            ),
            (
                AddRecord(
                    TrainingSession(
                        id: "T", contractID: "C1", heldOn: Scenario.today, title: "t", content: "c", trainer: "x", materials: [],
                        attendees: ["P1", "P2", "P1"])), "P1"
            ),
            (RecordPersonLeft(contractID: "C1", personID: "P3", leftOn: Scenario.day(-400)), "left_on")
        ]
        for (command, named) in cases {
            let error = try #require(refusal(command), "\(command.journalType) naming \(named) was accepted")
            #expect(error.message.en.contains(named) || error.message.ja.contains(named), "\(error.message)")
            #expect(!error.message.ja.isEmpty && error.message.ja != error.message.en)
        }
    }

    @Test func destroyingAnAssetAlreadyDestroyedIsRefused() throws {
        var s = Scenario()
        s.event("D1", .destruction, daysAgo: 1) { $0.erasure = Erasure(method: .destroy, passes: nil, operatorName: "op", witness: "w", mediaSerials: []) }
        let again = AddRecord(
            DataEvent(
                id: "D2", contractID: "C1", assetID: "A1", kind: .destruction, occurredAt: Scenario.now, personID: "P1",
                erasure: Erasure(method: .destroy, passes: nil, operatorName: "op", witness: "w", mediaSerials: [])))
        #expect(throws: CommandError.self) { try again.execute(in: state(s), at: Scenario.now) }
    }

    @Test func whatTheAnnexForbidsIsRecordedNotRefused() throws {
        let forbidden: [any Command] = [
            AddRecord(DataEvent(id: "E1", contractID: "C1", assetID: "A1", kind: .copy, occurredAt: Scenario.now, personID: "P1", copies: 9)),
            AddRecord(
                DataEvent(
                    id: "E2", contractID: "C1", assetID: "A1", kind: .transfer, occurredAt: Scenario.now, personID: "P1",
                    recipient: Scenario.sealed, toCity: false)),
            AddRecord(DataEvent(id: "E3", contractID: "C1", assetID: "A1", kind: .takeout, occurredAt: Scenario.now, personID: "P1", destination: "自宅")),
            AddRecord(Subcontract(id: "S", contractID: "C1", subcontractor: "x", scope: "入力", touchesPersonalData: true, startsOn: Scenario.today))
        ]
        for command in forbidden {
            #expect(try command.execute(in: state(), at: Scenario.now).count == 1, "\(command.journalType) was refused")
        }
    }
}

import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// Every record belongs to one contract: naming another contract's record ID never reads, replaces or removes it.
@Suite struct RecordIdentityTests {
    static let other = "other-2026-001"

    /// The same record under the other contract: the command that would have replaced the first one.
    static func reused<R: NewRecord>(_ record: R) throws -> any Command {
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
        object["contractID"] = other
        return AddRecord(try JSONDecoder().decode(R.self, from: JSONSerialization.data(withJSONObject: object)))
    }

    @Test(arguments: TestBackend.tested) func anIDOfAnotherContractIsRefusedForEveryKind(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.store.execute(
            batch: [
                CreateOrganization(organization: Organization(id: "other-contractor", kind: .contractor, name: "株式会社よそ")),
                CreateContract(
                    contract: Contract(
                        id: Self.other, contractorID: "other-contractor", cityID: DemoScenario.cityID, title: "別の委託",
                        number: "2", startsOn: Day("2026-04-01")!, endsOn: Day("2027-03-31")!, catalogID: "nakano")),
                // A person and an asset of the other contract's own, so that its records would otherwise validate.
                AddRecord(Person(id: "OTHER-P", contractID: Self.other, name: "他社 太郎", role: .staff, joinedOn: Day("2026-04-01")!)),
                // The kinds the demo does not hold.
                AddRecord(
                    Subcontract(
                        id: "SUB-1", contractID: DemoScenario.contractID, subcontractor: "印刷", scope: "封入", touchesPersonalData: false,
                        startsOn: Day("2026-06-01")!)),
                AddRecord(
                    Audit(
                        id: "AUD-1", contractID: DemoScenario.contractID, kind: .inspection, heldOn: Day("2026-06-01")!,
                        auditor: try temp.store.vault.seal("監査 花子"), request: "鍵の管理簿")),
                AddRecord(
                    CityInstruction(
                        id: "INS-1", contractID: DemoScenario.contractID, issuedOn: Day("2026-06-01")!,
                        instruction: try temp.store.vault.seal("入退室記録を提出"))),
                AddRecord(
                    CityNotification(
                        id: "NOT-1", contractID: DemoScenario.contractID, subject: .personnelChange, personID: "P12",
                        notifiedOn: Day("2026-11-10")!, content: "従事者の追加")),
                AddRecord(
                    DeviceDisposal(
                        id: "DSP-1", contractID: DemoScenario.contractID, kind: .repair, device: "PC-1", handledOn: Day("2026-06-01")!,
                        erasure: nil))
            ], actor: "test", at: TemporaryStore.now)
        let before = try await temp.store.contract(DemoScenario.contractID)
        var kinds: [String] = []
        func tryEvery<R: NewRecord>(_ records: [String: R]) async throws {
            guard let record = records.values.sorted(by: { $0.id < $1.id }).first else { return }
            kinds.append(R.label.en)
            await #expect(throws: StoreError.self, "\(R.label.en) \(record.id) reused under another contract") {
                try await temp.store.execute(try Self.reused(record), actor: "test", at: TemporaryStore.now)
            }
        }
        try await tryEvery(before.people)
        try await tryEvery(before.idChecks)
        try await tryEvery(before.trainings)
        try await tryEvery(before.pledges)
        try await tryEvery(before.safeguards)
        try await tryEvery(before.assets)
        try await tryEvery(before.notableEvents)
        try await tryEvery(before.incidents)
        try await tryEvery(before.approvals)
        try await tryEvery(before.subcontracts)
        try await tryEvery(before.policies)
        try await tryEvery(before.audits)
        try await tryEvery(before.instructions)
        try await tryEvery(before.attestations)
        try await tryEvery(before.backups)
        try await tryEvery(before.disposals)
        try await tryEvery(before.software)
        try await tryEvery(before.structures)
        try await tryEvery(before.notifications)
        #expect(kinds.count == 19, "every kind: \(kinds)")
        // What another process reads from the tables, not only this one's memory, is unchanged.
        let reopened = try await temp.reopened()
        #expect(try await reopened.contract(DemoScenario.contractID) == before)
        #expect(try await reopened.contract(Self.other).people.keys.sorted() == ["OTHER-P"])
        #expect(try await temp.store.verifyLedger().isIntact)
    }
}

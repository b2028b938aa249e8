import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// A process starts from the newest sealed snapshot of the state and the journal entries after it, not from every row
/// of every table; a snapshot that is not this store's key's is not used, and `ledger verify` checks the one in use.
@Suite struct StateSnapshotTests {
    static func newest(_ temp: TemporaryStore) async throws -> StateSnapshot? {
        try await temp.store.database.read { db in try await db.fetch(StateSnapshot.self, order: "position DESC", limit: 1).first }
    }

    @Test(arguments: TestBackend.tested) func aStartReadsTheSnapshotAndTheEntriesAfterIt(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.store.saveSnapshot()
        let snapshot = try #require(try await Self.newest(temp))
        #expect(await snapshot.position == Int64(try temp.journalCount()), "the snapshot stands at the journal's end")
        #expect(try await temp.store.verifyLedger().isIntact, "the snapshot is the state the tables hold")
        try await temp.store.execute(
            AddRecord(
                Person(
                    id: "P-NEW", contractID: DemoScenario.contractID, name: "新人", role: .staff,
                    joinedOn: Day("2026-11-01")!)), actor: "test")
        let expected = try await temp.store.state()
        #expect(expected.contracts[DemoScenario.contractID]?.people["P-NEW"] != nil)

        // A table altered behind the journal's back: a start reading the tables would show the change.
        try await temp.tamper("UPDATE contract SET title = title || '!'")
        let reopened = try await temp.reopened()
        defer { try? reopened.close() }
        #expect(try await reopened.state() == expected, "the snapshot with the entry after it, not the altered table")
        let verification = try await reopened.verifyLedger()
        #expect(verification.firstDifference?.table == "contract", "verify still names the altered table")
    }

    @Test(arguments: TestBackend.tested) func aSnapshotNotSealedByTheKeyIsNotUsedAndIsNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.store.saveSnapshot()
        let expected = try await temp.store.state()
        // Someone who can write the database but not read the key file changes what the snapshot says.
        try await temp.tamper("UPDATE stateSnapshot SET state = replace(state, '\"title\":\"', '\"title\":\"!')")
        #expect(try await Self.newest(temp)?.state.contains("\"title\":\"!") == true, "the snapshot was altered")
        let found = try await temp.store.verifyLedger()
        #expect(found.firstDifference?.table == "stateSnapshot")
        #expect(found.firstDifference?.reason.en.contains("seal") == true, "\(found.problem?.en ?? "")")

        let reopened = try await temp.reopened()
        defer { try? reopened.close() }
        #expect(try await reopened.state() == expected, "read from the tables instead")
        // The start that read the tables wrote a snapshot of its own beside the altered one, which stays to be named.
        let stored = try await temp.store.database.read { db in try await db.fetch(StateSnapshot.self) }
        #expect(stored.count == 2 && stored.filter { $0.isSealed(by: temp.store.vault) }.count == 1)
        #expect(try await reopened.verifyLedger().firstDifference?.reason.en.contains("forget-snapshots") == true, "named until removed")
        let next = try await temp.reopened()
        defer { try? next.close() }
        #expect(try await next.state() == expected, "the next start uses the store's own snapshot, passing over the altered one")

        try await reopened.removeSnapshots()
        #expect(try await reopened.verifyLedger().isIntact)
    }

    @Test(arguments: TestBackend.tested) func aForeignSnapshotFarAheadDoesNotHoldBackTheStoresOwn(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.store.saveSnapshot()
        try await temp.tamper("UPDATE stateSnapshot SET position = position + 1000000")
        let last = await Int64(try temp.journalCount())
        #expect(try await temp.store.saveSnapshot(ifBehindBy: 1) == last, "only the store's own snapshots count as written")
        #expect(try await temp.store.saveSnapshot(ifBehindBy: 1) == nil, "and then it is up to date")
    }

    @Test(arguments: TestBackend.tested) func aSealedSnapshotThatDiffersFromTheTablesIsNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        var state = try await temp.store.state()
        let position = await Int64(try temp.journalCount())
        // What a faulty writer could seal: a state the journal never produced.
        state.contracts[DemoScenario.contractID]?.contract.title += "!"
        try await temp.store.database.write { db in
            try await db.execute("DELETE FROM stateSnapshot")
            try await db.insert(try StateSnapshot(state: state, position: position, vault: temp.store.vault, at: Date()))
        }
        let found = try await temp.store.verifyLedger()
        #expect(found.firstDifference?.table == "stateSnapshot")
        #expect(found.firstDifference?.reason.en.contains("differs from the state tables") == true, "\(found.problem?.en ?? "")")
    }
}

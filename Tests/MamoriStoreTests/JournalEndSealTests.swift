import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// A chain taken out whole — its entries, its head, the snapshot — leaves every other chain whole; the sealed end of
/// the journal (``JournalEndSeal``) says how far it reached.
@Suite struct JournalEndSealTests {
    @Test(arguments: TestBackend.tested) func aChainTakenOutWholeIsNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        #expect(try await temp.store.verifyLedger().isIntact)
        let journal = try await temp.journal()
        let chains = Set(journal.map(\.organizationID))
        #expect(chains.count > 1)
        // The chain whose last entry is earliest: what is taken out is not the journal's end.
        let victim = try #require(
            chains.min { one, other in
                journal.last { $0.organizationID == one }!.position < journal.last { $0.organizationID == other }!.position
            })
        try await temp.tamper("DELETE FROM journal WHERE organizationID = '\(victim)'")
        try await temp.tamper("DELETE FROM journalHead WHERE organizationID = '\(victim)'")
        try await temp.tamper("DELETE FROM stateSnapshot")
        let result = try await temp.reopened().verifyLedger()
        #expect(result.problem?.en.contains("entries were taken out") == true, "\(String(describing: result.problem))")
        #expect(result.problem?.ja.contains("仕訳が取り除かれています") == true)
    }

    /// A database put back whole from an older copy verifies inside; `mamori.reached` beside the key says how far the
    /// journal had reached (``JournalReach``).
    @Test func aDatabasePutBackFromAnOlderCopyIsNamed() async throws {
        let temp = try await TemporaryStore()
        try await temp.loadDemo()
        try temp.store.close()
        let database = Store.files(in: temp.directory).database
        let older = temp.directory.appendingPathComponent("older.sqlite")
        try FileManager.default.copyItem(at: database, to: older)
        let store = try await temp.reopened()
        try await store.execute(
            AddRecord(
                BackupRun(
                    id: "BK-LATER", contractID: DemoScenario.contractID, ranAt: TemporaryStore.now, scope: "業務サーバ", medium: "外付けHDD",
                    succeeded: true)), actor: "test", at: TemporaryStore.now)
        let saved = try await store.saveSnapshot()
        let reached = try? String(contentsOf: temp.directory.appendingPathComponent("mamori.reached"), encoding: .utf8)
        #expect(reached?.hasPrefix("\(saved ?? -1) ") == true, "\(String(describing: saved)) \(String(describing: reached))")
        #expect(try await store.verifyLedger().isIntact)
        try store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try FileManager.default.copyItem(at: older, to: database)
        let result = try await temp.reopened().verifyLedger()
        #expect(result.problem?.en.contains("put back from an older copy") == true, "\(String(describing: result.problem))")
        // The file itself rewritten without the key is named too.
        try "1 x y\n".write(to: temp.directory.appendingPathComponent("mamori.reached"), atomically: true, encoding: .utf8)
        #expect(try await temp.reopened().verifyLedger().problem?.en.contains("mamori.reached") == true)
    }

    /// The end's row deleted, or rewritten without the key, is named; the journal's last entries cut with it too.
    @Test(arguments: TestBackend.tested) func theEndRemovedOrForgedIsNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let last = try #require(try await temp.journal().last)
        try await temp.tamper("UPDATE journalEnd SET position = \(last.position - 1)")
        #expect(try await temp.store.verifyLedger().problem?.en.contains("does not match its seal") == true)
        try await temp.tamper("DELETE FROM journalEnd")
        #expect(try await temp.store.verifyLedger().problem?.en.contains("journalEnd) is missing") == true)
    }
}

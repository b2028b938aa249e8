import Foundation
import GRDB
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// A chain cut off at its end, with its head set back to the entry left last, hashes as whole: the head's seal is what
/// says where it ended (``JournalHeadSeal``).
@Suite struct JournalHeadSealTests {
    /// The attack as it was made: entries deleted from a chain's end, its head set to the last one left (its true
    /// hash), the snapshot removed. Verify names the head; no write extends the cut chain (its new head would be
    /// sealed anew over the cut).
    @Test(arguments: TestBackend.tested) func aChainCutOffAtItsEndIsNamedAndNeverExtended(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        #expect(try await temp.store.verifyLedger().isIntact)
        let chain = try await temp.journal().filter { $0.organizationID == DemoScenario.contractorID }
        let kept = try #require(chain.dropLast(3).last)
        try await temp.tamper("DELETE FROM journal WHERE organizationID = '\(kept.organizationID)' AND seq > \(kept.seq)")
        try await temp.tamper("UPDATE journalHead SET seq = \(kept.seq), hash = '\(kept.hash)' WHERE organizationID = '\(kept.organizationID)'")
        try await temp.tamper("DELETE FROM stateSnapshot")
        let result = try await temp.reopened().verifyLedger()
        #expect(result.firstBroken?.organizationID == kept.organizationID)
        #expect(result.firstBroken?.reason.en.contains("does not match its seal") == true, "\(String(describing: result.problem))")
        let store = try await temp.reopened()
        await #expect(throws: StoreError.self, "the cut chain is not extended") {
            try await store.execute(
                AddRecord(
                    BackupRun(
                        id: "BK-AFTER-CUT", contractID: DemoScenario.contractID, ranAt: TemporaryStore.now, scope: "業務サーバ",
                        medium: "外付けHDD", succeeded: true)),
                actor: "test", at: TemporaryStore.now)
        }
    }

    /// A store from before head seals is sealed once as it opens; seals removed to be made again over a cut chain (the
    /// column and its migration's record dropped, the mark beside the key left) are refused.
    @Test func headsAreSealedOnceAndSealsRemovedLaterAreRefused() async throws {
        let temp = try await TemporaryStore()
        try await temp.loadDemo()
        try temp.store.close()
        func removeSeals() async throws {
            let pool = try DatabasePool(path: Store.files(in: temp.directory).database.path)
            try await pool.write { db in
                try db.execute(sql: "ALTER TABLE journalHead DROP COLUMN seal")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [StoreSchema.headSealsMigration])
            }
            try pool.close()
        }
        try await removeSeals()
        let mark = temp.directory.appendingPathComponent(JournalHeadSeal.mark.name)
        try FileManager.default.removeItem(at: mark)
        let sealed = try await temp.reopened()
        #expect(try await sealed.verifyLedger().isIntact, "sealed as it opened")
        #expect(FileManager.default.fileExists(atPath: mark.path))
        try sealed.close()
        try await removeSeals()
        await #expect(throws: StoreError.self) { _ = try await temp.reopened() }
    }
}

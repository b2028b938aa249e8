import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// The journal is hash-chained per organization, append-only, and `verify` names the first broken entry.
@Suite struct JournalTests {
    @Test(arguments: TestBackend.tested) func demoJournalVerifies(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        for segmentSize in [100_000, 7, 1] {
            let result = try await temp.store.verifyLedger(segmentSize: segmentSize)
            #expect(result.isIntact, "segments of \(segmentSize)")
            #expect(await result.entries == (try temp.journalCount()))
            #expect(result.organizations == 2)
        }
    }

    @Test(arguments: TestBackend.tested) func entriesAreChainedPerOrganization(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let entries = try await temp.journal()
        var last: [String: JournalEntry] = [:]
        for entry in entries {
            #expect(entry.previousHash == (last[entry.organizationID]?.hash ?? JournalEntry.genesisHash))
            #expect(entry.seq == (last[entry.organizationID]?.seq ?? 0) + 1)
            #expect(entry.hash == entry.computedHash)
            last[entry.organizationID] = entry
        }
        #expect(last[DemoScenario.cityID]?.seq == 1)
    }

    @Test(arguments: TestBackend.tested) func journalRefusesUpdatesAndDeletes(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        await #expect(throws: (any Error).self) { try await temp.execute("UPDATE journal SET actor = 'x' WHERE position = 3") }
        await #expect(throws: (any Error).self) { try await temp.execute("DELETE FROM journal WHERE position = 3") }
        #expect(try await temp.store.verifyLedger().isIntact)
    }

    static let columns = ["position", "organizationID", "seq", "recordedAt", "actor", "type", "payload", "previousHash", "hash"]

    @Test(arguments: TestBackend.tested, columns)
    func verifyCatchesOneChangedByteInAnyColumn(backend: TestBackend, column: String) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let target: Int64 = 17
        let original = try await temp.store.database.read { db in
            try await db.value("SELECT CAST(\(raw: column) AS TEXT) FROM journal WHERE position = \(bind: target)").text
        }
        let value = try #require(original)
        let replacement: String
        if ["position", "seq"].contains(column) {
            // Integers move out of the way of the unique keys.
            replacement = String(Int64(value)! + 1_000_000)
        } else {
            // Change one byte of the stored text.
            var bytes = Array(value.utf8)
            let index = bytes.count - 1
            bytes[index] = bytes[index] == 0x31 ? 0x32 : 0x31
            replacement = "'" + String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "'", with: "''") + "'"
        }
        try await temp.tamper("UPDATE journal SET \(column) = \(replacement) WHERE position = \(target)")
        // Read whole, and in ranges read in parallel (one break at a range's edge must still be found).
        for segmentSize in [100_000, 7, 4] {
            let result = try await temp.store.verifyLedger(segmentSize: segmentSize)
            let broken = try #require(result.firstBroken, "a change to \(column) went unnoticed (segments of \(segmentSize))")
            // A moved row leaves a gap where it stood; any other change breaks the row itself.
            #expect(broken.position == (column == "position" ? target + 1 : target), "\(column), segments of \(segmentSize): \(broken)")
            #expect(!broken.reason.en.isEmpty && !broken.reason.ja.isEmpty)
        }
    }

    @Test(arguments: TestBackend.tested) func everyPositionIsCheckedWhereverTheRangesSplit(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let count = try await temp.journalCount()
        for position in 1...count {
            try await temp.tamper("UPDATE journal SET actor = actor || 'x' WHERE position = \(position)")
            let broken = try await temp.store.verifyLedger(segmentSize: 3).firstBroken
            #expect(broken?.position == Int64(position), "position \(position): \(String(describing: broken))")
            try await temp.tamper("UPDATE journal SET actor = substr(actor, 1, length(actor) - 1) WHERE position = \(position)")
        }
        #expect(try await temp.store.verifyLedger(segmentSize: 3).isIntact)
    }

    @Test(arguments: TestBackend.tested) func everyDeletedRowIsFoundWhereverTheRangesSplit(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let entries = try await temp.journal()
        for (index, entry) in entries.enumerated().dropLast() where entry.organizationID == DemoScenario.contractorID {
            let next = try #require(entries[(index + 1)...].first { $0.organizationID == entry.organizationID })
            try await temp.tamper("DELETE FROM journal WHERE position = \(entry.position)")
            let broken = try await temp.store.verifyLedger(segmentSize: 3).firstBroken
            #expect(broken?.position == next.position, "deleting \(entry.position): \(String(describing: broken))")
            try await temp.store.database.write { db in try await db.insert(entry) }
        }
        #expect(try await temp.store.verifyLedger(segmentSize: 3).isIntact)
    }

    @Test(arguments: TestBackend.tested) func verifyCatchesADeletedRow(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.tamper("DELETE FROM journal WHERE position = 20")
        for segmentSize in [100_000, 5, 3] {
            let broken = try #require(try await temp.store.verifyLedger(segmentSize: segmentSize).firstBroken)
            #expect(broken.position == 21, "segments of \(segmentSize)")
            #expect(broken.reason.en.contains("deleted or inserted"))
        }
    }

    @Test(arguments: TestBackend.tested) func verifyCatchesADeletedLastRow(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        try await temp.tamper("DELETE FROM journal WHERE position = (SELECT MAX(position) FROM journal)")
        for segmentSize in [100_000, 6] {
            let broken = try #require(try await temp.store.verifyLedger(segmentSize: segmentSize).firstBroken)
            #expect(broken.organizationID == DemoScenario.contractorID)
            #expect(broken.reason.en.contains("missing"))
        }
    }

    /// A chain head deleted (the next write would reuse sequence numbers) or changed is named as the head, not an entry.
    @Test(arguments: TestBackend.tested) func verifyCatchesAChangedOrDeletedChainHead(backend: TestBackend) async throws {
        for (sql, reason) in [
            ("DELETE FROM journalHead WHERE organizationID = '\(DemoScenario.contractorID)'", "chain head (journalHead) of organization"),
            ("UPDATE journalHead SET hash = 'x' WHERE organizationID = '\(DemoScenario.contractorID)'", "does not hold the hash of its last entry")
        ] {
            let temp = try await TemporaryStore(backend)
            try await temp.loadDemo()
            try await temp.tamper(sql)
            let broken = try #require(try await temp.store.verifyLedger().firstBroken)
            #expect(broken.organizationID == DemoScenario.contractorID)
            #expect(broken.reason.en.contains(reason), "\(broken.reason.en)")
        }
    }

    @Test(arguments: TestBackend.tested) func replayRebuildsTheSameStateAndJournal(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let out = temp.directory.appendingPathComponent("replay")
        let replayed = try await temp.store.replay(into: out)
        #expect(try await replayed.state() == temp.store.state())
        let rebuilt = try await replayed.database.read { db in try await db.fetch(JournalEntry.self, order: "position") }
        let original = try await temp.journal()
        #expect(original == rebuilt)
        // The rebuilt tables, read back from disk, equal the live ones read back from disk.
        let reopened = try await Store(directory: out)
        #expect(try await reopened.state() == temp.reopened().state())
    }

    @Test(arguments: TestBackend.tested) func replayRefusesADirectoryThatHoldsAStore(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        await #expect(throws: StoreError.self) { try await temp.store.replay(into: temp.directory) }
    }
}

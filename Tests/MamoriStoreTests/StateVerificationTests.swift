import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// `ledger verify` proves that what the dashboard and documents read is what the journal produces: a state table
/// changed, filled or emptied behind the journal's back is named by table, record and column, on both databases.
@Suite struct StateVerificationTests {
    /// One edit an attacker with the database file could make, and what verify must name.
    struct Tamper: Sendable, CustomStringConvertible {
        var sql: String
        var table: String
        var column: String?
        var reason: String
        var description: String { sql }
    }

    static let firstCopy = "SELECT id FROM dataEvent WHERE kind = 'copy' ORDER BY id LIMIT 1"
    static let copy = "(\(firstCopy))"
    static let tampers = [
        Tamper(sql: "UPDATE dataEvent SET copies = 0 WHERE id = \(copy)", table: "dataEvent", column: "copies", reason: "altered"),
        Tamper(sql: "UPDATE person SET leftOn = NULL WHERE leftOn IS NOT NULL", table: "person", column: "leftOn", reason: "altered"),
        Tamper(sql: "UPDATE approval SET decision = 'granted' WHERE decision <> 'granted'", table: "approval", column: "decision", reason: "altered"),
        Tamper(sql: "UPDATE contract SET title = title || '!'", table: "contract", column: "title", reason: "altered"),
        Tamper(sql: "DELETE FROM pledge WHERE id = (SELECT MIN(id) FROM pledge)", table: "pledge", column: nil, reason: "deleted"),
        Tamper(
            sql: "INSERT INTO trainingSession (id, contractID, heldOn, title, content, trainer, materials, attendees) "
                + "SELECT 'T-forged', contractID, heldOn, title, content, trainer, materials, attendees FROM trainingSession LIMIT 1",
            table: "trainingSession", column: nil, reason: "inserted")
    ]

    @Test(arguments: TestBackend.tested, tampers)
    func aChangedRowIsNamed(backend: TestBackend, tamper: Tamper) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let before = try await temp.store.verifyLedger()
        #expect(before.isIntact, "the demo verifies first")
        let rows = try await temp.store.database.read { db in try await StateCheck.tables.asyncMap { try await db.count($0) }.reduce(0, +) }
        #expect(before.rows == rows && rows > 20, "every row of every table is read")
        try await temp.tamper(tamper.sql)
        let result = try await temp.store.verifyLedger()
        #expect(result.firstBroken == nil, "the journal itself is intact")
        let difference = try #require(result.firstDifference)
        #expect(difference.table == tamper.table)
        #expect(difference.column?.lowercased() == tamper.column?.lowercased())
        #expect(difference.reason.en.contains(tamper.reason), "\(difference.reason.en)")
        #expect(!result.isIntact)
        #expect(result.problem?.ja.contains(tamper.table) == true)
    }

    @Test(arguments: TestBackend.tested) func theRecordIDAndTheEntryThatWroteItAreNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let id = try #require(try await temp.store.database.read { db in try await db.value(SQL(raw: Self.firstCopy)).text })
        try await temp.tamper("UPDATE dataEvent SET copies = copies + 1 WHERE id = '\(id)'")
        let difference = try #require(try await temp.store.verifyLedger().firstDifference)
        #expect(difference.recordID == id)
        let position = try #require(difference.position)
        let entry = try #require(try await temp.journal().first { $0.position == position })
        #expect(entry.type == "data.copy" && entry.payload.contains(id))
    }

    /// The demo with one PC enrolled and two reports from it (3, then 5 failures).
    static func storeWithReports(_ backend: TestBackend) async throws -> TemporaryStore {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let at = TemporaryStore.now
        try await temp.store.createEnrollmentToken(
            hash: "t", organizationID: DemoScenario.contractorID, createdBy: "a", at: at, expiresAt: at.addingTimeInterval(60))
        _ = try #require(try await temp.store.enroll(tokenHash: "t", deviceID: "pc-1", hostname: "pc-1", publicKey: "key", at: at))
        // The second report's results name a rule set by the SHA-256 of its content, as a server stores them.
        try await temp.store.addRuleSet(digest: Self.ruleSetDigest, content: "[]", at: at)
        for (failed, results) in [(3, "[\"fail\"]"), (5, #"{"rule_set":"\#(Self.ruleSetDigest)","checks":[]}"#)] {
            try await temp.store.add(
                [
                    DeviceReport(
                        deviceID: "pc-1", receivedAt: at, generatedAt: "2026-11-26T01:00:00Z", platform: "linux",
                        hostname: "pc-1", passed: 10, failed: failed, unknown: 0, results: results, report: "{}", signature: "s\(failed)")
                ], of: DemoScenario.contractorID)
        }
        return temp
    }

    /// SHA-256 of `[]`.
    static let ruleSetDigest = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"

    @Test(arguments: TestBackend.tested) func agentCheckInsAreJournaled(backend: TestBackend) async throws {
        let temp = try await Self.storeWithReports(backend)
        let journaled = try await temp.journal().filter { $0.type.hasPrefix("device.") }.map(\.type)
        #expect(journaled == ["device.token", "device.enroll", "device.report", "device.report"])
        #expect(try await temp.store.verifyLedger().isIntact)
    }

    static let deviceTampers = [
        Tamper(
            sql: "UPDATE deviceReport SET failed = 0, results = '[]' WHERE id = (SELECT MAX(id) FROM deviceReport)", table: "deviceReport",
            column: nil, reason: "altered"),
        Tamper(sql: "DELETE FROM deviceReport WHERE id = (SELECT MIN(id) FROM deviceReport)", table: "deviceReport", column: nil, reason: "deleted"),
        Tamper(
            sql: "UPDATE device SET latestReportID = (SELECT MIN(id) FROM deviceReport)", table: "device", column: "latestReportID",
            reason: "newest report"),
        Tamper(sql: "UPDATE device SET publicKey = 'forged'", table: "device", column: nil, reason: "altered"),
        Tamper(sql: "UPDATE agentRuleSet SET content = '[{}]'", table: "agentRuleSet", column: "content", reason: "altered"),
        Tamper(sql: "DELETE FROM agentRuleSet", table: "agentRuleSet", column: nil, reason: "deleted")
    ]

    /// A PC's result turned to a pass, a report deleted, its latest report moved back to an older one, its key swapped.
    @Test(arguments: TestBackend.tested, deviceTampers)
    func aChangedCheckInIsFound(backend: TestBackend, tamper: Tamper) async throws {
        let temp = try await Self.storeWithReports(backend)
        try await temp.tamper(tamper.sql)
        let difference = try #require(try await temp.store.verifyLedger().firstDifference)
        #expect(difference.table == tamper.table)
        #expect(difference.column == tamper.column)
        #expect(difference.reason.en.contains(tamper.reason), "\(difference.reason.en)")
    }

    /// A token written into the table by hand enrolls a PC through the real path, but no administrator issued it.
    @Test(arguments: TestBackend.tested) func aForgedEnrollmentTokenIsFound(backend: TestBackend) async throws {
        let temp = try await Self.storeWithReports(backend)
        let at = TemporaryStore.now.addingTimeInterval(60)
        try await temp.tamper(
            "INSERT INTO enrollmentToken (tokenHash, organizationID, createdBy, createdAt, expiresAt) "
                + "VALUES ('forged', '\(DemoScenario.contractorID)', 'admin', \(at.timeIntervalSinceReferenceDate), \(at.timeIntervalSinceReferenceDate + 600))"
        )
        _ = try #require(try await temp.store.enroll(tokenHash: "forged", deviceID: "pc-9", hostname: "pc-9", publicKey: "key9", at: at))
        let difference = try #require(try await temp.store.verifyLedger().firstDifference)
        #expect(difference.table == "journal")
        #expect(difference.reason.en.contains("no administrator issued"), "\(difference.reason.en)")
    }

    /// A journal from before entries kept their rows' digests (the last entries here written as then) still verifies,
    /// by replaying every command, and still names a changed row; `ledger replay` reproduces every hash. A journal of
    /// today verifies by the digests alone.
    @Test(arguments: TestBackend.tested) func entriesWrittenBeforeDigestsAreReplayed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        #expect(try await !temp.store.verifyLedger().stateReplayed, "today's journal: the digests")
        let old = (1...3).map { index in
            AddRecord(
                BackupRun(
                    id: "BK-OLD-\(index)", contractID: DemoScenario.contractID, ranAt: TemporaryStore.now, scope: "業務サーバ",
                    medium: "外付けHDD", succeeded: true))
        }
        try await temp.store.database.write { db in
            try await db.lockJournal()
            var state = try await temp.store.state()
            var journal = await JournalWriter(after: try Store.lastPosition(db), vault: temp.store.vault)
            for command in old {
                _ = try await temp.store.append(
                    command, actor: "old", time: TemporaryStore.now, timestamp: JournalEntry.timestamp(TemporaryStore.now),
                    journal: &journal, state: &state, keepingWritten: false, db)
            }
            try await journal.finish(db)
        }
        let reopened = try await temp.reopened()
        #expect(try await temp.journal().suffix(3).allSatisfy { $0.written.isEmpty })
        let result = try await reopened.verifyLedger()
        #expect(result.isIntact && result.stateReplayed, "\(String(describing: result.problem))")
        let replayed = try await reopened.replay(into: temp.directory.appendingPathComponent("replay"))
        #expect(try await replayed.state() == reopened.state())

        try await temp.tamper("UPDATE backupRun SET succeeded = NOT succeeded WHERE id = 'BK-OLD-2'")
        let difference = try #require(try await reopened.verifyLedger().firstDifference)
        #expect(difference.table == "backupRun" && difference.recordID == "BK-OLD-2" && difference.column == "succeeded")
    }

    /// With no snapshot to start from, a store reads its state from the journal, never from the state tables alone: a
    /// row edited in the database (and the snapshot removed, so that nothing sealed stands in the way) never reaches
    /// the pages, and `ledger verify` still names it.
    @Test(arguments: TestBackend.tested) func withoutASnapshotTheStateIsTheJournalsNotTheEditedTables(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let person = try #require(try await temp.store.state().contracts.values.first?.people.values.min { $0.id < $1.id })
        try await temp.tamper("UPDATE person SET name = '改ざん太郎' WHERE id = '\(person.id)'")
        try await temp.store.removeSnapshots()
        let reopened = try await temp.reopened()
        let read = try #require(try await reopened.state().contracts.values.first?.people[person.id])
        #expect(read.name == person.name, "the journal's name, not the edited row's")
        #expect(try await reopened.verifyLedger().firstDifference?.table == "person")
    }

    /// The state check reads what the hash check does not: verify without it passes the same tampered store.
    @Test func onlyTheStateCheckSeesTableEdits() async throws {
        let temp = try await TemporaryStore()
        try await temp.loadDemo()
        try await temp.tamper("UPDATE dataEvent SET copies = 0 WHERE id = \(Self.copy)")
        #expect(try await temp.store.verifyLedger(state: false).isIntact)
        #expect(try await !temp.store.verifyLedger().isIntact)
    }
}

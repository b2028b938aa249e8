import Foundation
import MamoriCore
@testable import MamoriStore

/// A store in a fresh temporary directory; removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-test-\(UUID().uuidString)")
        store = try Store(directory: directory)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A fixed moment: 2026-11-26 10:00 in Tokyo.
    static let now = Day("2026-11-26")!.start.addingTimeInterval(10 * 3600)

    /// Loads the demo scenario.
    func loadDemo() throws {
        try DemoScenario(vault: store.vault, now: Self.now).load(into: store)
    }

    /// The number of journal entries.
    func journalCount() throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal") ?? 0 }
    }

    /// Runs SQL as an attacker with file access would: with the journal's protective triggers removed.
    func tamper(_ sql: String) throws {
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS journal_never_updated; DROP TRIGGER IF EXISTS journal_never_deleted;")
            try db.execute(sql: sql)
        }
    }
}

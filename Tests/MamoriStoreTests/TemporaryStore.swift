import Foundation
import MamoriCore
import MamoriTestSupport

@testable import MamoriStore

/// A store in a fresh temporary directory (and, on PostgreSQL, a fresh database); removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let store: Store
    let backend: TestBackend

    init(_ backend: TestBackend = .sqlite) throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-test-\(UUID().uuidString)")
        store = try Store(directory: directory, location: backend.freshLocation())
    }

    deinit {
        TestPostgres.discard(store)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same store opened again, as another process would.
    func reopened() throws -> Store {
        try Store(directory: directory, location: store.location)
    }

    /// A fixed moment: 2026-11-26 10:00 in Tokyo.
    static let now = Day("2026-11-26")!.start.addingTimeInterval(10 * 3600)

    /// Loads the demo scenario.
    func loadDemo() throws {
        try DemoScenario(vault: store.vault, now: Self.now).load(into: store)
    }

    /// The number of journal entries.
    func journalCount() throws -> Int {
        try store.database.read { db in try db.count("journal") }
    }

    /// Every journal entry, in order.
    func journal() throws -> [JournalEntry] {
        try store.database.read { db in try db.fetch(JournalEntry.self, order: "position") }
    }

    /// Runs SQL as an attacker with database access would: with the journal's protective triggers removed.
    func tamper(_ sql: String) throws {
        try store.database.write { db in
            switch db.dialect {
            case .sqlite:
                try db.execute("DROP TRIGGER IF EXISTS journal_never_updated", [])
                try db.execute("DROP TRIGGER IF EXISTS journal_never_deleted", [])
            case .postgres:
                try db.execute("DROP TRIGGER IF EXISTS journal_never_changed ON journal", [])
            }
            try db.execute(sql, [])
        }
    }

    /// Runs SQL as the application's own connection would (the journal's triggers in place).
    func execute(_ sql: String) throws {
        try store.database.write { db in try db.execute(sql, []) }
    }
}

extension TemporaryStore {
    /// Everything the database holds, as an attacker reading it would see it: SQLite's files, or every PostgreSQL
    /// table's rows as text.
    func storedBytes() throws -> [Data] {
        switch backend {
        case .sqlite:
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix("mamori.sqlite") }.map { try Data(contentsOf: $0) }
        case .postgres:
            return try store.database.read { db in
                let tables = try db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").compactMap { $0.text(0) }
                return try tables.map { table in
                    Data((try db.value("SELECT string_agg(t::text, ' ') FROM \(table) t").text ?? "").utf8)
                }
            }
        }
    }
}

import Foundation
import MamoriCore
import MamoriTestSupport

@testable import MamoriStore

/// A store in a fresh temporary directory (and, on PostgreSQL, a fresh database); removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let store: Store
    let backend: TestBackend

    init(_ backend: TestBackend = .sqlite) async throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-test-\(UUID().uuidString)")
        store = try await Store(directory: directory, location: backend.freshLocation())
    }

    deinit {
        TestPostgres.discard(store)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same store opened again, as another process would.
    func reopened() async throws -> Store {
        try await Store(directory: directory, location: store.location)
    }

    /// A fixed moment: 2026-11-26 10:00 in Tokyo.
    static let now = Day("2026-11-26")!.start.addingTimeInterval(10 * 3600)

    /// Loads the demo scenario.
    func loadDemo() async throws {
        try await DemoScenario(vault: store.vault, now: Self.now).load(into: store)
    }

    /// The number of journal entries.
    func journalCount() async throws -> Int {
        try await store.database.read { db in try await db.count("journal") }
    }

    /// Every journal entry, in order.
    func journal() async throws -> [JournalEntry] {
        try await store.database.read { db in try await db.fetch(JournalEntry.self, order: "position") }
    }

    /// Runs SQL as an attacker with database access would: with the journal's protective triggers removed.
    /// Runs SQL with the journal's triggers lifted for it, and puts them back.
    func tamper(_ sql: String) async throws {
        try await store.database.write { db in
            switch db.dialect {
            case .sqlite:
                try await db.execute("DROP TRIGGER IF EXISTS journal_never_updated")
                try await db.execute("DROP TRIGGER IF EXISTS journal_never_deleted")
            case .postgres:
                try await db.execute("DROP TRIGGER IF EXISTS journal_never_changed ON journal")
            }
            try await db.execute(SQL(raw: sql))
            // Put back as they were, as a careful editor would: only the hashes, seals and digests can tell.
            switch db.dialect {
            case .sqlite:
                try await db.execute(
                    "CREATE TRIGGER journal_never_updated BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal entries are never updated'); END")
                try await db.execute(
                    "CREATE TRIGGER journal_never_deleted BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal entries are never deleted'); END")
            case .postgres:
                try await db.execute(
                    "CREATE TRIGGER journal_never_changed BEFORE UPDATE OR DELETE ON journal FOR EACH ROW EXECUTE FUNCTION journal_is_append_only()")
            }
        }
    }

    /// Runs SQL as the application's own connection would (the journal's triggers in place).
    func execute(_ sql: String) async throws {
        try await store.database.write { db in try await db.execute(SQL(raw: sql)) }
    }
}

extension TemporaryStore {
    /// Everything the database holds, as an attacker reading it would see it: SQLite's files, or every PostgreSQL
    /// table's rows as text.
    func storedBytes() async throws -> [Data] {
        switch backend {
        case .sqlite:
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix("mamori.sqlite") }.map { try Data(contentsOf: $0) }
        case .postgres:
            return try await store.database.read { db in
                let tables = try await db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").compactMap { $0.text(0) }
                return try await tables.asyncMap { table in
                    Data((try await db.value("SELECT string_agg(t::text, ' ') FROM \(raw: table) t").text ?? "").utf8)
                }
            }
        }
    }
}

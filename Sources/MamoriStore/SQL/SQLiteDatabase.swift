import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file in WAL mode, readers concurrent with the one writer (GRDB's pool).
final class SQLiteDatabase: StoreDatabase {
    let dialect = SQLDialect.sqlite
    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer
    let migrated: Set<String>

    /// Opens (creating if needed) the file and brings its schema up to date. A `WALCheckpointer` checkpoints it on a
    /// connection of its own, in rounds a server's service runs; commits only when the log has grown long.
    init(file: URL) throws {
        // Created empty and private before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: Self.fileMode]) else {
                throw StoreError.database("cannot create \(file.path)")
            }
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: file.path, configuration: configuration)
        let applied = try pool.read { try StoreSchema.migrator.appliedIdentifiers($0) }
        try StoreSchema.migrator.migrate(pool)
        migrated = Set(StoreSchema.migrator.migrations).subtracting(applied)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerFrames)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(WALCheckpointer.logSizeLimit)")
        }
        checkpointer = try WALCheckpointer(pool: pool)
        try Self.restrict(file)
    }

    /// The mode of the database and its -wal and -shm files: read and written by the owner only (they hold password
    /// hashes and session data).
    static let fileMode = 0o600

    /// Gives the database file and its -wal and -shm files ``fileMode`` (files made by an older version were 0644).
    static func restrict(_ file: URL) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: file.path + suffix) {
            try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: file.path + suffix)
        }
    }

    func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await TransactionBody.lending(body) { body in
            try await pool.read { db in try InlineTaskExecutor.run(body) { SQLiteConnection(db: db, executor: $0) } }
        }
    }

    func write<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await TransactionBody.lending(body) { body in
            try await pool.write { db in try InlineTaskExecutor.run(body) { SQLiteConnection(db: db, executor: $0) } }
        }
    }

    func single<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await read(body)
    }

    var keepsWriteAheadLog: Bool { true }

    func checkpointLog() async {
        await checkpointer.checkpoint()
    }

    func checkpoint() async throws {
        try await checkpointer.paused { [pool] in try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } }
    }

    /// Copies the database into a new file with SQLite's online backup, page by page from one snapshot, while
    /// writers go on.
    func backup(to file: URL) throws {
        let copy = try DatabaseQueue(path: file.path)
        try pool.backup(to: copy)
        try copy.close()
    }

    func close() throws {
        checkpointer.stop()
        try pool.close()
    }
}

/// A GRDB database connection inside a transaction, used only on GRDB's queue: each statement runs under the
/// preference of the executor that runs its transaction there (``InlineTaskExecutor``), already the current one unless
/// a body that writes another database uses it.
private struct SQLiteConnection: SQLConnection, @unchecked Sendable {
    let db: Database
    let executor: InlineTaskExecutor
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: SQL) async throws {
        try await withTaskExecutorPreference(executor) {
            try db.cachedStatement(sql: sql.text(for: .sqlite)).execute(arguments: Self.arguments(sql.values))
        }
    }

    func forEach(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws {
        try await withTaskExecutorPreference(executor) {
            let statement = try db.cachedStatement(sql: sql.text(for: .sqlite))
            let columns = SQLRow.Columns(statement.columnNames)
            let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(sql.values))
            while let row = try cursor.next() {
                try await body(SQLRow(columns: columns, values: (0..<row.count).map { Self.value(row[$0]) }))
            }
        }
    }

    func stream(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws {
        try await forEach(sql, body)
    }

    func forEachRaw(_ sql: SQL, _ body: (any RawRow) throws -> Void) async throws {
        try await withTaskExecutorPreference(executor) {
            let statement = try db.makeStatement(sql: sql.text(for: .sqlite))
            try statement.setArguments(Self.arguments(sql.values))
            let row = StatementRow(statement: statement.sqliteStatement)
            while true {
                let code = sqlite3_step(row.statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
                try body(row)
            }
        }
    }

    func lockJournal() async throws {
        // A SQLite write transaction already excludes every other writer, in this process and in others.
    }

    private static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { value -> DatabaseValue in
                switch value {
                case .null: .null
                case .integer(let integer): integer.databaseValue
                case .real(let real): real.databaseValue
                case .text(let text): text.databaseValue
                case .bool(let bool): bool.databaseValue
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }

    /// The current row of a stepping statement, read in place.
    private struct StatementRow: RawRow {
        let statement: OpaquePointer

        func integer(at column: Int) -> Int64 { sqlite3_column_int64(statement, Int32(column)) }

        func bytes(at column: Int) -> UnsafeRawBufferPointer {
            guard let start = sqlite3_column_blob(statement, Int32(column)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, Int32(column))))
        }

        func real(at column: Int) -> Double { sqlite3_column_double(statement, Int32(column)) }

        func kind(at column: Int) -> RawKind {
            switch sqlite3_column_type(statement, Int32(column)) {
            case SQLITE_NULL: .null
            case SQLITE_INTEGER: .integer
            case SQLITE_FLOAT: .real
            case SQLITE_BLOB: .blob
            default: .text
            }
        }

        var columnCount: Int { Int(sqlite3_column_count(statement)) }

        func name(at column: Int) -> String { sqlite3_column_name(statement, Int32(column)).map { String(cString: $0) } ?? "" }
    }
}

import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// A store in a PostgreSQL database, shared by any number of server processes. Transactions run on connections lent
/// by PostgresNIO's `PostgresClient` (its pool), and every statement is awaited: no thread waits for an answer.
public final class PostgresDatabase: StoreDatabase {
    let dialect = SQLDialect.postgres
    /// The server and database.
    public let address: PostgresAddress
    private let client: PostgresClient
    /// The client's connection pool at work, until ``close()``.
    private let running: Task<Void, Never>
    /// The migrations this open applied (known once they ran, after the pool is up).
    private let applied = Mutex<Set<String>>([])
    var migrated: Set<String> { applied.withLock { $0 } }
    /// Errors only: PostgresNIO logs statements at debug level, and bound values must never reach a log.
    private let logger: Logger = {
        var logger = Logger(label: "mamori.postgres")
        logger.logLevel = .error
        return logger
    }()

    /// Connects (at most `connections` at once) and, with `migrate`, brings the schema up to date. A server that cannot
    /// be reached, or refuses the user, is named at once: one connection is made first, because the pool itself retries
    /// in silence (postgres-nio #489).
    init(_ address: PostgresAddress, connections: Int = 16, migrate: Bool = true) async throws {
        self.address = address
        // The system's trusted certificates, verified.
        let tls = TLSConfiguration.makeClientConfiguration()
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: address.requiresTLS ? .require(tls) : .disable)
        configuration.options.maximumConnections = connections
        try await Self.tryConnecting(
            address, tls: address.requiresTLS ? .require(try NIOSSLContext(configuration: tls)) : .disable, logger: logger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        if migrate {
            do {
                let migrations = try await PostgresSchema.migrate(self)
                applied.withLock { $0 = migrations }
            } catch {
                try? close()
                throw error
            }
        }
    }

    /// Opens and closes one connection, so that a wrong address, user or password is a clear refusal.
    private static func tryConnecting(_ address: PostgresAddress, tls: PostgresConnection.Configuration.TLS, logger: Logger) async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: address.host, port: address.port, username: address.user, password: address.password,
                    database: address.database, tls: tls),
                id: 0, logger: logger)
            try await connection.close()
        } catch {
            let detail = if case .database(let text) = PostgresSQLConnection.storeError(error) { text } else { "\(error)" }
            throw StoreError.database("cannot connect to \(address) (\(detail))")
        }
    }

    /// Creates an empty database on the server of `address` (connecting to its `postgres` database), unless it exists.
    public static func create(_ address: PostgresAddress) async throws {
        try await administer(address) { connection in
            guard try await connection.row("SELECT 1 FROM pg_database WHERE datname = \(bind: address.database)") == nil else { return }
            try await connection.execute("CREATE DATABASE \(raw: quoted(address.database))")
        }
    }

    /// Drops a database (with its connections) from the server of `address`.
    public static func drop(_ address: PostgresAddress) async throws {
        try await administer(address) { connection in
            try await connection.execute("DROP DATABASE IF EXISTS \(raw: quoted(address.database)) WITH (FORCE)")
        }
    }

    /// A name as a quoted SQL identifier.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func administer(_ address: PostgresAddress, _ body: (any SQLConnection) async throws -> Void) async throws {
        let server = try await PostgresDatabase(address.database("postgres"), connections: 1, migrate: false)
        defer { try? server.close() }
        try await server.single(body)
    }

    func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction("BEGIN", body)
    }

    func single<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(PostgresSQLConnection(connection: connection, logger: logger)) }
    }

    func checkpoint() async throws {}

    var keepsWriteAheadLog: Bool { false }

    func checkpointLog() async {}

    deinit {
        running.cancel()
    }

    /// Ends the pool's work: its connections are closed as each becomes idle.
    func close() throws {
        running.cancel()
    }

    /// Runs `body` between `begin` and `COMMIT`; a body that throws is rolled back and its error is the one reported
    /// (a connection that cannot even roll back is closed by the pool when it finds it broken).
    private func transaction<T: Sendable>(_ begin: String, _ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let connection = PostgresSQLConnection(connection: connection, logger: logger)
            try await connection.execute(SQL(raw: begin))
            let result: T
            do {
                result = try await body(connection)
            } catch {
                try? await connection.execute("ROLLBACK")
                throw error
            }
            try await connection.execute("COMMIT")
            return result
        }
    }
}

/// One PostgreSQL connection inside a transaction.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: SQL) async throws {
        try await forEach(sql) { _ in }
    }

    func forEach(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws {
        var columns: SQLRow.Columns?
        do {
            for try await row in try await connection.query(query(sql), logger: logger) {
                let names = columns ?? SQLRow.Columns(row.map(\.columnName))
                columns = names
                try await body(SQLRow(columns: names, values: try row.map(Self.value)))
            }
        } catch let error as PSQLError {
            throw Self.storeError(error)
        }
    }

    /// The rows arrive as the server sends them, a batch at a time, and the next batch is asked for only once these
    /// are read (the driver's back-pressure): a large result never waits whole in memory.
    func stream(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws {
        try await forEach(sql, body)
    }

    func forEachRaw(_ sql: SQL, _ body: (any RawRow) throws -> Void) async throws {
        try await stream(sql) { row in
            let copied = CopiedRow(row)
            defer { copied.free() }
            try body(copied)
        }
    }

    func lockJournal() async throws {
        // One advisory lock for the whole journal (positions are global), released when the transaction ends.
        try await execute("SELECT pg_advisory_xact_lock(\(bind: Self.journalLock))")
    }

    /// The advisory lock key of the journal ("mamori" in ASCII).
    private static let journalLock: Int64 = 0x6D61_6D6F_7269

    /// The statement with PostgreSQL's placeholders (`$1`, `$2`…, written as it is rendered), its values bound by the
    /// driver.
    private func query(_ sql: SQL) -> PostgresQuery {
        let values = sql.values
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .bool(let value): binds.append(value)
            }
        }
        return PostgresQuery(unsafeSQL: sql.text(for: .postgres), binds: binds)
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .bool: return .bool(try cell.decode(Bool.self))
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }

    /// The server's message (never the bound values), or the connection failure.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return .database(message + (error.serverInfo?[.sqlState].map { " (\($0))" } ?? ""))
            }
            // The connection's own failure (refused, timed out, no such host), never a bound value.
            return .database("PostgreSQL: \(error.code)" + (error.underlying.map { ": \($0)" } ?? ""))
        }
        return .database("PostgreSQL: \(error)")
    }
}

/// A row's text and integers copied into one buffer that lives for one callback.
private struct CopiedRow: RawRow {
    private let buffer: UnsafeMutableRawBufferPointer
    private let ranges: [Range<Int>]
    private let integers: [Int64]
    private let row: SQLRow

    init(_ row: SQLRow) {
        self.row = row
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for value in row.values {
            let start = bytes.count
            if case .text(let text) = value { bytes.append(contentsOf: text.utf8) }
            ranges.append(start..<bytes.count)
        }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        buffer.copyBytes(from: bytes)
        self.ranges = ranges
        integers = row.values.map { $0.integer ?? 0 }
    }

    func integer(at column: Int) -> Int64 { integers[column] }
    func bytes(at column: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[ranges[column]]) }
    func real(at column: Int) -> Double { row[column].real ?? 0 }

    func kind(at column: Int) -> RawKind {
        switch row[column] {
        case .null: .null
        case .integer, .bool: .integer
        case .real: .real
        case .text: .text
        }
    }

    var columnCount: Int { row.values.count }
    func name(at column: Int) -> String { row.columns.names[column] }
    func free() { buffer.deallocate() }
}

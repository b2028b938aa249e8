import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// A store in a PostgreSQL database, shared by any number of server processes. Transactions run on pooled
/// connections; each statement waits for its answer on the calling thread (never on an event loop).
public final class PostgresDatabase: StoreDatabase {
    let dialect = SQLDialect.postgres
    /// The server and database.
    public let address: PostgresAddress
    private let idle = Mutex<[PostgresConnection]>([])
    private let slots: DispatchSemaphore
    private let nextID = Atomic<Int>(0)
    /// Made once: a TLS context reads the system's trusted certificates.
    private let tls: PostgresConnection.Configuration.TLS
    /// Errors only: PostgresNIO logs statements at debug level, and bound values must never reach a log.
    private let logger: Logger = {
        var logger = Logger(label: "mamori.postgres")
        logger.logLevel = .error
        return logger
    }()

    /// Connects (at most `connections` at once) and, with `migrate`, brings the schema up to date.
    init(_ address: PostgresAddress, connections: Int = 16, migrate: Bool = true) throws {
        self.address = address
        slots = DispatchSemaphore(value: connections)
        tls = address.requiresTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        if migrate { try PostgresSchema.migrate(self) }
    }

    /// Creates an empty database on the server of `address` (connecting to its `postgres` database), unless it exists.
    public static func create(_ address: PostgresAddress) throws {
        try administer(address) { connection in
            guard try connection.row("SELECT 1 FROM pg_database WHERE datname = ?", [.text(address.database)]) == nil else { return }
            try connection.execute("CREATE DATABASE \(quoted(address.database))", [])
        }
    }

    /// Drops a database (with its connections) from the server of `address`.
    public static func drop(_ address: PostgresAddress) throws {
        try administer(address) { connection in
            try connection.execute("DROP DATABASE IF EXISTS \(quoted(address.database)) WITH (FORCE)", [])
        }
    }

    /// A name as a quoted SQL identifier.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func administer(_ address: PostgresAddress, _ body: (PostgresSQLConnection) throws -> Void) throws {
        let server = try PostgresDatabase(address.database("postgres"), connections: 1, migrate: false)
        defer { try? server.close() }
        try server.withConnection(body)
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN", body)
    }

    func single<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try withConnection { connection in try body(connection) }
    }

    func checkpoint() throws {}

    deinit {
        try? close()
    }

    func close() throws {
        let connections = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { try connection.close().wait() }
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute(begin, [])
            let result: T
            do {
                result = try body(connection)
            } catch {
                // The first error is the one to report; a connection that cannot even roll back is not reused.
                let failure = error
                do { try connection.execute("ROLLBACK", []) } catch { throw Unusable(error: failure) }
                throw failure
            }
            do { try connection.execute("COMMIT", []) } catch { throw Unusable(error: error) }
            return result
        }
    }

    /// A connection whose transaction could not be ended: closed rather than pooled; the error is `error`.
    private struct Unusable: Error {
        var error: any Error
    }

    /// Lends a pooled connection (a new one when the pooled ones were closed, e.g. by a server restart); one whose
    /// transaction could not be ended is closed, not returned.
    private func withConnection<T>(_ body: (PostgresSQLConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        var pooled: PostgresConnection?
        while pooled == nil, let candidate = idle.withLock({ $0.popLast() }) {
            if !candidate.isClosed { pooled = candidate }
        }
        let connection = try pooled ?? connect()
        do {
            let result = try body(PostgresSQLConnection(connection: connection, logger: logger))
            idle.withLock { $0.append(connection) }
            return result
        } catch let unusable as Unusable {
            try? connection.close().wait()
            throw unusable.error
        } catch {
            if !connection.isClosed { idle.withLock { $0.append(connection) } }
            throw error
        }
    }

    private func connect() throws -> PostgresConnection {
        do {
            let configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user,
                password: address.password, database: address.database, tls: tls)
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                id: nextID.add(1, ordering: .relaxed).newValue, logger: logger
            ).wait()
        } catch {
            throw StoreError.database("cannot connect to \(address) (\(PostgresSQLConnection.storeError(error).message.en))")
        }
    }
}

/// One PostgreSQL connection inside a transaction.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try run(sql, arguments)
    }

    func forEach(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let result = try run(sql, arguments)
        var columns: SQLRow.Columns?
        for row in result.rows {
            let names = columns ?? SQLRow.Columns(row.map(\.columnName))
            columns = names
            try body(SQLRow(columns: names, values: try row.map(Self.value)))
        }
    }

    func stream(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let cursor = "mamori_cursor"
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR " + sql, arguments)
        defer { try? execute("CLOSE \(cursor)", []) }
        while true {
            var count = 0
            try forEach("FETCH FORWARD 5000 FROM \(cursor)", []) { row in
                count += 1
                try body(row)
            }
            if count == 0 { break }
        }
    }

    func forEachRaw(_ sql: String, _ arguments: [SQLValue], _ body: (any RawRow) throws -> Void) throws {
        try stream(sql, arguments) { row in
            let copied = CopiedRow(row)
            defer { copied.free() }
            try body(copied)
        }
    }

    func lockJournal() throws {
        // One advisory lock for the whole journal (positions are global), released when the transaction ends.
        try execute("SELECT pg_advisory_xact_lock(\(Self.journalLock))", [])
    }

    /// The advisory lock key of the journal ("mamori" in ASCII).
    private static let journalLock: Int64 = 0x6D61_6D6F_7269

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .bool(let value): binds.append(value)
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
        } catch {
            throw Self.storeError(error)
        }
    }

    /// `?` placeholders as PostgreSQL's `$1`, `$2`…
    static func numbered(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
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
            return .database("PostgreSQL: \(error.code)")
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

import Foundation

/// Where a store keeps its tables and journal: the embedded SQLite file, or a PostgreSQL database shared by several
/// server processes. Every transaction runs on one connection; no thread waits for the database: PostgreSQL's
/// statements are awaited, SQLite's run on the connection's own thread (``SQLiteDatabase``).
protocol StoreDatabase: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` in a read-only transaction that sees one consistent snapshot.
    func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T

    /// Runs `body`, which reads with one statement, on its own: PostgreSQL then spends one round trip, not three.
    func single<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T

    /// Makes every committed write durable in the main database file (SQLite's checkpoint; PostgreSQL does this itself).
    func checkpoint() async throws

    /// One round of copying the write-ahead log beside the writer (``WALCheckpointer``); nothing where the database
    /// keeps no log of its own to copy (PostgreSQL).
    func checkpointLog() async

    /// Whether ``checkpointLog()`` has work to do: a server runs it in rounds only then.
    var keepsWriteAheadLog: Bool { get }

    /// Closes every connection (PostgreSQL's as soon as each is idle; the caller does not wait for them).
    func close() throws

    /// The migrations this open applied.
    var migrated: Set<String> { get }
}

/// A store's database named by a URL: `sqlite:PATH` (a file) or `postgres://user[:password]@host[:port]/database`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(URL)
    case postgres(PostgresAddress)

    /// Parses a `postgres://` / `postgresql://` URL, or `sqlite:PATH` or a plain path: the SQLite file, or a data
    /// directory (its `mamori.sqlite`).
    public init(_ text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(text))
            return
        }
        guard !text.contains("://") else { throw StoreError.badLocation(PostgresAddress.redacted(text)) }
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        guard !path.isEmpty else { throw StoreError.badLocation(text) }
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        let directory = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        self = .sqlite(directory ? Store.files(in: url).database : url)
    }

    /// Opens the database (creating it and its schema if needed).
    func open() async throws -> any StoreDatabase {
        switch self {
        case .sqlite(let file):
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
                attributes: [.posixPermissions: Store.directoryMode])
            return try SQLiteDatabase(file: file)
        case .postgres(let address): return try await PostgresDatabase(address)
        }
    }

    /// The URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let url): "sqlite:\(url.path)"
        case .postgres(let address): address.description
        }
    }
}

/// A PostgreSQL server and database.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// Whether the connection must be encrypted (`?sslmode=require`, certificates verified); plain otherwise.
    public var requiresTLS: Bool

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=disable|require|verify-full]`; without a
    /// password in the URL, `PGPASSWORD` is used. A refusal never repeats the password.
    public init(_ text: String) throws {
        let refused = StoreError.badLocation(Self.redacted(text))
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty,
            let user = components.user, !user.isEmpty
        else { throw refused }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refused }
        var requiresTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): requiresTLS = false
            case ("sslmode", "require"), ("sslmode", "verify-full"): requiresTLS = true
            default: throw refused
            }
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user
        password = components.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.database = database
        self.requiresTLS = requiresTLS
    }

    /// A URL with its password (between `user:` and `@`) replaced by `***`, for messages.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }

    /// The same server, another database.
    public func database(_ name: String) -> PostgresAddress {
        var address = self
        address.database = name
        return address
    }

    /// The URL, without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" + (requiresTLS ? "?sslmode=require" : "") }
}

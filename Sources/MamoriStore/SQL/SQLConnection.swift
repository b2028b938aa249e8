/// One connection inside one transaction, to SQLite or PostgreSQL. Statements are written once, as ``SQL`` values, in
/// the SQL both databases speak; what differs (placeholders, types, locking) is the connection's business.
/// Every statement is awaited: PostgreSQL's answer comes over the network, and no thread waits for it.
protocol SQLConnection: Sendable {
    /// Which database this is.
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows.
    func execute(_ sql: SQL) async throws

    /// Runs a query and hands each row to `body` in order.
    func forEach(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws

    /// Like ``forEach(_:_:)`` for results too large to hold in memory at once: PostgreSQL reads them through a cursor
    /// a few thousand rows at a time (costing round trips a small query should not pay).
    func stream(_ sql: SQL, _ body: (SQLRow) async throws -> Void) async throws

    /// Streams a large result without building values: integers and the bytes of text columns, valid only during `body`.
    func forEachRaw(_ sql: SQL, _ body: (any RawRow) throws -> Void) async throws

    /// Serializes journal writers: held until the transaction ends, so that positions and sequence numbers are taken
    /// by one writer at a time across every process sharing the database.
    func lockJournal() async throws
}

/// A row read in place: integers, and the bytes of text columns (valid until the next row).
protocol RawRow {
    func integer(at column: Int) -> Int64
    func bytes(at column: Int) -> UnsafeRawBufferPointer
    func real(at column: Int) -> Double
    /// What the column holds in this row.
    func kind(at column: Int) -> RawKind
    var columnCount: Int { get }
    func name(at column: Int) -> String
}

/// The kind of a value read in place (a boolean is an integer, as SQLite keeps it). A blob is never written to a state
/// table: one found there was put in by hand (the same bytes as a text, but not equal to it in SQL).
enum RawKind {
    case null, integer, real, text, blob
}

/// The two databases a store can live in.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

extension SQLConnection {
    /// Every row of a query.
    func rows(_ sql: SQL) async throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try await forEach(sql) { rows.append($0) }
        return rows
    }

    /// The first row of a query, if any.
    func row(_ sql: SQL) async throws -> SQLRow? {
        try await rows(sql).first
    }

    /// The first column of the first row, if any.
    func value(_ sql: SQL) async throws -> SQLValue {
        try await row(sql)?[0] ?? .null
    }

    /// Decodes every row of a query as a record.
    func fetch<R: TableRecord>(_ type: R.Type, _ sql: SQL) async throws -> [R] {
        var records: [R] = []
        try await forEach(sql) { records.append(try RowDecoder.decode(R.self, from: $0)) }
        return records
    }

    /// Decodes the records of a table that match `filter` (a `WHERE` clause, without the word), in `order`.
    func fetch<R: TableRecord>(_ type: R.Type, where filter: SQL? = nil, order: String? = nil, limit: Int? = nil, offset: Int = 0) async throws -> [R] {
        var sql: SQL = "SELECT * FROM \(raw: R.table)"
        if let filter { sql += " WHERE \(filter)" }
        if let order { sql += " ORDER BY \(raw: order)" }
        if let limit { sql += " LIMIT \(bind: limit)" }
        if offset > 0 { sql += " OFFSET \(bind: offset)" }
        return try await fetch(R.self, sql)
    }

    /// The record with this key, if any.
    func fetchOne<R: TableRecord>(_ type: R.Type, key: String) async throws -> R? {
        try await fetch(R.self, where: "\(raw: R.keyColumns[0]) = \(bind: key)").first
    }

    /// How many rows of a table match `filter`.
    func count(_ table: String, where filter: SQL? = nil) async throws -> Int {
        Int(try await value("SELECT COUNT(*) FROM \(raw: table)" + (filter.map { " WHERE \($0)" } ?? "")).integer ?? 0)
    }

    /// Inserts a record; with `replacing`, a row with the same key is replaced.
    func insert<R: TableRecord>(_ record: R, replacing: Bool = false) async throws {
        let values = try RowEncoder.encode(record)
        try await execute(
            SQLStatement.insert(into: R.table, columns: values.map(\.column), rows: [values.map(\.value)], replacingOn: replacing ? R.keyColumns : nil))
    }

    /// Replaces the stored row of a record (found by its key).
    func update<R: TableRecord>(_ record: R) async throws {
        let values = try RowEncoder.encode(record)
        let keys = R.keyColumns
        let set = values.filter { !keys.contains($0.column) }.map { "\(raw: $0.column) = \(bind: $0.value)" as SQL }
        let key = keys.map { column in "\(raw: column) = \(bind: values.first { $0.column == column }?.value ?? .null)" as SQL }
        try await execute("UPDATE \(raw: R.table) SET \(SQL(joining: set, separator: ", ")) WHERE \(SQL(joining: key, separator: " AND "))")
    }
}

/// Statements built the same way wherever rows are written.
enum SQLStatement {
    /// `INSERT INTO table (columns) VALUES (…), (…)` for `rows`, each the values of `columns` in order; with
    /// `replacingOn`, a row with the same values in those key columns is replaced. Column names are left unquoted: both
    /// databases then match them whatever their case (PostgreSQL keeps them in lower case).
    static func insert(into table: String, columns: [String], rows: [[SQLValue]], replacingOn keys: [String]? = nil) -> SQL {
        let tuples = rows.map { "(\(list: $0))" as SQL }
        var sql: SQL = "INSERT INTO \(raw: table) (\(raw: columns.joined(separator: ","))) VALUES \(SQL(joining: tuples, separator: ","))"
        if let keys {
            sql +=
                " ON CONFLICT(\(raw: keys.joined(separator: ","))) DO UPDATE SET "
                + SQL(raw: columns.filter { !keys.contains($0) }.map { "\($0)=excluded.\($0)" }.joined(separator: ","))
        }
        return sql
    }
}

/// A type kept as a row of one table: its coded properties are the columns.
protocol TableRecord: Codable {
    /// The table's name.
    static var table: String { get }
    /// The columns of the primary key.
    static var keyColumns: [String] { get }
}

extension TableRecord {
    static var keyColumns: [String] { ["id"] }
}

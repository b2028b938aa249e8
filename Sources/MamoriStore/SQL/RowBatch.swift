/// The rows a write transaction adds, gathered per table and written in multi-row statements: a thousand appends cost
/// a handful of statements, not three thousand (on PostgreSQL each statement is a round trip). Tables are written in
/// the order their references need; a record written twice keeps its last row.
struct RowBatch {
    private struct Table {
        var columns: [String]
        var keyColumns: [String]
        var replacing: Bool
        var rows: [[SQLValue]] = []
        /// Where each key's row is (replacing tables only).
        var index: [[SQLValue]: Int] = [:]
    }

    /// The tables in the order they are written.
    private let order: [String]
    private var tables: [String: Table] = [:]
    private var count = 0

    init(order: [String]) {
        self.order = order
    }

    /// Whether enough rows wait that they should be written now (a replay of millions of entries runs in one transaction).
    var isFull: Bool { count >= 10_000 }

    /// Adds a row to insert; with `replacing`, the row with the same key is replaced (in the database and in the batch).
    /// Returns the row's columns.
    @discardableResult
    mutating func add<R: TableRecord>(_ record: R, replacing: Bool = false) throws -> [(column: String, value: SQLValue)] {
        let encoded = try RowEncoder.encode(record)
        let columns = encoded.map(\.column)
        let values = encoded.map(\.value)
        var table = tables.removeValue(forKey: R.table) ?? Table(columns: columns, keyColumns: R.keyColumns, replacing: replacing)
        precondition(table.columns == columns && table.replacing == replacing, "\(R.table): one row shape per batch")
        if replacing {
            let key = table.keyColumns.map { column in values[columns.firstIndex(of: column)!] }
            if let existing = table.index[key] {
                table.rows[existing] = values
            } else {
                table.index[key] = table.rows.count
                table.rows.append(values)
                count += 1
            }
        } else {
            table.rows.append(values)
            count += 1
        }
        tables[R.table] = table
        return encoded
    }

    /// The values of one column of the rows waiting for a table.
    func values(of column: String, in table: String) -> [SQLValue] {
        guard let table = tables[table], let position = table.columns.firstIndex(of: column) else { return [] }
        return table.rows.map { $0[position] }
    }

    /// Writes every waiting row and empties the batch.
    mutating func flush(_ db: any SQLConnection) async throws {
        let names = order.filter { tables[$0] != nil } + tables.keys.filter { !order.contains($0) }.sorted()
        for name in names {
            let table = tables[name]!
            // Both databases bind at least 32,766 values to one statement.
            let perStatement = max(1, min(500, 30_000 / table.columns.count))
            var start = 0
            while start < table.rows.count {
                let rows = table.rows[start..<min(start + perStatement, table.rows.count)]
                try await db.execute(
                    SQLStatement.insert(into: name, columns: table.columns, rows: Array(rows), replacingOn: table.replacing ? table.keyColumns : nil))
                start += rows.count
            }
        }
        tables.removeAll(keepingCapacity: true)
        count = 0
    }
}

import Foundation

/// Copies a whole store from one database to another (SQLite to PostgreSQL or back): every table, the journal as it
/// is (positions, sequence numbers and hashes unchanged), then proves the copy — the target's journal verifies, its
/// chain heads equal the source's, and every table holds as many rows. The target must be empty. Sealed values are
/// copied as stored: the copy opens with the same key files.
public struct StoreCopy: Sendable {
    /// What was copied and found.
    public struct Result: Sendable {
        /// Rows copied, by table.
        public var rows: [(table: String, count: Int)]
        /// The target's own verification of its journal.
        public var verification: LedgerVerification
    }

    public let source: StoreLocation
    public let target: StoreLocation

    /// Tables in the order their references allow (a PC's latest report is linked after the reports are in).
    static let tables =
        RecordTables.order
        + [
            "account", "membership", "session", "signInFailure", "enrollmentToken", "device", "deviceReport", "agentPart", "agentRuleSet", "alert",
            "alertAttempt", "alertPreference", "journal", "journalHead", "journalEnd"
        ]

    public init(from source: StoreLocation, to target: StoreLocation) {
        self.source = source
        self.target = target
    }

    /// Copies everything in one transaction on the target (nothing is left half-copied) and verifies the copy.
    public func run(rowsPerStatement: Int = 200) async throws -> Result {
        guard source != target else { throw StoreError.refused(.init(ja: "コピー元とコピー先が同じです", en: "source and target are the same")) }
        let from = try await source.open()
        defer { try? from.close() }
        let to = try await target.open()
        defer { try? to.close() }
        let copied = try await from.read { reader in
            try await to.write { writer in
                var copied: [(table: String, count: Int)] = []
                guard try await writer.count("journal") == 0, try await writer.count("account") == 0, try await writer.count("organization") == 0 else {
                    throw StoreError.refused(.init(ja: "コピー先 \(target) は空ではありません", en: "the target \(target) is not empty"))
                }
                let types = try await Self.columnTypes(writer)
                for table in Self.tables {
                    var batch = Batch(table: table, types: types[table.lowercased()] ?? [:], size: rowsPerStatement)
                    try await reader.stream("SELECT * FROM \(raw: table) ORDER BY \(raw: RecordTables.writtenOrder(of: table, reader.dialect))") { row in
                        try await batch.add(row, writer)
                    }
                    try await batch.flush(writer)
                    copied.append((table, batch.count))
                }
                var latest: [(String, Int64)] = []
                try await reader.forEach("SELECT id, latestReportID FROM device WHERE latestReportID IS NOT NULL") { row in
                    latest.append((row.text(0) ?? "", row.integer(1) ?? 0))
                }
                for (device, report) in latest {
                    try await writer.execute("UPDATE device SET latestReportID = \(bind: report) WHERE id = \(bind: device)")
                }
                if writer.dialect == .postgres {
                    try await writer.execute(
                        "SELECT setval(pg_get_serial_sequence('devicereport', 'id'), COALESCE((SELECT MAX(id) FROM deviceReport), 0) + 1, false)")
                }
                return copied
            }
        }
        let verification = try await to.verifyLedger()
        try await check(copied, from, to)
        return Result(rows: copied, verification: verification)
    }

    /// Both sides hold the same number of rows in every table and the same chain heads.
    private func check(_ copied: [(table: String, count: Int)], _ from: any StoreDatabase, _ to: any StoreDatabase) async throws {
        // Compared as sets: the two databases may order text differently.
        let heads: SQL = "SELECT organizationID, seq, hash FROM journalHead"
        let sourceHeads = try await from.read { Set(try await $0.rows(heads).map(\.values)) }
        let targetHeads = try await to.read { Set(try await $0.rows(heads).map(\.values)) }
        for (table, count) in copied where try await to.read({ try await $0.count(table) }) != count {
            throw StoreError.database("table \(table): \(count) rows copied, a different number found")
        }
        guard sourceHeads == targetHeads else { throw StoreError.database("the copied journal's chain heads differ from the source's") }
    }

    /// PostgreSQL's column types by table and column (lower case), to bind SQLite's loosely typed values as it wants
    /// them (0/1 as booleans, integral reals as reals). SQLite takes any value as it is.
    private static func columnTypes(_ db: any SQLConnection) async throws -> [String: [String: String]] {
        guard db.dialect == .postgres else { return [:] }
        var types: [String: [String: String]] = [:]
        try await db.forEach("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()") { row in
            types[row.text(0) ?? "", default: [:]][row.text(1) ?? ""] = row.text(2)
        }
        return types
    }

    /// Rows gathered into multi-row `INSERT`s.
    private struct Batch {
        let table: String
        let types: [String: String]
        let size: Int
        var columns: [String]?
        var rows: [[SQLValue]] = []
        var count = 0

        init(table: String, types: [String: String], size: Int) {
            self.table = table
            self.types = types
            self.size = size
        }

        mutating func add(_ row: SQLRow, _ writer: any SQLConnection) async throws {
            // Generated on the way in: PostgreSQL's insertion order of data events, a PC's latest report (linked after).
            let skipped: Set<String> = ["insertorder", "latestreportid"]
            let kept = row.columns.names.indices.filter { !skipped.contains(row.columns.names[$0].lowercased()) }
            if columns == nil { columns = kept.map { row.columns.names[$0] } }
            rows.append(kept.map { Self.converted(row[$0], to: types[row.columns.names[$0].lowercased()]) })
            count += 1
            if rows.count == size { try await flush(writer) }
        }

        mutating func flush(_ writer: any SQLConnection) async throws {
            guard !rows.isEmpty, let columns else { return }
            try await writer.execute(SQLStatement.insert(into: table, columns: columns, rows: rows))
            rows.removeAll(keepingCapacity: true)
        }

        static func converted(_ value: SQLValue, to type: String?) -> SQLValue {
            switch (value, type) {
            case (.integer(let integer), "boolean"): .bool(integer != 0)
            case (.integer(let integer), "double precision"): .real(Double(integer))
            case (.real(let real), "bigint"): Int64(exactly: real).map(SQLValue.integer) ?? value
            case (.integer(let integer), "text"): .text(String(integer))
            case (.real(let real), "text"): .text(String(real))
            default: value
            }
        }
    }
}

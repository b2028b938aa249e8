import Crypto
import Dispatch
import Foundation
import MamoriCore

/// `ledger verify`'s second half: the state tables against the journal. Each entry keeps the digest (``RowDigest``)
/// of every row its command wrote (``JournalEntry/written``, covered by its hash); every row of every table is read,
/// digested and matched with the last entry that wrote it: a changed value, a row inserted by hand and a row deleted
/// are each found, and named by table, ID and (replaying the journal up to that entry) column. That the commands do
/// produce those rows is what ``Store/replay(into:)`` proves, entry by entry; a journal holding entries written before
/// digests were kept is replayed here in full instead — payloads decoded on every core, commands executed in order.
/// Enrollments are followed either way: each must spend a token the journal issued.
struct StateCheck {
    /// A table's expected rows by ID: the digest and the position of the entry that last wrote it.
    private typealias Rows = [String: (digest: RowDigest.Value, position: Int64)]
    private var expected: [String: Rows] = [:]
    /// Rows read from the tables.
    private(set) var rows = 0
    /// Whether the state was replayed (the journal holds entries without their rows' digests).
    private(set) var replayed = false

    /// Columns the write path keeps beside a record's own (lower case): PostgreSQL's insertion number of data events,
    /// and a PC's latest report (checked against its reports instead).
    static let derivedColumns: Set<String> = ["insertorder", "latestreportid"]
    /// Tables whose rows the journal produces: the contract state, then the PCs.
    static let tables = RecordTables.order + [DeviceReport.table, Device.table]

    /// Matches the tables with the journal. The journal's digests and the tables' rows are read at once on two
    /// connections, and used when both read the journal at the same last position (one state); otherwise — a write
    /// landed between, or the journal must be replayed — both are read again in one snapshot.
    static func run(_ database: any StoreDatabase) throws -> (rows: Int, difference: StateDifference?, replayed: Bool) {
        nonisolated(unsafe) var journal: Result<(position: Int64, check: StateCheck, complete: Bool), any Error> = .failure(CancellationError())
        // The tables in two halves, each on its own connection: a row's digest costs more than reading it.
        var halves = [Result<(position: Int64, scan: TableScan), any Error>](repeating: .failure(CancellationError()), count: 2)
        halves.withUnsafeMutableBufferPointer { buffer in
            // Each piece writes only its own slot; all have ended when `run` returns.
            nonisolated(unsafe) let slots = buffer
            ParallelWork.run(3) { part in
                if part == 0 {
                    journal = Result { try database.read { db in
                        var check = StateCheck()
                        let complete = try check.readWritten(db)
                        return (try Store.lastPosition(db), check, complete)
                    } }
                } else {
                    slots[part - 1] = Result { try database.read { db in (try Store.lastPosition(db), try TableScan(db, half: part - 1)) } }
                }
            }
        }
        var (position, check, complete) = try journal.get()
        let scanned = try halves.map { try $0.get() }
        if complete, scanned.allSatisfy({ $0.position == position }) {
            let scan = TableScan(scanned[0].scan, scanned[1].scan)
            return try database.read { db in
                if let refused = try followEnrollments(db) { return (0, refused, false) }
                return (scan.rows, try check.match(scan, db), false)
            }
        }
        return try database.read { db in try run(db) }
    }

    /// Matches the tables read through `db` with the journal read through it (one snapshot).
    static func run(_ db: any SQLConnection) throws -> (rows: Int, difference: StateDifference?, replayed: Bool) {
        var check = StateCheck()
        var unused: [(column: String, value: SQLValue)]?
        if try !check.readWritten(db) {
            check = StateCheck()
            check.replayed = true
            if let refused = try check.replay(db, through: .max, keeping: nil, kept: &unused) { return (0, refused, true) }
        } else if let refused = try Self.followEnrollments(db) {
            return (0, refused, false)
        }
        let scan = try TableScan(db)
        return (scan.rows, try check.match(scan, db), check.replayed)
    }

    /// The rows every entry says it wrote; false (and nothing kept) when an entry does not say.
    private mutating func readWritten(_ db: any SQLConnection) throws -> Bool {
        var complete = true
        struct Stop: Error {}
        // Consecutive entries mostly write one table: its rows are kept at hand (taken out of `expected`, so they are
        // changed in place) until another table comes.
        var table = ""
        var rows: Rows = [:]
        do {
            try db.forEachRaw("SELECT position, written FROM journal ORDER BY position", []) { row in
                let position = row.integer(at: 0)
                let read = WrittenRows.read(row.bytes(at: 1)) { written, id, digest in
                    if written != table {
                        if !table.isEmpty { expected[table] = rows }
                        table = written
                        rows = expected.removeValue(forKey: table) ?? [:]
                    }
                    rows[id] = (digest, position)
                }
                if !read {
                    complete = false
                    throw Stop()
                }
            }
        } catch is Stop {}
        if !table.isEmpty { expected[table] = rows }
        if !complete { expected = [:] }
        return complete
    }

    /// Each enrollment spends a token the journal issued (only these entries are decoded).
    private static func followEnrollments(_ db: any SQLConnection) throws -> StateDifference? {
        var tokens = EnrollmentTokens()
        var refused: StateDifference?
        struct Stop: Error {}
        do {
            try db.stream("SELECT position, type, payload, recordedAt FROM journal WHERE type IN ('device.token', 'device.enroll') ORDER BY position",
                          []) { row in
                let position = row.integer(0) ?? 0
                do {
                    let command = try CommandCodec.decode(type: row.text(1) ?? "", payload: row.text(2) ?? "", position: position)
                    try tokens.follow(command, at: JournalEntry.date(row.text(3) ?? "") ?? Date(timeIntervalSince1970: 0))
                } catch {
                    refused = Self.refusal(error, at: position)
                    throw Stop()
                }
            }
        } catch is Stop {}
        return refused
    }

    /// An entry that does not replay, as a difference.
    private static func refusal(_ error: any Error, at position: Int64) -> StateDifference {
        StateDifference(table: "journal", recordID: String(position), column: nil, position: position, reason: LocalizedText(
            ja: "仕訳 \(position) を再生できません: \(describe(error).ja)", en: "entry \(position) does not replay: \(describe(error).en)"))
    }

    /// One written row: where it goes and what it holds (its digest computed on every core once a chunk is executed).
    private struct Written {
        var table: String
        var id: String
        var position: Int64
        var record: (any Encodable & Sendable)?
        var digest: RowDigest.Value?
    }

    /// Replays entries up to `last`; with `keeping`, returns nothing but records the columns the last write of that
    /// row produced in `kept`.
    private mutating func replay(_ db: any SQLConnection, through last: Int64, keeping: (table: String, id: String)?,
                                 kept: inout [(column: String, value: SQLValue)]?) throws -> StateDifference? {
        var state = MamoriState()
        var chunk: [(position: Int64, type: String, payload: String, recordedAt: String)] = []
        chunk.reserveCapacity(Self.chunkSize)
        var refused: StateDifference?
        var tokens = EnrollmentTokens()
        func drain() throws {
            guard refused == nil, !chunk.isEmpty else { return }
            let decoded = Self.decode(chunk)
            var written: [Written] = []
            for (index, entry) in chunk.enumerated() {
                let position = entry.position
                do {
                    let (command, time) = try decoded[index].get()
                    try tokens.follow(command, at: time)
                    if let own = command as? any WritesOwnRow {
                        written.append(Written(table: own.ownRow.table, id: own.ownRow.id, position: position,
                                               digest: RowDigest.Value(hex: Array(own.ownRow.digest.utf8))))
                    } else {
                        let changes = try command.execute(in: state, at: time)
                        for change in changes { written.append(Self.written(change, at: position)) }
                        state.apply(changes)
                    }
                } catch {
                    refused = Self.refusal(error, at: position)
                    break
                }
            }
            chunk.removeAll(keepingCapacity: true)
            if let keeping {
                if let last = written.last(where: { $0.table == keeping.table && $0.id == keeping.id }), let record = last.record {
                    kept = try RowEncoder.encode(record)
                }
                return
            }
            Self.digest(&written)
            for row in written {
                expected[row.table, default: [:]][row.id] = (row.digest ?? RowDigest.Value(SHA256.hash(data: Data())), row.position)
            }
        }
        try db.stream("SELECT position, type, payload, recordedAt FROM journal WHERE position <= ? ORDER BY position", [.integer(last)]) { row in
            chunk.append((row.integer(0) ?? 0, row.text(1) ?? "", row.text(2) ?? "", row.text(3) ?? ""))
            if chunk.count == Self.chunkSize { try drain() }
        }
        try drain()
        return refused
    }

    private static let chunkSize = 16_384

    /// Decodes a chunk's commands and times on every core (consecutive entries of one transaction share a time).
    private static func decode(_ chunk: [(position: Int64, type: String, payload: String, recordedAt: String)]) -> [Result<(any Command, Date), any Error>] {
        var results = [Result<(any Command, Date), any Error>](repeating: .failure(CancellationError()), count: chunk.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var lastTime: (text: String, date: Date)?
                for index in stride(from: worker, to: chunk.count, by: workers) {
                    let entry = chunk[index]
                    slots[index] = Result {
                        let command = try CommandCodec.decode(type: entry.type, payload: entry.payload, position: entry.position)
                        if lastTime?.text != entry.recordedAt {
                            lastTime = (entry.recordedAt, JournalEntry.date(entry.recordedAt) ?? Date(timeIntervalSince1970: 0))
                        }
                        return (command, lastTime!.date)
                    }
                }
            }
        }
        return results
    }

    /// Digests the rows of a chunk on every core.
    private static func digest(_ written: inout [Written]) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let count = written.count
        written.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let rows = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: count, by: workers) {
                    if let record = rows[index].record {
                        rows[index].digest = (try? RowEncoder.encode(record)).map(RowDigest.value)
                    }
                }
            }
        }
    }

    private static func written(_ change: StateChange, at position: Int64) -> Written {
        switch change {
        case let .organization(organization): Written(table: Organization.table, id: organization.id, position: position, record: organization)
        case let .contract(contract): Written(table: Contract.table, id: contract.id, position: position, record: contract)
        case let .record(record):
            Written(table: (type(of: record) as? any TableRecord.Type)?.table ?? "", id: record.id, position: position, record: record)
        }
    }

    /// Matches each scanned row with the journal's; the first difference, table by table. Uses the expected rows up
    /// (taken out of `expected` table by table, so that a million of them are not copied to be matched).
    private mutating func match(_ scan: TableScan, _ db: any SQLConnection) throws -> StateDifference? {
        for table in Self.tables {
            if let finding = scan.finding, finding.table == table { return finding }
            var remaining = expected.removeValue(forKey: table) ?? [:]
            for row in scan.tables[table] ?? [] {
                guard let journaled = remaining.removeValue(forKey: row.id) else {
                    return StateDifference(table: table, recordID: row.id, column: nil, position: nil, reason: LocalizedText(
                        ja: "仕訳帳に記録のない行です（追加）", en: "no journal entry wrote this row (inserted)"))
                }
                if row.digest != journaled.digest {
                    return try changed(table: table, id: row.id, position: journaled.position, db)
                }
            }
            if let missing = remaining.min(by: { $0.value.position < $1.value.position }) {
                return StateDifference(table: table, recordID: missing.key, column: nil, position: missing.value.position, reason: LocalizedText(
                    ja: "仕訳 \(missing.value.position) が書いた行がありません（削除）", en: "the row entry \(missing.value.position) wrote is missing (deleted)"))
            }
        }
        return scan.finding
    }

    /// A row that does not match its digest, with the column that differs: the journal replayed once more up to the
    /// entry that wrote it gives the row's columns (a PC's rows are journaled as digests only: no column is named).
    private func changed(table: String, id: String, position: Int64, _ db: any SQLConnection) throws -> StateDifference {
        var columns: [(column: String, value: SQLValue)] = []
        try db.forEachRaw("SELECT * FROM \(table) WHERE id = ?", [table == DeviceReport.table ? .integer(Int64(id) ?? 0) : .text(id)]) { row in
            columns = RowLayout(row, skipping: Self.derivedColumns).columns(row)
        }
        var expectedColumns: [(column: String, value: SQLValue)]?
        var again = StateCheck()
        _ = try again.replay(db, through: position, keeping: (table, id), kept: &expectedColumns)
        let actual = Dictionary(columns.map { ($0.column.lowercased(), RowDigest.normalized($0.value)) }, uniquingKeysWith: { first, _ in first })
        let wanted = Dictionary((expectedColumns ?? []).map { ($0.column.lowercased(), RowDigest.normalized($0.value)) }, uniquingKeysWith: { first, _ in first })
        let column = expectedColumns.flatMap { expected in
            (expected.map(\.column) + columns.map(\.column)).first { actual[$0.lowercased()] ?? .null != wanted[$0.lowercased()] ?? .null }
        }
        return StateDifference(table: table, recordID: id, column: column, position: position, reason: LocalizedText(
            ja: "仕訳 \(position) が書いた値と異なります（改ざん）", en: "differs from what entry \(position) wrote (altered)"))
    }

    private static func describe(_ error: any Error) -> LocalizedText {
        switch error {
        case let error as CommandError: error.message
        case let error as StoreError: error.message
        default: LocalizedText(ja: "\(error)", en: "\(error)")
        }
    }
}

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
enum StateCheck {
    /// One half of the tables, scanned with the last journal position its snapshot saw.
    typealias Half = (position: Int64, scan: TableScan)

    /// Columns the write path keeps beside a record's own (lower case): PostgreSQL's insertion number of data events,
    /// and a PC's latest report (checked against its reports instead).
    static let derivedColumns: Set<String> = ["insertorder", "latestreportid"]
    /// Tables whose rows the journal produces: the contract state, then the PCs.
    static let tables = RecordTables.order + [DeviceReport.table, Device.table]

    /// Matches the tables' two halves with the rows the journal's ranges say they wrote, when every entry up to
    /// `last` said so and both halves saw the journal end at `last` (one state); otherwise reads journal and tables
    /// again in one snapshot, replaying the journal if it must.
    static func run(
        _ database: any StoreDatabase, journal: [JournaledRows], through last: Int64,
        halves: [Half]
    ) async throws -> (rows: Int, difference: StateDifference?, replayed: Bool) {
        if journal.allSatisfy(\.complete), halves.allSatisfy({ $0.position == last }) {
            let scans = halves.map(\.scan)
            return try await database.read { db in
                if let refused = followEnrollments(journal.flatMap(\.enrollments)) { return (0, refused, false) }
                return (scans.reduce(0) { $0 + $1.rows }, try await difference(scans, journal, db), false)
            }
        }
        return try await database.read { db in try await run(db) }
    }

    /// Matches the tables read through `db` with the journal read through it (one snapshot).
    static func run(_ db: any SQLConnection) async throws -> (rows: Int, difference: StateDifference?, replayed: Bool) {
        var journal = JournaledRows()
        try await db.forEachRaw("SELECT position, written FROM journal ORDER BY position") { row in
            journal.add(written: row.bytes(at: 1), at: row.integer(at: 0))
        }
        let replayed = !journal.complete
        if replayed {
            journal = JournaledRows()
            var unused: [(column: String, value: SQLValue)]?
            if let refused = try await replay(db, through: .max, keeping: nil, kept: &unused, into: &journal) { return (0, refused, true) }
        } else if let refused = try await followEnrollments(db) {
            return (0, refused, false)
        }
        let scan = try await TableScan(db)
        return (scan.rows, try await difference([scan], [journal], db), replayed)
    }

    /// A row that does not match the journal: by table index, with the position of the entry that last wrote it.
    private struct Mismatch {
        enum Kind { case inserted, altered, deleted }
        var kind: Kind
        var table: Int
        var id: String
        var position: Int64?
    }

    /// The first difference between the scanned rows and the journal's, table by table (a table's own finding first).
    private static func difference(_ scans: [TableScan], _ journal: [JournaledRows], _ db: any SQLConnection) async throws -> StateDifference? {
        let mismatch = match(scans, journal)
        let finding = scans.lazy.compactMap(\.finding).first
        if let finding, let index = tables.firstIndex(of: finding.table), index <= mismatch?.table ?? .max { return finding }
        guard let mismatch else { return finding }
        let table = tables[mismatch.table]
        switch mismatch.kind {
        case .inserted:
            return StateDifference(
                table: table, recordID: mismatch.id, column: nil, position: nil,
                reason: LocalizedText(
                    ja: "仕訳帳に記録のない行です（追加）", en: "no journal entry wrote this row (inserted)"))
        case .altered:
            return try await changed(table: table, id: mismatch.id, position: mismatch.position ?? 0, db)
        case .deleted:
            let position = mismatch.position ?? 0
            return StateDifference(
                table: table, recordID: mismatch.id, column: nil, position: position,
                reason: LocalizedText(
                    ja: "仕訳 \(position) が書いた行がありません（削除）", en: "the row entry \(position) wrote is missing (deleted)"))
        }
    }

    /// Matches every partition on every core at once; the mismatch in the earliest table (then partition).
    private static func match(_ scans: [TableScan], _ journal: [JournaledRows]) -> Mismatch? {
        var found = [Mismatch?](repeating: nil, count: JournaledRows.partitions)
        found.withUnsafeMutableBufferPointer { buffer in
            // Each partition writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: JournaledRows.partitions) { partition in
                slots[partition] = match(partition, scans, journal)
            }
        }
        return found.compactMap { $0 }.min { $0.table < $1.table }
    }

    /// One partition's rows, table by table: each scanned row must be the last one the journal wrote with its ID, and
    /// each row the journal wrote must have been scanned.
    private static func match(_ partition: Int, _ scans: [TableScan], _ journal: [JournaledRows]) -> Mismatch? {
        for table in tables.indices {
            let count = journal.reduce(0) { $0 + $1.rows[table][partition].count }
            var expected = [String: (digest: RowDigest.Value, position: Int64)](minimumCapacity: count)
            for range in journal {
                for row in range.rows[table][partition] { expected[row.id] = (row.digest, row.position) }
            }
            // A matched row's position turns to 0 in place (no entry has position 0): matched twice is a row inserted
            // again, and one never matched is a row deleted.
            var matched = 0
            for scan in scans {
                for row in scan.tables[table][partition] {
                    guard let index = expected.index(forKey: row.id), expected.values[index].position > 0 else {
                        return Mismatch(kind: .inserted, table: table, id: row.id)
                    }
                    let journaled = expected.values[index]
                    if row.digest != journaled.digest { return Mismatch(kind: .altered, table: table, id: row.id, position: journaled.position) }
                    expected.values[index].position = 0
                    matched += 1
                }
            }
            if matched < expected.count, let missing = expected.filter({ $0.value.position > 0 }).min(by: { $0.value.position < $1.value.position }) {
                return Mismatch(kind: .deleted, table: table, id: missing.key, position: missing.value.position)
            }
        }
        return nil
    }

    /// Each enrollment spends a token the journal issued (only these entries are decoded).
    private static func followEnrollments(_ db: any SQLConnection) async throws -> StateDifference? {
        var entries: [(position: Int64, type: String, payload: String, recordedAt: String)] = []
        try await db.stream(
            "SELECT position, type, payload, recordedAt FROM journal WHERE type IN (\(list: JournaledRows.enrollmentTypes.sorted())) ORDER BY position"
        ) { row in
            entries.append((row.integer(0) ?? 0, row.text(1) ?? "", row.text(2) ?? "", row.text(3) ?? ""))
        }
        return followEnrollments(entries)
    }

    /// Follows the entries that issue and spend enrollment tokens, in position order; the first that does not replay.
    private static func followEnrollments(_ entries: [(position: Int64, type: String, payload: String, recordedAt: String)]) -> StateDifference? {
        var tokens = EnrollmentTokens()
        for entry in entries {
            do {
                let command = try CommandCodec.decode(type: entry.type, payload: entry.payload, position: entry.position)
                try tokens.follow(command, at: JournalEntry.date(entry.recordedAt) ?? Date(timeIntervalSince1970: 0))
            } catch {
                return refusal(error, at: entry.position)
            }
        }
        return nil
    }

    /// An entry that does not replay, as a difference.
    private static func refusal(_ error: any Error, at position: Int64) -> StateDifference {
        StateDifference(
            table: "journal", recordID: String(position), column: nil, position: position,
            reason: LocalizedText(
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
    private static func replay(
        _ db: any SQLConnection, through last: Int64, keeping: (table: String, id: String)?,
        kept: inout [(column: String, value: SQLValue)]?, into journal: inout JournaledRows
    ) async throws -> StateDifference? {
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
                        written.append(
                            Written(
                                table: own.ownRow.table, id: own.ownRow.id, position: position,
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
                journal.add(table: row.table, id: row.id, digest: row.digest ?? RowDigest.Value(SHA256.hash(data: Data())), position: row.position)
            }
        }
        try await db.stream("SELECT position, type, payload, recordedAt FROM journal WHERE position <= \(bind: last) ORDER BY position") { row in
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
        case .organization(let organization): Written(table: Organization.table, id: organization.id, position: position, record: organization)
        case .catalog(let source): Written(table: CatalogSource.table, id: source.id, position: position, record: source)
        case .contract(let contract): Written(table: Contract.table, id: contract.id, position: position, record: contract)
        case .record(let record):
            Written(table: (type(of: record) as? any TableRecord.Type)?.table ?? "", id: record.id, position: position, record: record)
        }
    }

    /// A row that does not match its digest, with the column that differs: the journal replayed once more up to the
    /// entry that wrote it gives the row's columns (a PC's rows are journaled as digests only: no column is named).
    private static func changed(table: String, id: String, position: Int64, _ db: any SQLConnection) async throws -> StateDifference {
        var columns: [(column: String, value: SQLValue)] = []
        let key: SQLValue = table == DeviceReport.table ? .integer(Int64(id) ?? 0) : .text(id)
        try await db.forEachRaw("SELECT * FROM \(raw: table) WHERE id = \(bind: key)") { row in
            columns = RowLayout(row, skipping: Self.derivedColumns).columns(row)
        }
        var expectedColumns: [(column: String, value: SQLValue)]?
        var unused = JournaledRows()
        _ = try await replay(db, through: position, keeping: (table, id), kept: &expectedColumns, into: &unused)
        let actual = Dictionary(columns.map { ($0.column.lowercased(), RowDigest.normalized($0.value)) }, uniquingKeysWith: { first, _ in first })
        let wanted = Dictionary(
            (expectedColumns ?? []).map { ($0.column.lowercased(), RowDigest.normalized($0.value)) }, uniquingKeysWith: { first, _ in first })
        let column = expectedColumns.flatMap { expected in
            (expected.map(\.column) + columns.map(\.column)).first { actual[$0.lowercased()] ?? .null != wanted[$0.lowercased()] ?? .null }
        }
        return StateDifference(
            table: table, recordID: id, column: column, position: position,
            reason: LocalizedText(
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

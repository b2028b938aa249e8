import Foundation
import MamoriCore
import Synchronization

/// The one write path: every command is validated, journaled and applied to the state tables in one transaction.
public final class Store: Sendable {
    /// Seals and opens the personal data this store keeps.
    public let vault: Vault
    /// The data directory: the key files, and the SQLite file unless the store lives in PostgreSQL.
    public let directory: URL
    /// Where the tables and the journal are.
    public let location: StoreLocation
    let database: any StoreDatabase
    private let cache: Mutex<Cache>
    /// Held by a write for its whole transaction, and by a read that does not find the cached state where the journal
    /// stands: such a read never finds the cache emptied by a write in progress (and reloads everything), it waits the
    /// few milliseconds instead. A read that finds the cache current takes no turn.
    private let gate = AsyncGate()
    /// Works out the alerts each write causes (``planAlerts(with:)``); none until one is set.
    let alertPlanner = Mutex<AlertPlanner?>(nil)
    /// Told after a write that added alerts has committed (``onAlertsAdded(_:)``): the sender wakes at once.
    let alertsAdded = Mutex<(@Sendable () -> Void)?>(nil)
    /// Set when the state was read from the tables: a snapshot is then written (``StateSnapshot``).
    private let snapshotDue = Mutex(false)

    /// The state as of a journal position; reloaded when another process has written since.
    private struct Cache {
        var state: MamoriState
        var position: Int64
    }

    /// The mode a new data directory is created with: the owner's only.
    public static let directoryMode = 0o700

    /// The database file and key file inside a data directory.
    public static func files(in directory: URL) -> (database: URL, key: URL) {
        (directory.appendingPathComponent("mamori.sqlite"), directory.appendingPathComponent("mamori.key"))
    }

    /// Opens (creating if needed) the store whose key file `mamori.key` is in `directory`, with its tables in `location`
    /// (by default `mamori.sqlite` in the same directory, in WAL mode). Servers sharing one PostgreSQL database must
    /// share the key files too.
    /// The database is opened first: a database that cannot be reached leaves no new key file behind, and one that holds a
    /// store is never given a new key (its own must be in `directory`, ``KeyCheck``).
    public init(directory: URL, location: StoreLocation? = nil) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: Self.directoryMode])
        self.directory = directory
        let files = Store.files(in: directory)
        self.location = location ?? .sqlite(files.database)
        let database = try await self.location.open()
        do {
            if !FileManager.default.fileExists(atPath: files.key.path),
                try await database.single({ db in try await db.value("SELECT 1 FROM journal LIMIT 1").integer }) != nil
            {
                throw KeyCheck.refusal(files.key)
            }
            vault = try Vault(keyFile: files.key)
            try await KeyCheck.verify(vault, keyFile: files.key, database)
            try await AccountSeal.mark.sealOnce(database, in: directory) { [vault] db in try await AccountSeal.sealAll(db, vault) }
            try await JournalHeadSeal.mark.sealOnce(database, in: directory) { [vault] db in try await JournalHeadSeal.sealAll(db, vault) }
            try await JournalEndSeal.mark.sealOnce(database, in: directory) { [vault] db in try await JournalEndSeal.sealAll(db, vault) }
        } catch {
            try? database.close()
            throw error
        }
        self.database = database
        // Loaded on first use: `ledger verify` and friends never need the state.
        cache = Mutex(Cache(state: MamoriState(), position: -1))
    }

    /// The current state of everything.
    public func state() async throws -> MamoriState {
        try await snapshot().state
    }

    /// The current state with the journal position it stands at: a key for anything derived from it.
    public func snapshot() async throws -> (state: MamoriState, position: Int64) {
        // Most reads find the journal where the cached state stands: one statement, no transaction, no turn.
        let position = try await database.single { db in try await Store.lastPosition(db) }
        if let cached = cache.withLock({ $0.position == position ? $0.state : nil }) { return (cached, position) }
        let current = try await gate.withLock { try await database.read { db in try await refreshed(db) } }
        await saveDueSnapshot(current.state, at: current.position)
        return current
    }

    /// Writes a snapshot when the state was just read from the tables. A snapshot is only a faster start: one that
    /// cannot be written (a read-only database) leaves the next start reading the tables, as before.
    private func saveDueSnapshot(_ state: MamoriState, at position: Int64) async {
        guard
            snapshotDue.withLock({ due in
                defer { due = false }
                return due
            }), position > 0
        else { return }
        try? await saveSnapshot(state, at: position)
    }

    /// The current state of one contract, or a refusal naming it.
    public func contract(_ id: String) async throws -> ContractState {
        do {
            return try await state().contract(id)
        } catch let error as CommandError {
            throw StoreError.refused(error)
        }
    }

    /// Runs one command; on refusal nothing is written and ``StoreError/refused(_:)`` is thrown.
    @discardableResult
    public func execute(_ command: any Command, actor: String, at time: Date = Date()) async throws -> JournalEntry {
        try await execute(batch: [command], actor: actor, at: time)[0]
    }

    /// Runs several commands in one transaction (all or nothing), durable on return.
    @discardableResult
    public func execute(batch commands: [any Command], actor: String, at time: Date = Date()) async throws -> [JournalEntry] {
        try await write(actor: actor, at: time) { _, _ in commands }
    }

    /// Runs the command `make` builds from the state as it stands inside the write, under the journal's lock: a new
    /// record's number taken from that state cannot be taken meanwhile by another writer, in this process or another
    /// sharing the database. Nothing is written when `make` throws.
    public func execute(
        actor: String, at time: Date = Date(), making make: (MamoriState) throws -> any Command
    ) async throws -> (
        command: any Command, entry: JournalEntry
    ) {
        var made: (any Command)?
        let entries = try await write(actor: actor, at: time) { _, state in
            let command = try make(state)
            made = command
            return [command]
        }
        return (made!, entries[0])
    }

    /// Journals and applies the commands `prepare` returns (given the state before them), in one transaction with
    /// whatever `prepare` wrote itself (rows outside the contract state, such as a PC's report, whose digest its
    /// command journals).
    func write(actor: String, at time: Date, _ prepare: (any SQLConnection, MamoriState) async throws -> [any Command]) async throws -> [JournalEntry] {
        try await gate.withLock { try await unguardedWrite(actor: actor, at: time, prepare) }
    }

    private func unguardedWrite(
        actor: String, at time: Date, _ prepare: (any SQLConnection, MamoriState) async throws -> [any Command]
    ) async throws -> [JournalEntry] {
        let (entries, state, position, alerted) = try await database.write { db in
            try await db.lockJournal()
            // Take the state out of the cache so that it is mutated in place, not copied.
            var (state, position) = try await refreshed(db, taking: true)
            var journal = JournalWriter(after: position, vault: vault)
            let start = journal.position
            let timestamp = JournalEntry.timestamp(time)
            // The instant a replay reads back from the entry (to the millisecond): the commands run at that one, so that
            // another server catching up, or a start from a snapshot, makes exactly the rows this writer made.
            let time = JournalEntry.date(timestamp) ?? time
            let planner = alertPlanner.withLock { $0 }
            do {
                let commands = try await prepare(db, state)
                var planned: [PlannedAlert] = []
                var entries: [JournalEntry] = []
                for command in commands {
                    entries.append(try await append(command, actor: actor, time: time, timestamp: timestamp, journal: &journal, state: &state, db))
                    if let planner { planned += planner.alerts(after: command, in: state) }
                }
                try await journal.finish(db)
                // In the same transaction as their cause: committed together, or not at all.
                let alerted = planned.isEmpty ? false : try await addAlerts(planned, at: time, state: state, db) > 0
                return (entries, state, journal.position, alerted)
            } catch {
                // The transaction rolls back; the state is still good only if nothing was applied to it.
                let untouched = journal.position == start
                cache.withLock { $0 = untouched ? Cache(state: state, position: start) : Cache(state: MamoriState(), position: -1) }
                throw error
            }
        }
        // Cached only once committed: a failed commit leaves the cache empty (the next read loads the tables).
        cache.withLock { $0 = Cache(state: state, position: position) }
        if alerted { alertsAdded.withLock { $0 }?() }
        await saveDueSnapshot(state, at: position)
        return entries
    }

    /// Journals and applies one command inside a write transaction.
    /// A new command is admitted first (``Command/admit(at:)``); a replayed one (`admitting: false`) was admitted when
    /// it was journaled, under the limits of its day.
    func append(
        _ command: any Command, actor: String, time: Date, timestamp: String, journal: inout JournalWriter,
        state: inout MamoriState, admitting: Bool = true, keepingWritten: Bool = true, _ db: any SQLConnection
    ) async throws -> JournalEntry {
        var command = command
        if admitting, let void = command as? VoidDataEvent { command = try await RecordTables.resolve(void, db) }
        let changes: [StateChange]
        let organizationID: String
        do {
            organizationID = try command.organizationID(in: state)
            if admitting {
                try command.admit(at: time)
                try command.admit(against: state)
            }
            changes = try command.execute(in: state, at: time)
        } catch {
            throw StoreError.refused(error)
        }
        // JSON keeps every value exactly (dates as doubles), so a replay of the payload does exactly this.
        let payload = try CommandCodec.encode(command)
        // PostgreSQL keeps no NUL in text: refused the same way on both databases, so that a store can always be copied.
        guard !payload.contains("\\u0000") else {
            throw StoreError.refused(CommandError(ja: "文字 NUL（U+0000）を含む値は記録できません", en: "a value contains the character NUL (U+0000)"))
        }
        // The rows written, digested into the entry (a replay of an entry written before they were kept leaves them out).
        var written = WrittenRows(rows: try RecordTables.save(changes, into: &journal.rows))
        if let own = command as? any WritesOwnRow { written.rows.append(own.ownRow) }
        let entry = try await journal.append(
            organizationID: organizationID, recordedAt: timestamp, actor: actor,
            type: command.journalType, payload: payload, written: keepingWritten ? written.text : "", db)
        try await journal.flushIfFull(db)
        state.apply(changes)
        return entry
    }

    /// The cached state, brought up to the journal's last position: when another process (another server on the same
    /// PostgreSQL) wrote since, the entries it wrote are applied to the cached state, as a replay would; only a long
    /// way behind (or a first read) loads every table. With `taking`, the cache gives the state up so that the caller
    /// owns the only copy.
    private func refreshed(_ db: any SQLConnection, taking: Bool = false) async throws -> (state: MamoriState, position: Int64) {
        let position = try await Store.lastPosition(db)
        let cached: Cache? = cache.withLock { cache in
            guard cache.position >= 0, cache.position <= position, position - cache.position <= Self.catchUpLimit else { return nil }
            let found = cache
            // Given up while it is brought up to date (no copy is made of a state being changed), and when taken.
            if taking || cache.position < position { cache = Cache(state: MamoriState(), position: -1) }
            return found
        }
        var state: MamoriState
        if var cached, await caughtUp(&cached.state, from: cached.position, through: position, db) {
            state = cached.state
            if cached.position == position, !taking { return (state, position) }
        } else if var restored = try await restoredSnapshot(from: position - Self.catchUpLimit, through: position, db),
            await caughtUp(&restored.state, from: restored.position, through: position, db)
        {
            state = restored.state
        } else {
            // No snapshot sealed by the key: the journal, replayed, is the state — never the state tables alone, which
            // whoever can write the database could have edited (`ledger verify` names such a row; pages must not show
            // it meanwhile). The next start reads a snapshot instead (written once this transaction has ended).
            state = MamoriState()
            try await catchUp(&state, after: 0, through: position, db)
            snapshotDue.withLock { $0 = true }
        }
        if !taking { cache.withLock { $0 = Cache(state: state, position: position) } }
        return (state, position)
    }

    /// The most entries another process may have written before a read reloads every table instead of catching up.
    static let catchUpLimit: Int64 = 20_000

    /// Whether `state`, standing at `position`, stands at `last` or could be brought there (``catchUp(_:after:through:_:)``).
    private func caughtUp(_ state: inout MamoriState, from position: Int64, through last: Int64, _ db: any SQLConnection) async -> Bool {
        if position == last { return true }
        return (try? await catchUp(&state, after: position, through: last, db)) != nil
    }

    /// Applies the journal entries after `position` to `state`, in order, as their writers did; read row by row, so
    /// that a long journal (the whole of it, with no snapshot) is never held in memory at once.
    func catchUp(_ state: inout MamoriState, after position: Int64, through last: Int64, _ db: any SQLConnection) async throws {
        try await db.stream("SELECT * FROM journal WHERE position > \(bind: position) AND position <= \(bind: last) ORDER BY position") { row in
            let (command, time) = try RowDecoder.decode(JournalEntry.self, from: row).replayed()
            state.apply(try command.execute(in: state, at: time))
        }
    }

    /// One round of copying SQLite's write-ahead log into the database file beside the writer (``WALCheckpointer``),
    /// for a service beside a server to run every 250 ms; nothing on PostgreSQL.
    public func checkpointLog() async {
        await database.checkpointLog()
    }

    /// Whether the store's database keeps a write-ahead log of its own to copy (SQLite).
    public var keepsWriteAheadLog: Bool { database.keepsWriteAheadLog }

    /// Moves everything in SQLite's write-ahead log into the database file (what SQLite does by itself when idle).
    public func checkpoint() async throws {
        try await database.checkpoint()
    }

    /// Closes the database connections (the store is not used after).
    public func close() throws {
        try database.close()
    }

    static func lastPosition(_ db: any SQLConnection) async throws -> Int64 {
        try await db.value("SELECT MAX(position) FROM journal").integer ?? 0
    }

    /// A new random record ID with a readable prefix, e.g. `asset-7k2m9q4x1c`.
    public static func newID(_ prefix: String) -> String {
        prefix + "-" + String((0..<10).map { _ in idAlphabet.randomElement()! })
    }

    /// Whether an ID is one ``newID(_:)`` made: a key, not something a person would say.
    public static func isGeneratedID(_ id: String) -> Bool {
        guard let dash = id.lastIndex(of: "-") else { return false }
        let prefix = id[..<dash]
        let key = id[id.index(after: dash)...]
        return !prefix.isEmpty && prefix.allSatisfy { ("a"..."z").contains($0) } && key.count == 10 && key.allSatisfy(idAlphabet.contains)
    }

    private static let idAlphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
}

import MamoriCore

/// Appends entries to the journal inside one write transaction, keeping each chain's head in memory until the end,
/// and gathers the entries with the rows their commands change into one batch of multi-row statements.
struct JournalWriter {
    /// The last position written.
    private(set) var position: Int64
    private var heads: [String: (seq: Int64, hash: String)] = [:]
    private var changed: Set<String> = []
    /// The hash of the last entry appended, for the journal's end (``JournalEndSeal``).
    private var lastHash: String?
    /// The entries and state rows not yet written.
    var rows = RowBatch(order: RecordTables.order + ["journal"])

    /// Seals the heads it writes and checks those it reads (``JournalHeadSeal``).
    private let vault: Vault

    /// Starts after the journal's last entry, at `position`.
    init(after position: Int64, vault: Vault) {
        self.position = position
        self.vault = vault
    }

    /// Chains, hashes and inserts one entry.
    mutating func append(
        organizationID: String, recordedAt: String, actor: String, type: String, payload: String, written: String,
        _ db: any SQLConnection
    ) async throws -> JournalEntry {
        let head = if let head = heads[organizationID] { head } else { try await storedHead(organizationID, db) }
        position += 1
        var entry = JournalEntry(
            position: position, organizationID: organizationID, seq: head.seq + 1, recordedAt: recordedAt,
            actor: actor, type: type, payload: payload, previousHash: head.hash, hash: "", written: written)
        entry.hash = entry.computedHash
        try rows.add(entry)
        heads[organizationID] = (entry.seq, entry.hash)
        changed.insert(organizationID)
        lastHash = entry.hash
        return entry
    }

    /// Writes what waits when the batch is full (call after each command).
    mutating func flushIfFull(_ db: any SQLConnection) async throws {
        if rows.isFull { try await flush(db) }
    }

    /// Writes every waiting row, refusing data event IDs already used; at the end of the transaction, with the heads.
    mutating func flush(_ db: any SQLConnection) async throws {
        try await RecordTables.refuseUsedEventIDs(rows.values(of: "id", in: DataEvent.table), db)
        try await rows.flush(db)
    }

    /// Writes every waiting row and the heads of the chains this transaction extended.
    mutating func finish(_ db: any SQLConnection) async throws {
        try await flush(db)
        try await saveHeads(db)
    }

    private func saveHeads(_ db: any SQLConnection) async throws {
        for organizationID in changed.sorted() {
            let head = heads[organizationID]!
            let seal = JournalHeadSeal.of(organizationID: organizationID, seq: head.seq, hash: head.hash, vault)
            try await db.execute(
                SQLStatement.insert(
                    into: "journalHead", columns: ["organizationID", "seq", "hash", "seal"],
                    rows: [[.text(organizationID), .integer(head.seq), .text(head.hash), .text(seal)]], replacingOn: ["organizationID"]))
        }
        if let lastHash { try await JournalEndSeal.save(position: position, hash: lastHash, db, vault) }
    }

    /// A chain's head as stored; a head whose seal does not match is refused, never extended (its next head would be
    /// sealed anew over a cut).
    private func storedHead(_ organizationID: String, _ db: any SQLConnection) async throws -> (seq: Int64, hash: String) {
        guard let row = try await db.row("SELECT seq, hash, seal FROM journalHead WHERE organizationID = \(bind: organizationID)") else {
            return (0, JournalEntry.genesisHash)
        }
        let (seq, hash) = (row.integer(0) ?? 0, row.text(1) ?? "")
        guard row.text(2) == JournalHeadSeal.of(organizationID: organizationID, seq: seq, hash: hash, vault) else {
            throw StoreError.refused(CommandError(JournalHeadSeal.altered(organizationID)))
        }
        return (seq, hash)
    }
}

import GRDB

/// Appends entries to the journal inside one write transaction, keeping each chain's head in memory until the end.
struct JournalWriter {
    /// The last position written.
    private(set) var position: Int64
    private var heads: [String: (seq: Int64, hash: String)] = [:]
    private var changed: Set<String> = []

    /// Starts after the journal's current last entry.
    init(_ db: Database) throws {
        position = try Store.lastPosition(db)
    }

    /// Chains, hashes and inserts one entry.
    mutating func append(organizationID: String, recordedAt: String, actor: String, type: String, payload: String,
                         _ db: Database) throws -> JournalEntry {
        let head = try heads[organizationID] ?? Self.storedHead(organizationID, db)
        position += 1
        var entry = JournalEntry(position: position, organizationID: organizationID, seq: head.seq + 1, recordedAt: recordedAt,
                                 actor: actor, type: type, payload: payload, previousHash: head.hash, hash: "")
        entry.hash = entry.computedHash
        try db.cachedStatement(sql: """
            INSERT INTO journal (position, organizationID, seq, recordedAt, actor, type, payload, previousHash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entry.position, entry.organizationID, entry.seq, entry.recordedAt, entry.actor, entry.type,
                                     entry.payload, entry.previousHash, entry.hash])
        heads[organizationID] = (entry.seq, entry.hash)
        changed.insert(organizationID)
        return entry
    }

    /// Writes the heads of the chains this transaction extended.
    func saveHeads(_ db: Database) throws {
        for organizationID in changed.sorted() {
            let head = heads[organizationID]!
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO journalHead (organizationID, seq, hash) VALUES (?, ?, ?)")
                .execute(arguments: [organizationID, head.seq, head.hash])
        }
    }

    private static func storedHead(_ organizationID: String, _ db: Database) throws -> (seq: Int64, hash: String) {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM journalHead WHERE organizationID = ?"),
                                   arguments: [organizationID])
        return (row?["seq"] ?? 0, row?["hash"] ?? JournalEntry.genesisHash)
    }
}

import Foundation
import GRDB
import MamoriCore

/// The result of recomputing every journal hash.
public struct LedgerVerification: Sendable {
    /// Entries read.
    public var entries: Int
    /// Organizations whose chains were checked.
    public var organizations: Int
    /// The first entry found broken, if any.
    public var firstBroken: BrokenEntry?

    /// Whether the whole journal is intact.
    public var isIntact: Bool { firstBroken == nil }
}

/// A journal entry that does not verify, and why.
public struct BrokenEntry: Sendable, Equatable {
    /// The entry's position in the journal (0 when the entry is missing from the end of a chain).
    public var position: Int64
    public var organizationID: String
    public var seq: Int64
    public var reason: LocalizedText
}

extension Store {
    /// Recomputes every hash and checks every chain link and chain head; names the first broken entry.
    public func verifyLedger() throws -> LedgerVerification {
        try pool.read { db in try Store.verify(db) }
    }

    static func verify(_ db: Database) throws -> LedgerVerification {
        var heads: [String: (seq: Int64, hash: String)] = [:]
        var count = 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT position, organizationID, seq, recordedAt, actor, type, payload, previousHash, hash
            FROM journal ORDER BY position
            """)
        while let row = try rows.next() {
            count += 1
            let entry = JournalEntry(position: row[0], organizationID: row[1], seq: row[2], recordedAt: row[3], actor: row[4],
                                     type: row[5], payload: row[6], previousHash: row[7], hash: row[8])
            let previous = heads[entry.organizationID] ?? (0, JournalEntry.genesisHash)
            func broken(_ ja: String, _ en: String) -> LedgerVerification {
                LedgerVerification(entries: count, organizations: heads.count, firstBroken: BrokenEntry(
                    position: entry.position, organizationID: entry.organizationID, seq: entry.seq,
                    reason: LocalizedText(ja: ja, en: en)))
            }
            if entry.seq != previous.seq + 1 {
                return broken("連番が \(previous.seq + 1) ではなく \(entry.seq) です（仕訳の削除または挿入）",
                              "sequence \(entry.seq) where \(previous.seq + 1) was expected (an entry was deleted or inserted)")
            }
            if entry.previousHash != previous.hash {
                return broken("直前の仕訳のハッシュと一致しません", "previous hash does not match the entry before it")
            }
            if entry.computedHash != entry.hash {
                return broken("内容がハッシュと一致しません（改ざん）", "content does not match its hash (altered)")
            }
            heads[entry.organizationID] = (entry.seq, entry.hash)
        }
        for row in try Row.fetchAll(db, sql: "SELECT organizationID, seq, hash FROM journalHead ORDER BY organizationID") {
            let organizationID: String = row[0]
            let seq: Int64 = row[1]
            let hash: String = row[2]
            guard let head = heads[organizationID], head.seq == seq, head.hash == hash else {
                return LedgerVerification(entries: count, organizations: heads.count, firstBroken: BrokenEntry(
                    position: 0, organizationID: organizationID, seq: seq,
                    reason: LocalizedText(ja: "組織 \(organizationID) の末尾の仕訳 \(seq) がありません（削除）",
                                          en: "the last entry \(seq) of organization \(organizationID) is missing (deleted)")))
            }
        }
        return LedgerVerification(entries: count, organizations: heads.count, firstBroken: nil)
    }
}

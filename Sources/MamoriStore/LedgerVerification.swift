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
        var chains = JournalChains()
        var input = HashInput()
        var count = 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT position, organizationID, seq, recordedAt, actor, type, payload, previousHash, hash
            FROM journal ORDER BY position
            """)
        while let row = try rows.next() {
            count += 1
            let position: Int64 = row[0]
            let seq: Int64 = row[2]
            let organization = try row.withUnsafeData(atIndex: 1) { Data($0 ?? Data()) }
            let previous = chains.head(of: organization)
            func broken(_ ja: String, _ en: String) -> LedgerVerification {
                LedgerVerification(entries: count, organizations: chains.count, firstBroken: BrokenEntry(
                    position: position, organizationID: String(decoding: organization, as: UTF8.self), seq: seq,
                    reason: LocalizedText(ja: ja, en: en)))
            }
            if seq != previous.seq + 1 {
                return broken("連番が \(previous.seq + 1) ではなく \(seq) です（仕訳の削除または挿入）",
                              "sequence \(seq) where \(previous.seq + 1) was expected (an entry was deleted or inserted)")
            }
            if try !row.withUnsafeData(atIndex: 7, { ($0 ?? Data()).elementsEqual(previous.hash) }) {
                return broken("直前の仕訳のハッシュと一致しません", "previous hash does not match the entry before it")
            }
            input.reset()
            input.field(position)
            input.field(organization)
            input.field(seq)
            for column in 3...7 { try row.withUnsafeData(atIndex: column) { input.field($0 ?? Data()) } }
            let hash = input.hexDigest()
            if try !row.withUnsafeData(atIndex: 8, { ($0 ?? Data()).elementsEqual(hash) }) {
                return broken("内容がハッシュと一致しません（改ざん）", "content does not match its hash (altered)")
            }
            chains.advance(organization, seq: seq, hash: hash)
        }
        for row in try Row.fetchAll(db, sql: "SELECT organizationID, seq, hash FROM journalHead ORDER BY organizationID") {
            let organizationID: String = row[0]
            let seq: Int64 = row[1]
            let hash: String = row[2]
            let head = chains.head(of: Data(organizationID.utf8))
            guard head.seq == seq, head.hash.elementsEqual(hash.utf8) else {
                return LedgerVerification(entries: count, organizations: chains.count, firstBroken: BrokenEntry(
                    position: 0, organizationID: organizationID, seq: seq,
                    reason: LocalizedText(ja: "組織 \(organizationID) の末尾の仕訳 \(seq) がありません（削除）",
                                          en: "the last entry \(seq) of organization \(organizationID) is missing (deleted)")))
            }
        }
        return LedgerVerification(entries: count, organizations: chains.count, firstBroken: nil)
    }
}

/// The last sequence number and hash of each organization's chain, keyed by the raw organization ID bytes.
private struct JournalChains {
    private var heads: [Data: (seq: Int64, hash: [UInt8])] = [:]

    var count: Int { heads.count }

    func head(of organization: Data) -> (seq: Int64, hash: [UInt8]) {
        heads[organization] ?? (0, Array(JournalEntry.genesisHash.utf8))
    }

    mutating func advance(_ organization: Data, seq: Int64, hash: [UInt8]) {
        heads[organization] = (seq, hash)
    }
}

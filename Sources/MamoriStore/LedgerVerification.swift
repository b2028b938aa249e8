import Dispatch
import Foundation
import MamoriCore

/// The result of recomputing every journal hash and matching the state tables with the journal's replay.
public struct LedgerVerification: Sendable {
    /// Entries read.
    public var entries: Int
    /// Organizations whose chains were checked.
    public var organizations: Int
    /// The first entry found broken, if any.
    public var firstBroken: BrokenEntry?
    /// State table rows matched with the journal (0 when the state was not checked).
    public var rows = 0
    /// The first place where the state tables differ from the journal, if any.
    public var firstDifference: StateDifference?
    /// Whether the state was checked by replaying every command (the journal holds entries written before each entry
    /// kept its rows' digests) rather than by those digests.
    public var stateReplayed = false

    /// Whether the whole journal is intact and the state is what it produces.
    public var isIntact: Bool { firstBroken == nil && firstDifference == nil }

    /// What is wrong, in one sentence naming the entry, or the table, record and column; nil when intact.
    public var problem: LocalizedText? {
        if let broken = firstBroken {
            // Position 0: a chain head, not an entry.
            guard broken.position != 0 else { return broken.reason }
            return LocalizedText(
                ja: "組織 \(broken.organizationID) の仕訳 #\(broken.seq)（位置 \(broken.position)）: \(broken.reason.ja)",
                en: "organization \(broken.organizationID) entry #\(broken.seq) (position \(broken.position)): \(broken.reason.en)")
        }
        if let difference = firstDifference {
            let column = difference.column.map { LocalizedText(ja: " の列 \($0)", en: ", column \($0)") } ?? LocalizedText(ja: "", en: "")
            return LocalizedText(
                ja: "表 \(difference.table) の \(difference.recordID)\(column.ja): \(difference.reason.ja)",
                en: "table \(difference.table), record \(difference.recordID)\(column.en): \(difference.reason.en)")
        }
        return nil
    }
}

/// A journal entry that does not verify, and why.
public struct BrokenEntry: Sendable, Equatable {
    /// The entry's position in the journal (0 when the entry is missing from the end of a chain).
    public var position: Int64
    public var organizationID: String
    public var seq: Int64
    public var reason: LocalizedText
}

extension BrokenEntry {
    /// A finding about the journal as a whole (its end, its guard, how far it reached) rather than one entry: position 0.
    static func journal(_ reason: LocalizedText) -> BrokenEntry {
        BrokenEntry(position: 0, organizationID: "", seq: 0, reason: reason)
    }
}

extension Store {
    /// Recomputes every hash and checks every chain link and chain head; names the first broken entry. Long journals
    /// are read in position ranges on every core at once and the ranges stitched together. Then, when the chains are
    /// intact and `state` is set, matches every state table row with the journal's replay (``StateCheck``) and names
    /// the first difference.
    public func verifyLedger(segmentSize: Int = 100_000, state: Bool = true) async throws -> LedgerVerification {
        guard state else { return try await database.verifyLedger(segmentSize: segmentSize) }
        // The hashes and the tables at once, each on connections of their own: the hash check also gathers the rows
        // each entry says it wrote (it reads them anyway), and the tables are read in two halves (a row's digest
        // costs more than reading it). The halves are matched with the journal when all three read up to the same
        // last position (one state); otherwise ``StateCheck`` reads both again in one snapshot.
        let database = self.database
        async let hashes = database.hashCheck(segmentSize: segmentSize, gathering: true)
        async let firstHalf = database.read { db in (position: try await Store.lastPosition(db), scan: try await TableScan(db, half: 0)) }
        async let secondHalf = database.read { db in (position: try await Store.lastPosition(db), scan: try await TableScan(db, half: 1)) }
        let check = try await hashes
        var result = check.verification
        // A head whose seal does not match: the chain may have been cut off its end, and the head set back to match.
        if result.firstBroken == nil { result.firstBroken = try await database.read { [vault] db in try await JournalHeadSeal.firstBroken(db, vault) } }
        // A journal whose append-only guard is gone lets the next deletion through unrefused.
        if result.firstBroken == nil { result.firstBroken = try await database.read { db in try await JournalGuard.problem(db) } }
        // A chain taken out whole, head and all, leaves the others whole: the end says how far the journal reached.
        if result.firstBroken == nil { result.firstBroken = try await database.read { [vault] db in try await JournalEndSeal.problem(db, vault) } }
        // A database put back whole from an older copy is whole; the file beside the key says how far it had reached.
        if result.firstBroken == nil {
            result.firstBroken = try await database.read { [vault, directory] db in try await JournalReach.problem(db, in: directory, vault) }
        }
        // A broken chain is the finding: the state of a rewritten journal says nothing more.
        guard result.firstBroken == nil else { return result }
        (result.rows, result.firstDifference, result.stateReplayed) = try await StateCheck.run(
            database, journal: check.written, through: check.last, halves: [try await firstHalf, try await secondHalf])
        // The tables are the journal's: the snapshot a start reads must then be what they hold.
        if result.firstDifference == nil { result.firstDifference = try await database.read { db in try await snapshotDifference(db) } }
        // Who may do what is not the journal's, but sealed beside it.
        if result.firstDifference == nil {
            result.firstDifference = try await database.read { [vault] db in try await AccountSeal.firstDifference(db, vault) }
        }
        return result
    }
}

/// The hash check's result, with the last position it covered and, when gathered, the rows its entries say they wrote
/// (range by range, in position order).
struct HashCheck {
    var verification: LedgerVerification
    var last: Int64
    var written: [JournaledRows]
}

extension StoreDatabase {
    /// ``Store/verifyLedger(segmentSize:state:)`` without the state: on a database alone (no key needed: hashes cover
    /// the sealed values as stored).
    func verifyLedger(segmentSize: Int = 100_000) async throws -> LedgerVerification {
        var result = try await hashCheck(segmentSize: segmentSize, gathering: false).verification
        if result.firstBroken == nil { result.firstBroken = try await read { db in try await JournalGuard.problem(db) } }
        return result
    }

    /// Every hash and link, in position ranges on every core; with `gathering`, each range also keeps what its entries
    /// say they wrote.
    func hashCheck(segmentSize: Int, gathering: Bool) async throws -> HashCheck {
        let database = self
        // The range and the chain heads from one snapshot: a write landing during the check is not mistaken for a deletion.
        let (first, last, heads) = try await read { db in
            (
                try await db.value("SELECT MIN(position) FROM journal").integer ?? 1, try await Store.lastPosition(db),
                try await db.rows("SELECT organizationID, seq, hash FROM journalHead ORDER BY organizationID")
            )
        }
        let total = max(0, last - first + 1)
        let segments = Int(max(1, min(Int64(ProcessInfo.processInfo.activeProcessorCount * 2), (total + Int64(segmentSize) - 1) / Int64(segmentSize))))
        let size = (total + Int64(segments) - 1) / Int64(max(1, segments))
        // Each range on a connection of its own, at once.
        let segmentsRead = try await withThrowingTaskGroup(of: (Int, JournalSegment).self) { group in
            for index in 0..<segments {
                let from = first + Int64(index) * size
                group.addTask {
                    let segment = try await database.read { db in
                        try await JournalSegment(db, from: from, through: min(last, from + size - 1), hashWorkers: segments == 1 ? 0 : 1, gathering: gathering)
                    }
                    return (index, segment)
                }
            }
            var read: [JournalSegment?] = Array(repeating: nil, count: segments)
            for try await (index, segment) in group { read[index] = segment }
            return read.compactMap { $0 }
        }
        return HashCheck(verification: try Self.stitch(segmentsRead, heads: heads), last: last, written: segmentsRead.compactMap(\.written))
    }

    /// Joins the ranges in position order: each chain's first entry in a range must follow its last entry in the ranges before.
    static func stitch(_ segments: [JournalSegment], heads storedHeads: [SQLRow]) throws -> LedgerVerification {
        var heads: [Data: (seq: Int64, hash: [UInt8])] = [:]
        var count = 0
        for segment in segments {
            count += segment.count
            var broken = segment.broken
            for (organization, entry) in segment.firsts where entry.position < (broken?.position ?? .max) {
                let head = heads[organization] ?? (0, Array(JournalEntry.genesisHash.utf8))
                if let reason = entry.previousHash.withUnsafeBytes({ JournalSegment.linkBreak(seq: entry.seq, previousHash: $0, after: head) }) {
                    broken = BrokenEntry(
                        position: entry.position, organizationID: String(decoding: organization, as: UTF8.self),
                        seq: entry.seq, reason: reason)
                }
            }
            if let broken {
                return LedgerVerification(entries: count, organizations: Set(heads.keys).union(segment.lasts.keys).count, firstBroken: broken)
            }
            heads.merge(segment.lasts) { _, new in new }
        }
        var unheaded = Set(heads.keys)
        for row in storedHeads {
            let organizationID = row.text(0) ?? ""
            let seq = row.integer(1) ?? 0
            let hash = row.text(2) ?? ""
            let head = heads[Data(organizationID.utf8)]
            unheaded.remove(Data(organizationID.utf8))
            guard let head, head.seq == seq, head.hash.elementsEqual(hash.utf8) else {
                // The head says more entries than the chain holds: they were cut off its end. Otherwise the head itself
                // was changed (or names a chain with no entries).
                let reason =
                    if let head, head.seq < seq {
                        LocalizedText(
                            ja: "組織 \(organizationID) の仕訳 #\(head.seq + 1)〜#\(seq) がありません（末尾の削除）",
                            en: "entries #\(head.seq + 1)–#\(seq) of organization \(organizationID) are missing (deleted from the end)")
                    } else if let head, head.seq == seq {
                        LocalizedText(
                            ja: "組織 \(organizationID) のチェーンの先頭（journalHead）のハッシュが最後の仕訳 #\(seq) のハッシュと一致しません",
                            en: "the chain head (journalHead) of organization \(organizationID) does not hold the hash of its last entry #\(seq)")
                    } else {
                        LocalizedText(
                            ja: "組織 \(organizationID) のチェーンの先頭（journalHead: #\(seq)）が最後の仕訳（#\(head?.seq ?? 0)）と一致しません",
                            en: "the chain head of organization \(organizationID) (journalHead: #\(seq)) does not match its last entry (#\(head?.seq ?? 0))")
                    }
                return LedgerVerification(
                    entries: count, organizations: heads.count,
                    firstBroken: BrokenEntry(
                        position: 0, organizationID: organizationID, seq: seq, reason: reason))
            }
        }
        // A chain whose head was deleted: verified entries, but the next write would reuse its sequence numbers.
        if let organization = unheaded.min(by: { $0.lexicographicallyPrecedes($1) }), let head = heads[organization] {
            let organizationID = String(decoding: organization, as: UTF8.self)
            return LedgerVerification(
                entries: count, organizations: heads.count,
                firstBroken: BrokenEntry(
                    position: 0, organizationID: organizationID, seq: head.seq,
                    reason: LocalizedText(
                        ja: "組織 \(organizationID) のチェーンの先頭（journalHead）がありません（削除）",
                        en: "the chain head (journalHead) of organization \(organizationID) is missing (deleted)")))
        }
        return LedgerVerification(entries: count, organizations: heads.count, firstBroken: nil)
    }
}

/// One position range of the journal, verified on its own: every hash, the links inside the range, and for each chain
/// its first entry (to be linked by ``StoreDatabase/stitch(_:heads:)``) and its last.
struct JournalSegment: Sendable {
    var count = 0
    /// The earliest broken entry inside the range.
    var broken: BrokenEntry?
    /// Each chain's first entry in the range.
    var firsts: [Data: (position: Int64, seq: Int64, previousHash: [UInt8])] = [:]
    /// Each chain's last entry in the range.
    var lasts: [Data: (seq: Int64, hash: [UInt8])] = [:]
    /// What the range's entries say they wrote, when gathered.
    var written: JournaledRows?

    init(_ db: any SQLConnection, from: Int64, through: Int64, hashWorkers: Int, gathering: Bool = false) async throws {
        if gathering { written = JournaledRows() }
        var pending = PendingHashes(workers: hashWorkers)
        var organization = Data()
        var previous: (seq: Int64, hash: [UInt8])?
        var broken: BrokenEntry?
        // The hot loop reads columns in place: no row objects, no strings. A broken entry stops the scan.
        struct Stop: Error {}
        do {
            try await db.forEachRaw(
                """
                SELECT position, organizationID, seq, recordedAt, actor, type, payload, previousHash, hash, written
                FROM journal WHERE position BETWEEN \(bind: from) AND \(bind: through) ORDER BY position
                """
            ) { row in
                count += 1
                let position = row.integer(at: 0)
                let seq = row.integer(at: 2)
                let organizationBytes = row.bytes(at: 1)
                if !Self.equal(organizationBytes, organization) {
                    if let previous { lasts[organization] = previous }
                    organization = Data(organizationBytes)
                    previous = lasts[organization]
                }
                var linkBroken: LocalizedText?
                if let previous {
                    linkBroken = Self.linkBreak(seq: seq, previousHash: row.bytes(at: 7), after: previous)
                } else {
                    firsts[organization] = (position, seq, Array(row.bytes(at: 7)))
                }
                let hash = row.bytes(at: 8)
                let entry = PendingHashes.Entry(position: position, seq: seq, organization: organization, linkBroken: linkBroken)
                pending.add(entry, expected: hash) { input in
                    input.field(position)
                    input.field(organizationBytes)
                    input.field(seq)
                    for column in 3...7 { input.field(row.bytes(at: column)) }
                    // As ``JournalEntry/computedHash``: the rows written only where they were kept.
                    let written = row.bytes(at: 9)
                    if !written.isEmpty { input.field(written) }
                }
                written?.add(written: row.bytes(at: 9), at: position)
                written?.add(type: row.bytes(at: 5), payload: row.bytes(at: 6), recordedAt: row.bytes(at: 3), at: position)
                if linkBroken != nil || pending.isFull, let found = pending.check() {
                    broken = found
                    throw Stop()
                }
                previous = (seq, Array(hash))
            }
        } catch is Stop {
            self.broken = broken
            return
        }
        self.broken = pending.check()
        if let previous { lasts[organization] = previous }
    }

    /// Why an entry does not follow `head`, its chain's entry before it (nil when it does): the one link rule of the journal.
    static func linkBreak(seq: Int64, previousHash: UnsafeRawBufferPointer, after head: (seq: Int64, hash: [UInt8])) -> LocalizedText? {
        if seq != head.seq + 1 {
            return LocalizedText(
                ja: "連番が \(head.seq + 1) ではなく \(seq) です（仕訳の削除または挿入）",
                en: "sequence \(seq) where \(head.seq + 1) was expected (an entry was deleted or inserted)")
        }
        if !equal(previousHash, head.hash) {
            return LocalizedText(ja: "直前の仕訳のハッシュと一致しません", en: "previous hash does not match the entry before it")
        }
        return nil
    }

    /// Byte equality as one memory comparison.
    private static func equal(_ bytes: UnsafeRawBufferPointer, _ other: some ContiguousBytes) -> Bool {
        other.withUnsafeBytes { other in
            bytes.count == other.count && (bytes.count == 0 || memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0)
        }
    }
}

/// Entries read but not yet hashed: their canonical bytes and stored hashes, hashed a batch at a time on all cores.
private struct PendingHashes {
    struct Entry {
        var position: Int64
        var seq: Int64
        var organization: Data
        /// Set when the entry's link to the one before it is already broken.
        var linkBroken: LocalizedText?

        var broken: BrokenEntry? {
            linkBroken.map { BrokenEntry(position: position, organizationID: String(decoding: organization, as: UTF8.self), seq: seq, reason: $0) }
        }
    }

    private var entries: [Entry] = []
    /// Threads hashing a batch (0: every core).
    private let workers: Int
    /// Every pending entry's canonical bytes, one after another, and where each lies.
    private var input = HashInput(capacity: 1 << 20)
    private var ranges: [Range<Int>] = []
    /// 64 hex digits per pending entry, as stored.
    private var expected: [UInt8] = []
    private static let batch = 16_384

    init(workers: Int) {
        self.workers = workers > 0 ? workers : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }

    var isFull: Bool { entries.count >= Self.batch }

    mutating func add(_ entry: Entry, expected hash: UnsafeRawBufferPointer, fill: (inout HashInput) -> Void) {
        let start = input.end
        fill(&input)
        entries.append(entry)
        ranges.append(start..<input.end)
        if hash.count == 64 { expected.append(contentsOf: hash) } else { expected.append(contentsOf: repeatElement(0, count: 64)) }
    }

    /// Hashes every pending entry; returns the first broken one by position (bad hash or bad link) and empties the batch.
    mutating func check() -> BrokenEntry? {
        defer {
            entries.removeAll(keepingCapacity: true)
            ranges.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            input.reset()
        }
        let total = entries.count
        var matches = [Bool](repeating: false, count: total)
        let workers = self.workers
        let input = self.input
        ranges.withUnsafeBufferPointer { rangeBuffer in
            expected.withUnsafeBytes { expectedBuffer in
                matches.withUnsafeMutableBufferPointer { matchBuffer in
                    // Each worker writes only its own indices; the buffers outlive the concurrent loop.
                    nonisolated(unsafe) let ranges = rangeBuffer
                    nonisolated(unsafe) let expected = expectedBuffer
                    nonisolated(unsafe) let matches = matchBuffer
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for index in stride(from: worker, to: total, by: workers) {
                            let hex = UnsafeRawBufferPointer(rebasing: expected[(64 * index)..<(64 * index + 64)])
                            matches[index] = input.matches(ranges[index], hex: hex)
                        }
                    }
                }
            }
        }
        for index in 0..<total {
            if let broken = entries[index].broken { return broken }
            if !matches[index] {
                let entry = entries[index]
                return BrokenEntry(
                    position: entry.position, organizationID: String(decoding: entry.organization, as: UTF8.self),
                    seq: entry.seq, reason: LocalizedText(ja: "内容がハッシュと一致しません（改ざん）", en: "content does not match its hash (altered)"))
            }
        }
        return nil
    }
}

import Foundation
import MamoriCore

/// The whole state as of one journal position, as JSON, sealed with an HMAC under the store's key: what a process
/// starts from instead of reading every row of every table (at 1,000,000 journal entries, 8 s of rows against well
/// under a second for the snapshot and the entries after it). Derived, never evidence:
/// - a snapshot whose seal does not match (written by someone without the key file) is not used, and is kept, for
///   `ledger verify` to name, until someone removes it (`mamori store forget-snapshots`);
/// - `ledger verify` checks the newest one against the state tables (``Store/snapshotDifference(_:)``), so that what
///   the pages read is what verification covers.
struct StateSnapshot: TableRecord {
    static let table = "stateSnapshot"

    /// A random key: snapshots are found by position.
    var id: String
    /// The journal position the state stands at.
    var position: Int64
    /// ``MamoriState`` as JSON (``JournalCoding``: every value exact).
    var state: String
    /// HMAC-SHA256 of the position and the JSON (``Vault/authenticationCode(of:purpose:)``).
    var seal: String
    var createdAt: Date

    /// What the seal's key is derived for.
    static let purpose = "mamori state snapshot v1"

    init(state: MamoriState, position: Int64, vault: Vault, at time: Date) throws {
        id = UUID().uuidString
        self.position = position
        self.state = String(decoding: try JournalCoding.encoder().encode(state), as: UTF8.self)
        seal = vault.authenticationCode(of: Self.sealed(position, self.state), purpose: Self.purpose)
        createdAt = time
    }

    /// Whether the seal is the one this store's key makes.
    func isSealed(by vault: Vault) -> Bool {
        vault.authenticationCode(of: Self.sealed(position, state), purpose: Self.purpose) == seal
    }

    /// The state, if the seal is this store's; nil otherwise.
    func opened(with vault: Vault) throws -> MamoriState? {
        guard isSealed(by: vault) else { return nil }
        return try JournalCoding.decoder().decode(MamoriState.self, from: Data(state.utf8))
    }

    private static func sealed(_ position: Int64, _ state: String) -> Data {
        Data("\(position)\n".utf8) + Data(state.utf8)
    }
}

extension Store {
    /// Journal entries a snapshot may fall behind before the server writes a newer one: what a start catches up at most
    /// (about 0.1 s of replay).
    public static let snapshotInterval: Int64 = 2_000

    /// Writes the current state as the newest snapshot when the newest one is `interval` or more entries behind the
    /// journal (or there is none); returns the position written, if any. Older snapshots are removed.
    @discardableResult
    public func saveSnapshot(ifBehindBy interval: Int64 = 1) async throws -> Int64? {
        let newest = try await database.read { db in try await ownSnapshots(db).newest } ?? 0
        let current = try await snapshot()
        guard current.position - newest >= interval else { return nil }
        try await saveSnapshot(current.state, at: current.position)
        return current.position
    }

    /// Removes every snapshot: the next start reads every table (and writes a new one). For measurements and repairs.
    public func removeSnapshots() async throws {
        try await database.write { db in try await db.execute("DELETE FROM stateSnapshot") }
    }

    /// Keeps `state` as of `position` as the newest snapshot (another process's newer one wins). The store's own older
    /// snapshots give way; one not sealed by the key stays, for `ledger verify` to name.
    func saveSnapshot(_ state: MamoriState, at position: Int64) async throws {
        let snapshot = try StateSnapshot(state: state, position: position, vault: vault, at: Date())
        // The hash of the entry at `position`, read in the same transaction, when this snapshot is written.
        let written = try await database.write { db -> String? in
            let own = try await ownSnapshots(db)
            if let newest = own.newest, newest >= position { return nil }
            for old in own.all { try await db.execute("DELETE FROM stateSnapshot WHERE id = \(bind: old.id)") }
            try await db.insert(snapshot)
            return try await db.row("SELECT hash FROM journal WHERE position = \(bind: position)")?.text(0)
        }
        // How far the journal has reached, kept beside the key: a database put back from an older copy is named.
        if let hash = written { JournalReach.advance(to: position, hash: hash, in: directory, vault) }
    }

    /// This store's own snapshots (sealed by its key), newest first, and the position of the newest the journal reaches:
    /// one beyond the journal's end (a database put back to an earlier point), or one not sealed by the key, must not
    /// stand in the way of a newer one.
    private func ownSnapshots(_ db: any SQLConnection) async throws -> (all: [StateSnapshot], newest: Int64?) {
        let own = try await db.fetch(StateSnapshot.self, order: "position DESC").filter { $0.isSealed(by: vault) }
        let last = try await Store.lastPosition(db)
        return (own, own.first { $0.position <= last }?.position)
    }

    /// How many of the newest snapshots a start tries before it reads the tables.
    static let snapshotCandidates = 4

    /// The newest snapshot between `first` and `last` that opens with this store's key, decoded; nil when there is none
    /// (the tables are then read). One that does not open is passed over.
    func restoredSnapshot(from first: Int64, through last: Int64, _ db: any SQLConnection) async throws -> (state: MamoriState, position: Int64)? {
        let candidates = try await db.fetch(
            StateSnapshot.self, where: "position >= \(bind: first) AND position <= \(bind: last)",
            order: "position DESC", limit: Self.snapshotCandidates)
        for stored in candidates {
            if let state = try? stored.opened(with: vault) { return (state, stored.position) }
        }
        return nil
    }

    /// Whether every snapshot is the store's and the newest, brought up to the end of the journal, is the state the
    /// tables hold: nil when so (or there is none), otherwise the difference to report.
    func snapshotDifference(_ db: any SQLConnection) async throws -> StateDifference? {
        let stored = try await db.fetch(StateSnapshot.self, order: "position DESC")
        func difference(_ snapshot: StateSnapshot, _ ja: String, _ en: String) -> StateDifference {
            StateDifference(
                table: StateSnapshot.table, recordID: "\(snapshot.position)", column: nil, position: snapshot.position,
                reason: LocalizedText(ja: ja, en: en))
        }
        if let foreign = stored.first(where: { !$0.isSealed(by: vault) }) {
            return difference(
                foreign, "封印が鍵と合いません（書き換えられたか、別の鍵のものです。使われていません。mamori store forget-snapshots で消せます）",
                "its seal does not match the key (altered, or another key's; it is not used: mamori store forget-snapshots removes it)")
        }
        guard let newest = stored.first, var state = try newest.opened(with: vault) else { return nil }
        let last = try await Store.lastPosition(db)
        guard newest.position <= last else {
            return difference(newest, "仕訳の末尾より先の位置のものです", "it stands beyond the end of the journal")
        }
        try await catchUp(&state, after: newest.position, through: last, db)
        let tables = try await RecordTables.loadState(db)
        guard state == tables else {
            return difference(newest, "仕訳で更新した状態が、状態の表と一致しません", "brought up to date with the journal, it differs from the state tables")
        }
        return nil
    }
}

import Foundation
import MamoriCore

/// The whole state as of one journal position, as JSON, sealed with an HMAC under the store's key: what a process
/// starts from instead of reading every row of every table (at 1,000,000 journal entries, 8 s of rows against well
/// under a second for the snapshot and the entries after it). Derived, never evidence:
/// - a snapshot whose seal does not match (written by someone without the key file) is not used, and the tables are
///   read instead;
/// - `ledger verify` checks the newest one against the state tables (``Store/snapshotDifference(_:)``), so that what
///   the pages read is what verification covers.
struct StateSnapshot: TableRecord {
    static let table = "stateSnapshot"
    static var keyColumns: [String] { ["position"] }

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
    public func saveSnapshot(ifBehindBy interval: Int64 = 1) throws -> Int64? {
        let newest = try database.single { db in try db.value("SELECT MAX(position) FROM stateSnapshot").integer ?? 0 }
        let current = try snapshot()
        guard current.position - newest >= interval else { return nil }
        try saveSnapshot(current.state, at: current.position)
        return current.position
    }

    /// Removes every snapshot: the next start reads every table (and writes a new one). For measurements and repairs.
    public func removeSnapshots() throws {
        try database.write { db in try db.execute("DELETE FROM stateSnapshot", []) }
    }

    /// Keeps `state` as of `position` as the newest snapshot (another process's newer one wins).
    func saveSnapshot(_ state: MamoriState, at position: Int64) throws {
        let snapshot = try StateSnapshot(state: state, position: position, vault: vault, at: Date())
        let vault = vault
        try database.write { db in
            // One beyond the journal's end is not the journal's: it would stand in the way of every newer one.
            try db.execute("DELETE FROM stateSnapshot WHERE position > ?", [.integer(try Store.lastPosition(db))])
            if let newest = try db.fetch(StateSnapshot.self, order: "position DESC", limit: 1).first, newest.position >= position,
                newest.isSealed(by: vault)
            {
                return
            }
            // Older ones, and any whose seal is not this store's key's.
            try db.execute("DELETE FROM stateSnapshot", [])
            try db.insert(snapshot)
        }
    }

    /// The newest snapshot between `first` and `last` that opens with this store's key, decoded; nil when there is none
    /// or it does not open (the tables are then read).
    func restoredSnapshot(from first: Int64, through last: Int64, _ db: any SQLConnection) throws -> (state: MamoriState, position: Int64)? {
        guard
            let stored = try db.fetch(
                StateSnapshot.self, where: "position >= ? AND position <= ?", [.integer(first), .integer(last)],
                order: "position DESC", limit: 1
            ).first,
            let state = try? stored.opened(with: vault)
        else { return nil }
        return (state, stored.position)
    }

    /// Whether the newest snapshot, brought up to the end of the journal, is the state the tables hold: nil when it is
    /// (or there is none), otherwise the difference to report.
    func snapshotDifference(_ db: any SQLConnection) throws -> StateDifference? {
        guard let stored = try db.fetch(StateSnapshot.self, order: "position DESC", limit: 1).first else { return nil }
        func difference(_ ja: String, _ en: String) -> StateDifference {
            StateDifference(
                table: StateSnapshot.table, recordID: "\(stored.position)", column: nil, position: stored.position,
                reason: LocalizedText(ja: ja, en: en))
        }
        guard let opened = try? stored.opened(with: vault) else {
            return difference("封印が鍵と合いません（書き換えられたか、別の鍵のものです）", "its seal does not match the key (altered, or another key's)")
        }
        var state = opened
        let last = try Store.lastPosition(db)
        guard stored.position <= last else {
            return difference("仕訳の末尾より先の位置のものです", "it stands beyond the end of the journal")
        }
        try catchUp(&state, after: stored.position, through: last, db)
        guard state == (try RecordTables.loadState(db)) else {
            return difference("仕訳で更新した状態が、状態の表と一致しません", "brought up to date with the journal, it differs from the state tables")
        }
        return nil
    }
}

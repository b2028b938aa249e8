import GRDB
import MamoriCore

extension Store {
    /// The data events of one asset, oldest first.
    public func events(ofAsset assetID: String) throws -> [DataEvent] {
        try pool.read { db in
            try DataEvent.filter(Column("assetID") == assetID).order(Column("occurredAt"), Column("id")).fetchAll(db)
        }
    }

    /// The data events of a contract, oldest first; with `newest`, only that many of the latest, newest first.
    public func events(ofContract contractID: String, newest: Int? = nil) throws -> [DataEvent] {
        try pool.read { db in
            let all = DataEvent.filter(Column("contractID") == contractID)
            guard let newest else { return try all.order(Column("occurredAt"), Column("id")).fetchAll(db) }
            return try all.order(Column("occurredAt").desc, Column("id").desc).limit(newest).fetchAll(db)
        }
    }

    /// How many data events a contract has.
    public func eventCount(ofContract contractID: String) throws -> Int {
        try pool.read { db in try DataEvent.filter(Column("contractID") == contractID).fetchCount(db) }
    }
}

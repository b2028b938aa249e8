import MamoriCore

extension Store {
    /// The data events of one asset, oldest first.
    public func events(ofAsset assetID: String) async throws -> [DataEvent] {
        try await database.single { db in try await db.fetch(DataEvent.self, where: "assetID = \(bind: assetID)", order: "occurredAt, id") }
    }

    /// The data events of a contract, oldest first; with `newest`, only that many of the latest (after `skipping` the
    /// very latest), newest first.
    public func events(ofContract contractID: String, newest: Int? = nil, skipping: Int = 0) async throws -> [DataEvent] {
        try await database.single { db in
            guard let newest else { return try await db.fetch(DataEvent.self, where: "contractID = \(bind: contractID)", order: "occurredAt, id") }
            return try await db.fetch(
                DataEvent.self, where: "contractID = \(bind: contractID)", order: "occurredAt DESC, id DESC",
                limit: newest, offset: skipping)
        }
    }

    /// The contract's data event with this ID (another contract's is not found).
    public func event(_ id: String, ofContract contractID: String) async throws -> DataEvent? {
        try await database.single { db in
            try await db.fetch(DataEvent.self, where: "id = \(bind: id) AND contractID = \(bind: contractID)", order: "id").first
        }
    }

    /// How many data events a contract has.
    public func eventCount(ofContract contractID: String) async throws -> Int {
        try await database.single { db in try await db.count("dataEvent", where: "contractID = \(bind: contractID)") }
    }
}

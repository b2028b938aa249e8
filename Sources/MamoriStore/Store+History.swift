import Foundation
import MamoriCore

extension Store {
    /// The journal entries of an organization that name a record by its ID (as a JSON value in their payload), oldest
    /// first: the entry that added it, each step and correction, and the records that refer to it (a person's pledge).
    /// At most `limit`, the latest.
    public func entries(naming recordID: String, organizationID: String, limit: Int = 200) async throws -> [JournalEntry] {
        // The ID as a JSON string, with LIKE's wildcards escaped: matches a value, never part of one.
        let quoted = String(decoding: try JSONEncoder().encode(recordID), as: UTF8.self)
        let pattern =
            "%"
            + quoted.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await database.read { db in
            try await db.fetch(
                JournalEntry.self,
                """
                SELECT * FROM (SELECT * FROM journal WHERE organizationID = \(bind: organizationID) AND payload LIKE \(bind: pattern) ESCAPE '\\' \
                ORDER BY position DESC LIMIT \(bind: max(1, limit))) AS latest ORDER BY position
                """)
        }
    }
}

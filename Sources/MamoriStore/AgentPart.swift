import Foundation

/// The long lists PCs' check-ins name by digest (a PC's installed software), kept once per organization: a check-in
/// that names a part is stored only when its organization holds that part, so every stored check-in can be read back
/// whole. Parts are content-addressed and never change; the digest is the SHA-256 of the content.
extension Store {
    /// Keeps a part for an organization; returns false when it already held it (the content is then the same).
    @discardableResult
    public func addPart(organizationID: String, digest: String, content: String, at now: Date) async throws -> Bool {
        try await database.write { db in
            try await db.row(
                """
                INSERT INTO agentPart (organizationID, digest, content, receivedAt)
                VALUES (\(bind: organizationID), \(bind: digest), \(bind: content), \(bind: now)) ON CONFLICT DO NOTHING RETURNING 1
                """) != nil
        }
    }

    /// The parts among `digests` that the organization holds, by digest.
    public func parts(of organizationID: String, _ digests: Set<String>) async throws -> [String: String] {
        guard !digests.isEmpty else { return [:] }
        return try await database.single { db in
            var parts: [String: String] = [:]
            try await db.forEach(
                "SELECT digest, content FROM agentPart WHERE organizationID = \(bind: organizationID) AND digest IN (\(list: digests.sorted()))"
            ) { row in
                parts[row.text(0) ?? ""] = row.text(1)
            }
            return parts
        }
    }
}

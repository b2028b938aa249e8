import Foundation

/// What every result of a prepared rule book says whatever the PC — each rule's check, clauses and requirement —
/// kept once per content: a report's results name it by digest (the SHA-256 of the content) and hold only, per rule,
/// the status and what was seen. Nothing in it is personal or an organization's own beyond its contract's
/// parameters, which every report of that organization shows anyway.
extension Store {
    /// Keeps a rule set; returns false when it was already kept (the content is then the same).
    @discardableResult
    public func addRuleSet(digest: String, content: String, at now: Date) async throws -> Bool {
        try await database.write { db in
            try await db.row(
                "INSERT INTO agentRuleSet (digest, content, createdAt) VALUES (\(bind: digest), \(bind: content), \(bind: .real(now.timeIntervalSinceReferenceDate))) ON CONFLICT DO NOTHING RETURNING 1"
            ) != nil
        }
    }

    /// The content of the rule set with this digest, if kept.
    public func ruleSet(_ digest: String) async throws -> String? {
        try await database.single { db in try await db.row("SELECT content FROM agentRuleSet WHERE digest = \(bind: digest)")?.text(0) }
    }
}

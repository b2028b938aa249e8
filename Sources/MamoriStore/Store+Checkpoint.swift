import Crypto
import Foundation

extension Store {
    /// The Ed25519 key that signs journal checkpoints and submission bundles, kept beside the database as
    /// `mamori-signing.key` (mode 0600) and created on first use.
    public func signingKey() throws -> Curve25519.Signing.PrivateKey {
        let url = directory.appendingPathComponent("mamori-signing.key")
        if let data = FileManager.default.contents(atPath: url.path) {
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else { throw StoreError.badKeyFile(url.path) }
            return key
        }
        let key = Curve25519.Signing.PrivateKey()
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: key.rawRepresentation,
                attributes: [.posixPermissions: 0o600])
        else { throw StoreError.badKeyFile(url.path) }
        return key
    }

    /// The last entry of an organization's journal: its sequence number and hash; nil before its first entry.
    public func journalHead(of organizationID: String) async throws -> (seq: Int64, hash: String)? {
        try await database.single { db in
            try await db.row("SELECT seq, hash FROM journalHead WHERE organizationID = \(bind: organizationID)")
                .map { (seq: $0.integer(0) ?? 0, hash: $0.text(1) ?? "") }
        }
    }

    /// The hash of entry `seq` of an organization's journal, if it exists.
    public func journalHash(of organizationID: String, seq: Int64) async throws -> String? {
        try await database.single { db in
            try await db.value("SELECT hash FROM journal WHERE organizationID = \(bind: organizationID) AND seq = \(bind: seq)").text
        }
    }
}

import Foundation
import MamoriCore

/// How far this store's journal has reached, kept outside the database: `mamori.reached` beside `mamori.key`, the
/// position and hash of the entry each state snapshot was taken at, sealed with an HMAC under a key derived from
/// `mamori.key`, and only ever moved forward. The seals inside the database say each part is whole, but a database put
/// back whole from an older copy is whole too; this file says the journal was once longer, and `ledger verify` names
/// such a rollback.
///
/// What it cannot see: the file put back from the same older copy (whoever can write the directory can), nor a rollback
/// of less than the entries since the last snapshot (2,000 on a server). The city's signed checkpoints are the record
/// kept by someone else.
enum JournalReach {
    static let purpose = "mamori-journal-reached"
    static let fileName = "mamori.reached"

    static func file(in directory: URL) -> URL { directory.appendingPathComponent(fileName) }

    static func seal(position: Int64, hash: String, _ vault: Vault) -> String {
        JournalEndSeal.of(position: position, hash: hash, vault, purpose: purpose)
    }

    /// The position and hash the file holds, and whether its seal matches; nil without a file (a store from before it,
    /// or a directory it cannot be written to).
    static func read(in directory: URL, _ vault: Vault) -> (position: Int64, hash: String, sealed: Bool)? {
        guard let text = try? String(contentsOf: file(in: directory), encoding: .utf8) else { return nil }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 3, let position = Int64(parts[0]) else { return (0, "", false) }
        return (position, parts[1], parts[2] == seal(position: position, hash: parts[1], vault))
    }

    /// Moves the file forward to `position` (whose entry has `hash`); never back. Written beside, then moved over the
    /// old one, so that a crash leaves one or the other whole.
    static func advance(to position: Int64, hash: String, in directory: URL, _ vault: Vault) {
        if let known = read(in: directory, vault), known.sealed, known.position >= position { return }
        let text = "\(position) \(hash) \(seal(position: position, hash: hash, vault))\n"
        let temporary = directory.appendingPathComponent(fileName + ".new")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return
        }
        // rename(2) replaces the old file in one step (Foundation's replaceItemAt wants one to exist already).
        if rename(temporary.path, file(in: directory).path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }

    /// What is wrong with the journal against the file, as a broken chain head is reported (position 0).
    static func problem(_ db: any SQLConnection, in directory: URL, _ vault: Vault) async throws -> BrokenEntry? {
        guard let reached = read(in: directory, vault) else { return nil }
        guard reached.sealed else {
            return .journal(
                LocalizedText(
                    ja: "仕訳帳の到達点の記録（\(fileName)）の封印が一致しません", en: "the record of how far the journal reached (\(fileName)) does not match its seal"))
        }
        let hash = try await db.row("SELECT hash FROM journal WHERE position = \(bind: reached.position)")?.text(0)
        guard hash == reached.hash else {
            let last = try await Store.lastPosition(db)
            return .journal(
                LocalizedText(
                    ja: "このストアの仕訳帳は位置 \(reached.position) まで達していましたが、今は位置 \(last) までで、その仕訳もありません（古いコピーから戻されたデータベースです）",
                    en:
                        "this store's journal had reached position \(reached.position), but now ends at \(last) without that entry (a database put back from an older copy)"
                ))
        }
        return nil
    }
}

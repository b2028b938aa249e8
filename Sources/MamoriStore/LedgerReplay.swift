import Foundation
import MamoriCore

extension Store {
    /// Rebuilds the state from the journal alone into a new store in `directory` (which must hold no store yet)
    /// and returns it; its journal and state tables must equal this one's.
    public func replay(into directory: URL) async throws -> Store {
        let files = Store.files(in: directory)
        guard ![files.database, files.key].contains(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw StoreError.refused(CommandError(ja: "\(directory.path) には既にデータがあります", en: "\(directory.path) already holds a store"))
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Store.files(in: self.directory).key, to: files.key)
        let replayed = try await Store(directory: directory)
        try await database.read { db in
            try await replayed.database.write { target in
                var state = MamoriState()
                var journal = JournalWriter(after: try await Store.lastPosition(target), vault: replayed.vault)
                try await db.stream("SELECT * FROM journal ORDER BY position") { row in
                    let entry = try RowDecoder.decode(JournalEntry.self, from: row)
                    let (command, time) = try entry.replayed()
                    let rebuilt = try await replayed.append(
                        command, actor: entry.actor, time: time, timestamp: entry.recordedAt,
                        journal: &journal, state: &state, admitting: false,
                        keepingWritten: !entry.written.isEmpty, target)
                    guard rebuilt.hash == entry.hash else {
                        throw StoreError.refused(
                            CommandError(ja: "仕訳 \(entry.position) を再現できません", en: "entry \(entry.position) does not replay to the same hash"))
                    }
                }
                try await journal.finish(target)
            }
        }
        return replayed
    }
}

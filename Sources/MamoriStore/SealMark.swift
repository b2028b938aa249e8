import Foundation
import MamoriCore

/// A file beside `mamori.key` that says the rows of one kind in the store this directory opens are sealed. The
/// database alone cannot say so: whoever can write it can drop the seal columns and the record of their migration, to
/// have rows they changed sealed as a store from before seals. Each kind of seal has its own mark, written by every
/// open that finds its seals in place.
struct SealMark {
    /// The mark's file name (`mamori.sealed`, `mamori.heads-sealed`).
    let name: String
    /// The migration that adds the seal columns: the open that applies it seals the rows already there, once.
    let migration: String
    /// The table whose rows, when there are any, a store from before the seals holds.
    let table: String
    /// What the mark says, for whoever reads the file.
    let text: String
    /// The refusal of a store whose seals were taken out of the database.
    let removed: CommandError

    /// Seals the rows of a store from before seals with `sealAll`, as the migration that adds them runs — unless the
    /// directory's mark says the store was sealed already (the seals were removed to be made again over altered rows:
    /// refused) — and marks the directory. Rows are never sealed in bulk again, so that a seal removed later is a
    /// broken one.
    func sealOnce(
        _ database: any StoreDatabase, in directory: URL, _ sealAll: @escaping @Sendable (any SQLConnection) async throws -> Void
    ) async throws {
        let mark = directory.appendingPathComponent(name)
        if database.migrated.contains(migration) {
            try await database.write { db in
                guard try await db.count(table) > 0 else { return }
                guard !FileManager.default.fileExists(atPath: mark.path) else { throw StoreError.refused(removed) }
                try await sealAll(db)
            }
        }
        // Written where it can be: a copy of a store opened from a directory it cannot write (an auditor's read-only
        // copy, to verify it) still opens.
        if !FileManager.default.fileExists(atPath: mark.path) {
            _ = FileManager.default.createFile(atPath: mark.path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        }
    }
}

import Foundation
import GRDB
import Testing

@testable import MamoriStore

/// The write-ahead log is copied into the database file beside the writer, and begun again under a steady stream of
/// commits; without the checkpointer (and with commits not checkpointing) it only grows.
@Suite struct WALCheckpointerTests {
    @Test(arguments: [true, false]) func theLogIsCopiedAndBegunAgainWhileCommitsGoOn(checkpointing: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("db.sqlite")
        let pool = try DatabasePool(path: file.path)
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // A log begun again is cut back to nothing, so its size shows it.
            try db.execute(sql: "PRAGMA journal_size_limit = 0")
            try db.execute(sql: "CREATE TABLE t (x BLOB)")
        }
        let checkpointer = checkpointing ? try WALCheckpointer(pool: pool, resetFrames: 64) : nil
        defer { checkpointer?.stop() }
        // Rounds every 10 ms, as the server's service runs them every 250 ms.
        let rounds = Task {
            while !Task.isCancelled, let checkpointer {
                await checkpointer.checkpoint()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        defer { rounds.cancel() }
        let log = { (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? 0 }
        // 800 commits of 16 KB each, 2 ms apart: about 3,200 pages, the log begun again many times over if checkpointed.
        var commits = 0
        var smallest = Int.max
        while commits < 800 {
            try await pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (zeroblob(16384))") }
            commits += 1
            if commits > 100 { smallest = min(smallest, log()) }
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == commits)
        if checkpointing {
            #expect(smallest < 256 * 1024, "the log was begun again while commits went on (smallest \(smallest) bytes)")
            let main = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
            #expect(main >= (commits - 100) * 16_384, "the pages are in the database file")
        } else {
            #expect(log() >= commits * 16_384, "without it the log holds every commit")
        }
    }
}

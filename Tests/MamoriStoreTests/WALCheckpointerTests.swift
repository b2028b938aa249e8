import Foundation
import GRDB
import Testing

@testable import MamoriStore

/// The write-ahead log is copied into the database file beside the writer, and begun again under a steady stream of
/// commits; without the checkpointer (and with commits not checkpointing) it only grows.
@Suite struct WALCheckpointerTests {
    @Test(arguments: [true, false]) func theLogIsCopiedAndBegunAgainWhileCommitsGoOn(checkpointing: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("db.sqlite")
        let pool = try DatabasePool(path: file.path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // A log begun again is cut back to nothing, so its size shows it.
            try db.execute(sql: "PRAGMA journal_size_limit = 0")
            try db.execute(sql: "CREATE TABLE t (x BLOB)")
        }
        let checkpointer = checkpointing ? try WALCheckpointer(pool: pool, interval: .milliseconds(10), resetFrames: 64) : nil
        defer { checkpointer?.stop() }
        let log = { (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? 0 }
        // Two seconds of commits, 16 KB each: about 1,000 pages, the log begun again many times over if checkpointed.
        let start = Date()
        var commits = 0
        var smallest = Int.max
        while Date().timeIntervalSince(start) < 2 {
            try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (zeroblob(16384))") }
            commits += 1
            if commits > 100 { smallest = min(smallest, log()) }
            Thread.sleep(forTimeInterval: 0.002)
        }
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == commits)
        if checkpointing {
            #expect(smallest < 256 * 1024, "the log was begun again while commits went on (smallest \(smallest) bytes)")
            let main = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
            #expect(main >= (commits - 100) * 16_384, "the pages are in the database file")
        } else {
            #expect(log() >= commits * 16_384, "without it the log holds every commit")
        }
    }
}

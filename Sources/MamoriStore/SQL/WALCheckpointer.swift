import Foundation
import GRDB

/// Copies the write-ahead log into the database file from a connection of its own. SQLite otherwise
/// does it inside whichever commit crosses 1,000 pages (4 MB), and that commit — with every request waiting on it —
/// then copies the pages and waits for the disk to sync twice.
///
/// Each round (``checkpoint()``, every 250 ms while a server runs: `WALCheckpointService`, a service beside the web
/// server) a passive checkpoint copies what readers no longer need, beside the writer. A command line's store has no
/// rounds: its few commits leave the log to SQLite's own checkpoint at ``writerFrames``. The writer begins
/// the log again only once a checkpoint has caught up with it, which a steady stream of commits never lets happen.
/// So once the log holds `resetFrames`, passes follow one another, each copying what was written during the last
/// and so shorter, until one finds less than `tailFrames` added; a final one then runs on the writer's connection,
/// in its turn among the writes. It holds the writer only to copy and sync those last pages, and the next write
/// begins the log again. (Run at once, that last checkpoint held the writer for 70–90 ms on the bench machine, and
/// p99 of check-ins went from 30 to 90 ms.)
///
/// The log is begun again from 8 MB. Under a steady load the passes do not shorten below what two busy cores copy
/// while one runs, and every page SQLite reads is looked up in the log's index, whose cost grows with the log: on the
/// bench machine at ~2,000 check-ins/s, p99 was 132–180 ms from 128 MB, 47–70 ms from 32 MB, 24–30 ms from 8 MB and
/// 30–43 ms from 4 MB (more final checkpoints).
final class WALCheckpointer: Sendable {
    /// Pages the last pass may leave to the checkpoint on the writer's connection, and the most passes before it.
    static let tailFrames = 64
    static let maxPasses = 8
    /// Pages beyond which a commit checkpoints itself (`PRAGMA wal_autocheckpoint`): only if this checkpointer
    /// cannot keep up, or does not run (a command that ends within its first interval).
    static let writerFrames = 16_384
    /// Bytes the log file keeps when it begins again (`PRAGMA journal_size_limit`).
    static let logSizeLimit = 64 * 1024 * 1024

    /// Pages (of 4 KB) in the log from which it is begun again.
    let resetFrames: Int
    private let pool: DatabasePool
    /// Every round and every other checkpoint (``paused(_:)``) run on this connection's queue, one at a time.
    private let connection: DatabaseQueue

    /// A checkpointer of the database of `pool` (in WAL mode), on a connection of its own.
    init(pool: DatabasePool, resetFrames: Int = 2_048) throws {
        self.pool = pool
        self.resetFrames = resetFrames
        var configuration = Configuration()
        configuration.label = "mamori.wal-checkpoint"
        // Opening while another process recovers the log waits for it.
        configuration.busyMode = .timeout(5)
        connection = try DatabaseQueue(path: pool.path, configuration: configuration)
    }

    /// One round, on the connection's queue (the caller waits without holding a thread). A checkpoint that finds the
    /// database busy (another process checkpointing) or fails is tried again next round.
    func checkpoint() async {
        _ = try? await connection.writeWithoutTransaction { [self] db in rounds(db) }
    }

    /// A passive checkpoint; when the log has grown long, more passes and the last one on the writer's connection.
    private func rounds(_ db: Database) {
        guard var frames = passive(db), frames >= resetFrames else { return }
        for _ in 0..<Self.maxPasses {
            guard let now = passive(db) else { return }
            defer { frames = now }
            if now - frames < Self.tailFrames { break }
        }
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// One passive checkpoint on this connection; the pages the log holds.
    private func passive(_ db: Database) -> Int? {
        try? db.checkpoint(.passive).walFrameCount
    }

    /// Runs `body` (a checkpoint of another kind) between two rounds: SQLite runs one checkpoint at a time, and
    /// refuses a second at once rather than waiting. The caller waits without holding a thread.
    func paused<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await connection.writeWithoutTransaction { _ in try body() }
    }

    /// Closes the connection, after the round under way if any (a store is closed when a command or the server ends:
    /// waiting for that one round is then what it should do).
    func stop() {
        try? connection.close()
    }
}

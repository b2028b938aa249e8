import MamoriStore
import ServiceLifecycle

/// Runs beside the web server on SQLite: every `interval`, a round of copying the write-ahead log into the database
/// file beside the writer (``Store/checkpointLog()``), so that no request's commit does it. It ends at a graceful
/// shutdown; closing the store waits for a round under way.
public struct WALCheckpointService: Service {
    let store: Store
    let interval: Duration

    /// A service checkpointing `store`'s log every `interval` (250 ms: see `WALCheckpointer` for the figures).
    public init(store: Store, interval: Duration = .milliseconds(250)) {
        self.store = store
        self.interval = interval
    }

    public func run() async throws {
        let store = store
        let interval = interval
        await cancelWhenGracefulShutdown {
            // A sleep ended by the shutdown ends the loop.
            while (try? await Task.sleep(for: interval)) != nil {
                await store.checkpointLog()
            }
        }
    }
}

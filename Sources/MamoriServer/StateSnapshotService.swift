import Logging
import MamoriStore
import ServiceLifecycle

/// Runs beside the web server: every `interval`, writes a new state snapshot when the journal has moved
/// ``Store/snapshotInterval`` entries past the newest one, and one more at a graceful shutdown, so that the next start
/// (of this server, another sharing the database, or a command) catches up a few entries instead of reading every
/// table (``Store/saveSnapshot(ifBehindBy:)``).
public struct StateSnapshotService: Service {
    let store: Store
    let interval: Duration
    let logger: Logger

    /// A service keeping `store`'s snapshot near the journal's end.
    public init(store: Store, interval: Duration = .seconds(30), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let store = store
        let interval = interval
        let logger = logger
        await cancelWhenGracefulShutdown {
            // A sleep ended by the shutdown ends the loop.
            while (try? await Task.sleep(for: interval)) != nil {
                await Self.saveToTheEnd(store, behindBy: Store.snapshotInterval, logger)
            }
        }
        await Self.saveToTheEnd(store, behindBy: 1, logger)
    }

    /// Saves in a task of its own, which the shutdown does not cancel: a cancelled task's database call is refused
    /// before it starts, or broken off (GRDB and PostgresNIO check), and this one may be cancelled by now (a group
    /// ending) or at any moment.
    private static func saveToTheEnd(_ store: Store, behindBy entries: Int64, _ logger: Logger) async {
        await Task { await save(store, behindBy: entries, logger) }.value
    }

    private static func save(_ store: Store, behindBy entries: Int64, _ logger: Logger) async {
        do {
            if let position = try await store.saveSnapshot(ifBehindBy: entries) { logger.debug("state snapshot written at journal position \(position)") }
        } catch {
            logger.warning("the state snapshot could not be written (the next start reads the tables): \(String(describing: error))")
        }
    }
}

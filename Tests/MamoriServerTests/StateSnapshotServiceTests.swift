import Foundation
import Logging
import MamoriCore
import MamoriTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import MamoriServer
@testable import MamoriStore

/// The server keeps the state snapshot near the journal's end, and leaves one at its end when it stops gracefully, so
/// that the next start catches up a few entries at most.
@Suite struct StateSnapshotServiceTests {
    /// Adds one journal entry (a person): the journal then stands past any snapshot.
    static func addPerson(_ store: Store) async throws {
        try await store.execute(
            AddRecord(Person(id: "P-SNAP", contractID: DemoScenario.contractID, name: "新人", role: .staff, joinedOn: Day("2026-11-01")!)),
            actor: "test")
    }

    static func newestPosition(_ store: Store) async throws -> Int64? {
        try await store.database.read { db in try await db.value("SELECT MAX(position) FROM stateSnapshot").integer }
    }

    /// The warnings a logger was given.
    final class Warnings: Sendable {
        let messages = Mutex<[String]>([])

        var logger: Logger {
            Logger(label: "test") { _ in Handler(warnings: self) }
        }

        struct Handler: LogHandler {
            let warnings: Warnings
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .debug

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(event: LogEvent) {
                if event.level >= .warning { warnings.messages.withLock { $0.append("\(event.message)") } }
            }
        }
    }

    @Test(arguments: TestBackend.tested) func aGracefulShutdownLeavesASnapshotAtTheJournalsEnd(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        try await fixture.store.removeSnapshots()
        let warnings = Warnings()
        let service = StateSnapshotService(store: fixture.store, interval: .milliseconds(50), logger: warnings.logger)
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        try await Self.addPerson(fixture.store)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Self.newestPosition(fixture.store) == nil, "fewer than \(Store.snapshotInterval) entries behind: left to the shutdown")
        await group.triggerGracefulShutdown()
        try await running.value
        let last = try await fixture.store.database.read { db in try await Store.lastPosition(db) }
        #expect(try await Self.newestPosition(fixture.store) == last)
        // The sleep the shutdown ends is not followed by a save that the cancelled task would have refused.
        #expect(warnings.messages.withLock { $0 }.isEmpty, "\(warnings.messages.withLock { $0 })")
    }

    /// The server's group cancels the services left once the web server has stopped: the last snapshot is written all
    /// the same (a cancelled task's database call is refused before it starts).
    @Test func aCancelledServiceStillLeavesItsLastSnapshot() async throws {
        let fixture = try await ServerFixture(.sqlite)
        try await fixture.store.removeSnapshots()
        let service = StateSnapshotService(store: fixture.store, interval: .seconds(60), logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        try await Self.addPerson(fixture.store)
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        try await running.value
        let last = try await fixture.store.database.read { db in try await Store.lastPosition(db) }
        #expect(try await Self.newestPosition(fixture.store) == last)
    }
}

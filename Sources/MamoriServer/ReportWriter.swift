import Foundation
import MamoriStore
import Synchronization

/// Writes the reports PCs post in batches, one transaction each. Each transaction rewrites the same table, index and
/// device pages whatever it holds, so a batch waits, up to `gathering` after its first report, for the check-ins
/// already being received, verified and evaluated (`write(_:)` counts them from their start; one that is refused
/// still holds the batch until it is, at most `gathering`). It never waits for check-ins that have not arrived, so a
/// lone PC's report is written at once. Each caller returns only once its
/// report is written.
final class ReportWriter: Sendable {
    /// The longest the first report of a batch waits for others.
    static let gathering: Duration = .milliseconds(2)

    private struct Queue {
        var reports: [(report: DeviceReport, organizationID: String)] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        /// When the first report of the batch being gathered arrived.
        var firstArrival = ContinuousClock.now
        /// Reports being prepared, which will join the batch.
        var preparing = 0
        var writing = false
        /// The writing task, waiting for the reports being prepared (resumed when the last of them joins or fails).
        var gathering: CheckedContinuation<Void, Never>?

        /// Hands back the writing task's wait, to be resumed, once no report is being prepared.
        mutating func gatheredWait() -> CheckedContinuation<Void, Never>? {
            guard preparing == 0, let waiting = gathering else { return nil }
            gathering = nil
            return waiting
        }
    }

    private let store: Store
    private let queue = Mutex(Queue())

    init(store: Store) {
        self.store = store
    }

    /// Prepares a report (reads and evaluates a check-in) and stores it with the others of its batch; returns, once
    /// it is written, what `prepare` gave beside it. `prepare` names the organization the report was evaluated for;
    /// the write refuses it if its PC is not that organization's (``Store/add(_:)``). Nothing is stored when
    /// `prepare` throws.
    func write<Answer>(_ prepare: () async throws -> (report: DeviceReport, organizationID: String, answer: Answer)) async throws -> Answer {
        queue.withLock { $0.preparing += 1 }
        let (report, organizationID, answer): (DeviceReport, String, Answer)
        do {
            (report, organizationID, answer) = try await prepare()
        } catch {
            queue.withLock { queue in
                queue.preparing -= 1
                return queue.gatheredWait()
            }?.resume()
            throw error
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (startsWriting, gathered) = queue.withLock { queue in
                queue.preparing -= 1
                if queue.reports.isEmpty { queue.firstArrival = .now }
                queue.reports.append((report, organizationID))
                queue.waiters.append(continuation)
                defer { queue.writing = true }
                return (!queue.writing, queue.gatheredWait())
            }
            gathered?.resume()
            // One writing task at a time; it holds no thread while it waits for a batch to gather or for the database.
            // Every other writer waits for the journal's lock while it writes, so its answers from the database are taken
            // before new requests' work (on PostgreSQL each of its statements is a round trip).
            if startsWriting { Task(priority: .high) { await self.drain() } }
        }
        return answer
    }

    /// Check-ins being prepared now.
    var preparing: Int { queue.withLock { $0.preparing } }

    /// Stores `report`, evaluated for `organizationID`, with the others of its batch; returns when it is written.
    func write(_ report: DeviceReport, for organizationID: String) async throws {
        try await write { (report, organizationID, ()) }
    }

    /// Writes batches until none is waiting: each once the reports being prepared have joined it, or it has waited
    /// `gathering`.
    private func drain() async {
        while let gathered = queue.withLock({ queue -> Bool? in
            guard !queue.reports.isEmpty else {
                queue.writing = false
                return nil
            }
            return queue.preparing == 0 || ContinuousClock.now - queue.firstArrival >= Self.gathering
        }) {
            guard gathered else {
                await waitForGathering()
                continue
            }
            let (reports, waiters) = queue.withLock { queue in
                defer {
                    queue.reports = []
                    queue.waiters = []
                }
                return (queue.reports, queue.waiters)
            }
            await write(reports, waiters)
        }
    }

    /// Waits until no report is being prepared, or the batch has waited ``gathering``: woken by the report that joins
    /// last (or fails), or by a timer at the batch's deadline — not by polling, whose wake-ups every 100 µs cost
    /// the check-ins' CPU.
    private func waitForGathering() async {
        let deadline = queue.withLock { $0.firstArrival } + Self.gathering
        let timer = Task {
            // Cancelled once the wait ended otherwise: it must not wake a later one.
            guard (try? await Task.sleep(until: deadline)) != nil else { return }
            queue.withLock { queue in
                defer { queue.gathering = nil }
                return queue.gathering
            }?.resume()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = queue.withLock { queue -> Bool in
                guard queue.preparing > 0, ContinuousClock.now < deadline else { return true }
                queue.gathering = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
    }

    private func write(_ reports: [(report: DeviceReport, organizationID: String)], _ waiters: [CheckedContinuation<Void, any Error>]) async {
        do {
            try await store.add(reports)
            waiters.forEach { $0.resume() }
        } catch {
            // One bad report must not fail the others: write them one by one.
            for (report, waiter) in zip(reports, waiters) {
                do {
                    try await store.add([report])
                    waiter.resume()
                } catch {
                    waiter.resume(throwing: error)
                }
            }
        }
    }
}

import Dispatch
import Foundation
import MamoriStore
import Synchronization

/// Writes the reports PCs post in batches: whatever arrives while one batch is being written goes into the next
/// transaction, so that a burst of check-ins costs one disk sync per batch rather than one per report. Each caller
/// returns only once its report is durable.
final class ReportWriter: Sendable {
    private struct Queue {
        var reports: [DeviceReport] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var writing = false
    }

    private let store: Store
    private let queue = Mutex(Queue())
    /// Where batches are written: a thread of its own, so that waiting on the disk never holds one of the few threads
    /// of the concurrency pool (two on a two-core server) that answer requests.
    private let writer = DispatchQueue(label: "mamori.report-writer")

    init(store: Store) {
        self.store = store
    }

    /// Stores `report` with the others waiting; returns when it is written.
    func write(_ report: DeviceReport) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startsWriting = queue.withLock { queue in
                queue.reports.append(report)
                queue.waiters.append(continuation)
                defer { queue.writing = true }
                return !queue.writing
            }
            if startsWriting { self.writer.async { self.drain() } }
        }
    }

    private func drain() {
        while let (reports, waiters) = queue.withLock({ queue -> ([DeviceReport], [CheckedContinuation<Void, any Error>])? in
            guard !queue.reports.isEmpty else {
                queue.writing = false
                return nil
            }
            defer { queue.reports = []; queue.waiters = [] }
            return (queue.reports, queue.waiters)
        }) {
            do {
                try store.add(reports)
                waiters.forEach { $0.resume() }
            } catch {
                // One bad report must not fail the others: write them one by one.
                for (report, waiter) in zip(reports, waiters) {
                    do {
                        try store.add([report])
                        waiter.resume()
                    } catch {
                        waiter.resume(throwing: error)
                    }
                }
            }
        }
    }
}

import Synchronization

/// A lock held across `await`: whoever comes next waits suspended, holding no thread, and turns are taken in order.
///
/// Hand-written: the standard library's `Mutex` must not be held across a suspension, and no kept package has an
/// async lock (swift-async-algorithms has none; NIO's and PostgresNIO's are internal).
final class AsyncGate: Sendable {
    private struct Turns {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let turns = Mutex(Turns())

    /// Runs `body` while holding the gate.
    func withLock<T>(_ body: () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        if turns.withLock({ turns in
            turns.held
                ? false
                : {
                    turns.held = true
                    return true
                }()
        }) {
            return
        }
        await withCheckedContinuation { continuation in
            let entered = turns.withLock { turns in
                if !turns.held {
                    turns.held = true
                    return true
                }
                turns.waiting.append(continuation)
                return false
            }
            if entered { continuation.resume() }
        }
    }

    /// Hands the gate to the first who waits, or leaves it open.
    private func leave() {
        let next = turns.withLock { turns -> CheckedContinuation<Void, Never>? in
            guard !turns.waiting.isEmpty else {
                turns.held = false
                return nil
            }
            return turns.waiting.removeFirst()
        }
        next?.resume()
    }
}

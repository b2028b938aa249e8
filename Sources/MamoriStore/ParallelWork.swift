import Foundation

/// Runs a few long, database-bound pieces of work at once, each on a thread of its own. `DispatchQueue.concurrentPerform`
/// is for CPU work: on a two-core machine it runs two iterations at a time and nests badly (measured: a verification's
/// three reads inside it ran one after another); these pieces wait on their own connections, so each gets a thread.
enum ParallelWork {
    /// Runs `body(0)` … `body(count - 1)` at once and returns when all have.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchSemaphore(value: 0)
        for index in 1..<max(1, count) {
            let thread = Thread {
                body(index)
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        body(0)
        for _ in 1..<max(1, count) { done.wait() }
    }
}

import Dispatch
import Synchronization

/// Runs a transaction body, which is async, to its end on the thread that calls ``run(_:on:)``: a task whose every
/// job that thread runs in turn.
///
/// SQLite's statements are calls into the library on the connection's own thread: GRDB lends a connection only inside
/// a closure on its dispatch queue, and checks that it is used there. The store's transaction bodies are async because
/// PostgreSQL's statements are awaited. Inside GRDB's closure (reached through GRDB's async API, so that the awaiting
/// request holds no thread), the body then runs where GRDB allows the connection: a SQLite statement never suspends,
/// so the task runs as one job, and a body that awaits anything else resumes here too. A body that uses this connection
/// from another one's (reading one database while writing another) hands each statement back to this thread
/// (``SQLiteDatabase``'s connections run every statement under their executor's preference).
///
/// Hand-written: neither the standard library nor a kept package runs a task on a given thread.
final class InlineTaskExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {}

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    /// Runs `body` on this thread with the connection `connection` makes (given this executor) and returns what it
    /// returned.
    static func run<T>(_ body: TransactionBody<T>, on connection: (InlineTaskExecutor) -> any SQLConnection) throws -> T {
        let executor = InlineTaskExecutor()
        let connection = connection(executor)
        Task(executorPreference: executor) { await body.run(connection) }
        while !body.isFinished {
            executor.ready.wait()
            while let job = executor.jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                job.runSynchronously(on: executor.asUnownedTaskExecutor())
            }
        }
        return try body.result()
    }
}

/// A transaction body lent to another thread for the time of one call, and its outcome.
///
/// `@unchecked Sendable`: the body and the outcome are touched by one thread at a time — the caller hands the box to
/// GRDB's queue and waits for it; there ``InlineTaskExecutor/run(_:on:)`` runs the body and reads the outcome on
/// that one thread.
final class TransactionBody<T>: @unchecked Sendable {
    private var body: ((any SQLConnection) async throws -> T)?
    private var outcome: Result<T, any Error>?

    /// Lends `body` to `work` for the time of the call: the box lets go of it before returning, so that the body never
    /// outlives the call (whatever keeps the box).
    static func lending<R>(
        _ body: (any SQLConnection) async throws -> T, to work: (TransactionBody<T>) async throws -> R
    ) async throws -> R {
        try await withoutActuallyEscaping(body) { body in
            let box = TransactionBody(body: body)
            defer { box.body = nil }
            return try await work(box)
        }
    }

    private init(body: @escaping (any SQLConnection) async throws -> T) {
        self.body = body
    }

    var isFinished: Bool { outcome != nil }

    func run(_ connection: any SQLConnection) async {
        guard let body else {
            outcome = .failure(CancellationError())
            return
        }
        self.body = nil
        do { outcome = .success(try await body(connection)) } catch { outcome = .failure(error) }
    }

    func result() throws -> T {
        try outcome!.get()
    }
}

import CSpawn
import Foundation
import Glibc

/// A program run with `posix_spawn`: to its end with its output read (``run(_:environment:directory:timeout:outputLimit:)``),
/// or started beside the caller and stopped later (``start(_:environment:directory:output:)``).
///
/// Hand-written, for a stated risk. Foundation's `Process.run()` on Linux (Swift 6.3.1) copies each `/proc/self/fd`
/// entry's whole 256-byte name field, past the end of glibc's directory buffer when an entry lies at its tail: a
/// process with some 1,400 descriptors open dies of SIGSEGV (swift-corelibs-foundation#5472; CI's test process, with
/// the suites' servers and stores open at once, crashed so). swift-subprocess does not have the fault, but it is async
/// only, and the agent's collectors are synchronous: bridging each of a scan's forty commands back would block a thread
/// on a task, which on the concurrency pool can wait forever. Here the child gets no descriptor of ours but the pipes
/// (`posix_spawn_file_actions_addclosefrom_np`, through the `CSpawn` shim), default signal dispositions, and is killed at its deadline.
public struct ChildProcess: Sendable {
    /// How a program ended.
    public enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        init(waitStatus status: Int32) {
            self = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
        }

        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    /// What a program that ran to its end printed.
    public struct Finished: Sendable {
        public let termination: Termination
        public let output: [UInt8]
        public let error: [UInt8]

        public var succeeded: Bool { termination == .exited(0) }
        public var outputText: String { String(decoding: output, as: UTF8.self) }
        public var errorText: String { String(decoding: error, as: UTF8.self) }
    }

    /// Why a program did not run to its end.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The running program's process ID.
    public let pid: pid_t

    /// Runs `arguments[0]` (an absolute path) with the rest as arguments, and reads what it prints to standard output
    /// and standard error (each up to `outputLimit` bytes; more is read and dropped, so the program never blocks).
    /// `environment` nil passes this process's own. Killed, and a failure, at `timeout`.
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil, timeout: Duration,
        outputLimit: Int = 16 << 20
    ) throws(Failure) -> Finished {
        let deadline = ContinuousClock.now + timeout
        var pipes: [[Int32]] = []
        for _ in 0..<2 {
            var ends: [Int32] = [0, 0]
            guard cspawn_pipe_cloexec(&ends) == 0 else {
                pipes.joined().forEach { close($0) }
                throw Failure(description: "\(arguments.first ?? "?"): no pipe (\(String(cString: strerror(errno))))")
            }
            pipes.append(ends)
        }
        let child: ChildProcess
        do {
            child = try spawn(
                arguments, environment: environment, directory: directory, stdout: .descriptor(pipes[0][1]), stderr: .descriptor(pipes[1][1]))
        } catch {
            pipes.joined().forEach { close($0) }
            throw error
        }
        close(pipes[0][1])
        close(pipes[1][1])
        defer {
            close(pipes[0][0])
            close(pipes[1][0])
        }
        var collected = [[UInt8]](repeating: [], count: 2)
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open.contains(true) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return try child.killed(after: timeout, arguments) }
            var polled = (0..<2).filter { open[$0] }.map { pollfd(fd: pipes[$0][0], events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(remaining.components.seconds * 1_000 + 1, 60_000)))
            if ready < 0 && errno != EINTR { return try child.killed(after: timeout, arguments) }
            for entry in polled where entry.revents != 0 {
                let index = pipes[0][0] == entry.fd ? 0 : 1
                let count = buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: buffer.prefix(min(count, max(0, outputLimit - collected[index].count))))
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    open[index] = false
                }
            }
        }
        guard let termination = child.wait(until: deadline) else { return try child.killed(after: timeout, arguments) }
        return Finished(termination: termination, output: collected[0], error: collected[1])
    }

    /// Where a started program's output goes.
    public enum Sink: Sendable {
        /// Discarded (`/dev/null`).
        case discarded
        /// Written to this file, created or truncated.
        case file(String)
        /// This descriptor of ours (the child's copy; ours stays with the caller).
        case descriptor(Int32)
    }

    /// Starts `arguments[0]` (an absolute path) beside this process, its input `/dev/null`; stop it with ``kill(_:)``
    /// and ``wait(until:)``.
    public static func start(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil, output: Sink = .discarded, error: Sink = .discarded
    ) throws(Failure) -> ChildProcess {
        try spawn(arguments, environment: environment, directory: directory, stdout: output, stderr: error)
    }

    /// Sends `signal` (SIGKILL unless said).
    public func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// Whether the program still runs (an ended one is left for ``wait(until:)`` to reap).
    public var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    /// Waits for the program's end until `deadline` (a minute from now unless said); nil if it still runs then.
    @discardableResult
    public func wait(until deadline: ContinuousClock.Instant = .now + .seconds(60)) -> Termination? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return Termination(waitStatus: status) }
            if reaped < 0 && errno != EINTR { return .signaled(SIGKILL) }
            if ContinuousClock.now >= deadline { return nil }
            usleep(2_000)
        }
    }

    private func killed(after timeout: Duration, _ arguments: [String]) throws(Failure) -> Finished {
        kill()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        throw Failure(description: "\(arguments.first ?? "?"): timed out after \(timeout)")
    }

    private static func spawn(
        _ arguments: [String], environment: [String: String]?, directory: String?, stdout: Sink, stderr: Sink
    ) throws(Failure)
        -> ChildProcess
    {
        guard let executable = arguments.first else { throw Failure(description: "no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, sink) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch sink {
            case .discarded: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        if let directory { cspawn_addchdir(&actions, directory) }
        cspawn_addclosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        var noSignal = sigset_t()
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let environment = environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw Failure(description: "\(executable): \(String(cString: strerror(code)))") }
        return ChildProcess(pid: pid)
    }
}

import Foundation

/// Runs a fixed command (an argument array, never a shell string) with a timeout; read-only commands only. A command
/// that exits with a failure status and prints nothing is a failure.
///
/// On Foundation's `Process`, not swift-subprocess (which the server's mail sender uses): the collectors that call it
/// are synchronous, a scan runs some forty commands one after another, and swift-subprocess is async only — bridging
/// each call back would block a thread on a task, the risk this avoids.
public struct CommandRunner: Sendable {
    /// What a command printed, or why it did not run.
    public typealias Output = Result<String, ReadFailure>

    private let run: @Sendable ([String], Duration) -> Output

    /// A runner that executes real processes.
    public static let live = CommandRunner { arguments, timeout in
        CommandRunner.execute(arguments, timeout: timeout)
    }

    /// A runner with its own behaviour (tests feed recorded outputs through it).
    public init(_ run: @escaping @Sendable ([String], Duration) -> Output) {
        self.run = run
    }

    /// Runs `arguments[0]` with the rest as arguments.
    public func callAsFunction(_ arguments: [String], timeout: Duration = .seconds(10)) -> Output {
        run(arguments, timeout)
    }

    /// The facts a command's output gives; when the command does not run, every one of them is unknown with the reason.
    func facts(_ command: [String], timeout: Duration = .seconds(60), _ parse: (String) -> [Fact]) -> [Fact] {
        self(command, timeout: timeout).facts(parse)
    }

    private static func execute(_ arguments: [String], timeout: Duration) -> Output {
        guard let executable = arguments.first, FileManager.default.isExecutableFile(atPath: executable) else {
            return .failure(ReadFailure("\(arguments.first ?? "?"): not installed"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.environment = ["LANG": "C", "LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return .failure(ReadFailure("\(executable): \(error.localizedDescription)"))
        }
        // Read on another thread so that a command that hangs with its output open still times out.
        let read = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var data = Data()
        let reader = output.fileHandleForReading
        DispatchQueue.global().async {
            data = reader.readDataToEndOfFile()
            read.signal()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            _ = read.wait(timeout: .now() + 1)
            return .failure(ReadFailure("\(executable): timed out after \(timeout)"))
        }
        read.wait()
        // A command that failed and printed nothing tells nothing (a missing tool behind `env`, an absent registry key).
        if process.terminationStatus != 0, data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(ReadFailure("\(executable): exit status \(process.terminationStatus)"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}

extension Result where Success == String, Failure == ReadFailure {
    /// The facts this output gives; without one (a command that did not run, a section that failed), every one of them is
    /// unknown with the reason: a reading that failed tells nothing, not even what its absence would mean.
    func facts(_ parse: (String) -> [Fact]) -> [Fact] {
        switch self {
        case .success(let text): parse(text)
        case .failure(let failure): parse("").unknown(because: failure.reason, all: true)
        }
    }
}

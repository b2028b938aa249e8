import Foundation

/// Runs a fixed command (an argument array, never a shell string) with a timeout; read-only commands only. A command
/// that exits with a failure status and prints nothing is a failure.
///
/// On ``ChildProcess`` (which says why neither Foundation's `Process` nor swift-subprocess): the collectors that call
/// it are synchronous, and a scan runs some forty commands one after another.
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
        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess.run(arguments, environment: ["LANG": "C", "LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], timeout: timeout)
        } catch {
            return .failure(ReadFailure(error.description))
        }
        // A command that failed and printed nothing tells nothing (a missing tool behind `env`, an absent registry key).
        if !finished.succeeded, finished.output.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(ReadFailure("\(executable): \(finished.termination)"))
        }
        return .success(finished.outputText)
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

import ArgumentParser
import Foundation
import MamoriAgentKit

/// `mamori-agent`: checks this PC's settings against the CS clauses and reports signed results.
@main
struct MamoriAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mamori-agent",
        abstract: "Mamori エンドポイントエージェント / Mamori endpoint agent.",
        subcommands: [ScanCommand.self, VerifyCommand.self, EnrollCommand.self, SubmitCommand.self, InstallCommand.self, Checks.self]
    )

    /// `mamori-agent checks`: the checks this agent knows, with their IDs.
    struct Checks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "チェック項目の一覧 / List the agent's checks.")

        @Option(help: "ja (default) or en.") var lang = "ja"

        func run() async throws {
            for check in try AgentCheckCatalog.bundled().checks {
                print("\(check.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(lang == "en" ? check.title.en : check.title.ja)")
            }
        }
    }
}

/// The agent's state directory: the device key and the last inventory.
struct StateOptions: ParsableArguments {
    @Option(help: "State directory (device key, last inventory).")
    var state: String = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".mamori-agent").path

    var url: URL { URL(fileURLWithPath: state) }
}

/// Prints an agent error in both languages and exits 2.
func fail(_ error: AgentError, lang: String) -> ExitCode {
    FileHandle.standardError.write(Data(((lang == "en" ? error.message.en : error.message.ja) + "\n").utf8))
    return ExitCode(2)
}

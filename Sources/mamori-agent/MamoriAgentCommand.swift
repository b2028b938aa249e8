import ArgumentParser
import MamoriAgentKit

/// `mamori-agent`: checks this PC's settings against the CS clauses and reports signed results.
@main
struct MamoriAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mamori-agent",
        abstract: "Mamori エンドポイントエージェント / Mamori endpoint agent.",
        subcommands: [Checks.self]
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

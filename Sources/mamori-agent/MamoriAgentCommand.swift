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

/// How to reach the server, where it differs from the system's way: an office proxy, a city's own CA.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Proxy URL (http://proxy:8080), or direct; by default https_proxy/no_proxy, or WinHTTP's on Windows. Kept at enroll.")
    var proxy: String?
    @Option(help: "PEM file of the CA the server's certificate must chain to (a city's private CA). Kept at enroll.")
    var caFile: String?

    /// `connection` with these options in place of its own; the CA file as an absolute path that exists.
    func applied(to connection: ServerConnection) throws -> ServerConnection {
        let caPath = try caFile.map { path in
            let url = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw AgentError.badOption(ja: "--ca-file \(path) は読めるファイルではありません", en: "--ca-file \(path) is not a readable file")
            }
            return url.path
        }
        if let proxy, proxy.lowercased() != "direct", URL(string: proxy)?.host == nil {
            throw AgentError.badOption(
                ja: "--proxy \(proxy) は http://proxy:8080 のような URL ではありません", en: "--proxy \(proxy) is not a URL such as http://proxy:8080")
        }
        return connection.overridden(proxy: proxy, caFile: caPath)
    }
}

/// Prints an agent error in both languages and exits 2.
func fail(_ error: AgentError, lang: String) -> ExitCode {
    FileHandle.standardError.write(Data(((lang == "en" ? error.message.en : error.message.ja) + "\n").utf8))
    return ExitCode(2)
}

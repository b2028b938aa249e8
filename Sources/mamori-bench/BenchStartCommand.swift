import ArgumentParser
import Foundation
import HummingbirdBcrypt
import MamoriAgentKit
import MamoriCore
import MamoriServer
import MamoriStore

extension BenchCommand {
    /// `mamori-bench start`: how long commands and a server's first page take on a large existing store (one made by
    /// `mamori-bench journal --data DIR`): each CLI command, then `mamori serve` from its start to the dashboard's
    /// first answer for a signed-in member. With `--without-snapshot`, the state snapshot is removed before each run,
    /// so that the figures are those of a start that reads every table.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "起動の速さ / Each CLI command and the first page after `mamori serve` starts, on a large store.")
        @Option(help: "Data directory of the store (e.g. made by `mamori-bench journal --data DIR`).") var data: String
        @Option(help: "The mamori program (default: beside this one).") var mamori: String?
        @Option(help: "Runs of each measurement; the median is printed.") var runs = 3
        @Flag(help: "Remove the state snapshot before each run (a start that reads every table).") var withoutSnapshot = false

        func validate() throws {
            try BenchBounds.validate([("runs", runs, 1...1_000)])
        }

        func run() async throws {
            let program = mamori ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mamori").path
            let directory = URL(fileURLWithPath: data)
            let cookie: String
            do {
                let store = try await Store(directory: directory)
                defer { try? store.close() }
                let account = Account(
                    id: "account-bench-start-\(UUID().uuidString.prefix(8))", login: "bench-start-\(UUID().uuidString.prefix(8))",
                    displayName: "bench", passwordHash: Bcrypt.hash("unused-\(UUID())", cost: 4), createdAt: Date())
                try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: "contractor", role: .supervisor)])
                cookie = try await ServerEnvironment(store: store, passwordCost: 4).openSession(for: account.id)
            }
            let store = ["--data", data]
            let commands: [(String, [String])] = [
                ("user add", ["user", "add", "--organization", "contractor", "--role", "staff", "--name", "計測"] + store),
                ("user list", ["user", "list", "--organization", "contractor"] + store),
                ("status", ["status", BenchCommand.contractID] + store),
                ("data list", ["data", "list", "--contract", BenchCommand.contractID] + store),
                ("data history", ["data", "history", "A1", "--contract", BenchCommand.contractID] + store),
                ("staff list", ["staff", "list", "--contract", BenchCommand.contractID] + store),
                (
                    "report compliance_status",
                    [
                        "report", "compliance_status", "--format", "xlsx", "--contract", BenchCommand.contractID,
                        "--out", FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-report-\(UUID().uuidString)").path
                    ] + store
                )
            ]
            for (name, arguments) in commands {
                var seconds: [Double] = []
                for run in 0..<runs {
                    try await removeSnapshot(directory)
                    let login = name == "user add" ? ["--login", "bench-\(UUID().uuidString.prefix(8))-\(run)"] : []
                    let start = Date()
                    let status = try Self.run(program, arguments + login)
                    seconds.append(Date().timeIntervalSince(start))
                    guard status == 0 else { throw ValidationError("mamori \(name) exited \(status)") }
                }
                print("mamori \(name): median \(format(seconds.sorted()[seconds.count / 2])) s (of \(runs))")
            }
            var firstPages: [Double] = []
            for _ in 0..<runs {
                try await removeSnapshot(directory)
                let port = Int.random(in: 20_000..<40_000)
                let start = Date()
                let server = try ChildProcess.start([program, "serve", "--port", "\(port)"] + store)
                defer {
                    server.kill(SIGTERM)
                    server.wait()
                }
                let url = "http://127.0.0.1:\(port)/contracts/\(BenchCommand.contractID)"
                while try Self.fetch(url, cookie: cookie) != 200 {
                    guard Date().timeIntervalSince(start) < 120 else { throw ValidationError("no dashboard after 120 s") }
                    try await Task.sleep(for: .milliseconds(10))
                }
                firstPages.append(Date().timeIntervalSince(start))
            }
            print(
                "serve → first dashboard: median \(format(firstPages.sorted()[firstPages.count / 2])) s (of \(runs))"
                    + (withoutSnapshot ? ", every table read" : ", from the snapshot"))
        }

        private func removeSnapshot(_ directory: URL) async throws {
            guard withoutSnapshot else { return }
            let store = try await Store(directory: directory)
            defer { try? store.close() }
            try await store.removeSnapshots()
        }

        /// Runs a command to its end, its output discarded; its exit status.
        static func run(_ program: String, _ arguments: [String]) throws -> Int32 {
            switch try ChildProcess.start([program] + arguments).wait(until: .now + .seconds(3_600)) {
            case .exited(let code)?: code
            case .signaled(let signal)?: 128 + signal
            case nil: throw ValidationError("\(program) \(arguments.first ?? "") did not end within an hour")
            }
        }

        /// The HTTP status of a GET with the session cookie (0 while nothing answers), by curl.
        static func fetch(_ url: String, cookie: String) throws -> Int {
            let fetched = try ChildProcess.run(
                ["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Cookie: \(cookie)", url], timeout: .seconds(60))
            return Int(fetched.outputText) ?? 0
        }
    }
}

import ArgumentParser
import Foundation
import Logging
import MamoriCore
import MamoriServer
import MamoriStore

extension BenchCommand {
    /// `mamori-bench mail`: alerts through the outbox to a real SMTP server — messages per second, and the delay from
    /// an incident being recorded to its mail's arrival. Run `script/smtp-sink.py` first; its `arrivals.log` gives
    /// each arrival's time.
    struct Mail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mail", abstract: "お知らせのメール / Alert mail: messages per second, incident-to-arrival delay.")

        @Option(help: "The SMTP server (as serve --smtp).") var smtp: String
        @Option(help: "The CA of the SMTP server's certificate.") var smtpCAFile: String?
        @Option(help: "The sink's arrivals.log (script/smtp-sink.py --dir DIR writes DIR/arrivals.log).") var arrivals: String
        @Option(help: "Recipients of the throughput run (one incident alerts each).") var recipients = 500
        @Option(help: "Incidents recorded one after another for the delay.") var incidents = 100

        func validate() throws {
            try BenchBounds.validate([("recipients", recipients, 1...100_000), ("incidents", incidents, 1...100_000)])
        }

        func run() async throws {
            // Throughput: one incident, one message per recipient, sent by one worker.
            try await measure(recipients: recipients) { environment, worker in
                let before = lines()
                let start = ContinuousClock.now
                try await record("INC-T", environment)
                await worker.sendDue()
                let elapsed = seconds(ContinuousClock.now - start)
                let arrived = lines() - before
                print(
                    "throughput: \(arrived) of \(recipients) messages in \(String(format: "%.2f", elapsed)) s = "
                        + String(format: "%.1f", Double(arrived) / elapsed) + " messages/s (recorded, queued, sent with STARTTLS + AUTH, accepted)")
            }
            // Delay: the worker runs as in `serve`; each incident is recorded and its mail awaited.
            try await measure(recipients: 1) { environment, worker in
                let running = Task { try await worker.run() }
                defer { running.cancel() }
                var delays: [Double] = []
                for index in 0..<incidents {
                    let before = lines()
                    let recorded = Date().timeIntervalSince1970
                    try await record("INC-D\(index)", environment)
                    while lines() == before { try await Task.sleep(for: .milliseconds(1)) }
                    guard let arrival = lastArrival() else { continue }
                    delays.append(arrival - recorded)
                }
                delays.sort()
                func percentile(_ p: Double) -> Double { delays[min(delays.count - 1, Int(Double(delays.count) * p))] * 1_000 }
                print(
                    "incident → mail arrival over \(delays.count) incidents: p50 \(String(format: "%.0f", percentile(0.5))) ms, "
                        + "p99 \(String(format: "%.0f", percentile(0.99))) ms, max \(String(format: "%.0f", (delays.last ?? 0) * 1_000)) ms")
            }
        }

        /// A demo store with `recipients` city reviewers who want mail, and a worker mailing through `smtp`.
        private func measure(recipients: Int, _ body: (ServerEnvironment, AlertWorker) async throws -> Void) async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-mail-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try await Store(directory: directory)
            try await DemoScenario(vault: store.vault, now: Date()).load(into: store)
            for index in 0..<recipients {
                let account = Account(id: "account-r\(index)", login: "r\(index)", displayName: "審査担当 \(index)", passwordHash: "-", createdAt: Date())
                try await store.createAccount(
                    account, memberships: [Membership(accountID: account.id, organizationID: DemoScenario.cityID, role: .cityReviewer)])
                try await store.setAlertSettings(of: account.id, email: "r\(index)@city.example", mail: [:])
            }
            let settings = try MailSettings(url: smtp, from: "mamori@bench.example", caFile: smtpCAFile, publicURL: "https://mamori.example.jp")
            let environment = ServerEnvironment(store: store, passwordCost: 4, mail: settings)
            try await body(environment, try AlertWorker(environment: environment, mail: settings, logger: Logger(label: "bench")))
            try store.close()
        }

        private func record(_ id: String, _ environment: ServerEnvironment) async throws {
            try await environment.store.execute(
                AddRecord(
                    Incident(
                        id: id, contractID: DemoScenario.contractID, kind: .loss, discoveredAt: Date(),
                        narrative: environment.store.vault.seal("bench"), appi: APPIFacts())), actor: "bench")
        }

        private func lines() -> Int {
            ((try? String(contentsOfFile: arrivals, encoding: .utf8)) ?? "").split(separator: "\n").count
        }

        private func lastArrival() -> Double? {
            let last = ((try? String(contentsOfFile: arrivals, encoding: .utf8)) ?? "").split(separator: "\n").last
            return last.flatMap { $0.split(separator: " ").first }.flatMap { Double($0) }.map { $0 / 1e9 }
        }

        private func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}

import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import MamoriAgentKit
import MamoriCore
import MamoriServer
import MamoriStore

extension BenchCommand {
    /// `mamori-bench web`: the web issue's figures — dashboard latency and agent check-ins under load from a second
    /// process (wrk) on 127.0.0.1, on a scaled contract with many PCs.
    struct Web: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Web の性能 / Dashboard p99 and agent check-ins per second, loaded by wrk from a second process.")
        @Option(help: "People on the contract.") var people = 500
        @Option(help: "Data assets on the contract.") var assets = 1_000
        @Option(help: "Journal entries to reach in all.") var entries = 1_000_000
        @Option(help: "Enrolled PCs, each with a latest report.") var devices = 1_000
        @Option(help: "Seconds of load per measurement.") var seconds = 15
        @Option(help: "Distinct signed check-ins per PC for the check-in load: the server refuses one it holds (a replay).")
        var checkInsPerDevice = 60
        @Option(help: "Concurrent connections (shared among the servers).") var connections = 16
        @Option(help: "wrk threads in all (shared among the servers): the load's own share of the machine's cores.") var loadThreads = 1
        @Option(help: "Server instances on one database, each with its own store object and port; wrk loads each at once.")
        var servers = 1
        @Option(help: "postgres://… server to run on, in a new database dropped afterwards (default: SQLite).") var database: String?

        func validate() throws {
            let load: [BenchBounds.Limit] = [("seconds", seconds, 1...3_600), ("connections", connections, 1...10_000), ("load-threads", loadThreads, 1...256)]
            try BenchBounds.validate(
                BenchBounds.contract(people: people, assets: assets, entries: entries) + load
                    + [("devices", devices, 1...100_000), ("check-ins-per-device", checkInsPerDevice, 1...10_000), ("servers", servers, 1...64)])
        }

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-web-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await BenchCommand.withScratch(database) { location in
                let store = try await Store(directory: directory, location: location)
                let now = Date()
                let c = BenchCommand.contractID
                try await store.execute(batch: BenchCommand.scaledContract(people: people, assets: assets, now: now, photo: nil), actor: "bench", at: now)
                var written = people + assets + 3
                var sequence = 0
                while written < entries {
                    let count = min(1_000, entries - written)
                    try await store.execute(
                        batch: (0..<count).map { _ in
                            sequence += 1
                            return AddRecord(
                                DataEvent(
                                    id: "E\(sequence)", contractID: c, assetID: "A\(sequence % assets)", kind: .use, occurredAt: now,
                                    personID: "P\(sequence % people)", purpose: "入力"))
                        }, actor: "bench", at: now)
                    written += count
                }
                print("store: \(written) journal entries")

                // PCs: each enrolled with its own key and holding a latest report; each posts its check-in in turn under
                // load, naming the software list the organization already holds (the daily check-in of an unchanged PC).
                let scan = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: "bench")
                // Results stored as a check-in stores them: evaluated with the contract's rules, naming their rule set.
                let contractState = try await store.contract(c)
                guard let rules = ContractRules(contractState, catalog: try BenchCommand.catalogs.bundled(contractState.contract.catalogID))(scan.platform)
                else { throw ValidationError("no rules for \(scan.platform)") }
                try await store.addRuleSet(digest: rules.ruleSet.digest, content: String(decoding: rules.ruleSet.json, as: UTF8.self), at: now)
                let stored = StoredResults.json(rules.evaluate(scan.facts), ruleSet: rules.ruleSet)
                let keys = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-keys-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: keys) }
                // Written for wrk as they are made, and not kept: the bench's own memory should not count in the
                // server's RSS. Each PC's check-ins one after another; the script takes them round after round.
                let lines = keys.appendingPathComponent("check-ins.tsv")
                try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: lines.path, contents: nil)
                let file = try FileHandle(forWritingTo: lines)
                var checkInSize = 0
                for index in 0..<devices {
                    let key = try DeviceKey(state: keys.appendingPathComponent("\(index)"), create: true)
                    try await store.createEnrollmentToken(
                        hash: "bench-\(index)", organizationID: "contractor", createdBy: "bench", at: now,
                        expiresAt: now.addingTimeInterval(3600))
                    _ = try await store.enroll(tokenHash: "bench-\(index)", deviceID: key.deviceID, hostname: "pc-\(index)", publicKey: key.publicKey, at: now)
                    var report = scan
                    report.device = .init(id: key.deviceID, hostname: "pc-\(index)")
                    let checkIn = try CheckIn(report)
                    for part in checkIn.parts {
                        try await store.addPart(
                            organizationID: "contractor", digest: part.digest, content: String(decoding: part.bytes, as: UTF8.self), at: now)
                    }
                    let body = try checkIn.canonicalJSON()
                    let signature = try key.signature(for: body).base64EncodedString()
                    try await store.add([
                        (
                            DeviceReport(
                                deviceID: key.deviceID, receivedAt: now, generatedAt: report.generatedAt, platform: report.platform,
                                hostname: "pc-\(index)", passed: 0, failed: 0, unknown: 0,
                                results: stored,
                                report: String(decoding: body, as: UTF8.self), signature: signature),
                            "contractor"
                        )
                    ])
                    // The load posts each PC's later check-ins: the same report made 1, 2, … seconds later (its
                    // generated_at moved on, signed again), as the agent would send them. Posting one again would
                    // measure the refusal of a replay.
                    let text = String(decoding: body, as: UTF8.self)
                    let stamp = "\"generated_at\":\"\(report.generatedAt)\""
                    guard text.components(separatedBy: stamp).count == 2, let made = Timestamp.parse(report.generatedAt, local: .refused) else {
                        throw ValidationError("the check-in does not name its generated_at once")
                    }
                    for later in 1...checkInsPerDevice {
                        let moved = text.replacingOccurrences(
                            of: stamp, with: "\"generated_at\":\"\(made.addingTimeInterval(Double(later)).ISO8601Format())\"")
                        let signed = try key.signature(for: Data(moved.utf8)).base64EncodedString()
                        let line = [key.deviceID, signed, moved].joined(separator: "\t") + "\n"
                        checkInSize = line.utf8.count
                        try file.write(contentsOf: Data(line.utf8))
                    }
                }
                try file.close()
                print(
                    "devices: \(devices) enrolled, each with a report and \(checkInsPerDevice) later check-ins to post (each \(checkInSize / 1024) KiB signed, "
                        + "software list \((try CheckIn(scan).parts.first?.bytes.count ?? 0) / 1024) KiB held as a part)")

                let account = Account(
                    id: "account-bench", login: "bench", displayName: "bench", passwordHash: Bcrypt.hash("unused-\(UUID())", cost: 4),
                    createdAt: now)
                try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: "contractor", role: .supervisor)])
                var environments = [ServerEnvironment(store: store)]
                for _ in 1..<max(1, servers) { await environments.append(ServerEnvironment(store: try Store(directory: directory, location: location))) }
                for environment in environments { try await environment.warm() }
                let cookie = try await environments[0].openSession(for: account.id)

                var logger = Logger(label: "mamori-bench")
                logger.logLevel = .warning
                let firstPort = Int.random(in: 20_000..<40_000)
                let running = environments.enumerated().map { index, environment in
                    let app = MamoriApp.application(environment, hostname: "127.0.0.1", port: firstPort + index, logger: logger)
                    return Task { try await app.runService() }
                }
                try await Task.sleep(for: .seconds(2))
                let bases = environments.indices.map { "http://127.0.0.1:\(firstPort + $0)" }
                print("servers: \(bases.count) on \(store.location); idle RSS after setup: \(Self.residentMegabytes()) MB")
                let dashboard = try await Self.measured {
                    try Self.wrk(
                        bases.map { ["-H", "Cookie: \(cookie)", "\($0)/contracts/\(c)"] }, seconds: seconds, connections: connections, threads: loadThreads)
                }
                print("dashboard: \(dashboard)")
                // A clause page: the same evaluation, with the records behind one clause (the data ledger's, the largest).
                let clause = try await Self.measured {
                    try Self.wrk(
                        bases.map { ["-H", "Cookie: \(cookie)", "\($0)/contracts/\(c)/clauses/PI-8"] }, seconds: seconds, connections: connections,
                        threads: loadThreads)
                }
                print("clause page (PI-8): \(clause)")
                let script = keys.appendingPathComponent("post.lua")
                try """
                local checkIns, turn = {}, 0
                for line in io.lines("\(lines.path)") do
                  local device, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
                  checkIns[#checkIns + 1] = wrk.format("POST", nil, {["Content-Type"] = "application/json",
                    ["\(DeviceKey.deviceHeader)"] = device, ["\(DeviceKey.signatureHeader)"] = signature}, body)
                end
                -- Each server's load takes every n-th check-in from its own first one (the arguments after --), so
                -- that no check-in is posted twice while there are enough of them.
                local step = 1
                function init(args) turn = tonumber(args[1]) or 0; step = tonumber(args[2]) or 1 end
                -- Turn t is PC t mod n's check-in number t div n: round after round over the PCs, each PC's in the
                -- order they were made.
                local devices, each = \(devices), \(checkInsPerDevice)
                function request()
                  local pc, later = turn % devices, math.floor(turn / devices) % each
                  turn = turn + step
                  return checkIns[pc * each + later + 1]
                end
                """.write(to: script, atomically: true, encoding: .utf8)
                let checkInLoad = try await Self.measured {
                    try Self.wrk(
                        bases.enumerated().map { index, base in
                            ["-s", script.path, "\(base)/api/v1/agent/reports", "--", "\(index)", "\(bases.count)"]
                        }, seconds: seconds, connections: connections, threads: loadThreads)
                }
                print("agent check-ins: \(checkInLoad)")
                print("RSS after load: \(Self.residentMegabytes()) MB")
                // The stores stay open until the process ends: background evaluation refreshes may still be reading.
                for server in running { server.cancel() }
            }
        }

        /// A load's figures followed by what it cost the servers (this process, not wrk) in CPU per request, and the
        /// share of the machine's time its hypervisor took back meanwhile (on a shared VM, the reason one run differs
        /// from the next). The load waits for wrk on a thread of its own: waiting on one of the concurrency pool's
        /// threads would leave the servers in this process one thread fewer (of two, on two cores).
        static func measured(_ load: @escaping @Sendable () throws -> (figures: String, requests: Int)) async throws -> String {
            let (cpu, machine) = (ProcessCPU.seconds(), MachineTime.now())
            let (figures, requests) = try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try load() }) }.start()
            }
            let (spent, elapsed) = (ProcessCPU.seconds() - cpu, MachineTime.now().since(machine))
            return figures
                + String(
                    format: "; server CPU %.0f µs per request, steal %.0f %%", spent / Double(max(1, requests)) * 1e6,
                    elapsed.stealShare * 100)
        }

        /// Runs one wrk process per target at once (the connections shared among them) and returns each one's
        /// throughput and latency percentiles, with the total throughput, and the requests completed in all.
        static func wrk(_ targets: [[String]], seconds: Int, connections: Int, threads: Int) throws -> (figures: String, requests: Int) {
            let runs = try targets.map { arguments in
                let output = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-wrk-\(UUID().uuidString).txt")
                let process = try ChildProcess.start(
                    ["/usr/bin/wrk", "-t\(max(1, threads / targets.count))", "-c\(max(1, connections / targets.count))", "-d\(seconds)s", "--latency"]
                        + arguments, output: .file(output.path))
                return (process, output)
            }
            var total = 0.0
            var requests = 0
            let results = try runs.map { process, output in
                process.wait(until: .now + .seconds(seconds + 120))
                defer { try? FileManager.default.removeItem(at: output) }
                let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                total += lines.first { $0.hasPrefix("Requests/sec") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                requests += lines.first { $0.contains(" requests in ") }.flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
                let wanted = lines.filter { $0.hasPrefix("50%") || $0.hasPrefix("99%") || $0.hasPrefix("Requests/sec") || $0.contains("Non-2xx") }
                return wanted.joined(separator: ", ")
            }
            return (results.count == 1 ? results[0] : results.joined(separator: " | ") + " — total \(Int(total))/s", requests)
        }

        static func residentMegabytes() -> Int {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
    }
}

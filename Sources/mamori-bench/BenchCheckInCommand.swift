import ArgumentParser
import Foundation
import MamoriAgentKit

extension BenchCommand {
    /// `mamori-bench check-in`: the CPU each step of a check-in costs on one thread, without HTTP or a database — to
    /// see where a server's time per report goes.
    struct CheckInSteps: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-in", abstract: "報告の処理 / CPU per step of a check-in (read, verify, evaluate, write results).")

        @Option(help: "Check-ins per step.") var count = 5_000

        func run() throws {
            let keys = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-key-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: keys) }
            let key = try DeviceKey(state: keys, create: true)
            var report = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID)
            report.device.id = key.deviceID
            let checkIn = try CheckIn(report)
            let body = try checkIn.canonicalJSON()
            let signature = try key.signature(for: body)
            let publicKey = Data(base64Encoded: key.publicKey)!
            let lists = Dictionary(uniqueKeysWithValues: checkIn.parts.map { ($0.digest, ReportPart.names($0.bytes) ?? []) })
            let book = try RuleBook.bundled(report.platform)
            let facts = try checkIn.posted.resolvedFacts(lists)
            let results = RuleEvaluator(parameters: AgentParameters()).evaluate(book, facts: facts)
            print("check-in \(body.count) bytes, \(facts.count) facts, \(results.count) results, \(count) times each (µs per check-in):")
            try step("read (scanner)") { _ = try PostedFacts(reading: body) }
            try step("read (JSONDecoder)") { _ = try JSONDecoder().decode(CheckIn.self, from: body) }
            step("verify Ed25519") { _ = DeviceKey.isValid(signature, of: body, publicKey: publicKey) }
            try step("resolve parts") { _ = try checkIn.posted.resolvedFacts(lists) }
            let rules = PreparedRules(book, parameters: AgentParameters())
            step("evaluate rules") { _ = rules.evaluate(facts, listDigests: checkIn.posted.listDigests) }
            step("results as stored") { _ = StoredResults.json(results, ruleSet: rules.ruleSet) }
        }

        private func step(_ name: String, _ body: () throws -> Void) rethrows {
            let start = ContinuousClock.now
            for _ in 0..<count { try body() }
            let elapsed = ContinuousClock.now - start
            let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count)
            print("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%8.1f", micros))")
        }
    }
}

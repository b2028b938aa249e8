import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriDocuments
@testable import MamoriServer

/// One status everywhere: after a PC checks in failing, the dashboard, the API, the evaluation `mamori status` makes
/// (the store's PCs' evidence), the 遵守状況報告書 (CSV) and the one inside the signed bundle agree clause by clause.
@Suite(.needs(.curl)) struct OneEvaluationTests {
    @Test func everyPathGivesTheSameStatusWithAFailingPC() async throws {
        let fixture = try await ServerFixture()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let contract = "/contracts/\(ServerFixture.contractID)"
        try await app.test(.live) { client in
            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let token = try await AgentCheckInTests.enrollmentToken(&admin, csrf: csrf)
            let server = ServerClient(server: "http://127.0.0.1:\(try #require(client.port))")
            let key = try DeviceKey(state: state, create: true)
            _ = try await AgentCheckInTests.offPool { try server.enroll(token: token, key: key, hostname: "pc-failing") }
            var report = try AgentScan(root: state).run(deviceID: key.deviceID)
            // No antivirus and no firewall: CS-1.1 and CS-1.2 fail whatever this machine has.
            report.facts =
                report.facts.filter { !["linux.av.installed", "linux.firewall.enabled"].contains($0.key) }
                + [Fact("linux.av.installed", .bool(false)), Fact("linux.firewall.enabled", .bool(false))]
            let failing = report
            let counts = try await AgentCheckInTests.offPool { try server.submit(failing, key: key, state: state) }
            #expect(counts.failed >= 2)

            // The API.
            let api = try await admin.get("/api/v1\(contract)/evaluation")
            let results = try #require(try JSONSerialization.jsonObject(with: api.bytes) as? [[String: Any]])
            let fromAPI = Dictionary(uniqueKeysWithValues: results.map { ($0["clause_id"] as? String ?? "", $0["status"] as? String ?? "") })
            #expect(fromAPI["CS-1.1"] == ClauseStatus.violation.rawValue, "the failing PC reaches the API: \(fromAPI["CS-1.1"] ?? "")")

            // The dashboard.
            let dashboard = try await admin.get(contract).body
            let rows = try Regex(#"<tr id="clause-([A-Z0-9.-]+)" class="status-([a-z-]+)""#)
            let fromDashboard = Dictionary(
                uniqueKeysWithValues: dashboard.matches(of: rows).map { (String($0.output[1].substring!), String($0.output[2].substring!)) })

            // What `mamori status` evaluates: the contract as stored, with the store's PCs' evidence.
            let stored = try await fixture.store.contract(ServerFixture.contractID)
            let catalog = try await fixture.environment.catalog(for: stored.contract, in: fixture.store.state())
            let devices = try await fixture.store.deviceEvidence(of: stored.contract.contractorID, rules: ContractRules(stored, catalog: catalog))
            #expect(devices.count == 1)
            let fromCLI = Dictionary(
                uniqueKeysWithValues: ComplianceEvaluator(catalog: catalog)
                    .evaluate(stored, now: ServerFixture.now, devices: devices).map { ($0.clauseID, $0.status.rawValue) })

            // The document for the city, downloaded, and the one inside the signed bundle.
            let labels = Dictionary(uniqueKeysWithValues: ClauseStatus.allCases.map { ($0.label.ja, $0.rawValue) })
            func statuses(_ csv: String) -> [String: String] {
                Dictionary(
                    uniqueKeysWithValues: csv.split(whereSeparator: \.isNewline).compactMap { line -> (String, String)? in
                        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}"))
                        }
                        guard cells.count > 2, let status = labels[cells[2]] else { return nil }
                        return (cells[0], status)
                    })
            }
            let fromDocument = statuses(try await admin.get(contract + "/documents/compliance_status.csv").body)
            let bundle = try await admin.get(contract + "/bundle.zip").bytes
            let entry = try #require(try ZipDirectory(bundle).entries["documents/compliance_status.csv"])
            let fromBundle = statuses(String(decoding: bundle[entry.range], as: UTF8.self))

            #expect(fromAPI.count == catalog.clauses.count)
            for (name, other) in [("dashboard", fromDashboard), ("mamori status", fromCLI), ("document", fromDocument), ("bundle", fromBundle)] {
                #expect(other.count == fromAPI.count, "\(name) lists every clause")
                for clause in catalog.clauses {
                    #expect(other[clause.id] == fromAPI[clause.id], "\(clause.id): API \(fromAPI[clause.id] ?? "-"), \(name) \(other[clause.id] ?? "-")")
                }
            }
        }
    }
}

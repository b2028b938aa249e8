import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
@testable import MamoriServer
import MamoriStore
import Testing

/// A PC enrolls with an administrator's token and posts a signed scan of this machine to a live server on 127.0.0.1
/// (through the agent's own client and curl); the server re-evaluates it and the contract's agent clauses use it.
@Suite struct AgentCheckInTests {
    @Test func anEnrolledPCReportsAndItsChecksReachTheDashboard() async throws {
        let fixture = try ServerFixture()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let contract = "/contracts/\(ServerFixture.contractID)"
            var staff = TestBrowser(client)
            let staffCSRF = try await staff.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await staff.post(contract + "/devices/tokens", form: ["_csrf": staffCSRF]).status == .forbidden)
            let before = try await staff.get(contract)
            #expect(before.body.contains("エージェントの報告がまだありません"))

            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let issued = try await admin.post(contract + "/devices/tokens", form: ["_csrf": csrf])
            let token = try #require(issued.body.components(separatedBy: "--token ").dropFirst().first?.prefix { $0 != "<" })

            let server = ServerClient(server: "http://127.0.0.1:\(try #require(client.port))")
            let key = try DeviceKey(state: state, create: true)
            #expect(try await Self.offPool { try server.enroll(token: String(token), key: key, hostname: "pc-test") } == DemoScenario.contractorID)
            let other = try DeviceKey(state: state.appendingPathComponent("other"), create: true)
            await #expect(throws: AgentError.self, "a token enrolls one PC only") {
                try await Self.offPool { try server.enroll(token: String(token), key: other, hostname: "x") }
            }

            let report = try await Self.offPool { try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID) }
            let signed = try key.sign(report)
            let counts = try await Self.offPool { try server.submit(signed) }
            #expect(counts.passed + counts.failed + counts.unknown == report.results.count)
            var altered = signed
            altered.report = altered.report.replacingOccurrences(of: "\"status\":\"fail\"", with: "\"status\":\"pass\"")
            let forged = altered
            await #expect(throws: AgentError.self, "an altered report is refused") { try await Self.offPool { try server.submit(forged) } }
            let stranger = try other.sign(report)
            await #expect(throws: AgentError.self, "an unenrolled PC is refused") { try await Self.offPool { try server.submit(stranger) } }

            let after = try await staff.get(contract)
            #expect(!after.body.contains("エージェントの報告がまだありません"))
            #expect(after.body.contains(report.inventory.hostname))
            let devices = try await staff.get(contract + "/devices")
            #expect(devices.body.contains(report.inventory.hostname))
            #expect(devices.body.contains("\(counts.passed) / \(counts.failed) / \(counts.unknown)"))
            let history = try await staff.get(contract + "/devices/\(key.deviceID)")
            #expect(history.body.contains("password.max_age"))
            let roster = try await staff.get(contract + "/documents/initial_configuration.html")
            #expect(roster.body.contains(key.deviceID), "初期設定書 comes from the posted report")
        }
        #expect(try fixture.store.reports(of: try DeviceKey(state: state, create: false).deviceID).count == 1)
    }

    /// Runs the agent's blocking work (the scan's commands, the client's curl) on a thread of its own, so that the
    /// in-process server keeps the concurrency pool's threads to answer it.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

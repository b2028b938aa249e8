import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriServer
@testable import MamoriStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two servers on one database, as a city or a large contractor runs them behind a load balancer: a session made on
/// one is good on the other, and concurrent writes to one organization's journal through both are all kept, in one
/// unbroken chain.
@Suite struct ServerInstancesTests {
    /// A PC enrolled through one server is its organization's on the other server at once, and stays with it when
    /// another organization's token is tried: no server keeps its own copy of who a PC belongs to.
    @Test(arguments: TestBackend.tested)
    func aPCsOrganizationIsReadFromTheDatabaseOnEveryServer(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        let other = await ServerEnvironment(
            store: try Store(directory: fixture.directory, location: fixture.store.location), passwordCost: 4,
            now: { ServerFixture.now })
        let state = fixture.directory.appendingPathComponent("agent-\(UUID().uuidString)")
        let key = try DeviceKey(state: state, create: true)
        #expect(try await other.store.device(key.deviceID) == nil)
        for (index, organization) in [DemoScenario.contractorID, DemoScenario.cityID].enumerated() {
            let hash = "token-hash-\(index)"
            try await fixture.store.createEnrollmentToken(
                hash: hash, organizationID: organization, createdBy: "admin", at: ServerFixture.now,
                expiresAt: ServerFixture.now.addingTimeInterval(3600))
            let enroll = {
                try await fixture.store.enroll(tokenHash: hash, deviceID: key.deviceID, hostname: "pc-1", publicKey: key.publicKey, at: ServerFixture.now)
            }
            if index == 0 {
                #expect(try await enroll()?.organizationID == organization)
            } else {
                await #expect(throws: StoreError.self, "another organization's token never moves the PC") { try await enroll() }
            }
            #expect(try await other.store.device(key.deviceID)?.organizationID == DemoScenario.contractorID, "the other server, after enrollment \(index + 1)")
        }
    }

    /// A server keeps what it read of a PC for its check-ins, but never journals a report under an organization the
    /// database does not give: were the PC's row changed behind it (nothing in Mamori moves a PC; a hand edit or a
    /// database put back could), the check-in evaluated with the old organization is refused and stores nothing, and
    /// the next is evaluated for the organization the database gives — and `ledger verify` names that report once the
    /// row is put back.
    @Test(arguments: TestBackend.tested)
    func aCheckInIsNeverStoredUnderAnOrganizationTheDatabaseDoesNotGive(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        let state = fixture.directory.appendingPathComponent("agent-\(UUID().uuidString)")
        let key = try DeviceKey(state: state, create: true)
        try await fixture.store.createEnrollmentToken(
            hash: "token", organizationID: DemoScenario.contractorID, createdBy: "admin", at: ServerFixture.now,
            expiresAt: ServerFixture.now.addingTimeInterval(3600))
        _ = try await fixture.store.enroll(tokenHash: "token", deviceID: key.deviceID, hostname: "pc-1", publicKey: key.publicKey, at: ServerFixture.now)
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let server = ServerClient(server: "http://127.0.0.1:\(try #require(client.port))")
            var report = try await AgentCheckInTests.offPool { try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID) }
            func checkIn(minute: Int) async throws {
                report.generatedAt = String(format: "2026-12-04T09:%02d:00Z", minute)
                _ = try await AgentCheckInTests.offPool { [report] in try server.submit(report, key: key, state: state) }
            }
            try await checkIn(minute: 0)
            #expect(try await fixture.store.latestReportIDs(of: DemoScenario.contractorID).count == 1)
            let entries = try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq
            let cityEntries = try await fixture.store.journalHead(of: DemoScenario.cityID)?.seq ?? 0
            try await fixture.store.database.write { db in
                try await db.execute("UPDATE device SET organizationID = \(bind: DemoScenario.cityID) WHERE id = \(bind: key.deviceID)")
            }
            let refused = await #expect(throws: (any Error).self) { try await checkIn(minute: 1) }
            #expect("\(String(describing: refused))".contains("409"), "\(String(describing: refused))")
            #expect(try await fixture.store.reports(of: key.deviceID).count == 1, "nothing stored")
            #expect(try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq == entries, "nothing journaled")
            #expect(try await fixture.store.journalHead(of: DemoScenario.cityID)?.seq ?? 0 == cityEntries)
            try await checkIn(minute: 2)
            #expect(try await fixture.store.reports(of: key.deviceID).count == 2)
            #expect(try await fixture.store.journalHead(of: DemoScenario.cityID)?.seq == cityEntries + 1, "journaled as the city's evidence")
            #expect(try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq == entries)
            // The row put back as it was: the report journaled as the other organization's evidence is still found.
            try await fixture.store.database.write { db in
                try await db.execute("UPDATE device SET organizationID = \(bind: DemoScenario.contractorID) WHERE id = \(bind: key.deviceID)")
            }
            let difference = try #require(try await fixture.store.verifyLedger().firstDifference)
            #expect(difference.reason.en.contains("is journaled as evidence of \(DemoScenario.cityID)"), "\(difference.reason.en)")
        }
    }

    @Test(arguments: TestBackend.tested)
    func twoServersWriteConcurrentlyToOneJournal(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        // The second server: its own store object (own caches and connections) on the same database and key files.
        let other = await ServerEnvironment(
            store: try Store(directory: fixture.directory, location: fixture.store.location), passwordCost: 4,
            now: { ServerFixture.now })
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        let first = Application(router: MamoriApp.router(fixture.environment), configuration: configuration)
        let second = Application(router: MamoriApp.router(other), configuration: configuration)
        let headBefore = try #require(try await fixture.store.journalHead(of: DemoScenario.contractorID))
        let perServer = 40

        try await first.test(.live) { firstClient in
            try await second.test(.live) { secondClient in
                var signedIn = TestBrowser(firstClient)
                let csrf = try await signedIn.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
                let uri = "/api/v1/contracts/\(ServerFixture.contractID)/records/data-event"
                let cookies = signedIn.cookies
                let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                let ports = [try #require(firstClient.port), try #require(secondClient.port)]
                let session = URLSession(configuration: .ephemeral)
                let acknowledged = try await withThrowingTaskGroup(of: (Int, Data, Int).self) { group in
                    for index in 0..<(2 * perServer) {
                        group.addTask {
                            // Alternately to each server, all at once, with the session cookie made on the first.
                            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(ports[index % 2])\(uri)")!)
                            request.httpMethod = "POST"
                            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                            request.setValue(csrf, forHTTPHeaderField: APIRoutes.csrfHeader.rawName)
                            request.setValue(cookie, forHTTPHeaderField: "Cookie")
                            request.httpBody = Data(#"{"asset_id":"DA-03","kind":"use","person_id":"P04","purpose":"口座情報の入力 \#(index)"}"#.utf8)
                            let (body, response) = try await session.data(for: request)
                            return (index, body, (response as? HTTPURLResponse)?.statusCode ?? 0)
                        }
                    }
                    var acknowledged: [String: Int64] = [:]
                    for try await (index, body, status) in group {
                        #expect(status == 201, "write \(index): \(status) \(String(decoding: body, as: UTF8.self))")
                        let recorded = try JSONDecoder().decode(Recorded.self, from: body)
                        acknowledged[recorded.id] = recorded.journal_seq
                    }
                    return acknowledged
                }
                #expect(acknowledged.count == 2 * perServer)
                // Every sequence number was handed out once, none skipped.
                #expect(Set(acknowledged.values) == Set((headBefore.seq + 1)...(headBefore.seq + Int64(2 * perServer))))
                // Both servers see every write, and the journal verifies.
                for store in [fixture.store, other.store] {
                    let stored = await Set(try store.events(ofContract: ServerFixture.contractID).map(\.id))
                    #expect(stored.isSuperset(of: acknowledged.keys))
                    #expect(try await store.contract(ServerFixture.contractID).ledgers["DA-03"]?.counts[.use] ?? 0 >= 2 * perServer)
                    #expect(try await store.verifyLedger().isIntact)
                    #expect(try await store.journalHead(of: DemoScenario.contractorID)?.seq == headBefore.seq + Int64(2 * perServer))
                }
                // A page of the second server shows what the first wrote.
                var reader = TestBrowser(secondClient)
                reader.cookies = cookies
                let page = try await reader.get("/contracts/\(ServerFixture.contractID)/data/DA-03")
                #expect(page.status == .ok)
                #expect(page.body.contains("口座情報の入力 0") && page.body.contains("口座情報の入力 \(2 * perServer - 1)"))
            }
        }
        try other.store.close()
    }

    private struct Recorded: Decodable {
        var id: String
        var journal_seq: Int64
    }
}

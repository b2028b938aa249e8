import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// `mamori store copy`: SQLite to PostgreSQL and back, with the journal intact and everything else equal.
@Suite struct StoreCopyTests {
    @Test func aStoreGoesToPostgreSQLAndBackUnchanged() async throws {
        let temp = try await TemporaryStore(.sqlite)
        try await temp.loadDemo()
        // Accounts, sessions, PCs and their reports travel too.
        let account = Account(id: "account-a", login: "a", displayName: "甲", passwordHash: "$2b$04$x", createdAt: TemporaryStore.now)
        try await temp.store.createAccount(account, memberships: [Membership(accountID: "account-a", organizationID: DemoScenario.contractorID, role: .staff)])
        try await temp.store.createSession(
            Session(
                tokenHash: "t", accountID: "account-a", csrfToken: "c", secondFactorDone: true,
                createdAt: TemporaryStore.now, expiresAt: TemporaryStore.now.addingTimeInterval(3600)))
        try await temp.store.createEnrollmentToken(
            hash: "e", organizationID: DemoScenario.contractorID, createdBy: "a", at: TemporaryStore.now,
            expiresAt: TemporaryStore.now.addingTimeInterval(3600))
        _ = try await temp.store.enroll(tokenHash: "e", deviceID: "pc-1", hostname: "pc-1", publicKey: "key", at: TemporaryStore.now)
        try await temp.store.add(
            [
                DeviceReport(
                    deviceID: "pc-1", receivedAt: TemporaryStore.now, generatedAt: "2026-11-26T01:00:00Z", platform: "linux",
                    hostname: "pc-1", passed: 20, failed: 2, unknown: 1, results: "[]", report: "{}", signature: "s-first")
            ], of: DemoScenario.contractorID)
        try await temp.store.addPart(organizationID: DemoScenario.contractorID, digest: "d1", content: #"["a=1","b=2"]"#, at: TemporaryStore.now)
        try await temp.store.addRuleSet(digest: "r1", content: "[]", at: TemporaryStore.now)

        let stored = try #require(try await temp.store.account(login: account.login))
        let postgres = try await TestBackend.postgres.freshLocation()!
        defer { if case .postgres(let address) = postgres { Task { try? await PostgresDatabase.drop(address) } } }
        let there = try await StoreCopy(from: temp.store.location, to: postgres).run(rowsPerStatement: 7)
        #expect(there.verification.isIntact)
        #expect(await there.verification.entries == (try temp.journalCount()))
        #expect(there.rows.first { $0.table == "dataEvent" }?.count == (try await temp.store.eventCount(ofContract: DemoScenario.contractID)))

        let back = StoreLocation.sqlite(temp.directory.appendingPathComponent("back/mamori.sqlite"))
        let returned = try await StoreCopy(from: postgres, to: back).run()
        #expect(returned.verification.isIntact)

        for location in [postgres, back] {
            let copy = try await Store(directory: temp.directory, location: location)
            defer { try? copy.close() }
            #expect(try await copy.state() == temp.store.state(), "\(location)")
            #expect(try await copy.database.read { try await $0.fetch(JournalEntry.self, order: "position") } == temp.journal())
            #expect(try await copy.events(ofContract: DemoScenario.contractID) == temp.store.events(ofContract: DemoScenario.contractID))
            #expect(try await copy.account(login: "a") == stored, "the account and its seal came along, and the seal holds")
            #expect(try await copy.parts(of: DemoScenario.contractorID, ["d1"]) == ["d1": #"["a=1","b=2"]"#])
            #expect(try await copy.ruleSet("r1") == "[]")
            #expect(try await copy.session(tokenHash: "t", at: TemporaryStore.now)?.accountID == "account-a")
            let devices = try await copy.devices(of: DemoScenario.contractorID)
            #expect(devices.map(\.device.id) == ["pc-1"] && devices.first?.latest?.failed == 2)
            // The copy takes new writes where the source left off.
            try await copy.add(
                [
                    DeviceReport(
                        deviceID: "pc-1", receivedAt: TemporaryStore.now, generatedAt: "2026-11-26T02:00:00Z", platform: "linux",
                        hostname: "pc-1", passed: 21, failed: 1, unknown: 1, results: "[]", report: "{}", signature: "s-second")
                ], of: DemoScenario.contractorID)
            #expect(try await copy.devices(of: DemoScenario.contractorID).first?.latest?.failed == 1)
        }
    }

    @Test func aTargetThatHoldsDataIsRefusedAndKeepsIt() async throws {
        let source = try await TemporaryStore(.sqlite)
        try await source.loadDemo()
        let target = try await TemporaryStore(.postgres)
        try await target.loadDemo()
        let before = try await target.journalCount()
        await #expect(throws: StoreError.self) { try await StoreCopy(from: source.store.location, to: target.store.location).run() }
        #expect(try await target.journalCount() == before)
        #expect(try await target.store.verifyLedger().isIntact)
    }

    @Test func locationsAreReadOrRefusedByName() throws {
        #expect(
            try StoreLocation("postgres://mamori:secret@db.example:6543/city")
                == .postgres(try PostgresAddress("postgres://mamori:secret@db.example:6543/city")))
        #expect(
            try StoreLocation("postgres://mamori:secret@db.example:6543/city").description == "postgres://mamori@db.example:6543/city",
            "the password is never printed")
        #expect(try StoreLocation("sqlite:/tmp/x.sqlite") == .sqlite(URL(fileURLWithPath: "/tmp/x.sqlite")))
        for bad in ["mysql://x/y", "postgres://host/db", "postgres://user@host/", "sqlite:", "postgres://u@h/db?sslmode=sometimes"] {
            #expect(throws: StoreError.badLocation(bad)) { try StoreLocation(bad) }
        }
        // A refusal never repeats the password.
        #expect(throws: StoreError.badLocation("postgres://mamori:***@db.example/")) { try StoreLocation("postgres://mamori:s3cret@db.example/") }
        #expect(throws: StoreError.badLocation("mysql://mamori:***@db.example/x")) { try StoreLocation("mysql://mamori:s3cret@db.example/x") }
        let encrypted = try PostgresAddress("postgres://mamori@db.example/city?sslmode=require")
        #expect(encrypted.requiresTLS && encrypted.description == "postgres://mamori@db.example:5432/city?sslmode=require")
        #expect(try !PostgresAddress("postgres://mamori@127.0.0.1/city").requiresTLS)
    }

    /// The pool of PostgresNIO retries a server it cannot reach in silence (a start would wait for ever): a store refuses
    /// instead, naming the server and never the password.
    @Test func anUnreachableOrRefusingPostgreSQLServerIsNamedAtOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Nothing listens on port 1.
        let unreachable = try StoreLocation("postgres://mamori:s3cret@127.0.0.1:1/mamori")
        let refusal = await #expect(throws: StoreError.self) { try await Store(directory: directory, location: unreachable) }
        #expect(refusal?.message.en.contains("cannot connect to postgres://mamori@127.0.0.1:1/mamori") == true, "\(String(describing: refusal))")
        #expect(refusal?.message.en.contains("s3cret") == false)
        if TestBackend.tested.contains(.postgres) {
            // A database that does not exist on a server that does.
            let missing = StoreLocation.postgres(try TestPostgres.server.get().database("mamori_missing_\(UUID().uuidString.prefix(8).lowercased())"))
            let refused = await #expect(throws: StoreError.self) { try await Store(directory: directory, location: missing) }
            #expect(refused?.message.en.contains("cannot connect") == true, "\(String(describing: refused))")
        }
    }
}

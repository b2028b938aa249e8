import Foundation
import Logging
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// Alerts mailed through a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS required, AUTH) by the real curl, and
/// read back as a Japanese mail client would.
@Suite(.needs(.curl, .openssl, .aiosmtpd), .serialized) struct AlertMailTests {
    static let incident = "INC-MAIL-1"
    static let narrative = "住民 山田一郎 様の課税台帳を誤送付"

    /// The fixture with addresses for the city's reviewer and the responsible person; the auditor gives none.
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture()
        try await fixture.store.setAlertSettings(of: "account-city", email: "zeimu@city.nakano.example", mail: [:])
        try await fixture.store.setAlertSettings(of: "account-yamada", email: "yamada@mirai.example", mail: [:])
        return fixture
    }

    static func recordIncident(_ fixture: ServerFixture, id: String = incident) async throws {
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: id, contractID: ServerFixture.contractID, kind: .leak,
                    discoveredAt: ServerFixture.now.addingTimeInterval(-600),
                    narrative: fixture.store.vault.seal(narrative), appi: APPIFacts())),
            actor: "suzuki (staff)", at: ServerFixture.now)
    }

    static func settings(_ sink: SMTPSink, password: String? = nil) throws -> MailSettings {
        try MailSettings(
            url: sink.url(password: password), from: "mamori@mirai.example", caFile: sink.certificates.ca,
            publicURL: "https://mamori.example.jp/")
    }

    @Test func anIncidentIsMailedToTheCityAndTheResponsiblePersonWithoutItsNarrative() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let fixture = try await Self.fixture()
        try await Self.recordIncident(fixture)
        let worker = try AlertWorker(environment: fixture.environment, mail: Self.settings(sink), logger: Logger(label: "test"))
        await worker.send(with: try #require(worker.sender))

        let mails = try sink.messages()
        #expect(Set(sink.arrivals().map(\.to)) == ["zeimu@city.nakano.example", "yamada@mirai.example"], "\(sink.log)")
        #expect(mails.count == 2)
        for mail in mails {
            #expect(mail.subject == "【Mamori】事故の報告がありました（\(Self.incident)）")
            // The header itself is plain ASCII: the subject travels as encoded words.
            #expect(mail.headers["subject"]?.utf8.allSatisfy { $0 < 0x80 } == true)
            #expect(mail.headers["content-type"] == "text/plain; charset=UTF-8")
            #expect(mail.headers["from"] == "Mamori <mamori@mirai.example>")
            #expect(mail.headers["auto-submitted"] == "auto-generated")
            #expect(mail.body.contains("https://mamori.example.jp/contracts/\(ServerFixture.contractID)/evidence/\(Self.incident)"))
            #expect(mail.body.contains("契約: "))
            #expect(mail.body.contains("令和8年11月26日 9:50"), "the discovery in 和暦 with its time")
            #expect(mail.body.contains("区への連絡の期限は 令和8年11月27日 9:50 です") && mail.body.contains("期限: 令和8年11月27日 9:50"), "the first clock (24 hours)")
            #expect(!mail.body.contains("山田一郎") && !mail.raw.contains("山田一郎"), "the sealed narrative never leaves Mamori")
        }
        // The Message-ID is the alert's idempotency key.
        for account in ["account-city", "account-yamada"] {
            let alert = try #require(try await fixture.store.alerts(of: account).first)
            #expect(alert.mail == .sent && alert.attempts == 1 && alert.sentAt != nil)
            #expect(mails.contains { $0.headers["message-id"] == "<\(alert.id)@mirai.example>" })
        }
        // The auditor gave no address (in the application only); the contractor's administrator is not in the catalog's list.
        #expect(try await fixture.store.alerts(of: "account-auditor").isEmpty)
        #expect(try await fixture.store.alerts(of: "account-admin").isEmpty)
        let outbox = try await fixture.store.outbox(of: DemoScenario.cityID)
        #expect(outbox.count == 1 && outbox[0].attempts.map(\.outcome) == ["sent"])

        // Worked out again (a second sender, a restart): nothing new is made or sent.
        #expect(try await fixture.store.addReminders([], at: ServerFixture.now) == 0)
        await worker.send(with: try #require(worker.sender))
        #expect(sink.arrivals().count == 2)
    }

    @Test func aRefusedLoginIsKeptAndTriedAgainWithBackoff() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let fixture = try await Self.fixture()
        try await Self.recordIncident(fixture)
        let worker = try AlertWorker(environment: fixture.environment, mail: Self.settings(sink, password: "wrong"), logger: Logger(label: "test"))
        await worker.send(with: try #require(worker.sender))
        #expect(sink.arrivals().isEmpty)
        let alert = try #require(try await fixture.store.alerts(of: "account-city").first)
        #expect(alert.mail == .pending && alert.attempts == 1)
        #expect(alert.lastError?.contains("Login denied") == true, "\(alert.lastError ?? "")")
        #expect(alert.nextAttemptAt == ServerFixture.now.addingTimeInterval(30))
        let attempts = try await fixture.store.outbox(of: DemoScenario.cityID)[0].attempts
        #expect(attempts.map(\.outcome) == ["failed"] && attempts[0].detail.contains("Login denied"))
        // Not before its time: the same clock finds nothing to send.
        await worker.send(with: try #require(worker.sender))
        #expect(try await fixture.store.alerts(of: "account-city").first?.attempts == 1)
    }

    @Test func aSlowServerIsWaitedForWhileTheSenderKeepsItsLease() async throws {
        // The SMTP server takes 14 s to accept each message: longer than a lease without renewal would last from here.
        let sink = try await SMTPSink(delay: 14)
        defer { sink.stop() }
        let fixture = try await Self.fixture()
        try await Self.recordIncident(fixture)
        let settings = try Self.settings(sink)
        let environment = ServerEnvironment(store: fixture.store, passwordCost: 4, mail: settings, now: Date.init)
        let worker = try AlertWorker(environment: environment, mail: settings, logger: Logger(label: "test"))
        let start = Date()
        let sending = Task { await worker.sendDue() }
        // Waits for the heartbeat itself (due 10 s after the claim, later on a loaded machine), while the server still holds
        // both messages: each lease must then reach past the 30 s the claim gave.
        let recipients = ["account-city", "account-yamada"]
        func renewed() async throws -> Bool {
            try await recipients.asyncAllSatisfy { try await fixture.store.alerts(of: $0).first?.leaseUntil.map { $0 > start.addingTimeInterval(31) } == true }
        }
        while try await !renewed(), Date() < start.addingTimeInterval(14) { try await Task.sleep(for: .milliseconds(200)) }
        #expect(try await renewed(), "the lease was not renewed while the server took its time")
        // Another server looking 35 s after the claim would take an alert whose lease was not renewed.
        #expect(try await fixture.store.claimAlerts(limit: 10, at: start.addingTimeInterval(35), lease: 30).isEmpty)
        await sending.value
        #expect(sink.arrivals().count == 2)
        #expect(try await recipients.asyncAllSatisfy { try await fixture.store.alerts(of: $0).first?.attempts == 1 })
    }

    @Test func aServerKilledMidSendMailsEveryAlertAfterRestartUnderOneMessageID() async throws {
        // Each message takes the SMTP server 0.3 s to accept: a kill lands while some are being sent.
        let sink = try await SMTPSink(delay: 0.3)
        defer { sink.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipients = 24
        do {
            let store = try await Store(directory: directory)
            try await DemoScenario(vault: store.vault, now: Date()).load(into: store)
            for index in 0..<recipients {
                let account = Account(
                    id: "account-r\(index)", login: "reviewer\(index)", displayName: "審査担当 \(index)",
                    passwordHash: "x", createdAt: Date())
                try await store.createAccount(
                    account, memberships: [Membership(accountID: account.id, organizationID: DemoScenario.cityID, role: .cityReviewer)])
                try await store.setAlertSettings(of: account.id, email: "r\(index)@city.nakano.example", mail: [:])
            }
            store.planAlerts(with: ServerEnvironment(store: store, passwordCost: 4).catalogs.alertPlanner)
            try await store.execute(
                AddRecord(
                    Incident(
                        id: "INC-KILL", contractID: DemoScenario.contractID, kind: .leak, discoveredAt: Date(),
                        narrative: store.vault.seal("x"), appi: APPIFacts())), actor: "test")
            try store.close()
        }
        let port = try AgentProxyTests.freePort()
        let arguments = [
            "serve", "--data", directory.path, "--port", "\(port)", "--smtp", sink.url(), "--smtp-ca-file", sink.certificates.ca,
            "--mail-from", "mamori@mirai.example"
        ]
        let first = try AgentProxyTests.Helper(
            try CommandLineTests.executable("mamori").path, arguments,
            log: directory.appendingPathComponent("first.log"))
        try await sink.wait(for: 3)
        first.stop()  // SIGKILL
        let beforeRestart = sink.arrivals().count
        #expect(beforeRestart >= 3 && beforeRestart < recipients, "\(first.output)")

        let second = try AgentProxyTests.Helper(
            try CommandLineTests.executable("mamori").path, arguments,
            log: directory.appendingPathComponent("second.log"))
        defer { second.stop() }
        // Alerts held by the killed server are taken again once their lease (30 s) runs out.
        try await sink.wait(for: recipients, seconds: 90)
        try await Task.sleep(for: .seconds(1))
        let arrivals = sink.arrivals()
        let byRecipient = Dictionary(grouping: arrivals, by: \.to)
        #expect(byRecipient.count == recipients, "every recipient got the alert: \(second.output)")
        #expect(byRecipient.values.allSatisfy { Set($0.map(\.messageID)).count == 1 }, "a repeat carries the same Message-ID")
        #expect(Set(arrivals.map(\.messageID)).count == recipients)

        let store = try await Store(directory: directory)
        defer { try? store.close() }
        let outbox = try await store.outbox(of: DemoScenario.cityID)
        #expect(outbox.count == recipients && outbox.allSatisfy { $0.alert.mail == .sent })
        let interrupted = outbox.flatMap(\.attempts).filter { $0.outcome == "interrupted" }.count
        #expect(interrupted >= 1, "the kill landed while mail was being sent")
        // At least once, never more than once per attempt cut off by the kill.
        #expect(arrivals.count - recipients <= interrupted)
    }
}

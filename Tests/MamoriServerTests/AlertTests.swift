import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriTestSupport
import Synchronization
import Testing

@testable import MamoriServer
@testable import MamoriStore

/// Alerts are written with their cause, reach only the people of that contract the catalog names, follow each
/// person's choice, remind of deadlines from the dashboard's own findings, and show in the header's bell.
@Suite struct AlertTests {
    static func incident(_ id: String, on contractID: String = ServerFixture.contractID, _ fixture: ServerFixture) async throws {
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: id, contractID: contractID, kind: .loss, discoveredAt: ServerFixture.now,
                    narrative: fixture.store.vault.seal("USB メモリを紛失"), appi: APPIFacts())),
            actor: "suzuki (staff)", at: ServerFixture.now)
    }

    static func recipients(_ fixture: ServerFixture, record: String) async throws -> Set<String> {
        Set(
            try await ServerFixture.accounts.asyncFilter { try await fixture.store.alerts(of: "account-\($0.login)").contains { $0.recordID == record } }.map(
                \.login))
    }

    @Test(arguments: TestBackend.tested) func anIncidentAlertsOnlyThePeopleOfItsOwnContract(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        try await Self.incident("INC-OWN", fixture)
        #expect(try await Self.recipients(fixture, record: "INC-OWN") == ["city", "yamada"])
        // The other contractor has no responsible person: its administrator answers, and nobody of ours hears of it.
        try await Self.incident("INC-FOREIGN", on: ServerFixture.foreignContractID, fixture)
        #expect(try await Self.recipients(fixture, record: "INC-FOREIGN") == ["city", "foreign-admin"])
        let alert = try #require(try await fixture.store.alerts(of: "account-city").first { $0.recordID == "INC-FOREIGN" })
        #expect(alert.contractID == ServerFixture.foreignContractID && alert.kind == .incidentRecorded)
        #expect(!alert.detailJa.contains("USB"), "the narrative stays sealed in Mamori")
        // Nobody gave an address: every alert is in the application only.
        #expect(alert.mail == .inApp)
    }

    /// A role or an address written into the database by hand (rows that no longer match their seals) is told nothing.
    @Test func aForgedRoleOrAddressIsToldNothing() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.database.write { db in
            try await db.execute("UPDATE membership SET role = 'city-reviewer' WHERE accountID = 'account-auditor'")
        }
        try await Self.incident("INC-R", fixture)
        #expect(try await Self.recipients(fixture, record: "INC-R") == ["city", "yamada"], "the forged reviewer is not told")

        try await fixture.store.setAlertSettings(of: "account-yamada", email: "yamada@mirai.example", mail: [:])
        try await Self.incident("INC-M", fixture)
        try await fixture.store.database.write { db in
            try await db.execute("UPDATE account SET email = 'thief@evil.example' WHERE id = 'account-yamada'")
        }
        #expect(try await fixture.store.claimAlerts(limit: 10, at: ServerFixture.now, lease: 30).isEmpty, "the forged address is not mailed")
        #expect(try await fixture.store.alerts(of: "account-yamada").first { $0.recordID == "INC-M" }?.mail == .inApp)
    }

    @Test(arguments: TestBackend.tested) func theOutboxLeasesRetriesAndTakesBackWhatADeadSenderHeld(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        try await fixture.store.setAlertSettings(of: "account-city", email: "zeimu@city.nakano.example", mail: [:])
        try await fixture.store.setAlertSettings(of: "account-yamada", email: "yamada@mirai.example", mail: [:])
        try await Self.incident("INC-L", fixture)
        let now = ServerFixture.now
        let claimed = try await fixture.store.claimAlerts(limit: 10, at: now, lease: 30)
        #expect(claimed.map(\.account.login).sorted() == ["city", "yamada"])
        #expect(try await fixture.store.claimAlerts(limit: 10, at: now.addingTimeInterval(5), lease: 30).isEmpty, "held by their sender")
        let city = try #require(claimed.first { $0.account.login == "city" }?.alert)
        let yamada = try #require(claimed.first { $0.account.login == "yamada" }?.alert)
        try await fixture.store.finishAlert(city, sent: true, detail: "", retryAt: nil, at: now.addingTimeInterval(1))
        try await fixture.store.finishAlert(
            yamada, sent: false, detail: "curl: (7) Failed to connect", retryAt: now.addingTimeInterval(31), at: now.addingTimeInterval(1))
        #expect(try await fixture.store.claimAlerts(limit: 10, at: now.addingTimeInterval(30), lease: 30).isEmpty, "not before its retry")
        // The retry is taken, and its sender dies with it: once the lease runs out, the next sender takes it again.
        let retried = try await fixture.store.claimAlerts(limit: 10, at: now.addingTimeInterval(31), lease: 30)
        #expect(retried.map(\.alert.attempts) == [2])
        #expect(try await fixture.store.claimAlerts(limit: 10, at: now.addingTimeInterval(60), lease: 30).isEmpty)
        let again = try await fixture.store.claimAlerts(limit: 10, at: now.addingTimeInterval(62), lease: 30)
        #expect(again.map(\.alert.attempts) == [3])
        let attempts = try await fixture.store.outbox(of: DemoScenario.contractorID).flatMap(\.attempts).map(\.outcome)
        #expect(attempts == ["failed", "interrupted", "sending"])
        // Still waiting after the mail's worth: shown in the application only, never mailed late.
        #expect(try await fixture.store.expireAlerts(before: now.addingTimeInterval(86_400)) == 0, "a held alert is its sender's")
        try await fixture.store.finishAlert(again[0].alert, sent: false, detail: "x", retryAt: now.addingTimeInterval(90), at: now.addingTimeInterval(63))
        #expect(try await fixture.store.expireAlerts(before: now.addingTimeInterval(86_400)) == 1)
        #expect(try await fixture.store.alerts(of: "account-yamada").first?.mail == .expired)
        #expect(try await fixture.store.alerts(of: "account-city").first?.mail == .sent)
    }

    @Test func aKindSwitchedToInAppAfterItsAlertWasQueuedIsNotMailed() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.setAlertSettings(of: "account-city", email: "zeimu@city.nakano.example", mail: [:])
        try await fixture.store.setAlertSettings(of: "account-yamada", email: "yamada@mirai.example", mail: [:])
        try await Self.incident("INC-Q", fixture)
        try await fixture.store.setAlertSettings(of: "account-city", email: "new@city.nakano.example", mail: [.incidentRecorded: false])
        try await fixture.store.setAlertSettings(of: "account-yamada", email: nil, mail: [:])
        #expect(try await fixture.store.claimAlerts(limit: 10, at: ServerFixture.now, lease: 30).isEmpty)
        #expect(try await fixture.store.alerts(of: "account-city").first?.mail == .inApp)
        #expect(try await fixture.store.alerts(of: "account-yamada").first?.mail == .inApp)
    }

    @Test func aRefusedCommandLeavesNoAlert() async throws {
        let fixture = try await ServerFixture()
        try await Self.incident("INC-1", fixture)
        await #expect(throws: StoreError.self) { try await Self.incident("INC-1", fixture) }
        #expect(try await fixture.store.alerts(of: "account-city").count == 1)
    }

    @Test func anApprovalAlertsTheCityAndItsDecisionTheAccountThatAsked() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Approval(
                    id: "AP-9", contractID: ServerFixture.contractID, kind: "takeout", subject: "持出し",
                    requestedAt: ServerFixture.now, requestedBy: "P02")),
            actor: "sato (supervisor)", at: ServerFixture.now)
        #expect(try await Self.recipients(fixture, record: "AP-9") == ["city"])
        let request = try #require(try await fixture.store.alerts(of: "account-city").first)
        #expect(request.titleJa == "承認の申請があります（データ・媒体の持出し）" && request.kind == .approvalRequested)
        #expect(request.link == "/contracts/\(ServerFixture.contractID)/approvals#AP-9", "the inbox where the city decides")
        try await fixture.store.execute(
            DecideApproval(
                contractID: ServerFixture.contractID, approvalID: "AP-9", granted: false,
                at: ServerFixture.now, decidedBy: "中野区 税務課", note: "当日17時までに返却すること"),
            actor: "city (city-reviewer)", at: ServerFixture.now)
        let decided = try await fixture.store.alerts(of: "account-sato")
        #expect(decided.map(\.kind) == [.approvalDecided])
        #expect(decided.first?.titleJa == "データ・媒体の持出しの申請が不承認となりました（AP-9）")
        #expect(decided.first?.detailJa.hasSuffix("区のコメント・条件: 当日17時までに返却すること") == true, "\(decided.first?.detailJa ?? "")")
        #expect(try await Self.recipients(fixture, record: "AP-9") == ["city", "sato"])
    }

    /// A void takes an event out of every status (EV-04's excess copy was PI-8's violation): the responsible person
    /// and the city hear of it with the reason, the city's exchange history keeps the event marked 取消, and staff, who
    /// record events, cannot void one.
    @Test func aVoidedEventIsToldToThoseWhoAnswerForTheDataAndStaysInTheHistory() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var staff = TestBrowser(client)
            let staffCSRF = try await staff.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let void = "/contracts/\(ServerFixture.contractID)/records/data-event/EV-04/void"
            #expect(try await staff.post(void, form: ["_csrf": staffCSRF, "reason": "違反表示を消したい"]).status == .forbidden)
            var supervisor = TestBrowser(client)
            let csrf = try await supervisor.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await supervisor.post(void, form: ["_csrf": csrf, "reason": "二重に記録した"]).status == .seeOther)
            #expect(try await Self.recipients(fixture, record: "EV-04") == ["city", "yamada"])
            let told = try #require(try await fixture.store.alerts(of: "account-city").first { $0.recordID == "EV-04" })
            #expect(told.kind == .recordVoided && told.titleJa.hasPrefix("提供データの記録が取り消されました") && told.detailJa.hasSuffix("理由: 二重に記録した"))
            let history = try await supervisor.get("/contracts/\(ServerFixture.contractID)/documents/exchange_history.csv")
            #expect(history.status == .ok)
            #expect(history.body.contains("複写（取消）") && history.body.contains("理由: 二重に記録した"), "\(history.body.prefix(2000))")
        }
    }

    @Test func eachPersonChoosesMailOrTheApplicationPerKind() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.setAlertSettings(of: "account-yamada", email: "yamada@mirai.example", mail: [.incidentRecorded: false])
        try await fixture.store.setAlertSettings(of: "account-city", email: "zeimu@city.nakano.example", mail: [:])
        try await Self.incident("INC-2", fixture)
        #expect(try await fixture.store.alerts(of: "account-yamada").first?.mail == .inApp)
        #expect(try await fixture.store.alerts(of: "account-city").first?.mail == .pending)
        #expect(try await fixture.store.alertPreferences(of: "account-yamada")[.incidentRecorded] == false)
        #expect(try await fixture.store.alertPreferences(of: "account-yamada")[.deadlineDue] == true)
    }

    @Test func aReturnDueIsRemindedBeforeOnItsDayAndOnceWhenPassed() async throws {
        let fixture = try await ServerFixture()
        let clock = Mutex(ServerFixture.now)
        let environment = ServerEnvironment(store: fixture.store, passwordCost: 4, now: { clock.withLock { $0 } })
        // DA-02 is due back 60 days after the fixture's day; the reminder lead is 30 days.
        let due = Day(ServerFixture.now).adding(days: 60)
        func stages(at day: Day, hour: Double = 10) async throws -> [String] {
            let now = day.start.addingTimeInterval(hour * 3600)
            clock.withLock { $0 = now }
            try await environment.addReminders(at: now)
            return try await fixture.store.alerts(of: "account-yamada").filter { $0.recordID == "DA-02" }.map(\.titleJa).reversed()
        }
        #expect(try await stages(at: due.adding(days: -31)).isEmpty)
        #expect(try await stages(at: due.adding(days: -29)) == ["期限が近づいています: 令和8年度 課税資料（第2回）の返還・廃棄"])
        #expect(try await stages(at: due.adding(days: -28)).count == 1, "one reminder per stage, however often the clock runs")
        #expect(try await stages(at: due).last == "本日が期限です: 令和8年度 課税資料（第2回）の返還・廃棄")
        #expect(try await stages(at: due.adding(days: 1)).last == "期限を過ぎています: 令和8年度 課税資料（第2回）の返還・廃棄")
        #expect(try await stages(at: due.adding(days: 5)).count == 3)
        let passed = try #require(try await fixture.store.alerts(of: "account-yamada").first { $0.recordID == "DA-02" })
        #expect(passed.detailJa.contains(due.wareki) && passed.kind == .deadlineDue)
        // Only the responsible person: the catalog tells nobody else of register due dates.
        #expect(try await fixture.store.alerts(of: "account-admin").allSatisfy { $0.recordID != "DA-02" })
    }

    /// A clause evaluated 違反 is told to the responsible person once for each set of records behind it: not again at
    /// every sweep, again when a new breach joins it; the clauses told are those the dashboard's evaluation says.
    @Test(arguments: TestBackend.tested) func aViolatedClauseIsToldOnceForEachBreach(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        let environment = fixture.environment
        func violatedClauses() async throws -> Set<String> {
            let (state, position) = try await fixture.store.snapshot()
            let contract = try #require(state.contracts[ServerFixture.contractID])
            let access = ContractAccess(state: contract, all: state, role: .cityAuditor, position: position)
            return Set(try await environment.evaluation(of: access).filter { $0.status == .violation }.map(\.clauseID))
        }
        func told() async throws -> [Alert] {
            try await fixture.store.alerts(of: "account-yamada").filter { $0.kind == .clauseViolated }
        }
        let violated = try await violatedClauses()
        #expect(!violated.isEmpty, "the demo breaks its copy permit (EV-04)")
        try await environment.addReminders(at: ServerFixture.now)
        let first = try await told()
        #expect(Set(first.map(\.recordID)) == violated && first.count == violated.count)
        #expect(first.allSatisfy { $0.titleJa.hasPrefix("違反: \($0.recordID)") && $0.link.hasSuffix("/clauses/\($0.recordID)") })
        #expect(try await fixture.store.alerts(of: "account-admin").allSatisfy { $0.kind != .clauseViolated }, "only the responsible person")
        try await environment.addReminders(at: ServerFixture.now.addingTimeInterval(3600))
        #expect(try await told().count == first.count, "a breach already told is not told again")
        // A new copy of data that may not be copied at all: the copy clause's breach has a new record behind it.
        try await fixture.store.execute(
            AddRecord(
                DataEvent(
                    id: "EV-90", contractID: ServerFixture.contractID, assetID: "DA-03", kind: .copy, occurredAt: ServerFixture.now,
                    personID: "P04", copies: 1)),
            actor: "suzuki (staff)", at: ServerFixture.now)
        try await environment.addReminders(at: ServerFixture.now.addingTimeInterval(7200))
        let after = try await told()
        let again = Set(after.map(\.recordID)).filter { id in after.filter { $0.recordID == id }.count == 2 }
        #expect(after.count == first.count + 1 && again.count == 1, "\(after.map(\.recordID))")
        #expect(try await violatedClauses().isSuperset(of: again))
    }

    @Test func theBellCountsUnreadAlertsAndOpeningOneReadsIt() async throws {
        let fixture = try await ServerFixture()
        try await Self.incident("INC-3", fixture)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var yamada = TestBrowser(client)
            let csrf = try await yamada.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var home = try await yamada.get("/")
            #expect(home.body.contains("<span class=\"count\">1</span>") && home.body.contains("お知らせ（未読 1 件）"))
            let list = try await yamada.get("/alerts")
            #expect(list.body.contains("事故の報告がありました（INC-3）") && list.body.contains("アプリ内のみ"))
            let alert = try #require(try await fixture.store.alerts(of: "account-yamada").first)
            let opened = try await yamada.get("/alerts/\(alert.id)")
            #expect(opened.status == .seeOther || opened.status == .found)
            #expect(opened.headers[.location] == "/contracts/\(ServerFixture.contractID)/evidence/INC-3")
            home = try await yamada.get("/")
            #expect(!home.body.contains("<span class=\"count\">"))

            // Another person's alert is not found, and cannot be marked read.
            var sato = TestBrowser(client)
            _ = try await sato.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await sato.get("/alerts/\(alert.id)").status == .notFound)

            // The address is checked where it enters, in both languages; a good one is kept.
            let bad = try await yamada.post("/alerts/settings", pairs: [("_csrf", csrf), ("email", "山田@example"), ("mail", "incident-recorded")])
            #expect(bad.status == .badRequest && bad.body.contains("メールアドレス"))
            let good = try await yamada.post("/alerts/settings", pairs: [("_csrf", csrf), ("email", "yamada@mirai.example"), ("mail", "incident-recorded")])
            #expect(good.status == .seeOther || good.status == .found)
            #expect(try await fixture.store.account(id: "account-yamada")?.email == "yamada@mirai.example")
            #expect(try await fixture.store.alertPreferences(of: "account-yamada")[.deadlineDue] == false)
            let settings = try await yamada.get("/alerts/settings")
            #expect(settings.body.contains("メール送信がオフです"))

            // The outbox is the administrators'.
            let forbidden = try await yamada.get("/outbox")
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.body.contains("<a href=\"/todo\">やること</a>") && forbidden.body.contains("class=\"bell\""), "an error page keeps the header")
            var admin = TestBrowser(client)
            _ = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let outbox = try await admin.get("/outbox")
            #expect(outbox.status == .ok && outbox.body.contains("メール送信はオフです") && outbox.body.contains("yamada"))
            #expect(!outbox.body.contains("city"), "the city's alerts are the city's")
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// A real browser against a real server on 127.0.0.1: sign in, record a copy beyond the permit in the form, see PI-8
/// turn to violation. Screenshots are kept in `.build/browser-test/`.
@Suite(.needs(.chromium, .chromedriver, .curl)) struct BrowserTests {
    @Test func aCopyBeyondThePermitTurnsTheClauseToViolation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(directory: directory)
        let now = Date()
        let today = Day(now)
        try await store.execute(
            batch: [
                CreateOrganization(organization: Organization(id: "city", kind: .city, name: "中野区")),
                CreateOrganization(organization: Organization(id: "contractor", kind: .contractor, name: "株式会社テスト")),
                CreateContract(
                    contract: Contract(
                        id: "c1", contractorID: "contractor", cityID: "city", title: "テスト業務委託", number: "1",
                        startsOn: today.adding(days: -30), endsOn: today.adding(days: 300), catalogID: "nakano")),
                AddRecord(Person(id: "P1", contractID: "c1", name: "佐藤 花子", role: .supervisor, joinedOn: today.adding(days: -30))),
                AddRecord(
                    DataAsset(
                        id: "A1", contractID: "c1", name: "課税資料", items: ["氏名"], medium: "紙", recordCount: 100,
                        permittedPurposes: ["入力"], permittedCopies: 1, storageLocation: "金庫", receivedOn: today.adding(days: -10),
                        returnDue: today.adding(days: 60)))
            ], actor: "test", at: now.addingTimeInterval(-60))
        let account = Account(id: "account-sato", login: "sato", displayName: "佐藤 花子", passwordHash: Bcrypt.hash("a long passphrase", cost: 4), createdAt: now)
        try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: "contractor", role: .supervisor)])
        let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/browser-test").standardized
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)

        let app = Application(
            router: MamoriApp.router(ServerEnvironment(store: store, passwordCost: 4)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let site = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver()
            do {
                try await browser.open(site + "/contracts/c1")
                #expect(try await browser.currentURL.hasPrefix(site + "/login"))
                try await browser.type("sato", into: "input[name=login]")
                try await browser.type("a long passphrase", into: "input[name=password]")
                try await browser.click("form.form button[type=submit]")
                #expect(try await browser.currentURL == site + "/contracts/c1")
                #expect(try await browser.attribute("class", of: "#clause-PI-8") == "status-compliant")
                try await browser.screenshot(to: artifacts.appendingPathComponent("1-dashboard-before.png"))

                try await browser.open(site + "/contracts/c1/data/A1")
                try await browser.click("select[name=kind] option[value=copy]")
                try await browser.type("2", into: "input[name=copies]")
                try await browser.type("検証用", into: "input[name=note]")
                try await browser.screenshot(to: artifacts.appendingPathComponent("2-copy-form.png"))
                try await browser.click("form.form button[type=submit]")
                // A copy beyond the permit opens on its own page, which says what it did to the annex: PI-8 違反.
                #expect(try await browser.currentURL.hasPrefix(site + "/contracts/c1/records/data-event/"), "the copy's own page")
                // A data event's key is random: the notice says it was saved, without the key.
                #expect(try await browser.text(of: "p.notice") == "保存しました", "and says it was saved")
                #expect(try await browser.text(of: "p.errors").contains("違反・期限超過となっている条項があります"))
                #expect(try await browser.attribute("class", of: "tr.status-violation") == "status-violation")
                try await browser.screenshot(to: artifacts.appendingPathComponent("3-copy-page.png"))

                try await browser.open(site + "/contracts/c1")
                #expect(try await browser.attribute("class", of: "#clause-PI-8") == "status-violation")
                #expect(try await browser.text(of: "#clause-PI-8").contains("A1"))
                try await browser.screenshot(to: artifacts.appendingPathComponent("4-dashboard-after.png"))
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
        #expect(try await store.contract("c1").ledgers["A1"]?.copiesMade == 2)
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// Every page of the demo contract, full of records, in a real Chromium as the contractor's administrator and as the
/// city's reviewer: no serious or critical axe-core finding and no sideways scrolling at 1366×768 or on a tablet.
@Suite(.needs(.chromium, .chromedriver, .curl, .axe)) struct EveryPageBrowserTests {
    @Test func everyPageIsAccessibleAndFitsADeskAndATablet() async throws {
        let fixture = try await ServerFixture()
        let axe = try String(contentsOfFile: try #require(ProcessInfo.processInfo.environment["MAMORI_AXE_JS"]), encoding: .utf8)
        let contract = "/contracts/\(ServerFixture.contractID)"
        let state = try await fixture.store.contract(ServerFixture.contractID)
        let records = RecordKinds.all.map { "\(contract)/records/\($0.slug)" }
        let pages: [String: [String]] = [
            "admin": [
                "/", "/todo", "/alerts", "/alerts/settings", "/outbox", "/organizations", "/accounts", "/catalogs", "/sessions", "/contracts/new",
                contract, contract + "/people", contract + "/data", contract + "/data/\(try #require(state.assets.keys.min()))",
                contract + "/incidents", contract + "/approvals", contract + "/records", contract + "/devices", contract + "/documents",
                contract + "/settings", contract + "/clauses/PI-8", contract + "/clauses/CS-2.2",
                contract + "/records/incident/\(try #require(state.incidents.keys.min()))",
                contract + "/documents/compliance_status.html", contract + "/documents/incident_report.html"
            ] + records,
            "city": [
                "/", "/todo", "/organizations", "/accounts", "/catalogs", contract, contract + "/approvals", contract + "/settings",
                contract + "/clauses/PI-12"
            ]
        ]
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let site = "http://127.0.0.1:\(try #require(client.port))"
            for login in ["admin", "city"] {
                let browser = try await WebDriver()
                do {
                    try await browser.open(site + "/login")
                    try await browser.type(login, into: "input[name=login]")
                    try await browser.type(ServerFixture.password, into: "input[name=password]")
                    try await browser.submit("form.form button[type=submit]")
                    let account = try #require(try await fixture.store.account(login: login))
                    let code = TOTP(secret: try fixture.store.vault.open(try #require(account.totpSecret))).code(at: ServerFixture.now)
                    try await browser.type(code, into: "input[name=code]")
                    try await browser.submit("form.form button[type=submit]")
                    for page in pages[login] ?? [] {
                        try await browser.open(site + page)
                        #expect(try await !browser.currentURL.contains("/login"), "\(login) reaches \(page)")
                        let problems = try await browser.pageProblems(axe: axe)
                        #expect(problems == [], "\(login) on \(page)")
                    }
                } catch {
                    await browser.quit()
                    throw error
                }
                await browser.quit()
            }
        }
    }
}

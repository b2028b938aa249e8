import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// From an empty data directory to a running contract in a real Chromium, with no command line: the first
/// administrator, the organizations with address and representative, the city's reviewer invited, a contract on the
/// bundled catalog with each side setting its own parameters, then people, data and a PC. Every page on the way is
/// checked with axe-core (no serious or critical finding) and for sideways scrolling at 1366×768 and on a tablet.
/// Screenshots are kept in `.build/browser-test/`.
@Suite(.needs(.chromium, .chromedriver, .curl, .axe)) struct FirstContractBrowserTests {
    static let password = "a long passphrase for tests"

    @Test func fromNothingToARunningContractInTheBrowserAlone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-first-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(directory: directory)
        let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/browser-test").standardized
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let axe = try String(contentsOfFile: try #require(ProcessInfo.processInfo.environment["MAMORI_AXE_JS"]), encoding: .utf8)
        let environment = ServerEnvironment(store: store, passwordCost: 4)
        let app = Application(router: MamoriApp.router(environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let site = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver()
            var checked: [String] = []
            /// The page now shown: no serious axe-core finding, no sideways scrolling at 1366×768 or 768×1024.
            func check(_ name: String) async throws {
                try await browser.screenshot(to: artifacts.appendingPathComponent("first-\(checked.count)-\(name).png"))
                checked.append(name)
                let url = try await browser.currentURL
                let problems = try await browser.pageProblems(axe: axe)
                #expect(problems == [], "\(name) (\(url))")
            }
            /// Signs in on the login page, with the second factor where the role needs one (its key read as the
            /// authenticator app would read the page's QR code).
            func signIn(_ login: String) async throws {
                try await browser.open(site + "/login")
                try await browser.type(login, into: "input[name=login]")
                try await browser.type(Self.password, into: "input[name=password]")
                try await browser.submit("form.form button[type=submit]")
                #expect(try await browser.currentURL.hasPrefix(site + "/totp"))
                try await check("totp-\(login)")
                let account = try #require(try await store.account(login: login))
                let code = TOTP(secret: try store.vault.open(try #require(account.totpSecret))).code(at: Date())
                try await browser.type(code, into: "input[name=code]")
                try await browser.submit("form.form button[type=submit]")
                // Invited with a password the inviter chose: the person chooses their own before anything else.
                #expect(try await browser.currentURL == site + "/password")
                try await check("password-\(login)")
                try await browser.type(Self.password, into: "input[name=current_password]")
                try await browser.type(Self.password + " of my own", into: "input[name=new_password]")
                try await browser.type(Self.password + " of my own", into: "input[name=confirm_password]")
                try await browser.submit("form.form button[type=submit]")
                #expect(try await browser.text(of: "p.notice").hasPrefix("保存しました"))
            }
            do {
                // 1. The first administrator, on an empty data directory.
                try await browser.open(site + "/")
                let first = try await browser.currentURL
                #expect(first.hasPrefix(site + "/login") || first.hasPrefix(site + "/setup"))
                try await browser.open(site + "/setup")
                try await check("setup")
                try await browser.type("株式会社みらい情報サービス", into: "input[name=organization]")
                try await browser.click("select[name=kind] option[value=contractor]")
                try await browser.type("山田 太郎", into: "input[name=display_name]")
                try await browser.type("yamada", into: "input[name=login]")
                try await browser.type(Self.password, into: "input[name=password]")
                try await browser.submit("form.form button[type=submit]")
                #expect(try await browser.currentURL.hasPrefix(site + "/totp"))
                let admin = try #require(try await store.account(login: "yamada"))
                let code = TOTP(secret: try store.vault.open(try #require(admin.totpSecret))).code(at: Date())
                try await browser.type(code, into: "input[name=code]")
                try await browser.submit("form.form button[type=submit]")
                #expect(try await browser.text(of: "main").contains("閲覧できる契約はありません"))
                try await check("empty-start")

                // 2. Its own address and representative, the city registered, the city's first reviewer invited.
                #expect(try await browser.text(of: "ol.steps a[href='/organizations']").contains("所在地と代表者"))
                try await browser.open(site + "/organizations")
                try await check("organizations")
                try await browser.type("東京都中野区中野四丁目1番1号", into: "form[action$='/organizations/\(try ownID(store))'] input[name=address]")
                try await browser.type("代表取締役 山田 太郎", into: "form[action$='/organizations/\(try ownID(store))'] input[name=representative]")
                try await browser.submit("form[action$='/organizations/\(try ownID(store))'] button[type=submit]")
                #expect(try await browser.text(of: "p.notice").hasPrefix("保存しました"))
                try await browser.type("中野区", into: "form[action='/organizations'] input[name=name]")
                try await browser.type("東京都中野区中野四丁目11番2号", into: "form[action='/organizations'] input[name=address]")
                try await browser.type("中野区長 酒井 直人", into: "form[action='/organizations'] input[name=representative]")
                try await browser.submit("form[action='/organizations'] button[type=submit]")
                let city = try #require(try await store.state().organizations.values.first { $0.kind == .city })
                #expect(await city.registeredBy == (try ownID(store)))
                try await browser.type("city", into: "form[action$='/\(city.id)/accounts'] input[name=login]")
                try await browser.type("中野 審査", into: "form[action$='/\(city.id)/accounts'] input[name=display_name]")
                try await browser.type(Self.password, into: "form[action$='/\(city.id)/accounts'] input[name=password]")
                try await browser.submit("form[action$='/\(city.id)/accounts'] button[type=submit]")
                #expect(try await browser.text(of: "p.notice") == "保存しました（city）")
                try await check("organizations-done")

                // 3. The contract, on the bundled Nakano catalog; the contractor sets its own parameter only.
                try await browser.open(site + "/contracts/new")
                try await check("contract-new")
                try await browser.type("住民記録システム運用保守業務委託", into: "input[name=title]")
                try await browser.type("中野第 2026-101 号", into: "input[name=number]")
                let today = Day(Date())
                try await browser.setValue(today.adding(days: -10).description, of: "input[name=starts_on]")
                try await browser.setValue(today.adding(days: 355).description, of: "input[name=ends_on]")
                try await browser.submit("form.form button[type=submit]")
                let contract = try #require(try await store.state().contracts.values.first?.contract)
                #expect(try await browser.currentURL.hasPrefix(site + "/contracts/\(contract.id)/settings"))
                #expect(contract.catalogVersion == "2026.1" && contract.cityID == city.id)
                try await check("settings-contractor")
                #expect(try await browser.text(of: "#parameter-password_min_length").contains("区"))
                await #expect(throws: (any Error).self, "the city's parameter has no form for the contractor") {
                    try await browser.element("#parameter-password_min_length form")
                }
                try await browser.type("14", into: "#parameter-reminder_lead input[name=value]")
                try await browser.submit("#parameter-reminder_lead button[type=submit]")
                #expect(try await browser.text(of: "#parameter-reminder_lead strong") == "14日")

                // 4. People, data and a PC's enrollment token.
                let base = site + "/contracts/\(contract.id)"
                try await browser.open(base + "/people")
                try await check("people")
                try await browser.open(base + "/records/person")
                try await browser.type("佐藤 花子", into: "#new + form input[name=name]")
                try await browser.click("#new + form select[name=role] option[value=supervisor]")
                // A photo over the limit is refused in the browser, before anything is sent: what was typed stays.
                let large = directory.appendingPathComponent("large.jpg")
                try Data(repeating: 0xFF, count: 2 * 1024 * 1024).write(to: large)
                try await browser.type(large.path, into: "#new + form input[name=photo]")
                let refusal = try await browser.execute("return document.querySelector('#new + form input[name=photo]').validationMessage;") as? String
                #expect(refusal?.contains("1 MB") == true)
                try await browser.click("#new + form button[type=submit]")
                #expect(try await browser.currentURL.hasSuffix("/records/person"), "the form was not sent")
                #expect(try await browser.execute("return document.querySelector('#new + form input[name=name]').value;") as? String == "佐藤 花子")
                try await browser.execute(
                    """
                    const input = document.querySelector('#new + form input[name=photo]');
                    input.value = ''; input.dispatchEvent(new Event('change', {bubbles: true})); return true;
                    """)
                try await browser.submit("#new + form button[type=submit]")
                #expect(try await browser.text(of: "p.notice").hasPrefix("保存しました"))
                try await browser.open(base + "/records/asset")
                try await browser.type("住民基本台帳データ", into: "#new + form input[name=name]")
                try await browser.type("USB メモリ（暗号化）", into: "#new + form input[name=medium]")
                try await browser.type("１２０", into: "#new + form input[name=record_count]")
                try await browser.type("システム移行", into: "#new + form textarea[name=permitted_purposes]")
                try await browser.type("1", into: "#new + form input[name=permitted_copies]")
                try await browser.type("施錠保管庫", into: "#new + form input[name=storage_location]")
                try await browser.setValue(today.adding(days: 60).description, of: "#new + form input[name=return_due]")
                try await browser.submit("#new + form button[type=submit]")
                #expect(try await browser.text(of: "p.notice").hasPrefix("保存しました"))
                try await browser.open(base + "/data")
                try await check("data")
                try await browser.open(base + "/devices")
                try await browser.submit("form[action$='/devices/tokens'] button[type=submit]")
                let token = String(try await browser.text(of: "p.secret code"))
                try await check("devices")
                try await browser.open(base)
                try await check("dashboard-contractor")
                try await browser.open(base + "/clauses/PI-8")
                try await check("clause")
                for page in ["/todo", "/accounts", "/alerts", "/catalogs", base + "/incidents", base + "/approvals", base + "/records", base + "/documents"] {
                    try await browser.open(page.hasPrefix("/") ? site + page : page)
                    try await check(page.split(separator: "/").last.map(String.init) ?? page)
                }
                try await browser.submit("form[action='/logout'] button[type=submit]")

                // 5. The city's reviewer signs in for the first time and sets the city's parameter.
                try await signIn("city")
                try await browser.open(base + "/settings")
                try await check("settings-city")
                await #expect(throws: (any Error).self, "the contractor's parameter has no form for the city") {
                    try await browser.element("#parameter-reminder_lead form")
                }
                try await browser.type("８", into: "#parameter-password_min_length input[name=value]")
                try await browser.submit("#parameter-password_min_length button[type=submit]")
                #expect(try await browser.text(of: "#parameter-password_min_length strong") == "8")
                try await browser.open(site + "/")
                try await check("overview-city")
                try await browser.open(site + "/organizations")
                try await check("organizations-city")

                // 6. The PC enrolls with the token the administrator issued, and gets the city's threshold.
                let server = ServerClient(server: site)
                let key = try DeviceKey(state: directory.appendingPathComponent("agent"), create: true)
                let enrolled = try await AgentCheckInTests.offPool { try server.enroll(token: token, key: key, hostname: "pc-1") }
                #expect(enrolled.contract?.parameters.passwordMinLength == 8)
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()
            #expect(checked.count >= 20)
        }
        let contract = try #require(try await store.state().contracts.values.first)
        #expect(contract.people.count == 1 && contract.assets.count == 1)
        #expect(contract.assets.values.first?.recordCount == 120, "full-width digits are read as digits")
        #expect(contract.contract.parameters["password_min_length"] == .integer(8, unit: "character"))
        #expect(contract.contract.parameters["reminder_lead"] == .duration(Period(every: 14, unit: .day)))
        let own = try #require(try await store.state().organizations[try ownID(store)])
        #expect(own.address == "東京都中野区中野四丁目1番1号" && own.representative == "代表取締役 山田 太郎")
    }

    /// The contractor made at setup.
    private func ownID(_ store: Store) async throws -> String {
        try #require(try await store.state().organizations.values.first { $0.kind == .contractor }?.id)
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCatalog
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Catalogs at run time: the city's reviewer adds a version of its annex on the web (problems shown by line and
/// column, nothing kept), a contract pinned to it is judged by it at once with no restart, and moving a contract to
/// another version is the city's journaled decision.
@Suite struct CatalogRoutesTests {
    let fixture: ServerFixture
    let app: Application<RouterResponder<AppContext>>
    static let kasumi = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/examples/kasumi.yaml")

    init() async throws {
        fixture = try await ServerFixture()
        app = Application(router: MamoriApp.router(fixture.environment))
    }

    @Test func theCityAddsACatalogAndAContractIsJudgedByItAtOnce() async throws {
        let yaml = try String(contentsOf: Self.kasumi, encoding: .utf8)
        try await app.test(.router) { client in
            var staff = TestBrowser(client)
            let staffCSRF = try await staff.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await staff.get("/catalogs").body.contains("nakano"), "everyone sees the catalogs")
            #expect(!(try await staff.get("/catalogs").body.contains("name=\"yaml\"")), "only the city's reviewer adds one")
            #expect(try await staff.post("/catalogs", form: ["_csrf": staffCSRF, "yaml": yaml]).status == .forbidden)

            var city = TestBrowser(client)
            let csrf = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            // A misspelt key and an undeclared approval kind: each named on its line, in Japanese; nothing kept.
            let broken = yaml.replacingOccurrences(of: "    reports: [staff_roster]", with: "    reprots: [staff_roster]")
                .replacingOccurrences(of: "approval: subcontract}", with: "approval: sub-contract}")
            let refused = try await city.post("/catalogs", form: ["_csrf": csrf, "yaml": broken])
            #expect(refused.status == .unprocessableContent)
            let brokenLines = broken.split(separator: "\n", omittingEmptySubsequences: false)
            let keyLine = try #require(brokenLines.firstIndex { $0.contains("reprots") }) + 1
            let kindLine = try #require(brokenLines.firstIndex { $0.contains("sub-contract") }) + 1
            #expect(refused.body.contains("<li>\(keyLine):5: 条項に不明なキー &quot;reprots&quot; があります"), "\(refused.body)")
            #expect(refused.body.contains("<li>\(kindLine):"))
            #expect(refused.body.contains("reprots: [staff_roster]"), "the text stays in the form to be corrected")
            #expect(try await fixture.store.state().catalogs.isEmpty)

            let added = try await city.post("/catalogs", form: ["_csrf": csrf, "yaml": yaml])
            #expect(added.status == .seeOther && added.location == "/catalogs?saved=kasumi%402027.1#kasumi%402027.1")
            #expect(try await city.get(try #require(added.location)).body.contains("保存しました（kasumi@2027.1）"))
            let source = try #require(try await fixture.store.state().catalogs["kasumi@2027.1"])
            #expect(source.cityID == DemoScenario.cityID && source.content == yaml)
            let again = try await city.post("/catalogs", form: ["_csrf": csrf, "yaml": yaml])
            #expect(again.status == .unprocessableContent && again.body.contains("既にあります"))

            // A contract pinned to the added version is judged by it, by the server already running.
            try await fixture.store.execute(
                CreateContract(
                    contract: Contract(
                        id: "kasumi-1", contractorID: DemoScenario.contractorID, cityID: DemoScenario.cityID, title: "霞市の入力業務", number: "K-1",
                        startsOn: Day("2026-04-01")!, endsOn: Day("2027-03-31")!, catalogID: "kasumi", catalogVersion: "2027.1")), actor: "test",
                at: ServerFixture.now)
            let dashboard = try await staff.get("/contracts/kasumi-1").body
            #expect(dashboard.contains("K-8") && dashboard.contains("再委託の事前承認") && !dashboard.contains("PI-13"))
            #expect(dashboard.contains("霞市 個人情報の取扱いに関する特記事項") && dashboard.contains("版 2027.1"))

            // A new version applies only when the city moves the contract to it.
            let revised = yaml.replacingOccurrences(of: "version: \"2027.1\"", with: "version: \"2027.2\"")
                .replacingOccurrences(of: "title: {ja: 秘密の保持, en: Confidentiality}", with: "title: {ja: 秘密の厳守, en: Strict confidentiality}")
            #expect(try await city.post("/catalogs", form: ["_csrf": csrf, "yaml": revised]).status == .seeOther)
            #expect(try await staff.get("/contracts/kasumi-1").body.contains("秘密の保持"), "still judged by 2027.1")
            #expect(try await staff.post("/catalogs/contracts/kasumi-1", form: ["_csrf": staffCSRF, "version": "2027.2"]).status == .forbidden)
            let unconfirmed = try await city.post("/catalogs/contracts/kasumi-1", form: ["_csrf": csrf, "version": "2027.2"])
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.body.contains("切り替えを確認したうえで"))
            let moved = try await city.post("/catalogs/contracts/kasumi-1", form: ["_csrf": csrf, "version": "2027.2", "confirm": "on"])
            #expect(moved.status == .seeOther)
            #expect(try await fixture.store.contract("kasumi-1").contract.catalogVersion == "2027.2")
            #expect(try await staff.get("/contracts/kasumi-1").body.contains("秘密の厳守"))
            let versions = try await city.get("/catalogs").body
            #expect(versions.contains("作成時 2027.1（test）") && versions.contains("移行 2027.2（city（区 審査担当））"), "the contract's versions")
            let unknown = try await city.post("/catalogs/contracts/kasumi-1", form: ["_csrf": csrf, "version": "9.9", "confirm": "on"])
            #expect(unknown.status == .unprocessableContent)
            // A catalog ID is its city's; a bundled ID is Mamori's; a contract uses its own city's annex.
            let bundled = yaml.replacingOccurrences(of: "id: kasumi", with: "id: nakano")
            let refusedBundled = try await city.post("/catalogs", form: ["_csrf": csrf, "yaml": bundled])
            #expect(refusedBundled.status == .unprocessableContent && refusedBundled.body.contains("同梱のカタログの ID です"))
            try await fixture.store.execute(
                CreateOrganization(organization: Organization(id: "other-city", kind: .city, name: "よその市")), actor: "test",
                at: ServerFixture.now)
            let (_, foreign) = try fixture.environment.catalogs.validated(
                yaml: revised.replacingOccurrences(of: "2027.2", with: "2027.3"),
                cityID: "other-city", at: ServerFixture.now)
            await #expect(throws: StoreError.self, "another city adds no version of Kasumi's catalog") {
                try await fixture.store.execute(AddCatalog(source: foreign), actor: "test", at: ServerFixture.now)
            }
            await #expect(throws: StoreError.self, "a contract of another city is not judged by Kasumi's annex") {
                try await fixture.store.execute(
                    CreateContract(
                        contract: Contract(
                            id: "foreign-1", contractorID: DemoScenario.contractorID, cityID: "other-city", title: "t", number: "n",
                            startsOn: Day("2026-04-01")!, endsOn: Day("2027-03-31")!, catalogID: "kasumi", catalogVersion: "2027.1")), actor: "test",
                    at: ServerFixture.now)
            }
            let history = try await fixture.store.entries(naming: "kasumi-1", organizationID: DemoScenario.contractorID)
            #expect(history.map(\.type) == ["contract.create", "contract.catalog"], "the move is in the contract's history")
            #expect(try await fixture.store.verifyLedger().isIntact, "catalogs and the move are covered by verification")
        }
    }
}

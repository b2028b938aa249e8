import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// The contract list is an overview: each contract's statuses, open incidents, pending approvals and silent PCs,
/// searched and filtered, and only the contracts the member may see.
@Suite struct ContractOverviewTests {
    /// The dashboard's 事故の期限 lists the clocks running, run out or missed — not one met in time — and a request
    /// awaiting the city is 決定待ち, not 期限間近.
    @Test func theDashboardListsOnlyClocksStillToMindAndPendingRequestsAwaitTheCity() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: "INC-T", contractID: ServerFixture.contractID, kind: .loss, discoveredAt: ServerFixture.now.addingTimeInterval(-3 * 3600),
                    narrative: fixture.store.vault.seal("USB メモリの紛失"), appi: APPIFacts(),
                    cityNotifiedAt: ServerFixture.now.addingTimeInterval(-2 * 3600))), actor: "sato (supervisor)", at: ServerFixture.now)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var desk = TestBrowser(client)
            _ = try await desk.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let page = try await desk.get("/contracts/\(ServerFixture.contractID)").body
            let panel = try #require(
                page.components(separatedBy: "<section class=\"incident-clocks\"").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(panel.contains("事故 INC-T の書面報告（速報）の期限"), "\(panel)")
            #expect(!panel.contains("事故 INC-T の区への連絡は期限内に行われました"), "a clock met in time: \(panel)")
        }
    }

    @Test func theCitySearchesAndFiltersItsContractorsContracts() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Approval(
                    id: "AP-9", contractID: ServerFixture.contractID, kind: "takeout", subject: "持出し",
                    requestedAt: ServerFixture.now, requestedBy: "P02")), actor: "sato (supervisor)", at: ServerFixture.now)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var city = TestBrowser(client)
            _ = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let all = try await city.get("/")
            #expect(all.body.contains("別の委託") && all.body.contains("株式会社よそ"))
            #expect(all.body.contains("<th>違反</th>") && all.body.contains("<th>承認待ち</th>"))
            #expect(all.body.contains("<a href=\"/contracts/\(ServerFixture.contractID)/approvals\">"))
            let searched = try await city.get("/?q=%E3%82%88%E3%81%9D")  // よそ
            #expect(searched.body.contains("別の委託") && !searched.body.contains("/contracts/\(ServerFixture.contractID)\""))
            let exported = try await city.get("/?q=%E3%82%88%E3%81%9D&format=csv")
            #expect(exported.body.contains("\"別の委託\",\"2\",\"株式会社よそ\"") && !exported.body.contains(ServerFixture.contractID))
            #expect(searched.body.contains("href=\"/?q=%E3%82%88%E3%81%9D&amp;format=csv\"") || searched.body.contains("format=csv"))
            // Full-width digits find the contract number written in half-width (中野区契約第2026-0417号).
            let wide = try await city.get("/?q=" + ("０４１７".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(wide.body.contains("/contracts/\(ServerFixture.contractID)\""))
            let none = try await city.get("/?q=zzz-nothing")
            #expect(none.body.contains("条件に合う契約はありません"))
            // The demo contract has violations; the empty foreign contract has none.
            let violating = try await city.get("/?status=violation")
            #expect(violating.body.contains("/contracts/\(ServerFixture.contractID)\"") && !violating.body.contains("別の委託"))

            var yamada = TestBrowser(client)
            _ = try await yamada.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let own = try await yamada.get("/")
            #expect(own.body.contains("/contracts/\(ServerFixture.contractID)\"") && !own.body.contains("別の委託"))
        }
    }
}

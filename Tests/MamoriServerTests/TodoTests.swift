import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// やること lists, for each person, what is due or overdue on the contracts they may see, worst first.
@Suite struct TodoTests {
    /// An incident recorded a minute ago is on やること at once, for the contractor and for the city: its clocks are
    /// hours long, and telling the city is due 直ちに (its reminder alone waits for half the clock).
    @Test func anIncidentJustRecordedIsToDoAtOnce() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: "INC-N", contractID: ServerFixture.contractID, kind: .loss, discoveredAt: ServerFixture.now.addingTimeInterval(-60),
                    narrative: fixture.store.vault.seal("x"), appi: APPIFacts())),
            actor: "sato (supervisor)", at: ServerFixture.now)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            for login in ["yamada", "city"] {
                var browser = TestBrowser(client)
                _ = try await browser.signIn(login, password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
                let page = try await browser.get("/todo").body
                #expect(page.contains("事故 INC-N の区への連絡"), "\(login): \(page.suffix(1500))")
            }
        }
    }

    @Test func eachSideSeesItsOwnThingsToDoAndNothingOfAnotherContractor() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Approval(
                    id: "AP-9", contractID: ServerFixture.contractID, kind: "takeout", subject: "持出し",
                    requestedAt: ServerFixture.now, requestedBy: "P02")), actor: "sato (supervisor)", at: ServerFixture.now)
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: "INC-F", contractID: ServerFixture.foreignContractID, kind: .loss,
                    discoveredAt: ServerFixture.now.addingTimeInterval(-13 * 3600),
                    narrative: fixture.store.vault.seal("x"), appi: APPIFacts())),
            actor: "foreign-staff (staff)", at: ServerFixture.now)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var yamada = TestBrowser(client)
            _ = try await yamada.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let contractor = try await yamada.get("/todo")
            #expect(contractor.status == .ok)
            #expect(contractor.body.contains("期限超過") && contractor.body.contains("<a href=\"/todo\">やること</a>"))
            #expect(!contractor.body.contains("INC-F") && !contractor.body.contains("別の委託"), "another contractor's incident")
            #expect(!contractor.body.contains("承認・不承認"), "deciding is the city's")
            // Every clause the dashboard shows as violated or overdue for a reason with no date is on the list too.
            let access = await ContractAccess(
                state: try fixture.store.contract(ServerFixture.contractID), all: try fixture.store.state(),
                role: .responsiblePerson, position: try fixture.store.snapshot().1)
            let undated = fixture.environment.undated(of: access, catalog: try fixture.environment.catalog(access))
            #expect(!undated.isEmpty, "the demo has violations with no date")
            for item in undated {
                #expect(contractor.body.contains(item.finding.reason.ja), "\(item.clauses) \(item.finding.reason.ja)")
            }
            // A finding with no date is due at once, not at a date already past.
            #expect(contractor.body.contains("<td>直ちに</td>") && !contractor.body.contains("期日なし"))
            // Overdue rows come before the rows still due soon.
            let overdue = try #require(contractor.body.range(of: "status-overdue"))
            if let soon = contractor.body.range(of: "status-due-soon") { #expect(overdue.lowerBound < soon.lowerBound) }

            var city = TestBrowser(client)
            _ = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let reviewer = try await city.get("/todo")
            #expect(reviewer.body.contains("データ・媒体の持出しの申請（AP-9、\(ServerFixture.now.warekiTime) 申請）の承認・不承認"))
            #expect(reviewer.body.contains("/contracts/\(ServerFixture.contractID)/approvals#AP-9"))
            // A request has no deadline: it awaits the decision, dated by when it was made, never 期限間近 at a past date.
            let request = try #require(reviewer.body.components(separatedBy: "<tr").first { $0.contains("AP-9") })
            #expect(request.contains("<td>—</td>") && request.contains("決定待ち") && !request.contains("期限間近"), "\(request)")
            #expect(reviewer.body.contains("事故 INC-F の区への連絡"), "half the notice clock has run: the city sees it coming")
            #expect(!reviewer.body.contains("の研修"), "the contractor's registers are the contractor's to do")

            // The list downloads as it is shown: CSV for Excel in Japan and a workbook, under its Japanese name.
            let csv = try await city.get("/todo?format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("filename*=UTF-8''%E3%82%84%E3%82%8B%E3%81%93%E3%81%A8_20261126.csv") == true)
            #expect(csv.body.hasPrefix("\u{FEFF}\"期限\",\"状況\",\"やること\",\"契約\"\r\n"))
            #expect(csv.body.contains("\"データ・媒体の持出しの申請（AP-9、\(ServerFixture.now.warekiTime) 申請）の承認・不承認\""))
            let xlsx = try await city.get("/todo?format=xlsx")
            #expect(xlsx.status == .ok && xlsx.body.hasPrefix("PK"))
            #expect(try await city.get("/todo?format=pdf").status == .badRequest)
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Every list downloads as shown (CSV with BOM, XLSX) under its Japanese name, and one incident's report prints alone.
@Suite struct ListDownloadTests {
    @Test func everyListOfAContractDownloadsAsItIsShown() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            let contract = "/contracts/\(ServerFixture.contractID)"
            var admin = TestBrowser(client)
            _ = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let state = try await fixture.store.contract(ServerFixture.contractID)
            let person = try #require(state.people.values.min { $0.id < $1.id })
            let asset = try #require(state.assets.values.min { $0.id < $1.id })
            let incident = try #require(state.incidents.values.first)
            let approval = try #require(state.approvals.values.min { $0.id < $1.id })
            let lists: [(path: String, name: String, holds: String)] = [
                (contract + "/people", "従事者名簿", person.name), (contract + "/data", "提供データ", asset.name),
                (contract + "/incidents", "事故", incident.id), (contract + "/approvals", "承認", approval.subject),
                (contract + "/devices", "端末", "ホスト名"), (contract + "/records/training", "研修", "研修名"),
                ("/accounts", "アカウント", "admin"), ("/alerts", "お知らせ", "日時"), ("/", "契約一覧", "株式会社")
            ]
            for list in lists {
                let page = try await admin.get(list.path)
                // (The administrator has no alerts yet: an empty list offers nothing to download, and still downloads.)
                #expect(list.path == "/alerts" || page.body.contains("format=csv") && page.body.contains("format=xlsx"), "\(list.path) offers its downloads")
                let csv = try await admin.get(list.path + (list.path.contains("?") ? "&" : "?") + "format=csv")
                #expect(csv.status == .ok && csv.bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(list.path) as CSV with a BOM")
                #expect(csv.body.contains(list.holds), "\(list.path)'s CSV holds \(list.holds)")
                let disposition = csv.headers[.contentDisposition] ?? ""
                #expect(
                    disposition.contains("filename*=UTF-8''" + (list.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")),
                    "\(list.path) downloads as \(list.name): \(disposition)")
                let xlsx = try await admin.get(list.path + "?format=xlsx")
                #expect(xlsx.status == .ok && xlsx.bytes.starts(with: [0x50, 0x4B]), "\(list.path) as XLSX")
            }
            #expect(try await admin.get(contract + "/people?format=pdf").status == .badRequest)
            // The roster's photo column says whether there is one, not an <img>.
            #expect(!(try await admin.get(contract + "/people?format=csv").body.contains("<img")))
        }
    }

    @Test func oneIncidentsReportPrintsAlone() async throws {
        let fixture = try await ServerFixture()
        try await fixture.store.execute(
            AddRecord(
                Incident(
                    id: "INC-9", contractID: ServerFixture.contractID, kind: .loss,
                    discoveredAt: ServerFixture.now.addingTimeInterval(-3600),
                    narrative: try fixture.store.vault.seal(Data("二件目".utf8)), appi: APPIFacts())),
            actor: "sato (supervisor)", at: ServerFixture.now)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            let contract = "/contracts/\(ServerFixture.contractID)"
            var admin = TestBrowser(client)
            _ = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let all = try await admin.get(contract + "/documents/incident_report.html").body
            let alone = try await admin.get(contract + "/documents/incident_report.html?incident=INC-9").body
            #expect(all.contains("INC-9") && all.contains("INC-01"))
            #expect(alone.contains("INC-9") && !alone.contains("INC-01"))
            let sheet = try await admin.get(contract + "/documents/incident_report.xlsx?incident=INC-9")
            #expect(sheet.headers[.contentDisposition]?.contains("INC-9.xlsx") == true)
            #expect(try await admin.get(contract + "/documents/incident_report.html?incident=nothing").status == .notFound)
            #expect(try await admin.get(contract + "/incidents").body.contains("incident_report.html?incident=INC-9"))
        }
    }
}

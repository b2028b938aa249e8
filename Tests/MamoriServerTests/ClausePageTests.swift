import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Every status says what to do and links there: the dashboard's clause IDs open a page per clause (the same
/// evaluation: status, reasons, records behind it, where to record what proves it); every evidence ID opens its record.
@Suite struct ClausePageTests {
    let fixture: ServerFixture
    let app: Application<RouterResponder<AppContext>>
    static let contract = "/contracts/\(ServerFixture.contractID)"

    init() async throws {
        fixture = try await ServerFixture()
        app = Application(router: MamoriApp.router(fixture.environment))
    }

    @Test func aClausePageSaysWhyAndWhereToRecord() async throws {
        let evaluation = try #require(
            try await fixture.environment.evaluation(
                of: ContractAccess(
                    state: fixture.store.contract(ServerFixture.contractID), all: fixture.store.state(), role: .supervisor,
                    position: 0)
            ).first { $0.clauseID == "PI-8" })
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            _ = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let dashboard = try await browser.get(Self.contract).body
            #expect(dashboard.contains("<a href=\"\(Self.contract)/clauses/PI-8\">PI-8</a>"))
            #expect(dashboard.contains("<a href=\"\(Self.contract)/evidence/DA-02\">DA-02</a>"), "evidence IDs are links")

            let page = try await browser.get(Self.contract + "/clauses/PI-8")
            #expect(page.status == .ok)
            #expect(page.body.contains("<span class=\"badge\">\(evaluation.status.label.ja)</span>"), "the dashboard's status")
            #expect(evaluation.reasons.allSatisfy { page.body.contains("<li>\($0.ja)</li>") }, "every reason")
            #expect(page.body.contains("<li><a href=\"\(Self.contract)/records/data-event/EV-04\">EV-04</a>（提供データの利用・複写・返還・廃棄）</li>"))
            #expect(page.body.contains("<li><a href=\"\(Self.contract)/records/asset/DA-02\">DA-02</a>（提供データの受領）</li>"))
            #expect(evaluation.evidence.allSatisfy { page.body.contains(">\($0)</a>（") }, "every record behind the status, by what it is")
            #expect(page.body.contains("<a href=\"\(Self.contract)/records/data-event\">提供データの利用・複写・返還・廃棄</a>（記録する）"))
            #expect(page.body.contains("<a href=\"\(Self.contract)/records/approval\">承認申請</a>"))
            #expect(try await browser.get(Self.contract + "/clauses/XX-9").status == .notFound)
            // An agent-checked clause says the PCs check it.
            #expect(try await browser.get(Self.contract + "/clauses/CS-1.1").body.contains("\(Self.contract)/devices"))

            // Each evidence ID opens its record: a data event, a person, an asset; an unknown one is not found.
            for (id, page) in [("EV-04", "data-event/EV-04"), ("P01", "person/P01"), ("DA-02", "asset/DA-02")] {
                let found = try await browser.get(Self.contract + "/evidence/\(id)")
                #expect(found.status == .seeOther && found.location == "\(Self.contract)/records/\(page)", "\(id): \(found.status)")
            }
            #expect(try await browser.get(Self.contract + "/evidence/NOPE-1").status == .notFound)
        }
    }

    /// Each section's primary action, for whoever may take it.
    @Test func theIncidentApprovalAndDataTabsOfferTheirForm() async throws {
        try await app.test(.router) { client in
            var supervisor = TestBrowser(client)
            var auditor = TestBrowser(client)
            _ = try await supervisor.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            _ = try await auditor.signIn("auditor", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            for (tab, kind, label) in [("incidents", "incident", "事故を報告する"), ("approvals", "approval", "承認を申請する"), ("data", "asset", "提供データを受領する")] {
                let link = "<a class=\"button\" href=\"\(Self.contract)/records/\(kind)#new\">\(label)</a>"
                #expect(try await supervisor.get("\(Self.contract)/\(tab)").body.contains(link), "\(tab)")
                #expect(
                    !(try await auditor.get("\(Self.contract)/\(tab)").body.contains("class=\"button\" href=\"\(Self.contract)/records/")),
                    "the auditor only reads: \(tab)")
            }
            #expect(try await supervisor.get("\(Self.contract)/records/incident").body.contains("<h2 id=\"new\">"))
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// The city decides a request with a comment or conditions, after confirming it read the request; the list shows who
/// asked and when, and who decided, when and on what terms.
@Suite struct ApprovalDecisionTests {
    let fixture: ServerFixture
    let app: Application<RouterResponder<AppContext>>
    static let approvals = "/contracts/\(ServerFixture.contractID)/approvals"

    init() async throws {
        fixture = try await ServerFixture()
        app = Application(router: MamoriApp.router(fixture.environment))
    }

    @Test func theCityConfirmsAndDecidesWithConditions() async throws {
        let pending = try #require(try await fixture.store.contract(ServerFixture.contractID).approvals["AP-03"])
        #expect(pending.decision == .pending)
        try await app.test(.router) { client in
            var city = TestBrowser(client)
            let csrf = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let page = try await city.get(Self.approvals).body
            let requester = try #require(try await fixture.store.contract(ServerFixture.contractID).people[pending.requestedBy]?.name)
            #expect(page.contains("<td>\(requester)\n\(pending.requestedAt.warekiTime)</td>"), "who asked and when")
            #expect(page.contains("name=\"confirm\" required") && page.contains("name=\"note\""))

            // Sent without the confirmation (a browser's `required` bypassed): the request's own form comes back with
            // what is wrong and the comment as written.
            let unconfirmed = try await city.post(
                Self.approvals + "/AP-03/decision", form: ["_csrf": csrf, "decision": "granted", "note": "立会いを条件とする"])
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.body.contains("申請内容を確認したうえで決定してください"))
            #expect(unconfirmed.body.contains(">立会いを条件とする</textarea>"), "the comment is kept")
            let unclear = try await city.post(Self.approvals + "/AP-03/decision", form: ["_csrf": csrf, "decision": "maybe", "confirm": "on"])
            #expect(unclear.status == .unprocessableContent && unclear.body.contains("承認か不承認かを選んでください"))
            #expect(try await fixture.store.contract(ServerFixture.contractID).approvals["AP-03"]?.decision == .pending, "nothing was decided")

            let decided = try await city.post(
                Self.approvals + "/AP-03/decision",
                form: ["_csrf": csrf, "decision": "granted", "confirm": "on", "note": "修理業者の作業は職員が立ち会うこと"])
            #expect(decided.status == .seeOther && decided.location == Self.approvals + "?saved=AP-03#AP-03")
            let approval = try #require(try await fixture.store.contract(ServerFixture.contractID).approvals["AP-03"])
            #expect(approval.decision == .granted && approval.note == "修理業者の作業は職員が立ち会うこと" && approval.decidedAt == ServerFixture.now)
            let after = try await city.get(Self.approvals + "?saved=AP-03").body
            #expect(after.contains("保存しました（AP-03）") && after.contains("修理業者の作業は職員が立ち会うこと"))
            #expect(after.contains("承認（\(approval.decidedBy ?? "")、\(ServerFixture.now.warekiTime)）"))
            // The request's own history says what the city decided, on what terms.
            let history = try await city.get("/contracts/\(ServerFixture.contractID)/records/approval/AP-03").body
            #expect(history.contains("<td>承認（修理業者の作業は職員が立ち会うこと）</td>"), "\(history.suffix(1200))")
            #expect(history.contains("<tr><th>決定</th><td>承認</td></tr>"), "the page shows the decision: \(history.prefix(3000))")
        }
    }

    /// An approval is picked by what was asked and where it stands, in the catalog's words, not by its ID; each form
    /// offers only the granted approvals of a kind the catalog counts for what it records (a pending, denied or
    /// other-kind approval covers nothing), and a correction keeps the one already named.
    @Test func approvalsArePickedByWhatWasAsked() async throws {
        try await app.test(.router) { client in
            var yamada = TestBrowser(client)
            let csrf = try await yamada.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let contract = "/contracts/\(ServerFixture.contractID)"
            let form = try await yamada.get(contract + "/records/data-event").body
            #expect(form.contains("<option value=\"AP-01\">データ・媒体の持出し：区役所での読合せのため帳票を持出し（承認）</option>"), "\(form.count)")
            #expect(!form.contains("value=\"AP-02\""), "a granted carry-in approval covers no take-out or copy")
            #expect(!form.contains("value=\"AP-03\""), "a pending repair take-out approval covers nothing")
            let disposal = try await yamada.get(contract + "/records/disposal").body
            #expect(!disposal.contains("value=\"AP-03\"") && !disposal.contains("value=\"AP-01\""), "pending, or of another kind")
            try await fixture.store.execute(
                DecideApproval(contractID: ServerFixture.contractID, approvalID: "AP-03", granted: true, at: ServerFixture.now, decidedBy: "中野区"),
                actor: "city", at: ServerFixture.now)
            #expect(try await yamada.get(contract + "/records/disposal").body.contains("value=\"AP-03\""), "granted now")
            // On another asset's page, an approval about DA-02 is not offered, and naming it is refused at once.
            let otherAsset = try await yamada.get(contract + "/data/DA-03").body
            #expect(!otherAsset.contains("value=\"AP-01\"") && otherAsset.contains("該当する承認済みの申請はありません"))
            let slip = try await yamada.post(
                contract + "/records/data-event",
                form: [
                    "_csrf": csrf, "asset_id": "DA-03", "kind": "takeout", "person_id": "P04", "destination": "区役所", "approval_id": "AP-01"
                ])
            #expect(slip.status == .unprocessableContent && slip.body.contains("承認 AP-01 は別の提供データ（令和8年度 課税資料（第2回））についての承認です"))
            // A form sent back with what is wrong keeps the approval chosen, whatever it is.
            let refused = try await yamada.post(contract + "/records/data-event", form: ["_csrf": csrf, "approval_id": "AP-02"])
            #expect(refused.body.contains("<option value=\"AP-02\" selected>"), "\(refused.status)")
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Corrections, never edits: a record is corrected by a new journal entry with its reason, through the API and the
/// record's own page; what no field sets and what the city decided stay; the history shows every version.
@Suite struct CorrectionTests {
    let fixture: ServerFixture
    let app: Application<RouterResponder<AppContext>>
    static let api = RecordRoutesTests.api
    static let pages = RecordRoutesTests.pages

    init() async throws {
        fixture = try await ServerFixture()
        app = Application(router: MamoriApp.router(fixture.environment))
    }

    private func training(_ id: String) async throws -> TrainingSession? {
        try await fixture.store.contract(ServerFixture.contractID).trainings[id]
    }

    @Test func aCorrectionThroughTheAPIReplacesOnlyWhatItGivesAndKeepsTheVersionBefore() async throws {
        let kind = try #require(RecordKinds.named("training"))
        let form = try #require(kind.step(CommandForm.correctionSlug))
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            let created = try await desk.send(try #require(kind.create), "\(Self.api)/training", body: try #require(RecordRoutesTests.samples["training"]))
            let id = try #require(try JSONSerialization.jsonObject(with: created.bytes) as? [String: Any])["id"] as? String ?? ""
            let before = try #require(try await training(id))

            let corrected = try await desk.send(
                form, "\(Self.api)/training/\(id)/correct",
                body: #"{"title":"個人情報保護研修（第2回）","reason":"題名の誤記"}"#)
            #expect(corrected.status == .created, "\(corrected.body)")
            let after = try #require(try await training(id))
            #expect(after.title == "個人情報保護研修（第2回）")
            #expect(
                after.heldOn == before.heldOn && after.attendees == before.attendees && after.trainer == before.trainer,
                "what the correction does not give stays")

            let entries = try await fixture.store.entries(naming: id, organizationID: DemoScenario.contractorID)
            #expect(entries.map(\.type) == ["training.record", "training.record.correct"])
            #expect(entries[0].payload.contains("個人情報保護研修\"") && entries[1].payload.contains("題名の誤記"), "both versions are kept")

            // No reason, no correction; a future day is refused as when recording; nothing is written.
            let unreasoned = try await desk.send(form, "\(Self.api)/training/\(id)/correct", body: #"{"title":"x"}"#)
            #expect(unreasoned.status == .unprocessableContent && unreasoned.body.contains("\"field\":\"reason\""), "\(unreasoned.body)")
            let future = try await desk.send(form, "\(Self.api)/training/\(id)/correct", body: #"{"held_on":"2026-12-31","reason":"日付"}"#)
            #expect(future.status == .unprocessableContent && future.body.contains("in the future"), "\(future.body)")
            #expect(try await training(id) == after)

            // Limits count code points, as the API description's maxLength does: 150 letters with an accent are 300.
            let accented = String(repeating: "a\u{0301}", count: 150)
            let long = try await desk.send(form, "\(Self.api)/training/\(id)/correct", body: #"{"title":"\#(accented)","reason":"r"}"#)
            #expect(long.status == .unprocessableContent && long.body.contains("\"field\":\"title\""), "\(long.body)")
            // A correction that changes nothing is refused.
            let same = try await desk.send(form, "\(Self.api)/training/\(id)/correct", body: #"{"title":"個人情報保護研修（第2回）","reason":"r"}"#)
            #expect(same.status == .unprocessableContent && same.body.contains("nothing to correct"), "\(same.body)")
            // Another contract's record, or an unknown ID, is not found here.
            let foreign = try await desk.send(form, "\(Self.api)/training/no-such-training/correct", body: #"{"reason":"r"}"#)
            #expect(foreign.status == .notFound)
        }
        #expect(try await fixture.store.verifyLedger().isIntact, "the corrected state is what the journal produces")
    }

    /// A data event recorded in error is voided through the API with its reason: the list says so, the exchange history
    /// sent to the city leaves it out, and its asset counts one copy event less.
    @Test func aDataEventIsVoidedThroughTheAPIAndLeavesTheDocuments() async throws {
        let kind = try #require(RecordKinds.named("data-event"))
        let form = try #require(kind.step("void"))
        let contract = "/contracts/\(ServerFixture.contractID)"
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            // EV-04 is the demo's one copy of two.
            #expect(try await desk.get(contract + "/documents/exchange_history.csv").body.contains("複写 2 部"))
            let voided = try await desk.send(form, "\(Self.api)/data-event/EV-04/void", body: #"{"reason":"部数の誤り"}"#)
            #expect(voided.status == .created, "\(voided.body)")
            let again = try await desk.send(form, "\(Self.api)/data-event/EV-04/void", body: #"{"reason":"部数の誤り"}"#)
            #expect(again.status == .unprocessableContent && again.body.contains("already voided"), "\(again.body)")
            let unknown = try await desk.send(form, "\(Self.api)/data-event/EV-none/void", body: #"{"reason":"r"}"#)
            #expect(unknown.status == .notFound && unknown.body.contains("EV-none"), "\(unknown.body)")

            let list = try await desk.get("\(Self.pages)/data-event").body
            #expect(list.contains("取消済み（部数の誤り）"))
            // The API lists it with its void, so that no client counts it as standing.
            let listed = try #require(try JSONSerialization.jsonObject(with: try await desk.get("\(Self.api)/data-event").bytes) as? [[String: Any]])
            let voidedEvent = try #require(listed.first { $0["id"] as? String == "EV-04" })
            #expect((voidedEvent["voided"] as? [String: Any])?["reason"] as? String == "部数の誤り")
            #expect(listed.filter { $0["voided"] != nil }.count == 1, "only the voided event says so")
            // And the list's download, as the page does.
            #expect(try await desk.get("\(Self.pages)/data-event?format=csv").body.contains("取消済み（部数の誤り）"))
            let history = try await desk.get(contract + "/documents/exchange_history.csv").body
            // The city's history keeps the voided event, marked with its void.
            #expect(history.contains("複写（取消）") && history.contains("理由: 部数の誤り】複写 2 部") && history.contains("複写 1 部"), "\(history)")
            #expect(try await desk.get(contract + "/data/DA-02").body.contains("取消済み（部数の誤り）"))
            // The event's own page says who voided it, when and why (every event has one, not only those the state keeps).
            let page = try await desk.get("\(Self.pages)/data-event/EV-04")
            #expect(
                page.status == .ok && page.body.contains("取消（誤って記録したとき）（部数の誤り）") && page.body.contains("<td>登録</td>"),
                "\(page.body.suffix(1200))")
            #expect(try await desk.get("\(Self.pages)/data-event/EV-01").status == .ok)
            #expect(try await desk.get("\(Self.pages)/data-event/EV-none").status == .notFound)
            // A void sent from the event's own page without its reason comes back there, the form open with what is wrong.
            let unreasoned = try await desk.post(
                form, "\(contract)/records/data-event/EV-03/void", pairs: [("reason", ""), ("_return", "\(Self.pages)/data-event/EV-03")])
            #expect(unreasoned.status == .unprocessableContent)
            #expect(unreasoned.body.contains("<td>登録</td>") && unreasoned.body.contains("入力してください"), "\(unreasoned.body.suffix(1500))")

            // From the asset's history: each event still standing has its void form, which comes back to the asset.
            let asset = try await desk.get(contract + "/data/DA-02").body
            #expect(asset.contains("action=\"\(contract)/records/data-event/EV-03/void\"") && !asset.contains("data-event/EV-04/void"))
            // Sent back with what is wrong, a void or a new event comes back to the asset's page, the form as entered.
            let voidBack = try await desk.post(
                form, "\(contract)/records/data-event/EV-03/void", pairs: [("reason", ""), ("_return", contract + "/data/DA-02")])
            #expect(voidBack.status == .unprocessableContent && voidBack.body.contains("<details open>"), "\(voidBack.status)")
            #expect(voidBack.body.contains("令和8年度 課税資料（第2回）") && voidBack.body.contains("入力してください"))
            let eventBack = try await desk.post(
                form, "\(contract)/records/data-event",
                pairs: [
                    ("asset_id", "DA-02"), ("kind", "copy"), ("person_id", "P04"), ("copies", "abc"), ("note", "照合用"), ("_return", contract + "/data/DA-02")
                ])
            #expect(eventBack.status == .unprocessableContent && eventBack.body.contains("令和8年度 課税資料（第2回）"), "\(eventBack.status)")
            #expect(eventBack.body.contains("照合用") && eventBack.body.contains("整数"), "\(eventBack.body.suffix(2000))")
            let back = try await desk.post(
                form, "\(contract)/records/data-event/EV-03/void",
                pairs: [("reason", "重複して記録"), ("_return", contract + "/data/DA-02")])
            #expect(back.status == .seeOther, "\(back.status)")
            #expect(back.location == contract + "/data/DA-02?saved=EV-03")
            // The page the form came back to says what was saved; a forged notice shows nothing.
            #expect(try await desk.get(contract + "/data/DA-02?saved=EV-03").body.contains("<p class=\"notice\" role=\"status\">保存しました（EV-03）</p>"))
            #expect(!(try await desk.get(contract + "/data/DA-02?saved=%3Cb%3E").body.contains("保存しました")))
        }
        let state = try await fixture.store.contract(ServerFixture.contractID)
        #expect(state.ledgers["DA-02"]?.copies.isEmpty == true && state.voids["EV-03"]?.reason == "重複して記録")
        #expect(try await fixture.store.verifyLedger().isIntact)
    }

    /// The city's decision on a request stays as the city made it: the contractor corrects the request's subject, the
    /// grant stays; the decision is no field of the correction.
    @Test func theCitysDecisionStaysWhenTheContractorCorrects() async throws {
        let kind = try #require(RecordKinds.named("approval"))
        let form = try #require(kind.step(CommandForm.correctionSlug))
        let granted = try #require(
            try await fixture.store.contract(ServerFixture.contractID).approvals.values
                .sorted { $0.id < $1.id }.first { $0.decision == .granted })
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            // What the city granted is not the contractor's to change: a granted carry-in does not become an extra copy.
            for body in [#"{"subject":"訂正後の件名","reason":"件名の誤り"}"#, #"{"kind":"extra-copy","asset_id":"DA-02","copies":3,"reason":"r"}"#] {
                let refused = try await desk.send(form, "\(Self.api)/approval/\(granted.id)/correct", body: body)
                #expect(refused.status == .unprocessableContent && refused.body.contains("decided by the city"), "\(refused.body)")
            }
            let forged = try await desk.send(form, "\(Self.api)/approval/\(granted.id)/correct", body: #"{"decision":"denied","reason":"r"}"#)
            #expect(forged.status == .unprocessableContent && forged.body.contains("\"field\":\"decision\""), "\(forged.body)")
        }
        let after = try #require(try await fixture.store.contract(ServerFixture.contractID).approvals[granted.id])
        #expect(after.subject == granted.subject && after.decision == .granted && after.decidedAt == granted.decidedAt && after.decidedBy == granted.decidedBy)
        // Core refuses it too, whoever sends it.
        var changed = after
        changed.decision = .denied
        await #expect(throws: StoreError.self) { try await fixture.store.execute(CorrectRecord(changed, reason: "r"), actor: "test", at: ServerFixture.now) }
    }

    /// Corrections may not loosen what runs against the contractor: the city's terms on data only become stricter, an
    /// incident's discovery only moves earlier (found from outside: both turned violations into compliance).
    @Test func termsOnlyTightenAndClocksOnlyStartEarlier() async throws {
        let state = try await fixture.store.contract(ServerFixture.contractID)
        let asset = try #require(state.assets.values.sorted { $0.id < $1.id }.first)
        let incident = try #require(state.incidents.values.sorted { $0.id < $1.id }.first)
        let assetForm = try #require(RecordKinds.named("asset")?.step(CommandForm.correctionSlug))
        let incidentForm = try #require(RecordKinds.named("incident")?.step(CommandForm.correctionSlug))
        let later = incident.discoveredAt.addingTimeInterval(86_400).ISO8601Format()
        let earlier = incident.discoveredAt.addingTimeInterval(-3_600).ISO8601Format()
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            for (field, value) in [
                ("permitted_copies", "\(asset.permittedCopies + 4)"), ("return_due", "\"2099-12-31\""),
                ("permitted_purposes", "[\"他の目的\"]")
            ] {
                let refused = try await desk.send(assetForm, "\(Self.api)/asset/\(asset.id)/correct", body: #"{"\#(field)":\#(value),"reason":"r"}"#)
                #expect(refused.status == .unprocessableContent && refused.body.contains("\"field\":\"\(field)\""), "\(field): \(refused.body)")
            }
            let stricter = try await desk.send(assetForm, "\(Self.api)/asset/\(asset.id)/correct", body: #"{"permitted_copies":0,"reason":"複製は不可の誤記"}"#)
            #expect(stricter.status == .created, "\(stricter.body)")
            let moved = try await desk.send(incidentForm, "\(Self.api)/incident/\(incident.id)/correct", body: #"{"discovered_at":"\#(later)","reason":"r"}"#)
            #expect(moved.status == .unprocessableContent && moved.body.contains("discovered_at"), "\(moved.body)")
            let sooner = try await desk.send(
                incidentForm, "\(Self.api)/incident/\(incident.id)/correct", body: #"{"discovered_at":"\#(earlier)","reason":"発見時刻の誤記"}"#)
            #expect(sooner.status == .created, "\(sooner.body)")
        }
    }

    /// The record's page shows the form filled with the current values; sent back with a change it corrects the record
    /// and returns to the page, whose history names both entries and the reason. Data events have no correction.
    /// The correction form shows a time to the second, and a time left as shown stays the recorded one, fraction and
    /// all: correcting only what a backup covered never rewrites when it ran (found by a new user: 実施日時 lost its
    /// seconds).
    @Test func aTimeLeftAsShownStaysAsRecorded() async throws {
        let ranAt = ServerFixture.now.addingTimeInterval(-3 * 3600 + 37.25)
        try await fixture.store.execute(
            AddRecord(BackupRun(id: "BK-SEC", contractID: ServerFixture.contractID, ranAt: ranAt, scope: "業務サーバ", medium: "外付けHDD", succeeded: true)),
            actor: "test", at: ServerFixture.now)
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            let page = try await desk.get("\(Self.pages)/backup/BK-SEC").body
            let shown = Timestamp.localInputValue(ranAt)
            #expect(shown.hasSuffix(":37") && page.contains("type=\"datetime-local\" step=\"1\" value=\"\(shown)\""), "\(shown)")
            let posted = try await desk.responsible.post(
                "\(Self.pages)/backup/BK-SEC/correct",
                pairs: [
                    ("_csrf", desk.responsibleCSRF), ("ran_at", shown), ("scope", "業務サーバと共有フォルダ"), ("medium", "外付けHDD"),
                    ("succeeded", "on"), ("reason", "対象の記入漏れ")
                ])
            #expect(posted.status == .seeOther || posted.status == .found, "\(posted.status) \(posted.body.prefix(400))")
        }
        let after = try #require(try await fixture.store.contract(ServerFixture.contractID).backups["BK-SEC"])
        #expect(after.scope == "業務サーバと共有フォルダ" && after.ranAt == ranAt, "\(after.ranAt) \(ranAt)")
    }

    /// The history names who recorded each entry by their name, with the login the journal keeps and the role.
    @Test func theHistoryNamesPeopleByTheirNames() async throws {
        let account = Account(id: "account-kato", login: "kato", displayName: "加藤 恵", passwordHash: "-", createdAt: ServerFixture.now)
        try await fixture.store.createAccount(
            account, memberships: [Membership(accountID: account.id, organizationID: DemoScenario.contractorID, role: .supervisor)])
        try await fixture.store.execute(
            AddRecord(BackupRun(id: "BK-NAME", contractID: ServerFixture.contractID, ranAt: ServerFixture.now, scope: "業務サーバ", medium: "テープ", succeeded: true)),
            actor: "kato (supervisor)", at: ServerFixture.now)
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            let page = try await desk.get("\(Self.pages)/backup/BK-NAME").body
            #expect(page.contains("<td>加藤 恵（kato・監督者）</td>"), "\(page.suffix(800))")
        }
    }

    @Test func theRecordPageCorrectsAndShowsTheHistory() async throws {
        let person = try #require(try await fixture.store.contract(ServerFixture.contractID).people["P03"])
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            let roster = try await desk.get("/contracts/\(ServerFixture.contractID)/people")
            #expect(roster.body.contains("href=\"\(Self.pages)/person/P03\""), "the roster leads to each person's page")
            let page = try await desk.get("\(Self.pages)/person/P03")
            #expect(page.status == .ok && page.body.contains("value=\"\(person.joinedOn)\""), "the form holds the current values")
            #expect(page.body.contains("action=\"\(Self.pages)/person/P03/correct\""))
            // The form with its photo: a new photo replaces the one recorded.
            let posted = try await desk.responsible.post(
                "\(Self.pages)/person/P03/correct",
                multipart: [
                    "_csrf": desk.responsibleCSRF, "name": person.name, "role": person.role.rawValue, "scope": "データ入力・照合",
                    "joined_on": person.joinedOn.description, "reason": "担当範囲の記入漏れと写真の差し替え", "_return": "\(Self.pages)/person/P03"
                ], file: ("photo", "photo.png", DemoScenario.samplePhoto))
            #expect(posted.location == "\(Self.pages)/person/P03?saved=P03", "\(posted.status) \(posted.body.prefix(500))")
            let history = try await desk.get("\(Self.pages)/person/P03")
            #expect(history.body.contains("<td>登録</td>") && history.body.contains("訂正: 担当範囲の記入漏れと写真の差し替え"), "\(history.body.suffix(1500))")
            #expect(history.body.contains("yamada（責任者）"), "the role by its name: \(history.body.suffix(800))")
            #expect(
                history.body.contains("担当業務: \(person.scope) → データ入力・照合") && history.body.contains("写真を差し替え"),
                "the history says what changed: \(history.body.suffix(1500))")
            let refused = try await desk.responsible.post(
                "\(Self.pages)/person/P03/correct", multipart: ["_csrf": desk.responsibleCSRF, "scope": "x"],
                file: ("photo", "", Data()))
            #expect(refused.status == .unprocessableContent && refused.body.contains("訂正の理由"), "the page again, naming the reason")
            // A training's attendee who has left since stays chosen in its correction form (found from outside:
            // a title-only correction dropped him).
            let left = try #require(try await fixture.store.contract(ServerFixture.contractID).people.values.first { $0.leftOn != nil })
            let training = try #require(try await fixture.store.contract(ServerFixture.contractID).trainings.values.first { $0.attendees.contains(left.id) })
            let leftPage = try await desk.get("\(Self.pages)/person/\(left.id)")
            #expect(
                leftPage.body.contains("<td>離任</td>") && leftPage.body.contains("誓約書 PL-\(left.id) の登録"),
                "a step by its title, another record as related: \(leftPage.body.suffix(1200))")
            let trainingPage = try await desk.get("\(Self.pages)/training/\(training.id)")
            #expect(trainingPage.body.contains("value=\"\(left.id)\" checked"), "\(left.id) is still an attendee in the form")
            let events = try await desk.get("\(Self.pages)/data-event")
            #expect(!events.body.contains("/correct\""), "no correction of a data event")
        }
        let after = try #require(try await fixture.store.contract(ServerFixture.contractID).people["P03"])
        #expect(after.scope == "データ入力・照合" && after.leftOn == person.leftOn, "what no field sets stays")
        #expect(after.photo != nil && after.photo != person.photo, "the new photo, sealed")
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriStore
import OpenAPIKit
import Testing
import Yams

@testable import MamoriServer

/// Every kind of record through the API and the forms built from ``RecordKinds``: each is added and each of its
/// steps runs, personal data is sealed at rest, wrong input is named field by field and nothing is written.
@Suite struct RecordRoutesTests {
    let fixture: ServerFixture
    let app: Application<RouterResponder<AppContext>>
    static let api = "/api/v1/contracts/\(ServerFixture.contractID)/records"
    static let pages = "/contracts/\(ServerFixture.contractID)/records"

    init() async throws {
        fixture = try await ServerFixture()
        app = Application(router: MamoriApp.router(fixture.environment))
    }

    /// A valid body for adding one record of every kind, and for each step.
    static let samples: [String: String] = [
        "person": #"{"name":"新井 誠","role":"staff","scope":"データ入力","joined_on":"2026-11-20"}"#,
        "id-check": #"{"person_id":"P03","document_type":"運転免許証","checked_by":"山田 太郎"}"#,
        "training": #"{"held_on":"2026-11-25","title":"個人情報保護研修","content":"漏えい時の連絡","trainer":"山田","materials":["資料A"],"attendees":["P03","P04"]}"#,
        "pledge": #"{"person_id":"P04","signed_on":"2026-11-25"}"#,
        "asset":
            #"{"name":"課税資料（第3回）","items":["氏名","住所"],"medium":"DVD-R","record_count":1200,"permitted_purposes":["データ入力"],"permitted_copies":1,"storage_location":"施錠書庫","received_on":"2026-11-25","return_due":"2027-01-31"}"#,
        "data-event":
            #"{"asset_id":"DA-03","kind":"destruction","person_id":"P03","erasure":{"method":"clear","passes":3,"operator_name":"佐藤","witness":"山田","media_serials":["SN-1"]}}"#,
        "approval": #"{"kind":"extra-copy","subject":"照合用にもう1部","asset_id":"DA-02","copies":1,"requested_by":"P02"}"#,
        "incident":
            #"{"kind":"mis-sending","discovered_at":"2026-11-26T09:00:00+09:00","narrative":"区民Aさん宛の通知を誤送信","appi":{"affected_people":1,"sensitive_data":false,"financial_harm":false,"malicious":false}}"#,
        "audit": #"{"kind":"inspection","held_on":"2026-11-20","auditor":"中野区 監査担当 高橋","request":"鍵の管理簿を提出","response_due":"2026-12-10"}"#,
        "instruction": #"{"instruction":"入退室記録を毎月提出すること","due_on":"2026-12-31"}"#,
        "attestation": #"{"clause_id":"CS-1.10","person_id":"P01","statement":"ワイヤーロックを確認した"}"#,
        "safeguard": #"{"category":"physical","title":"施錠管理","measure":"書庫は二重施錠"}"#,
        "policy": #"{"title":"情報セキュリティ基本方針","version":"3.0","adopted_on":"2026-11-01"}"#,
        "structure": #"{"work_location":"本社3階","storage_location":"施錠書庫","emergency_contacts":[{"name":"山田 太郎","position":"責任者","phone":"03-0000-0000"}]}"#,
        "subcontract": #"{"subcontractor":"株式会社印刷","scope":"封入封緘","touches_personal_data":true,"starts_on":"2026-12-01"}"#,
        "notification": #"{"subject":"personnel-change","person_id":"P12","content":"従事者 山本 彩 の追加を書面で届出"}"#,
        "backup": #"{"scope":"業務サーバ","medium":"外付けHDD","succeeded":true}"#,
        "disposal":
            #"{"kind":"disposal","device":"入力端末 PC-0042","erasure":{"method":"destroy","operator_name":"佐藤","witness":"山田","media_serials":["HDD-77"]}}"#,
        "software": #"{"name":"7-Zip","allowed":true,"decided_by":"山田 太郎"}"#
    ]

    static let stepSamples: [String: String] = [
        "leave": #"{"left_on":"2026-11-26"}"#,
        "notify": #"{"at":"2026-11-26T09:30:00+09:00"}"#,
        "written-report": #"{"findings":{"data_items":["氏名","住所"],"cause":"宛先の確認漏れ","prevention":"二人で確認"}}"#,
        "final-report":
            #"{"findings":{"data_items":["氏名"],"cause":"宛先の確認漏れ","secondary_harm":"なし","response_to_individuals":"謝罪","publication":"なし","prevention":"二人で確認"}}"#,
        "instruct": #"{"instruction":"再発防止策を文書で提出すること"}"#,
        "close": "{}",
        "respond": #"{"text":"管理簿を提出しました"}"#,
        "complete": "{}",
        "submit": "{}",
        "void": #"{"reason":"誤って記録しました"}"#
    ]

    /// A body for a step on a record of `kind` made from its sample: the step's sample, or for a correction one changed
    /// value (a correction that changes nothing is refused) and the reason.
    static func stepSample(_ step: CommandForm, of kind: RecordKind) -> String? {
        guard step.slug == CommandForm.correctionSlug else { return stepSamples[step.slug] }
        let field = step.fields.first { field in
            switch field.input {
            case .text, .longText, .sealed: field.key != "reason"
            default: false
            }
        }
        let change = field.map { "\"\($0.key)\":\"訂正後の\($0.label.ja)\"" } ?? #""signed_on":"2026-11-24""#
        return "{\(change),\"reason\":\"入力の誤りを訂正しました\"}"
    }

    @Test func everyKindIsAddedThroughTheAPIAndEveryStepRuns() async throws {
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            for kind in RecordKinds.all {
                let body = try #require(Self.samples[kind.slug], "a sample for \(kind.slug)")
                let before = try await kind.count(try fixture.store.contract(ServerFixture.contractID), fixture.store)
                let created = try await desk.send(try #require(kind.create), "\(Self.api)/\(kind.slug)", body: body)
                #expect(created.status == .created, "\(kind.slug): \(created.body)")
                let id = try #require(try JSONSerialization.jsonObject(with: created.bytes) as? [String: Any])["id"] as? String
                let records = try await kind.records(try fixture.store.contract(ServerFixture.contractID), fixture.store)
                #expect(records.count == before + 1 && records.contains { $0.id == id }, "\(kind.slug) \(id ?? "") is stored")
                for step in kind.steps {
                    let stepBody = try #require(Self.stepSample(step, of: kind), "a sample for \(step.slug)")
                    let done = try await desk.send(step, "\(Self.api)/\(kind.slug)/\(id ?? "")/\(step.slug)", body: stepBody)
                    #expect(done.status == .created, "\(kind.slug)/\(step.slug): \(done.body)")
                }
                let list = try await desk.get("\(Self.api)/\(kind.slug)")
                #expect(list.status == .ok && list.body.contains("\"id\":\"\(id ?? "")\""), "\(kind.slug) is listed by the API: \(list.body.prefix(300))")
                if kind.slug == "incident" {
                    // Sealed values nested in lists and groups come back opened too: the city's instruction, the findings.
                    #expect(list.body.contains("再発防止策を文書で提出すること"), "\(list.body.prefix(600))")
                    #expect(list.body.contains("\"secondary_harm\":\"なし\""), "\(list.body.prefix(600))")
                    // The incident's own page shows the city's instruction, opened.
                    let own = try await desk.get("\(Self.pages)/incident/\(id ?? "")")
                    #expect(own.body.contains("区からの指示") && own.body.contains("再発防止策を文書で提出すること"))
                }
                let page = try await desk.get("\(Self.pages)/\(kind.slug)")
                #expect(page.status == .ok && page.body.contains("<tr id=\"\(id ?? "")\">"), "\(kind.slug) is listed on its page")
            }
        }
        let state = try await fixture.store.contract(ServerFixture.contractID)
        // Numbered within the contract, after the demo's one incident (INC-01): a number people can say.
        let incident = try #require(state.incidents["INC-2"])
        #expect(incident.cityNotifiedAt != nil && incident.writtenReportAt != nil && incident.finalReportAt != nil && incident.closedAt != nil)
        #expect(incident.instructions.count == 1)
        let findings = try JSONDecoder().decode(IncidentFindings.self, from: fixture.store.vault.open(try #require(incident.finalFindings)))
        #expect(findings.publication == "なし" && findings.dataItems == ["氏名"])
        // The destruction was recorded, then voided by its step: DA-03 is in use again, the void says why.
        #expect(state.ledgers["DA-03"]?.final == nil && state.voids.values.contains { $0.assetID == "DA-03" && $0.eventKind == .destruction })
        #expect(state.audits.values.contains { $0.response == "管理簿を提出しました" })
        #expect(state.approvals.values.contains { $0.kind == "extra-copy" && $0.decision == .pending }, "a request is pending, whatever is sent")
        #expect(try await fixture.store.verifyLedger().firstBroken == nil)
    }

    @Test func longListsArePagedOnThePageAndInTheAPI() async throws {
        let total = RecordKind.pageSize + 20
        let before = try await fixture.store.eventCount(ofContract: ServerFixture.contractID)
        try await fixture.store.execute(
            batch: (0..<total).map { index in
                AddRecord(
                    DataEvent(
                        id: "EV-PAGE-\(index)", contractID: ServerFixture.contractID, assetID: "DA-03", kind: .use,
                        occurredAt: ServerFixture.now.addingTimeInterval(Double(index - total)), personID: "P04", purpose: "口座情報の入力"))
            }, actor: "test", at: ServerFixture.now)
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let first = try await browser.get("\(Self.pages)/data-event")
            #expect(first.body.components(separatedBy: "<tr id=\"").count - 1 == RecordKind.pageSize)
            #expect(first.body.contains("<tr id=\"EV-PAGE-\(total - 1)\">"), "the newest first")
            #expect(first.body.contains("?page=2") && first.body.contains("1 / 2 ページ（全 \(total + before) 件）"))
            let second = try await browser.get("\(Self.pages)/data-event?page=2")
            #expect(second.body.components(separatedBy: "<tr id=\"").count - 1 == total + before - RecordKind.pageSize)
            #expect(second.body.contains("<tr id=\"EV-PAGE-0\">") && !second.body.contains("<tr id=\"EV-PAGE-\(total - 1)\">"))
            let api = try await browser.get("\(Self.api)/data-event?page=2")
            let listed = try #require(try JSONSerialization.jsonObject(with: api.bytes) as? [[String: Any]])
            #expect(listed.count == total + before - RecordKind.pageSize && listed.contains { $0["id"] as? String == "EV-PAGE-0" })
        }
    }

    /// An incident the APPI does not cover owes no final report: the tab says 不要, the step is not offered and the
    /// report has no 確報 page; a reportable one's final report form starts from the preliminary findings; the tab shows
    /// when it closed.
    @Test func theFinalReportStartsFromThePreliminaryOne() async throws {
        let kind = try #require(RecordKinds.named("incident"))
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            var ids: [Bool: String] = [:]
            for reportable in [true, false] {
                let created = try await desk.send(
                    try #require(kind.create), "\(Self.api)/incident",
                    body: #"{"kind":"loss","narrative":"書類の紛失","appi":{"affected_people":3,"sensitive_data":"#
                        + (reportable ? "true" : "false") + #","financial_harm":false,"malicious":false}}"#)
                let id = try #require(try JSONSerialization.jsonObject(with: created.bytes) as? [String: Any])["id"] as? String ?? ""
                ids[reportable] = id
                for (slug, body) in [("notify", "{}"), ("written-report", #"{"findings":{"data_items":["氏名","住所"],"cause":"鍵の掛け忘れ"}}"#)] {
                    let done = try await desk.send(try #require(kind.step(slug)), "\(Self.api)/incident/\(id)/\(slug)", body: body)
                    #expect(done.status == .created, "\(slug): \(done.body)")
                }
            }
            let (owed, notOwed) = (ids[true]!, ids[false]!)
            let list = try await desk.get("\(Self.pages)/incident").body
            let final = try #require(list.components(separatedBy: "action=\"\(Self.pages)/incident/\(owed)/final-report\"").dropFirst().first)
            #expect(final.contains(">鍵の掛け忘れ</textarea>") && final.contains("氏名\n住所"), "\(final.prefix(1500))")
            #expect(!list.contains("action=\"\(Self.pages)/incident/\(notOwed)/final-report\""), "no final report is owed")
            let tab = try await desk.get("/contracts/\(ServerFixture.contractID)/incidents").body
            #expect(tab.contains("<th>終結</th>"))
            let row = try #require(tab.components(separatedBy: "<tr").first { $0.contains(">\(notOwed)<") })
            #expect(row.contains("<td>不要</td>"), "\(row)")
            let report = try await desk.get("/contracts/\(ServerFixture.contractID)/documents/incident_report.html?incident=\(notOwed)").body
            #expect(report.contains("事故報告書（速報）") && !report.contains("事故報告書（確報）"))
        }
    }

    /// A column is headed by the field's name, not the hint its form gives (a new user saw 「発見日時（空欄は現在）」
    /// over a list); the form keeps the hint, the CSV the plain name.
    @Test func columnsAreHeadedByNamesNotFormHints() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let page = try await browser.get("\(Self.pages)/incident").body
            let head = try #require(page.components(separatedBy: "<thead>").dropFirst().first?.components(separatedBy: "</thead>").first)
            #expect(head.contains("<th>発見日時</th>") && head.contains("<th>概要</th>") && !head.contains("空欄"), "\(head)")
            #expect(page.contains("発見日時（空欄は現在）"), "the form still says what an empty value means")
            let csv = try await browser.get("\(Self.pages)/incident?format=csv").body
            #expect(csv.contains("\"発見日時\"") && !csv.contains("空欄"), "\(csv.prefix(200))")
        }
    }

    /// Records of the same moment are listed newest number first, numbers read as numbers: BK-T-12 before BK-T-9
    /// (as text, "9" comes after "12"), on the page and in the API alike.
    @Test func recordsOfOneMomentAreListedByTheirNumbers() async throws {
        try await fixture.store.execute(
            batch: (1...12).map { number in
                AddRecord(
                    BackupRun(
                        id: "BK-T-\(number)", contractID: ServerFixture.contractID, ranAt: ServerFixture.now, scope: "業務サーバ",
                        medium: "外付けHDD", succeeded: true))
            }, actor: "test", at: ServerFixture.now)
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let expected = (1...12).reversed().map { "BK-T-\($0)" }
            let api = try await browser.get("\(Self.api)/backup")
            let listed = try #require(try JSONSerialization.jsonObject(with: api.bytes) as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(listed.filter { $0.hasPrefix("BK-T-") } == expected)
            let page = try await browser.get("\(Self.pages)/backup").body
            let shown = page.components(separatedBy: "<tr id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(shown.filter { $0.hasPrefix("BK-T-") } == expected)
        }
    }

    /// Twelve curl processes post at once, each on its own connection. Whether or not their numbers collide here (they
    /// do under CI's kill -9 load, with more writers: each is then made again from the newer state), every record is
    /// saved, under its own number.
    @Test(.needs(.curl)) func recordsAddedAtOnceAreEachSavedUnderTheirOwnNumber() async throws {
        try await Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let url = "http://127.0.0.1:\(try #require(client.port))\(Self.api)/backup"
            let before = try await fixture.store.contract(ServerFixture.contractID).backups.count
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-curl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let processes = try (0..<12).map { index in
                let output = folder.appendingPathComponent("\(index)").path
                let curl = try ChildProcess.start(
                    [
                        "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "-H",
                        "X-CSRF-Token: \(csrf)", "-H", "Cookie: \(cookie)", "--data",
                        "{\"scope\": \"同時 \(index)\", \"medium\": \"テープ\", \"succeeded\": true}", url
                    ], output: .file(output))
                return (curl, output)
            }
            let codes = try await AgentCheckInTests.offPool {
                processes.map { curl, output in
                    curl.wait()
                    return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                }
            }
            #expect(codes.allSatisfy { $0 == "201" }, "\(codes)")
            let backups = try await fixture.store.contract(ServerFixture.contractID).backups
            #expect(backups.count == before + 12)
            #expect((before + 1...before + 12).allSatisfy { backups["BK-\($0)"] != nil }, "\(backups.keys.sorted())")
        }
    }

    @Test func personalDataIsSealedAtRestAndOpenedForMembers() async throws {
        let narrative = "区民Aさん宛の通知を誤送信"
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[APIRoutes.csrfHeader] = csrf
            #expect(try await browser.send("\(Self.api)/incident", method: .post, headers: headers, body: Self.samples["incident"]).status == .created)
            #expect(try await browser.get("\(Self.api)/incident").body.contains(narrative))
            #expect(try await browser.get("\(Self.pages)/incident").body.contains(narrative))
            var foreign = TestBrowser(client)
            _ = try await foreign.signIn("foreign-admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await foreign.get("\(Self.api)/incident").status == .notFound)
        }
        try await fixture.store.checkpoint()
        let database = try Data(contentsOf: Store.files(in: fixture.directory).database)
        #expect(database.range(of: Data(narrative.utf8)) == nil, "the narrative is nowhere in the database file in clear text")
    }

    /// A marker planted in every sealed field of every kind and step, through the API and through the forms, is
    /// nowhere in the database file, its WAL or its shared memory, before or after a checkpoint — and members read it.
    @Test func everySealedFieldIsSealedThroughTheAPIAndTheForms() async throws {
        let planted = try await app.test(.router) { client -> [String] in
            var planted: [String] = []
            var replaced: [String] = []
            var desk = try await TestDesk.open(client, fixture)
            for kind in RecordKinds.all {
                guard let create = kind.create else { continue }
                // A transfer carries the sealed recipient, and can be made twice (the shared sample destroys its asset).
                let sample =
                    kind.slug == "data-event"
                    ? #"{"asset_id":"DA-02","kind":"transfer","person_id":"P03","recipient":"x","to_city":false}"#
                    : try #require(Self.samples[kind.slug])
                let parsed = try JSONSerialization.jsonObject(with: Data(sample.utf8))
                // The sample is a JSON object (possibly empty); anything else fails the test.
                guard var body = parsed as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
                var form: [(String, String)] = []
                let given = try JSONDecoder().decode(JSONValue.self, from: Data(sample.utf8))
                for field in create.fields {
                    if case .sealed = field.input {
                        let marker = "MARKER-\(kind.slug)-\(field.key)-\(UUID().uuidString.prefix(8))"
                        body[field.key] = marker + "-api"
                        planted += [marker + "-api", marker + "-form"]
                        form.append((field.key, marker + "-form"))
                    } else if let value = given.value(at: field.key) {
                        if case .list = field.input {
                            form.append((field.key, (value.texts ?? []).joined(separator: "\n")))
                        } else {
                            for item in value.items ?? [value] {
                                form.append((field.key, item.text ?? item.integer.map(String.init) ?? item.flag.map { "\($0)" } ?? ""))
                            }
                        }
                    }
                }
                let created = try await desk.send(
                    create, "\(Self.api)/\(kind.slug)",
                    body: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
                #expect(created.status == .created, "\(kind.slug): \(created.body)")
                if !form.isEmpty, planted.contains(where: { $0.hasPrefix("MARKER-\(kind.slug)-") }) {
                    let posted = try await desk.post(create, "\(Self.pages)/\(kind.slug)", pairs: form)
                    #expect(posted.location != nil, "\(kind.slug) through the form: \(posted.status) \(posted.body.prefix(400))")
                }
                let id = try #require(try JSONSerialization.jsonObject(with: created.bytes) as? [String: Any])["id"] as? String ?? ""
                for step in kind.steps {
                    guard step.fields.contains(where: { if case .sealed = $0.input { true } else { false } }) else { continue }
                    let stepSample = try #require(Self.stepSample(step, of: kind))
                    var stepBody = try #require(try JSONSerialization.jsonObject(with: Data(stepSample.utf8)) as? [String: Any])
                    for field in step.fields {
                        if case .sealed = field.input {
                            let marker = "MARKER-\(kind.slug)-\(step.slug)-\(UUID().uuidString.prefix(8))"
                            stepBody[field.key] = marker
                            // A correction replaces the value the API recorded: sealed at rest still, but no longer shown.
                            if step.slug == CommandForm.correctionSlug {
                                replaced += planted.filter { $0.hasPrefix("MARKER-\(kind.slug)-\(field.key)-") && $0.hasSuffix("-api") }
                            }
                            planted.append(marker)
                        }
                    }
                    let done = try await desk.send(
                        step, "\(Self.api)/\(kind.slug)/\(id)/\(step.slug)",
                        body: String(decoding: try JSONSerialization.data(withJSONObject: stepBody), as: UTF8.self))
                    #expect(done.status == .created, "\(kind.slug)/\(step.slug): \(done.body)")
                }
            }
            var shown = ""
            for kind in RecordKinds.all { shown += try await desk.get("\(Self.api)/\(kind.slug)").body }
            for marker in planted where !replaced.contains(marker) { #expect(shown.contains(marker), "\(marker) is opened for members") }
            #expect(replaced.count >= 3, "corrections replaced sealed values: \(replaced)")
            return planted
        }
        #expect(planted.count >= 10, "markers in the sealed fields: \(planted)")
        #expect(planted.contains { $0.hasPrefix("MARKER-instruction-instruction-") }, "the city's instructions are sealed")
        func files() -> Data {
            let database = Store.files(in: fixture.directory).database.path
            return ["", "-wal", "-shm"].reduce(into: Data()) { all, suffix in
                if let data = FileManager.default.contents(atPath: database + suffix) { all.append(data) }
            }
        }
        for stage in ["before a checkpoint", "after a checkpoint"] {
            let bytes = files()
            for marker in planted { #expect(bytes.range(of: Data(marker.utf8)) == nil, "\(marker) in clear \(stage)") }
            try await fixture.store.checkpoint()
        }
    }

    /// The outages and silent rewrites found by probing: a page number that overflowed, counts without a bound, lenient
    /// times, an image that claims a huge size. Each is refused with its limit, the server goes on, nothing is written.
    @Test func hostileValuesAreRefusedWithTheirLimitsAndTheServerGoesOn() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let before = try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq
            for page in ["9223372036854775807", "-9223372036854775808", "0", "-1", "1000001", "x", "1.5"] {
                let api = try await browser.get("\(Self.api)/backup?page=\(page)")
                #expect(api.status == .badRequest && api.body.contains("page"), "API page=\(page): \(api.status)")
                let html = try await browser.get("\(Self.pages)/data-event?page=\(page)")
                #expect(html.status == .badRequest, "page=\(page): \(html.status)")
            }
            #expect(try await browser.get("\(Self.api)/backup?page=1000000").body == "[]", "the last page accepted is empty, not a crash")
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[APIRoutes.csrfHeader] = csrf
            let asset =
                #"{"name":"x","medium":"紙","record_count":1,"permitted_purposes":["入力"],"storage_location":"金庫","return_due":"2027-01-31","permitted_copies":"#
            for copies in ["9223372036854775807", "-1", "10001", "1.5", "true", "1e30", "\"3\""] {
                let refused = try await browser.send("\(Self.api)/asset", method: .post, headers: headers, body: asset + copies + "}")
                #expect(refused.status == .unprocessableContent && refused.body.contains("permitted_copies"), "permitted_copies \(copies): \(refused.body)")
            }
            // Groups of the wrong shape or with a key no field has.
            for body in [
                #"{"kind":"loss","narrative":"x","appi":{"affected_people":1,"sensitive_data":false,"financial_harm":false,"malicious":false,"extra":1}}"#,
                #"{"kind":"loss","narrative":"x","appi":[1,2]}"#
            ] {
                let refused = try await browser.send("\(Self.api)/incident", method: .post, headers: headers, body: body)
                #expect(refused.status == .unprocessableContent && refused.body.contains("appi"), "\(refused.body)")
            }
            let copy = #"{"asset_id":"DA-02","kind":"copy","person_id":"P03","copies":4611686018427387904}"#
            #expect(try await browser.send("\(Self.api)/data-event", method: .post, headers: headers, body: copy).status == .unprocessableContent)
            for time in ["2026-02-30T10:00:00+09:00", "2026-11-26T25:61:61Z", "2026-11-26T12:99:00Z", "2026-11-26T10:00", "9999-12-31T00:00:00Z"] {
                let body = #"{"kind":"loss","narrative":"x","appi":{"affected_people":1},"discovered_at":"\#(time)"}"#
                let refused = try await browser.send("\(Self.api)/incident", method: .post, headers: headers, body: body)
                #expect(refused.status == .unprocessableContent && refused.body.contains("discovered_at"), "\(time): \(refused.body)")
            }
            for day in ["2026-1-1", "9999-12-31", "2026-02-30"] {
                let refused = try await browser.send("\(Self.api)/pledge", method: .post, headers: headers, body: #"{"person_id":"P04","signed_on":"\#(day)"}"#)
                #expect(refused.status == .unprocessableContent && refused.body.contains("signed_on"), "\(day)")
            }
            let long = String(repeating: "名", count: FormField.textLimit + 1)
            let named = try await browser.send("\(Self.api)/person", method: .post, headers: headers, body: #"{"name":"\#(long)","role":"staff"}"#)
            #expect(named.status == .unprocessableContent && named.body.contains("name"))
            // A PNG header claiming 100,000 × 100,000 pixels.
            var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8)
            png += Data([0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0])
            let huge = try await browser.send(
                "\(Self.api)/person", method: .post, headers: headers,
                body: #"{"name":"写真 花子","role":"staff","photo":"\#(png.base64EncodedString())"}"#)
            #expect(huge.status == .unprocessableContent && huge.body.contains("photo"), "\(huge.body)")
            #expect(try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq == before, "nothing was journaled")
            // A body as large as the description allows (a thousand media serials of 200 characters) is read, not
            // refused for its size.
            // Each line here is 194 of 𠮷 sent as JSON escapes (a surrogate pair, twelve bytes each) and a number.
            let serials = (0..<FormField.listLimit).map { "\"\(String(repeating: #"\uD842\uDFB7"#, count: FormField.textLimit - 6))\($0 + 100_000)\"" }
            let large =
                #"{"kind":"disposal","device":"入力端末","erasure":{"method":"destroy","operator_name":"佐藤","witness":"山田","media_serials":["#
                + serials.joined(separator: ",") + "]}}"
            #expect(large.utf8.count > 2_000_000)
            let disposal = try await browser.send("\(Self.api)/disposal", method: .post, headers: headers, body: large)
            #expect(disposal.status == .created, "\(disposal.body.prefix(300))")
            // Full-width digits from a Japanese keyboard are read as digits.
            let form = try await browser.post(
                Self.pages + "/data-event",
                pairs: [
                    ("_csrf", csrf), ("asset_id", "DA-02"), ("kind", "copy"),
                    ("person_id", "P03"), ("copies", "２"), ("occurred_at", "２０２６-11-26T09:00")
                ])
            #expect(form.location != nil, "\(form.status) \(form.body.prefix(300))")
            // A known API path with a method it does not answer: 405 naming the ones it does.
            for (method, path, allow) in [
                (HTTPRequest.Method.delete, "/api/v1/contracts", "GET"), (.trace, "\(Self.api)/backup", "GET, POST"),
                (.get, "/api/v1/agent/reports", "POST"), (.post, "/api/v1/agent/parts/abc", "PUT")
            ] {
                let answer = try await browser.send(path, method: method, headers: headers, body: nil)
                #expect(answer.status == .methodNotAllowed && answer.headers[.allow] == allow, "\(method) \(path): \(answer.status)")
            }
            #expect(try await browser.get("/api/v1/no-such-thing").status == .notFound)
            #expect(try await browser.get("/api/v1/contracts?lang=xx").status == .badRequest, "the API's lang is ja or en")
            #expect(try await browser.get("/api/v1/contracts?lang=en").status == .ok)
            #expect(try await browser.get("/healthz").status == .ok)
        }
    }

    /// The field of each kind and step that says when it happened, with a moment after the fixture's "now".
    static let futureMoments: [String: (field: String, value: String)] = [
        "person": ("joined_on", "2026-11-27"), "id-check": ("checked_on", "2026-11-27"), "training": ("held_on", "2026-11-27"),
        "pledge": ("signed_on", "2026-11-27"), "asset": ("received_on", "2026-11-27"),
        "data-event": ("occurred_at", "2026-11-26T11:00:00+09:00"), "approval": ("requested_at", "2026-11-26T11:00:00+09:00"),
        "incident": ("discovered_at", "2026-11-26T11:00:00+09:00"), "audit": ("held_on", "2026-11-27"),
        "instruction": ("issued_on", "2026-11-27"), "attestation": ("attested_on", "2026-11-27"), "safeguard": ("reviewed_on", "2026-11-27"),
        "policy": ("adopted_on", "2031-01-01"), "structure": ("recorded_on", "2026-11-27"), "notification": ("notified_on", "2026-11-27"),
        "backup": ("ran_at", "2030-01-01T00:00:00Z"),
        "disposal": ("handled_on", "2026-11-27"), "software": ("decided_on", "2026-11-27"),
        "leave": ("left_on", "2026-11-27"), "notify": ("at", "2026-11-26T10:06:00+09:00"), "written-report": ("at", "2027-01-01T00:00:00Z"),
        "final-report": ("at", "2027-01-01T00:00:00Z"), "instruct": ("at", "2027-01-01T00:00:00Z"), "close": ("at", "2027-01-01T00:00:00Z"),
        "respond": ("on", "2026-11-27"), "complete": ("on", "2026-11-27"), "submit": ("on", "2026-11-27")
    ]

    /// Every kind and step refuses a moment in the future (beyond five minutes) naming its field, in both languages;
    /// a subcontract's start is a plan, and may be ahead.
    @Test func momentsInTheFutureAreRefusedForEveryKindAndStep() async throws {
        try await app.test(.router) { client in
            var desk = try await TestDesk.open(client, fixture)
            func with(_ sample: String, _ field: String, _ value: String) throws -> String {
                let parsed = try JSONSerialization.jsonObject(with: Data(sample.utf8))
                // The sample is a JSON object (possibly empty); anything else fails the test.
                guard var body = parsed as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
                body[field] = value
                return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            }
            var tried = 0
            for kind in RecordKinds.all {
                let sample = try #require(Self.samples[kind.slug])
                if let (field, value) = Self.futureMoments[kind.slug] {
                    let refused = try await desk.send(try #require(kind.create), "\(Self.api)/\(kind.slug)", body: try with(sample, field, value))
                    #expect(
                        refused.status == .unprocessableContent && refused.body.contains("\"field\":\"\(field)\"")
                            && refused.body.contains("in the future") && refused.body.contains("未来"), "\(kind.slug) \(field): \(refused.body)")
                    tried += 1
                } else {
                    #expect(kind.slug == "subcontract", "\(kind.slug) has a moment to check")
                }
                let created = try await desk.send(try #require(kind.create), "\(Self.api)/\(kind.slug)", body: sample)
                let id = try #require(try JSONSerialization.jsonObject(with: created.bytes) as? [String: Any])["id"] as? String ?? ""
                for step in kind.steps {
                    // A correction refuses what the kind refuses.
                    let moment = step.slug == CommandForm.correctionSlug ? Self.futureMoments[kind.slug] : Self.futureMoments[step.slug]
                    if step.slug == CommandForm.correctionSlug, moment == nil { continue }
                    // A void gives no moment: it is dated when the server records it.
                    if step.slug == "void" { continue }
                    let (field, value) = try #require(moment, "\(step.slug)")
                    let stepSample = try #require(Self.stepSample(step, of: kind))
                    let refused = try await desk.send(step, "\(Self.api)/\(kind.slug)/\(id)/\(step.slug)", body: try with(stepSample, field, value))
                    #expect(refused.status == .unprocessableContent && refused.body.contains("in the future"), "\(kind.slug)/\(step.slug): \(refused.body)")
                    tried += 1
                }
            }
            #expect(tried == 18 + 9 + 17, "every kind but the subcontract, every step, every correction but the subcontract's")
        }
        // Five minutes ahead is a clock running fast, not the future.
        let soon = ServerFixture.now.addingTimeInterval(240)
        await #expect(throws: Never.self) {
            try await fixture.store.execute(
                AddRecord(
                    BackupRun(
                        id: "BK-SOON", contractID: ServerFixture.contractID, ranAt: soon, scope: "s", medium: "m",
                        succeeded: true)), actor: "test", at: ServerFixture.now)
        }
    }

    /// A report that says nothing is not a report: an empty preliminary report, by the API or the form, is refused
    /// naming why, and the clock keeps running.
    @Test func anEmptyReportIsRefused() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[APIRoutes.csrfHeader] = csrf
            try await AlertTests.incident("INC-EMPTY", fixture)
            #expect(try await browser.send("\(Self.api)/incident/INC-EMPTY/notify", method: .post, headers: headers, body: "{}").status == .created)
            let empty = try await browser.send("\(Self.api)/incident/INC-EMPTY/written-report", method: .post, headers: headers, body: "{}")
            #expect(empty.status == .unprocessableContent && empty.body.contains("報告の項目がすべて空です"), "\(empty.body)")
            let form = try await browser.post(Self.pages + "/incident/INC-EMPTY/written-report", pairs: [("_csrf", csrf)])
            #expect(form.status == .unprocessableContent && form.body.contains("報告の項目がすべて空です"))
            #expect(try await fixture.store.contract(ServerFixture.contractID).incidents["INC-EMPTY"]?.writtenReportAt == nil)
        }
    }

    @Test func wrongInputIsNamedFieldByFieldAndNothingIsWritten() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let before = try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[APIRoutes.csrfHeader] = csrf
            let wrong = try await browser.send(
                "\(Self.api)/training", method: .post, headers: headers,
                body: #"{"titel":"研修","held_on":"2026-13-01","attendees":["P03"],"materials":"資料A"}"#)
            #expect(wrong.status == .unprocessableContent)
            let problem = try #require(try JSONSerialization.jsonObject(with: wrong.bytes) as? [String: Any])
            let fields = Set((problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["titel", "held_on", "title", "materials"], "\(wrong.body)")
            let nobody = try await browser.send(
                "\(Self.api)/training", method: .post, headers: headers,
                body: #"{"title":"研修","attendees":["P99"]}"#)
            #expect(nobody.status == .unprocessableContent && nobody.body.contains("P99"))
            #expect(try await browser.send("\(Self.api)/no-such-kind", method: .post, headers: headers, body: "{}").status == .notFound)
            // A step on a record the contract does not have: not found, naming it.
            let unknown = try await browser.send("\(Self.api)/incident/IN-404/notify", method: .post, headers: headers, body: "{}")
            #expect(unknown.status == .notFound && unknown.body.contains("IN-404"), "\(unknown.body)")
            // A control character or a direction override in a text is refused, naming the field and the character;
            // tabs and line breaks in a long text are kept.
            for (text, code) in [
                ("研修\u{1B}[2J", "U+001B"), ("gnp\u{202E}exe.png", "U+202E"), ("a\u{2066}b", "U+2066"), ("版\u{FEFF}1", "U+FEFF"), ("abc\u{200F}def", "U+200F"),
                ("注\u{FFF9}釈", "U+FFF9"), ("a\u{206A}1", "U+206A"), ("研修\u{E0069}\u{E0067}", "U+E0069")
            ] {
                let body = String(
                    decoding: try JSONSerialization.data(withJSONObject: ["title": text, "held_on": "2026-11-20", "attendees": ["P03"]]), as: UTF8.self)
                let refused = try await browser.send("\(Self.api)/training", method: .post, headers: headers, body: body)
                #expect(
                    refused.status == .unprocessableContent && refused.body.contains("\"field\":\"title\"") && refused.body.contains(code)
                        && refused.body.contains("使えない文字"), "\(refused.body)")
            }
            // A line break, a tab or a zero-width space in a one-line text (a title, an item of a list) is refused.
            for body in [
                #"{"title": "研修\n第2回", "held_on": "2026-11-20", "attendees": ["P03"]}"#,
                #"{"title": "研修\u2028", "held_on": "2026-11-20", "attendees": ["P03"]}"#,
                #"{"title": "研修\t第2回", "held_on": "2026-11-20", "attendees": ["P03"]}"#,
                #"{"title": "研修\u200B第2回", "held_on": "2026-11-20", "attendees": ["P03"]}"#,
                #"{"title": "研修", "held_on": "2026-11-20", "attendees": ["P03\rP04"]}"#
            ] {
                let refused = try await browser.send("\(Self.api)/training", method: .post, headers: headers, body: body)
                #expect(refused.status == .unprocessableContent && refused.body.contains("改行・タブ"), "\(refused.body)")
            }
            // A text of which nothing shows (format characters, fillers, a blank braille pattern) is refused too.
            for text in ["\u{200F}", "\u{3164}", "\u{115F}\u{00AD}", "\u{2800}", "\u{034F}\u{FE0F}", "\u{E0001}", "\u{2061} \u{FFF9}"]
                + [0xFDD0, 0x0378].map({ String(Character(Unicode.Scalar($0)!)) })
            {
                let body = String(
                    decoding: try JSONSerialization.data(withJSONObject: ["title": text, "held_on": "2026-11-20", "attendees": ["P03"]]), as: UTF8.self)
                let refused = try await browser.send("\(Self.api)/training", method: .post, headers: headers, body: body)
                #expect(refused.status == .unprocessableContent && refused.body.contains("見える文字がありません"), "\(text.unicodeScalars.map(\.value))")
            }
            // A body that is not JSON says where it breaks; JSON that is not an object says what it is.
            let array = try await browser.send("\(Self.api)/training", method: .post, headers: headers, body: "[1,2]")
            #expect(array.status == .unprocessableContent && array.body.contains("not an array") && array.body.contains("配列"), "\(array.body)")
            let broken = try await browser.send("\(Self.api)/training", method: .post, headers: headers, body: #"{"title": 研修}"#)
            #expect(broken.status == .unprocessableContent && broken.body.contains("not valid JSON") && broken.body.contains("JSON として読めません"), "\(broken.body)")
            // A member named twice is refused (readers differ on which one counts), and nothing is added.
            let trainings = try await fixture.store.contract(ServerFixture.contractID).trainings.count
            let named = try await browser.send(
                "\(Self.api)/training", method: .post, headers: headers,
                body: #"{"title": "研修", "held_on": "2026-11-20", "attendees": ["P03"], "title": "別の研修"}"#)
            #expect(
                named.status == .unprocessableContent && named.body.contains("names the same member twice (byte 6") && named.body.contains("同じ項目名が二度"),
                "\(named.body)")
            #expect(try await fixture.store.contract(ServerFixture.contractID).trainings.count == trainings)

            let form = try await browser.post(Self.pages + "/training", pairs: [("_csrf", csrf), ("title", "情報セキュリティ研修"), ("held_on", "2026-11-25")])
            #expect(form.status == .unprocessableContent)
            let attendees = try #require(form.body.components(separatedBy: "name=\"attendees\"").last)
            #expect(attendees.contains("入力してください"), "the error is next to the attendees")
            #expect(form.body.contains("value=\"情報セキュリティ研修\""), "what was typed is kept")
            // Above the form, every problem once more, each a link to its field; the attendees are a group named by
            // its legend (no label around other labels).
            let summary = try #require(form.body.components(separatedBy: "<div class=\"error-summary\" role=\"alert\">").dropFirst().first)
            #expect(
                summary.hasPrefix("<p>入力内容を確認してください（1 件）</p><ul><li><a href=\"#field-attendees\">出席者：入力してください</a></li></ul>"),
                "\(summary.prefix(300))")
            #expect(form.body.contains("<fieldset class=\"people\" id=\"field-attendees\"><legend>出席者</legend>"))
            #expect(
                form.body.range(of: "error-summary")!.lowerBound < form.body.range(of: "<table class=\"grid records\">")!.lowerBound,
                "the refused form comes before the list")
            #expect(form.body.contains("実施日（空欄は今日）<input name=\"held_on\""), "an empty day is today, and the form says so")
            #expect(try await fixture.store.journalHead(of: DemoScenario.contractorID)?.seq == before, "nothing was journaled")
            let good = try await browser.post(
                Self.pages + "/training",
                pairs: [
                    ("_csrf", csrf), ("title", "情報セキュリティ研修"),
                    ("attendees", "P03"), ("attendees", "P04")
                ])
            let training = try #require(try await fixture.store.contract(ServerFixture.contractID).trainings.values.first { $0.title == "情報セキュリティ研修" })
            #expect(good.location == Self.pages + "/training?saved=\(training.id)")
            #expect(training.attendees.sorted() == ["P03", "P04"] && training.heldOn == Day(ServerFixture.now))
            let twice = try await browser.post(Self.pages + "/person/P03/leave", pairs: [("_csrf", csrf), ("left_on", "2026-11-26")])
            #expect(twice.location == Self.pages + "/person?saved=P03")
            let again = try await browser.post(Self.pages + "/person/P03/leave", pairs: [("_csrf", csrf), ("left_on", "2026-11-26")])
            #expect(again.status == .unprocessableContent && again.body.contains("既に離任しています"))
        }
    }

    @Test func theAPIDescriptionIsYAMLAndEveryKindIsInIt() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let text = try await browser.get("/api/openapi.yaml").body
            let document = try #require(try Yams.load(yaml: text) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(paths["/contracts"] != nil && paths["/agent/reports"] != nil)
            for kind in RecordKinds.all {
                let item = try #require(paths["/contracts/{contract}/records/\(kind.slug)"] as? [String: Any], "\(kind.slug)")
                let post = try #require(item["post"] as? [String: Any])
                let body = try #require(
                    ((((post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                        as? [String: Any])?["schema"] as? [String: Any]))
                // A form with fields that a choice makes necessary: the fields first, then each rule.
                let schema = try #require((body["allOf"] as? [[String: Any]])?.first ?? body)
                #expect(schema["additionalProperties"] as? Bool == false, "\(kind.slug): no other field accepted")
                // The list answers with the kind's own record schema, by reference.
                let get = try #require(item["get"] as? [String: Any])
                let listed = try #require(
                    (((((get["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                        as? [String: Any])?["schema"] as? [String: Any])?["items"] as? [String: Any])
                #expect(listed["$ref"] as? String == "#/components/schemas/\(RecordAPIDescription.schemaName(kind))")
                let required = Set(kind.create?.fields.filter { $0.presence == .required }.map { String($0.key.prefix { $0 != "." }) } ?? [])
                #expect(Set(schema["required"] as? [String] ?? []) == required, "\(kind.slug)")
                for step in kind.steps {
                    #expect(paths["/contracts/{contract}/records/\(kind.slug)/{record}/\(step.slug)"] != nil, "\(kind.slug)/\(step.slug)")
                }
            }
            // A key YAML 1.1 reads as a boolean (a step's `on`) or a number (a status) stays a string.
            #expect(text.contains("\"on\":") && text.contains("\"200\":") && !text.contains(" on:"))
            // The YAML and the JSON are one document, and OpenAPIKit finds it valid.
            let json = try await browser.get("/api/openapi.json")
            #expect(json.headers[.contentType] == "application/json")
            let fromYAML = try YAMLDecoder().decode(OpenAPI.Document.self, from: text)
            let fromJSON = try JSONDecoder().decode(OpenAPI.Document.self, from: Data(json.body.utf8))
            func operations(_ document: OpenAPI.Document) -> [String] {
                document.allOperationIds.sorted() + document.components.schemas.keys.map(\.rawValue).sorted()
            }
            #expect(operations(fromYAML) == operations(fromJSON) && operations(fromJSON).count > RecordKinds.all.count * 3)
            try fromYAML.validate()
            try fromJSON.validate()
        }
    }
}

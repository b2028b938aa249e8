import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriDocuments
import MamoriStore
import Testing

/// What each document says, read from its HTML: the demo's live data, addressed to the city head, dated in 和暦.
@Suite struct DocumentContentTests {
    let demo: DemoContract
    init() async throws { demo = try await DemoContract() }

    @Test func everyLetterIsAddressedToTheCityHeadAndDatedInWareki() async throws {
        for kind in DocumentKind.allCases {
            let html = try await demo.html(kind)
            #expect(html.contains("中野区長　様"), "\(kind)")
            #expect(html.contains("株式会社みらい情報サービス"), "\(kind)")
            #expect(html.contains("令和"), "\(kind)")
            #expect(!html.contains("<script"), "\(kind)")
        }
        #expect(try await demo.html(.complianceStatus).contains("令和8年11月26日"))
    }

    @Test func managementStructureNamesPeopleLocationsAndContacts() async throws {
        let html = try await demo.html(.managementStructure)
        for text in ["山田 太郎", "責任者", "監督者", "入力作業の監督", "データ入力室 施錠キャビネット", "03-0000-1111", "入退室管理", "物理的安全管理措置"] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(!html.contains("小林 翔"), "a person who left is not in today's structure")
    }

    @Test func rosterHasEveryoneWithPhotoAndIDCheck() async throws {
        let document = try await DocumentLibrary.make(.staffRoster, demo.context())
        let html = String(decoding: HTMLRenderer.render(document), as: UTF8.self)
        #expect(html.components(separatedBy: "<img class=\"photo\"").count - 1 == 12)
        #expect(html.contains("data:image/png;base64,\(DemoScenario.samplePhoto.base64EncodedString())"))
        #expect(html.contains("確認済 令和8年6月29日（中野区 税務課）"))
        #expect(html.contains("令和8年9月27日"), "the leaver's last day")
        #expect(document.records?.rows.count == 12)
    }

    @Test func trainingReportListsAttendeesAndWhoIsNotCovered() async throws {
        let html = try await demo.html(.trainingReport)
        #expect(html.contains("個人情報保護・情報セキュリティ研修"))
        #expect(html.contains("研修資料2026.pdf"))
        #expect(html.contains("10 名"))
        #expect(html.contains("従事者 11 名のうち 9 名が受講済み、2 名が未受講"))
    }

    @Test func onePledgePerPersonWithSignatureBoxes() async throws {
        let document = try await DocumentLibrary.make(.pledge, demo.context())
        #expect(document.sheets.count == 12)
        let html = String(decoding: HTMLRenderer.render(document), as: UTF8.self)
        #expect(html.components(separatedBy: "<h1>誓約書</h1>").count - 1 == 12)
        #expect(html.contains("氏名　山本 彩"))
        #expect(html.contains("<span>印</span>"))
    }

    @Test func incidentReportCarriesTheAPPIItems() async throws {
        let html = try await demo.html(.incidentReport)
        for text in [
            "事故報告書（速報）", "誤送信", "入力結果の確認メールを誤った宛先", "氏名、住所", "12 人",
            "宛先の入力補完を確認せず送信した", "受信者が削除済み", "書面でお詫び", "公表しない", "ダブルチェック",
            "受信者に削除を依頼し", "報告対象外"
        ] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(!html.contains("事故報告書（確報）"), "the APPI owes no final report for the demo's incident: no 確報 page")
    }

    /// A reportable incident has its 確報 page; what its final report leaves empty is what the preliminary one said,
    /// never 「確報で記入」 inside the 確報 itself.
    @Test func aReportableIncidentsFinalReportStartsFromThePreliminaryFindings() async throws {
        let findings = IncidentFindings(
            dataItems: ["氏名", "病歴"], cause: "暗号化されていない USB メモリの紛失", secondaryHarm: "確認されていない", responseToIndividuals: "書面で連絡",
            publication: "公表しない", prevention: "暗号化 USB のみ許可")
        var incident = Incident(
            id: "INC-R", contractID: DemoContract.contractID, kind: .loss, discoveredAt: DemoContract.now.addingTimeInterval(-3 * 86_400),
            narrative: try demo.store.vault.seal("USB メモリの紛失"), appi: APPIFacts(sensitiveData: true, affectedPeople: 3),
            cityNotifiedAt: DemoContract.now.addingTimeInterval(-3 * 86_400 + 600), writtenReportAt: DemoContract.now.addingTimeInterval(-86_400))
        incident.preliminaryFindings = try demo.store.vault.seal(JSONEncoder().encode(findings))
        try await demo.store.execute(AddRecord(incident), actor: "test", at: DemoContract.now)
        let html = try await demo.html(.incidentReport)
        let final = try #require(html.components(separatedBy: "事故報告書（確報）").dropFirst().first)
        #expect(final.contains("暗号化されていない USB メモリの紛失") && final.contains("未提出"), "\(final.prefix(2000))")
        #expect(!html.contains("確報で記入"))
    }

    @Test func erasureCertificateHasMethodPassesSerialsOperatorAndWitness() async throws {
        let document = try await DocumentLibrary.make(.returnDestructionReport, demo.context())
        #expect(document.sheets.count == 2)
        let html = String(decoding: HTMLRenderer.render(document), as: UTF8.self)
        for text in [
            "データ消去証明書", "口座振替依頼書", "消去（上書き）", "3 回", "SN-USB-7781<br>SN-USB-7782", "加藤 恵", "山田 太郎",
            "区へ返還", "未了（期限"
        ] {
            #expect(html.contains(text), "\(text)")
        }
    }

    @Test func exchangeHistoryHasEveryEventOfEveryAsset() async throws {
        let document = try await DocumentLibrary.make(.exchangeHistory, demo.context())
        let state = try await demo.store.contract(DemoContract.contractID)
        #expect(await document.records?.rows.count == state.assets.count + (try demo.store.eventCount(ofContract: DemoContract.contractID)))
        let html = String(decoding: HTMLRenderer.render(document), as: UTF8.self)
        for text in ["複写 2 部", "持出先: 中野区役所 税務課", "承認: AP-01", "目的: 課税資料のデータ入力"] {
            #expect(html.contains(text), "\(text)")
        }
    }

    @Test func initialConfigurationComesFromTheAgentsInventory() async throws {
        let context = try await demo.context()
        let report = try #require(context.deviceReports.first)
        let html = String(decoding: HTMLRenderer.render(try DocumentLibrary.make(.initialConfiguration, context)), as: UTF8.self)
        #expect(html.contains(MarkupEscape.html(report.inventory.hostname)))
        #expect(html.contains(MarkupEscape.html(report.inventory.os)))
        #expect(html.contains("pc-test-01"))
        #expect(
            html.range(of: #">CS-2\.3</td><td[^>]*>パスワードの有効期間が上限以内である</td>"#, options: .regularExpression) != nil,
            "each check by its title, under its catalog's clause")
        #expect(html.contains("導入ソフトウェア（\(report.inventory.software.count) 件）"))
        let none = try await DocumentLibrary.make(.initialConfiguration, demo.context(deviceReports: []))
        #expect(String(decoding: HTMLRenderer.render(none), as: UTF8.self).contains("端末の報告がありません"))
    }

    /// A stored check-in comes back whole: its parts written back in and the server's results in place of the agent's
    /// (here stored whole, before rule sets: evaluated again with the contract's rules); a whole report stored before
    /// check-ins named their lists by digest is read as it was.
    @Test func storedCheckInsAndEarlierReportsComeBackWhole() async throws {
        let store = demo.store
        let organization = DemoScenario.contractorID
        let rules = await ContractRules(try store.contract(DemoContract.contractID), catalog: try DemoContract.catalog())
        var reports: [AgentReport] = []
        for (index, form) in ["check-in", "earlier report"].enumerated() {
            let device = "pc-\(index)"
            try await store.createEnrollmentToken(
                hash: "t\(index)", organizationID: organization, createdBy: "test", at: DemoContract.now,
                expiresAt: DemoContract.now.addingTimeInterval(60))
            _ = try await store.enroll(tokenHash: "t\(index)", deviceID: device, hostname: device, publicKey: "k", at: DemoContract.now)
            var report = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: device)
            report.inventory.software = (0..<50).map { "tool-\(index)-\($0)=1.0" }
            let results = Array(report.results.prefix(3))
            let body: Data
            if form == "check-in" {
                let checkIn = try CheckIn(report)
                for part in checkIn.parts {
                    try await store.addPart(
                        organizationID: organization, digest: part.digest, content: String(decoding: part.bytes, as: UTF8.self),
                        at: DemoContract.now)
                }
                body = try checkIn.canonicalJSON()
            } else {
                body = try report.canonicalJSON()
            }
            try await store.add(
                [
                    DeviceReport(
                        deviceID: device, receivedAt: DemoContract.now, generatedAt: report.generatedAt, platform: report.platform,
                        hostname: device, passed: 3, failed: 0, unknown: 0, results: AgentResult.json(results),
                        report: String(decoding: body, as: UTF8.self), signature: "s")
                ], of: organization)
            #expect(results.count == 3)
            report.results = try #require(rules(report.platform)).evaluate(report.facts)
            reports.append(report)
        }
        let read = try await store.latestAgentReports(of: organization, rules: rules).sorted { $0.device.id < $1.device.id }
        #expect(read == reports)
    }

    @Test func complianceStatusHasEveryClauseWithItsStatus() async throws {
        let document = try await DocumentLibrary.make(.complianceStatus, demo.context())
        let catalog = try DemoContract.catalog()
        #expect(document.records?.rows.map { $0[0].plainText } == catalog.clauses.map(\.id))
        let html = String(decoding: HTMLRenderer.render(document), as: UTF8.self)
        #expect(html.contains("違反"))
        #expect(html.contains("PI-8"))
    }

    @Test func requestFormsOnePerRequestOrBlank() async throws {
        let takeout = try await DocumentLibrary.make(.takeoutRequest, demo.context())
        #expect(takeout.sheets.map(\.name) == ["AP-01", "AP-03"], "take-out and repair take-out requests, oldest first")
        let html = String(decoding: HTMLRenderer.render(takeout), as: UTF8.self)
        #expect(html.contains("承認"))
        #expect(html.contains("審査中"))
        let carryIn = await String(decoding: HTMLRenderer.render(try DocumentLibrary.make(.carryInRequest, demo.context())), as: UTF8.self)
        #expect(carryIn.contains("保守用ノート PC（型番 X1、S/N PF-2231）"))
        #expect(carryIn.contains("中野区 情報政策課"))
    }

    /// The city's conditions are the city's: printed under 区記入欄, never as the applicant's 備考.
    @Test func theCitysConditionsArePrintedInTheCitysPart() async throws {
        try await demo.store.execute(
            DecideApproval(
                contractID: DemoContract.contractID, approvalID: "AP-03", granted: true, at: DemoContract.now,
                decidedBy: "中野区 税務課", note: "当日中に返却すること"), actor: "city (city-reviewer)", at: DemoContract.now)
        let takeout = try await DocumentLibrary.make(.takeoutRequest, demo.context())
        let sheet = try #require(takeout.sheets.first { $0.name == "AP-03" })
        let fields = sheet.blocks.flatMap { block -> [DocumentField] in if case .fields(let fields) = block { fields } else { [] } }
        #expect(fields.first { $0.label == "条件・コメント" }?.value == "当日中に返却すること")
        #expect(fields.first { $0.label == "備考" }?.value == "")
    }

    @Test func markupInDataIsEscaped() async throws {
        try await demo.store.execute(
            AddRecord(
                Person(
                    id: "P99", contractID: DemoContract.contractID, name: "<script>alert(1)</script> & 〇〇",
                    role: .staff, joinedOn: Day("2026-11-01")!)), actor: "test", at: DemoContract.now)
        let html = try await demo.html(.staffRoster)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 〇〇"))
    }
}

/// HTML escaping as the renderer does it, for comparing machine-specific text (host names, OS names).
enum MarkupEscape {
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// A contractor working for two cities: one PC's check-in, evaluated at check-in with the first contract's thresholds,
/// is judged by each contract with its own — a 7-character password minimum passes Nakano's 6 and fails Kasumi's 8 —
/// in the one function every evaluation path (web, API, CLI, documents, bundle) reads PCs through.
@Suite struct ContractRulesTests {
    @Test func eachContractJudgesAPCByItsOwnThresholds() async throws {
        let demo = try await DemoContract()
        let store = demo.store
        let organization = DemoScenario.contractorID
        let nakano = try DemoContract.catalog()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/examples/kasumi.yaml")
        let checks = try AgentCheckCatalog.bundled()
        let kasumi = try CatalogLoader.load(contentsOf: url, references: CatalogReferences(rules: checks.ids, titles: checks.titles))
        let nakanoRules = await ContractRules(try store.contract(DemoContract.contractID), catalog: nakano)
        var kasumiState = try await store.contract(DemoContract.contractID)
        kasumiState.contract.catalogID = "kasumi"
        let kasumiRules = ContractRules(kasumiState, catalog: kasumi)
        #expect(nakanoRules.signature != kasumiRules.signature)
        #expect(
            kasumiRules("linux")?.ruleSet.rules.first { $0.rule == "password.min_length" }?.expected.contains("8") == true,
            "\(String(describing: kasumiRules("linux")?.ruleSet.rules.first { $0.rule == "password.min_length" }))")

        var report = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: "pc-two")
        report.platform = "linux"
        report.facts = report.facts.filter { $0.key != "linux.password.min_length" } + [Fact("linux.password.min_length", .int(7))]
        let checkIn = try CheckIn(report)
        for part in checkIn.parts {
            try await store.addPart(
                organizationID: organization, digest: part.digest, content: String(decoding: part.bytes, as: UTF8.self), at: DemoContract.now)
        }
        // Stored as the server stores a check-in: evaluated with the organization's first contract's rules.
        let atCheckIn = try #require(nakanoRules("linux"))
        let posted = try PostedFacts(reading: try checkIn.canonicalJSON())
        let results = await atCheckIn.evaluate(
            try posted.resolvedFacts(
                try store.parts(of: organization, posted.partDigests)
                    .compactMapValues { ReportPart.names(Data($0.utf8)) }), listDigests: posted.listDigests)
        try await store.addRuleSet(digest: atCheckIn.ruleSet.digest, content: String(decoding: atCheckIn.ruleSet.json, as: UTF8.self), at: DemoContract.now)
        try await store.createEnrollmentToken(
            hash: "t", organizationID: organization, createdBy: "test", at: DemoContract.now,
            expiresAt: DemoContract.now.addingTimeInterval(60))
        _ = try await store.enroll(tokenHash: "t", deviceID: "pc-two", hostname: "pc-two", publicKey: "k", at: DemoContract.now)
        try await store.add(
            [
                DeviceReport(
                    deviceID: "pc-two", receivedAt: DemoContract.now, generatedAt: report.generatedAt, platform: "linux",
                    hostname: "pc-two", passed: 0, failed: 0, unknown: 0, results: StoredResults.json(results, ruleSet: atCheckIn.ruleSet),
                    report: String(decoding: try checkIn.canonicalJSON(), as: UTF8.self), signature: "s")
            ], of: organization)

        func outcome(_ rules: ContractRules) async throws -> DeviceEvidence.Check.Outcome? {
            try await store.deviceEvidence(of: organization, rules: rules).first { $0.deviceID == "pc-two" }?.checks
                .first { $0.rule == "password.min_length" }?.outcome
        }
        #expect(try await outcome(nakanoRules) == .pass)
        #expect(try await outcome(kasumiRules) == .fail)
        let kasumiEvidence = try await store.deviceEvidence(of: organization, rules: kasumiRules)
        let t1 = ComplianceEvaluator(catalog: kasumi).evaluate(kasumi.clause("T-1")!, state: kasumiState, now: DemoContract.now, devices: kasumiEvidence)
        #expect(t1.status == .violation)
        #expect(t1.reasons.contains { $0.ja.contains("パスワードの最小文字数が基準以上である") && $0.ja.contains("8") }, "\(t1.reasons.map(\.ja))")
    }
}

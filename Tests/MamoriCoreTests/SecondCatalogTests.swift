import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import Testing

/// A second city's annex, in a catalog alone (`docs/examples/kasumi.yaml`, a fictional city using every variation
/// real annexes have), judged on the same records as Nakano's: the statuses agree where the two annexes read the same
/// way and differ exactly where their rules differ — with no line of code that knows either city.
@Suite struct SecondCatalogTests {
    static let kasumi: Catalog = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/examples/kasumi.yaml")
        do {
            let checks = try AgentCheckCatalog.bundled()
            return try CatalogLoader.load(contentsOf: url, references: CatalogReferences(rules: checks.ids, titles: checks.titles))
        } catch {
            fatalError("the example catalog does not load: \(error)")
        }
    }()

    /// The scenario's contract, trained on the day everyone joined (as both annexes want) and again 100 days ago.
    static func base() -> Scenario {
        var s = Scenario()
        s.add(
            TrainingSession(
                id: "TR0", contractID: "C1", heldOn: Scenario.day(-300), title: "t", content: "c", trainer: "P1",
                materials: [], attendees: ["P1", "P2", "P3"]))
        s.add(
            ManagementStructure(
                id: "MS", contractID: "C1", workLocation: "本社 3 階 入力室", storageLocation: "施錠キャビネット",
                emergencyContacts: [EmergencyContact(name: "P1", position: "責任者", phone: "03-0000-0000")],
                recordedOn: Scenario.day(-300)))
        s.add(CityNotification(id: "NW", contractID: "C1", subject: .workLocation, notifiedOn: Scenario.day(-299), content: "作業場所の届出"))
        return s
    }

    /// A PC passing every check it reports.
    static let pc = DeviceEvidence(
        deviceID: "pc", hostname: "pc", reportedAt: Scenario.at(0, hours: -1),
        checks: try! RuleBook.bundled("linux").rules.map {
            DeviceEvidence.Check(rule: $0.check, outcome: .pass, observed: "o", expected: "e")
        })

    /// The status of each clause of both catalogs on one contract's records.
    static func statuses(_ s: Scenario) -> (nakano: [String: ClauseStatus], kasumi: [String: ClauseStatus]) {
        func of(_ catalog: Catalog) -> [String: ClauseStatus] {
            var state = s.state
            state.contract.catalogID = catalog.id
            return Dictionary(
                uniqueKeysWithValues: ComplianceEvaluator(catalog: catalog).evaluate(state, now: Scenario.now, devices: [pc])
                    .map { ($0.clauseID, $0.status) })
        }
        return (of(Scenario.catalog), of(kasumi))
    }

    @Test func theExampleCatalogLoadsWithEveryVariation() {
        let checks = Set(Self.kasumi.clauses.flatMap(\.checks).map(\.name))
        for variation in [
            "copies_approved", "subcontracts", "work_location", "transport_protected", "personnel_changes_notified",
            "training", "final_disposition", "attestation", "audits", "records_retained", "agent"
        ] {
            #expect(checks.contains(variation), "\(variation)")
        }
        #expect(Self.kasumi.approvalKinds.map(\.id) == ["copy", "takeout", "subcontract"])
        #expect(Self.kasumi.clause("K-8")?.checks.first == .subcontracts(allowed: .withApproval("subcontract")))
    }

    @Test func whereTheAnnexesReadAliketheyAgree() {
        let (nakano, kasumi) = Self.statuses(Self.base())
        for (n, k) in [
            ("PI-5", "K-3"), ("IS-12", "K-7"), ("PI-10", "K-9"), ("PI-12", "K-10"), ("IS-5", "K-12"),
            ("CS-1.7", "T-1")
        ] {
            #expect(nakano[n] == kasumi[k], "\(n) \(String(describing: nakano[n])) vs \(k) \(String(describing: kasumi[k]))")
        }
        #expect(kasumi["K-2"] == .compliant, "trained on the day they joined and within 6 months")
        #expect(kasumi["K-1"] == .compliant && kasumi["K-4"] == .compliant && kasumi["K-8"] == .notApplicable && kasumi["K-13"] == .notApplicable)
    }

    @Test func copiesArePermittedByCountInNakanoAndByPriorApprovalInKasumi() {
        var unapproved = Self.base()
        unapproved.event("CP1", .copy, daysAgo: 10) { $0.copies = 1 }
        var (nakano, kasumi) = Self.statuses(unapproved)
        #expect(nakano["PI-8"] == .compliant, "within the permitted 1 copy")
        #expect(kasumi["K-5"] == .violation, "no prior approval")

        var approved = Self.base()
        approved.add(
            Approval(
                id: "APC", contractID: "C1", kind: "copy", subject: "検算用", assetID: "A1", requestedAt: Scenario.at(-13),
                requestedBy: "P2", decision: .granted, decidedAt: Scenario.at(-12), decidedBy: "市"))
        approved.event("CP2", .copy, daysAgo: 10) {
            $0.copies = 3
            $0.approvalID = "APC"
        }
        (nakano, kasumi) = Self.statuses(approved)
        #expect(nakano["PI-8"] == .violation, "3 copies where 1 is permitted; a Kasumi approval grants no Nakano extra copies")
        #expect(kasumi["K-5"] == .compliant)

        // Each copy its own approval: a second copy under the same one, or more copies than it grants, is a violation.
        var reused = approved
        reused.event("CP3", .copy, daysAgo: 5) {
            $0.copies = 1
            $0.approvalID = "APC"
        }
        #expect(Self.statuses(reused).kasumi["K-5"] == .violation)
        var beyond = Self.base()
        beyond.add(
            Approval(
                id: "AP2", contractID: "C1", kind: "copy", subject: "2部", assetID: "A1", copies: 2, requestedAt: Scenario.at(-13),
                requestedBy: "P2", decision: .granted, decidedAt: Scenario.at(-12), decidedBy: "市"))
        beyond.event("CP4", .copy, daysAgo: 10) {
            $0.copies = 3
            $0.approvalID = "AP2"
        }
        #expect(Self.statuses(beyond).kasumi["K-5"] == .violation)
        let reasons = ComplianceEvaluator(catalog: Self.kasumi).evaluate(Self.kasumi.clause("K-5")!, state: beyond.state, now: Scenario.now).reasons
        #expect(reasons.contains { $0.ja == "事前の承認のない複写が 1 件あります" }, "\(reasons.map(\.ja))")
    }

    @Test func subcontractingIsForbiddenInNakanoAndApprovedInKasumi() {
        var s = Self.base()
        s.add(
            Approval(
                id: "APS", contractID: "C1", kind: "subcontract", subject: "入力作業", requestedAt: Scenario.at(-41), requestedBy: "P1",
                decision: .granted, decidedAt: Scenario.at(-40), decidedBy: "市"))
        s.add(
            Subcontract(
                id: "SC", contractID: "C1", subcontractor: "入力センター", scope: "入力", touchesPersonalData: true,
                startsOn: Scenario.day(-30), approvalID: "APS", boundByObligations: true))
        var (nakano, kasumi) = Self.statuses(s)
        #expect(nakano["PI-13"] == .violation)
        #expect(kasumi["K-8"] == .compliant)

        s.add(
            Subcontract(
                id: "SC", contractID: "C1", subcontractor: "入力センター", scope: "入力", touchesPersonalData: true,
                startsOn: Scenario.day(-30), approvalID: "APS", boundByObligations: false))
        (nakano, kasumi) = Self.statuses(s)
        #expect(kasumi["K-8"] == .violation, "the subcontractor is not bound by the same duties")

        // Forbidden outright: any subcontract, even one without personal data, in a catalog that says `never`.
        var never = Self.kasumi
        never.clauses = never.clauses.map { clause in
            var clause = clause
            if clause.id == "K-8" { clause.checks = [.subcontracts(allowed: .never)] }
            return clause
        }
        var clean = Self.base()
        clean.add(
            Subcontract(
                id: "SC2", contractID: "C1", subcontractor: "印刷会社", scope: "封入", touchesPersonalData: false,
                startsOn: Scenario.day(-30)))
        let strict = ComplianceEvaluator(catalog: never).evaluate(never.clause("K-8")!, state: clean.state, now: Scenario.now)
        #expect(strict.status == .violation)
        #expect(Self.statuses(clean).nakano["PI-13"] != .violation, "Nakano forbids only subcontracts touching personal data")
    }

    /// Records kept for 5 years after the contract ends: shown with its end date, then no longer asked.
    @Test func recordsAreRetainedForThePeriodAfterTheContractEnds() {
        let s = Self.base()
        let clause = Self.kasumi.clause("K-14")!
        let during = ComplianceEvaluator(catalog: Self.kasumi).evaluate(clause, state: s.state, now: Scenario.now)
        let until = Scenario.day(60).adding(Period(every: 5, unit: .year))
        #expect(during.status == .compliant && during.reasons.contains { $0.ja.contains("\(until) まで保存") }, "\(during.reasons.map(\.ja))")
        let after = ComplianceEvaluator(catalog: Self.kasumi).evaluate(clause, state: s.state, now: until.adding(days: 1).start.addingTimeInterval(3600))
        #expect(after.status == .notApplicable)
    }

    @Test func theWorkLocationIsNotifiedToTheCity() {
        var s = Self.base()
        s.state.notifications["NW"] = nil
        let evaluation = ComplianceEvaluator(catalog: Self.kasumi).evaluate(Self.kasumi.clause("K-4")!, state: s.state, now: Scenario.now)
        #expect(evaluation.status == .overdue)
        #expect(evaluation.reasons.contains { $0.ja == "作業場所（本社 3 階 入力室）が市に届け出られていません" }, "\(evaluation.reasons.map(\.ja))")
        #expect(Self.statuses(Self.base()).kasumi["K-4"] == .compliant)
    }

    @Test func staffChangesAndTrainingBeforeHandling() {
        var s = Self.base()
        s.add(Person(id: "P4", contractID: "C1", name: "新人", role: .staff, joinedOn: Scenario.day(-20)))
        s.add(Pledge(id: "PL-P4", contractID: "C1", personID: "P4", signedOn: Scenario.day(-20)))
        s.add(
            TrainingSession(
                id: "TR2", contractID: "C1", heldOn: Scenario.day(-10), title: "t", content: "c", trainer: "P1",
                materials: [], attendees: ["P4"]))
        var (nakano, kasumi) = Self.statuses(s)
        #expect(nakano["PI-3"] == .overdue, "Nakano wants a photo of everyone")
        #expect(kasumi["K-1"] == .overdue, "Kasumi wants no photo, but the change was not notified within 14 days")
        #expect(nakano["PI-2"] == .compliant, "trained within Nakano's lead after joining")
        #expect(kasumi["K-2"] == .violation, "handled personal data for 10 days untrained")

        s.add(
            CityNotification(
                id: "N1", contractID: "C1", subject: .personnelChange, personID: "P4", notifiedOn: Scenario.day(-15),
                content: "従事者の追加"))
        (nakano, kasumi) = Self.statuses(s)
        #expect(kasumi["K-1"] == .compliant)
    }

    @Test func transportAndIncidentClocks() {
        var s = Self.base()
        s.add(
            Approval(
                id: "APT", contractID: "C1", kind: "takeout", subject: "区役所へ", assetID: "A1", requestedAt: Scenario.at(-6),
                requestedBy: "P2", decision: .granted, decidedAt: Scenario.at(-5), decidedBy: "区"))
        s.event("TO", .takeout, daysAgo: 4) {
            $0.approvalID = "APT"
            $0.destination = "区役所"
        }
        s.add(
            Incident(
                id: "INC", contractID: "C1", kind: .loss, discoveredAt: Scenario.at(-5), narrative: Scenario.sealed,
                appi: APPIFacts(), cityNotifiedAt: Scenario.at(-5, hours: 3), writtenReportAt: Scenario.at(-3)))
        var (nakano, kasumi) = Self.statuses(s)
        #expect(nakano["PI-9"] == .compliant && kasumi["K-4"] == .compliant, "approved beforehand in both")
        #expect(kasumi["K-6"] == .violation, "carried without a recorded protection")
        #expect(nakano["PI-12"] == .compliant, "told within 24 hours, reported within 5 days")
        #expect(kasumi["K-10"] == .violation, "told after 3 hours, where 2 are allowed")
        let k5 = ComplianceEvaluator(catalog: Self.kasumi).evaluate(Self.kasumi.clause("K-7")!, state: s.state, now: Scenario.now)
        #expect(k5.reasons.allSatisfy { !$0.ja.contains("区") }, "Kasumi is a 市: \(k5.reasons.map(\.ja))")

        s.event("TO", .takeout, daysAgo: 4) {
            $0.approvalID = "APT"
            $0.destination = "区役所"
            $0.protection = "暗号化 USB・施錠ケース・手渡し"
        }
        (nakano, kasumi) = Self.statuses(s)
        #expect(kasumi["K-6"] == .compliant)
    }

    /// The PC's own thresholds come from the contract's catalog: a 7-character minimum passes Nakano's 6 and fails
    /// Kasumi's 8; a 10-minute lock passes Nakano's 15 and fails Kasumi's 5.
    @Test func agentThresholdsAreEachCitys() throws {
        let book = try RuleBook.bundled("linux")
        let facts = [
            Fact("linux.password.min_length", .int(7)), Fact("linux.desktop.installed", .bool(true)),
            Fact("linux.gnome.screen_locks_after_seconds", .int(600))
        ]
        func outcome(_ catalog: Catalog, _ rule: String) -> AgentResult.Status? {
            var state = Scenario().state
            state.contract.catalogID = catalog.id
            return PreparedRules(book, parameters: AgentParameters(state, catalog: catalog)).evaluate(facts).first { $0.rule == rule }?.status
        }
        #expect(outcome(Scenario.catalog, "password.min_length") == .pass)
        #expect(outcome(Self.kasumi, "password.min_length") == .fail)
        #expect(outcome(Scenario.catalog, "screenlock.idle_delay") == .pass)
        #expect(outcome(Self.kasumi, "screenlock.idle_delay") == .fail)
        let contract = AgentContract(Scenario().state, catalog: Self.kasumi)
        #expect(contract.clauses["password.min_length"] == ["T-1"] && contract.clauses["software.denied_absent"] == ["T-2"])
        #expect(contract.parameters.deniedSoftware.contains("teamviewer"))
    }
}

import Foundation
import MamoriCore
import Testing

/// Each record-evidence clause turns compliant, violated, overdue or due soon on the records that should turn it.
@Suite struct EvaluationTests {
    @Test func aContractInGoodStandingIsCompliantOnItsRecordClauses() {
        let s = Scenario()
        for clause in ["PI-2", "PI-3", "PI-4", "PI-5", "PI-7", "PI-8", "IS-2", "IS-6", "IS-7"] {
            #expect(s.evaluate(clause).status == .compliant, "\(clause): \(s.evaluate(clause).reasons.map(\.en))")
        }
    }

    @Test func copiesBeyondThePermitAreAViolationUnlessTheCityGrantedMore() {
        var s = Scenario()
        s.event("E1", .copy, daysAgo: 10) { $0.copies = 1 }
        #expect(s.evaluate("PI-8").status == .compliant)
        s.event("E2", .copy, daysAgo: 5) { $0.copies = 2 }
        let violated = s.evaluate("PI-8")
        #expect(violated.status == .violation)
        #expect(violated.evidence.contains("E2"))
        #expect(
            violated.reasons.first?.ja.hasSuffix("\(Scenario.at(-5).warekiTime) の複写で許可 1 部に対し 3 部になりました") == true, "\(violated.reasons.map(\.ja))")
        s.add(
            Approval(
                id: "AP", contractID: "C1", kind: "extra-copy", subject: "s", assetID: "A1", copies: 2, requestedAt: Scenario.at(-6),
                requestedBy: "P2", decision: .granted, decidedAt: Scenario.at(-6), decidedBy: "city"))
        #expect(s.evaluate("PI-8").status == .compliant)
    }

    /// An act counts as approved only by a granted approval of its own kind, for its subject, decided before it; a
    /// pending request marks only the clauses of its own kind, and a denied one never complies.
    @Test func approvalsCountOnlyByKindSubjectDecisionAndTime() {
        // A take-out citing the city's carry-in approval is not an approved take-out.
        var wrongKind = Scenario()
        wrongKind.add(approval("CI", "carry-in", .granted, decidedDaysAgo: 10))
        wrongKind.event("O1", .takeout, daysAgo: 2) {
            $0.destination = "外部"
            $0.approvalID = "CI"
        }
        #expect(wrongKind.evaluate("PI-9").status == .violation)
        #expect(wrongKind.evaluate("CS-2.13").status == .violation)
        // A take-out approval for another asset does not cover this one.
        var otherAsset = Scenario()
        otherAsset.add(approval("TO", "takeout", .granted, decidedDaysAgo: 10, asset: "A-OTHER"))
        otherAsset.event("O1", .takeout, daysAgo: 2) {
            $0.destination = "外部"
            $0.approvalID = "TO"
        }
        #expect(otherAsset.evaluate("PI-9").status == .violation)
        // A take-out approval granted after the take-out does not cover it.
        var late = Scenario()
        late.add(approval("TO", "takeout", .granted, decidedDaysAgo: 1, asset: "A1"))
        late.event("O1", .takeout, daysAgo: 2) {
            $0.destination = "外部"
            $0.approvalID = "TO"
        }
        #expect(late.evaluate("PI-9").status == .violation)
        #expect(late.evaluate("PI-9").reasons.contains { $0.ja.contains("（承認 TO は持出しの後に決定されています。") }, "\(late.evaluate("PI-9").reasons.map(\.ja))")

        // A pending repair request marks CS-2.12 only, not PI-8 or IS-9.
        var pending = Scenario()
        let before = ["PI-8", "IS-9"].map { pending.evaluate($0).status }
        pending.add(approval("RP", "repair-takeout", .pending))
        #expect(pending.evaluate("CS-2.12").status == .awaitingDecision)
        #expect(["PI-8", "IS-9"].map { pending.evaluate($0).status } == before)
        #expect(!pending.evaluate("IS-9").evidence.contains("RP"))

        // A denied carry-in leaves IS-9 without evidence; a granted one complies.
        var denied = Scenario()
        denied.add(approval("CI", "carry-in", .denied, decidedDaysAgo: 3))
        #expect(denied.evaluate("IS-9").status == .noEvidence)
        denied.add(approval("CI2", "carry-in", .granted, decidedDaysAgo: 2))
        #expect(denied.evaluate("IS-9").status == .compliant)
        // A denied take-out request with no take-out leaves PI-9's take-outs as they are (none: nothing wrong).
        var deniedTakeout = Scenario()
        let pi9 = deniedTakeout.evaluate("PI-9").status
        deniedTakeout.add(approval("TO", "takeout", .denied, decidedDaysAgo: 3, asset: "A1"))
        #expect(deniedTakeout.evaluate("PI-9").status == pi9)

        // An extra-copy approval granted after the copies does not clear PI-8; one granted before does.
        var copies = Scenario()
        copies.event("C1", .copy, daysAgo: 5) { $0.copies = 3 }
        copies.add(approval("EX", "extra-copy", .granted, decidedDaysAgo: 1, asset: "A1", copies: 5))
        #expect(copies.evaluate("PI-8").status == .violation)
        #expect(copies.evaluate("PI-8").reasons.first?.ja.hasSuffix("（承認 EX はこの複写の後に決定されています。承認前の複写は許可の範囲に数えません）") == true, "said why")
        copies.state.approvals["EX"]!.decidedAt = Scenario.at(-6)
        #expect(copies.evaluate("PI-8").status == .compliant)
        copies.state.approvals["EX"]!.decision = .denied
        #expect(copies.evaluate("PI-8").status == .violation, "a denied extra copy permits nothing")

        // A repair with a carry-in approval, or one granted after the PC left, is not approved.
        var repair = Scenario()
        repair.add(approval("CI", "carry-in", .granted, decidedDaysAgo: 10))
        repair.add(DeviceDisposal(id: "DV", contractID: "C1", kind: .repair, device: "PC-2", handledOn: Scenario.day(-2), erasure: nil, approvalID: "CI"))
        #expect(repair.evaluate("CS-2.12").status == .violation)
        repair.add(approval("RP", "repair-takeout", .granted, decidedDaysAgo: 1))
        repair.state.disposals["DV"]!.approvalID = "RP"
        #expect(repair.evaluate("CS-2.12").status == .violation, "granted the day after the PC left")
        repair.state.approvals["RP"]!.decidedAt = Scenario.at(-3)
        #expect(repair.evaluate("CS-2.12").status == .compliant)
    }

    /// A request of `kind` made 30 days ago, decided `decidedDaysAgo` days ago.
    private func approval(
        _ id: String, _ kind: Approval.Kind, _ decision: Approval.Decision, decidedDaysAgo: Int? = nil, asset: String? = nil,
        copies: Int? = nil
    ) -> Approval {
        Approval(
            id: id, contractID: "C1", kind: kind, subject: "s", assetID: asset, copies: copies, requestedAt: Scenario.at(-30),
            requestedBy: "P2", decision: decision, decidedAt: decidedDaysAgo.map { Scenario.at(-$0) }, decidedBy: decision == .pending ? nil : "city")
    }

    /// A repair the city approved is one to account for: IS-10 has no evidence of it (never 対象外) until a repair
    /// record names the approval.
    @Test func anApprovedRepairWithoutItsRecordHasNoEvidence() {
        var s = Scenario()
        let before = s.evaluate("IS-10").status
        #expect(before < .noEvidence)
        s.add(approval("RP", "repair-takeout", .pending))
        #expect(s.evaluate("IS-10").status == before, "not yet approved: nothing has left")
        s.state.approvals["RP"]!.decision = .granted
        s.state.approvals["RP"]!.decidedAt = Scenario.at(-3)
        let approved = s.evaluate("IS-10")
        #expect(approved.status == .noEvidence && approved.evidence.contains("RP"), "\(approved.reasons)")
        s.add(DeviceDisposal(id: "DV", contractID: "C1", kind: .repair, device: "PC-2", handledOn: Scenario.day(-2), erasure: nil, approvalID: "RP"))
        #expect(s.evaluate("IS-10").status == .compliant)
    }

    @Test func transfersToAnyoneButTheCityAreViolations() {
        var s = Scenario()
        s.event("T1", .transfer, daysAgo: 3) {
            $0.recipient = Scenario.sealed
            $0.toCity = true
        }
        #expect(s.evaluate("PI-7").status == .compliant)
        s.event("T2", .transfer, daysAgo: 2) {
            $0.recipient = Scenario.sealed
            $0.toCity = false
        }
        #expect(s.evaluate("PI-7").status == .violation)
        #expect(s.evaluate("IS-12").status == .violation)
    }

    @Test func useForAnotherPurposeIsAViolation() {
        var s = Scenario()
        s.event("U1", .use, daysAgo: 3) { $0.purpose = "入力" }
        #expect(!s.evaluate("PI-6").reasons.contains { $0.en.contains("another purpose") })
        s.event("U2", .use, daysAgo: 2) { $0.purpose = "営業" }
        #expect(s.evaluate("PI-6").status == .violation)
    }

    @Test func takeoutsNeedAnApprovalGrantedBeforehand() {
        var s = Scenario()
        s.event("O1", .takeout, daysAgo: 2) { $0.destination = "外部" }
        #expect(s.evaluate("PI-9").status == .violation)
        var approved = Scenario()
        approved.add(
            Approval(
                id: "AP", contractID: "C1", kind: "takeout", subject: "s", assetID: "A1", requestedAt: Scenario.at(-4),
                requestedBy: "P2", decision: .granted, decidedAt: Scenario.at(-3), decidedBy: "city"))
        approved.event("O1", .takeout, daysAgo: 2) {
            $0.destination = "外部"
            $0.approvalID = "AP"
        }
        let status = approved.evaluate("PI-9")
        #expect(status.status == .noEvidence, "the agent part still lacks a report")
        #expect(status.reasons.contains { $0.en.contains("the 1 take-out is approved") && $0.ja == "持出し 1 件は承認済みです" })
    }

    @Test func returnsFallDueOnTheAssetsDate() {
        var s = Scenario()
        #expect(s.evaluate("PI-10").status == .compliant)
        s.state.assets["A1"]!.returnDue = Scenario.day(10)
        #expect(s.evaluate("PI-10").status == .dueSoon)
        s.state.assets["A1"]!.returnDue = Scenario.day(-1)
        #expect(s.evaluate("PI-10").status == .overdue)
        s.event("R1", .return, daysAgo: 0)
        let late = s.evaluate("PI-10")
        #expect(late.status == .violation)
        #expect(late.evidence.contains("R1"))
        s.state.assets["A1"]!.returnDue = Scenario.day(5)
        #expect(s.evaluate("PI-10").status == .compliant)
    }

    /// A return or destruction says how many of the copies made went with the data: any copy left out is still out
    /// there, and the return is incomplete; it never names more copies than were made.
    @Test func aReturnAccountsForEveryCopyMade() throws {
        var s = Scenario()
        s.state.assets["A1"]!.returnDue = Scenario.day(5)
        s.event("E1", .copy, daysAgo: 10) { $0.copies = 2 }
        s.event("R1", .return, daysAgo: 1) { $0.copies = 1 }
        let incomplete = s.evaluate("PI-10")
        #expect(incomplete.status == .violation)
        #expect(incomplete.reasons.contains { $0.ja.contains("複写 2 部のうち 1 部が返還されていません（\(Scenario.at(-1).warekiTime) の返還）") }, "\(incomplete.reasons.map(\.ja))")
        #expect(incomplete.evidence.contains("E1") && incomplete.evidence.contains("R1"))
        var complete = Scenario()
        complete.state.assets["A1"]!.returnDue = Scenario.day(5)
        complete.event("E1", .copy, daysAgo: 10) { $0.copies = 2 }
        let over = DataEvent(
            id: "R2", contractID: "C1", assetID: "A1", kind: .return, occurredAt: Scenario.at(-1), personID: "P3", copies: 3)
        #expect(throws: CommandError.self, "more copies than were made") { try over.admit(in: complete.state) }
        var unsaid = over
        unsaid.copies = nil
        #expect(throws: CommandError.self, "a return of copied data says what became of the copies") { try unsaid.admit(in: complete.state) }
        complete.event("R1", .return, daysAgo: 1) { $0.copies = 2 }
        #expect(complete.evaluate("PI-10").status == .compliant)
        // Without copies, a return owes none.
        var plain = Scenario()
        plain.state.assets["A1"]!.returnDue = Scenario.day(5)
        plain.event("R1", .return, daysAgo: 1)
        #expect(plain.evaluate("PI-10").status == .compliant)
    }

    @Test func lateDestructionIsAViolationOfIS3() {
        var s = Scenario()
        s.state.assets["A1"]!.returnDue = Scenario.day(-3)
        s.event("D1", .destruction, daysAgo: 1) {
            $0.erasure = Erasure(method: .clear, passes: 3, operatorName: "op", witness: "w", mediaSerials: ["S1"])
        }
        #expect(s.evaluate("IS-3").status == .violation)
    }

    @Test func trainingFollowsTheContractsCycle() {
        var s = Scenario()
        #expect(s.evaluate("PI-2").status == .compliant)
        s.state.trainings["TR1"]!.heldOn = Scenario.day(-350)
        #expect(s.evaluate("PI-2").status == .dueSoon)
        s.state.trainings["TR1"]!.heldOn = Scenario.day(-400)
        #expect(s.evaluate("PI-2").status == .overdue)
        s.state.trainings["TR1"]!.heldOn = Scenario.day(-100)
        s.state.contract.parameters["training_cycle"] = .duration(Period(every: 3, unit: .month))
        #expect(s.evaluate("PI-2").status == .overdue, "a contract may shorten the cycle")
    }

    @Test func rosterNeedsAResponsiblePersonSupervisorAndPhotos() {
        var s = Scenario()
        s.state.people["P2"]!.leftOn = Scenario.day(-1)
        #expect(s.evaluate("PI-3").status == .overdue)
        var noPhoto = Scenario()
        noPhoto.state.people["P3"]!.photo = nil
        #expect(noPhoto.evaluate("IS-6").status == .overdue)
    }

    @Test func pledgesCoverFormerStaffToo() {
        var s = Scenario()
        s.add(Person(id: "P4", contractID: "C1", name: "元従事者", role: .staff, joinedOn: Scenario.day(-200), leftOn: Scenario.day(-50)))
        let missing = s.evaluate("PI-5")
        #expect(missing.status == .overdue)
        #expect(missing.evidence == ["P4"])
        s.add(Pledge(id: "PL-P4", contractID: "C1", personID: "P4", signedOn: Scenario.day(-200)))
        #expect(s.evaluate("PI-5").status == .compliant)
    }

    @Test func incidentClocks() {
        var s = Scenario()
        #expect(s.evaluate("PI-12").status == .notApplicable)
        s.add(
            Incident(
                id: "I1", contractID: "C1", kind: .loss, discoveredAt: Scenario.at(0, hours: -2), narrative: Scenario.sealed,
                appi: APPIFacts()))
        #expect(s.evaluate("PI-12").status == .dueSoon, "the clocks are running")
        s.state.incidents["I1"]!.discoveredAt = Scenario.at(-2)
        #expect(s.evaluate("PI-12").status == .overdue, "no notice after a day")
        s.state.incidents["I1"]!.cityNotifiedAt = Scenario.at(-2, hours: 30)
        #expect(s.evaluate("PI-12").status == .violation, "the notice came after 24 hours")
        // Made late is a violation for good, but nothing is left to do: not among the findings やること lists.
        let findings = ComplianceEvaluator(catalog: Scenario.catalog).recordFindings(s.state, now: Scenario.now)
        #expect(!findings.undated.contains { $0.finding.evidence.contains("I1") }, "\(findings.undated.map(\.finding.reason.ja))")
        s.state.incidents["I1"]!.closedAt = Scenario.at(0, hours: -1)
        let closed = ComplianceEvaluator(catalog: Scenario.catalog).recordFindings(s.state, now: Scenario.now)
        #expect(closed.undated.contains { $0.finding.evidence.contains("I1") }, "closed without its written report: to be put right")
        s.state.incidents["I1"]!.closedAt = nil
        s.state.incidents["I1"]!.cityNotifiedAt = Scenario.at(-2, hours: 1)
        s.state.incidents["I1"]!.writtenReportAt = Scenario.at(-1)
        #expect(s.evaluate("PI-12").status == .compliant)
        s.state.incidents["I1"]!.appi = APPIFacts(malicious: true)
        s.state.incidents["I1"]!.discoveredAt = Scenario.at(-45)
        s.state.incidents["I1"]!.cityNotifiedAt = Scenario.at(-45, hours: 1)
        s.state.incidents["I1"]!.writtenReportAt = Scenario.at(-44)
        #expect(s.evaluate("PI-12").status == .dueSoon, "a malicious case has 60 days for the final report")
        s.state.incidents["I1"]!.appi = APPIFacts(sensitiveData: true)
        #expect(s.evaluate("IS-4").status == .overdue, "otherwise 30")
    }

    @Test func closingAnIncidentWithoutItsWrittenReportIsAViolation() {
        var s = Scenario()
        s.add(
            Incident(
                id: "I1", contractID: "C1", kind: .suspicion, discoveredAt: Scenario.at(-1), narrative: Scenario.sealed,
                appi: APPIFacts(), cityNotifiedAt: Scenario.at(-1, hours: 1), closedAt: Scenario.at(0, hours: -1)))
        #expect(s.evaluate("IS-4").status == .violation)
    }

    @Test func subcontractingPersonalDataWorkIsAViolation() {
        var s = Scenario()
        s.add(Subcontract(id: "S1", contractID: "C1", subcontractor: "印刷会社", scope: "封入", touchesPersonalData: false, startsOn: Scenario.day(-5)))
        #expect(s.evaluate("PI-13").status != .violation)
        s.add(Subcontract(id: "S2", contractID: "C1", subcontractor: "入力会社", scope: "入力", touchesPersonalData: true, startsOn: Scenario.day(-5)))
        #expect(s.evaluate("PI-13").status == .violation)
    }

    @Test func policyMustBeSubmitted() {
        var s = Scenario()
        #expect(s.evaluate("PI-15").status == .noEvidence)
        s.add(PolicyDocument(id: "POL", contractID: "C1", title: "方針", version: "1", adoptedOn: Scenario.day(-30)))
        #expect(s.evaluate("PI-15").status == .overdue)
        s.state.policies["POL"]!.submittedOn = Scenario.day(-20)
        #expect(s.evaluate("IS-13").status == .compliant)
    }

    @Test func cityInstructionsAndAuditsHaveDueDates() {
        var s = Scenario()
        s.add(CityInstruction(id: "CI", contractID: "C1", issuedOn: Scenario.day(-30), instruction: Sealed(base64: "施錠"), dueOn: Scenario.day(-1)))
        #expect(s.evaluate("IS-1").status == .overdue)
        s.state.instructions["CI"]!.completedOn = Scenario.day(-2)
        #expect(s.evaluate("IS-1").status == .compliant)
        s.add(
            Audit(
                id: "AU", contractID: "C1", kind: .inspection, heldOn: Scenario.day(-20), auditor: Scenario.sealed, request: "台帳",
                responseDue: Scenario.day(-1)))
        #expect(s.evaluate("IS-5").status == .overdue)
    }

    @Test func devicesLeaveOnlyErasedAndApproved() {
        var s = Scenario()
        s.add(DeviceDisposal(id: "DV1", contractID: "C1", kind: .disposal, device: "PC-1", handledOn: Scenario.day(-2), erasure: nil))
        #expect(s.evaluate("IS-10").status == .violation)
        var repair = Scenario()
        repair.add(DeviceDisposal(id: "DV2", contractID: "C1", kind: .repair, device: "PC-2", handledOn: Scenario.day(-2), erasure: nil))
        #expect(repair.evaluate("CS-2.12").status == .violation)
    }

    @Test func attestationsAndBackupsAreRenewed() {
        var s = Scenario()
        #expect(s.evaluate("CS-1.10").status == .noEvidence)
        s.add(Attestation(id: "AT", contractID: "C1", clauseID: "CS-1.10", personID: "P1", attestedOn: Scenario.day(-400), statement: "ワイヤー"))
        #expect(s.evaluate("CS-1.10").status == .overdue)
        s.state.attestations["AT"]!.attestedOn = Scenario.day(-10)
        #expect(s.evaluate("CS-1.10").status == .compliant)
        s.add(BackupRun(id: "B", contractID: "C1", ranAt: Scenario.at(-9), scope: "s", medium: "m", succeeded: true))
        #expect(s.evaluate("CS-2.11").status == .overdue, "the default backup cycle is a week")
        s.add(BackupRun(id: "B2", contractID: "C1", ranAt: Scenario.at(-1), scope: "s", medium: "m", succeeded: false))
        #expect(s.evaluate("CS-2.11").status == .overdue, "a failed backup does not count")
        s.state.backups["B2"]!.succeeded = true
        #expect(s.evaluate("CS-2.11").status == .compliant)
        // Backups run at the same moment: every evaluation names the same one (the last by number, B10 after B4),
        // whatever the order the state holds them in.
        for id in ["B3", "B10", "B4"] {
            s.add(BackupRun(id: id, contractID: "C1", ranAt: Scenario.at(-1), scope: "s", medium: "m", succeeded: true))
        }
        var named = Set<[String]>()
        for size in 1...20 {
            var shuffled = s
            // Another table size, another order.
            var backups = [String: BackupRun](minimumCapacity: size * 8)
            for (id, backup) in s.state.backups.shuffled() { backups[id] = backup }
            shuffled.state.backups = backups
            named.insert(shuffled.evaluate("CS-2.11").evidence)
        }
        #expect(named == [["B10"]], "\(named)")
    }

    @Test func agentAndInfoClauses() {
        let s = Scenario()
        #expect(s.evaluate("CS-2.2").status == .noEvidence)
        #expect(s.evaluate("PI-14").status == .notApplicable)
        #expect(s.evaluate("IS-8").status == .notApplicable)
    }
}

/// Agent clauses on the latest report of each PC: pass, fail, unknown, and a PC silent beyond `agent_report_max_age`.
@Suite struct DeviceEvidenceTests {
    func evaluate(_ clause: String, _ devices: [DeviceEvidence]) -> ClauseEvaluation {
        ComplianceEvaluator(catalog: Scenario.catalog).evaluate(
            Scenario.catalog.clause(clause)!, state: Scenario().state, now: Scenario.now,
            devices: devices)
    }

    func pc(_ name: String, daysAgo: Double = 1, _ outcome: DeviceEvidence.Check.Outcome) -> DeviceEvidence {
        let rule = Scenario.catalog.clause("CS-1.1")!.rules[0]
        return DeviceEvidence(
            deviceID: "dev-\(name)", hostname: name, reportedAt: Scenario.now.addingTimeInterval(-daysAgo * 86_400),
            checks: [DeviceEvidence.Check(rule: rule, outcome: outcome, observed: "o", expected: "e")])
    }

    @Test func noPCMeansNoEvidence() {
        #expect(evaluate("CS-1.1", []).status == .noEvidence)
    }

    @Test func everyPCPassingComplies() {
        #expect(evaluate("CS-1.1", [pc("a", .pass), pc("b", .pass)]).status == .compliant)
    }

    @Test func onePCFailingIsAViolationNamingIt() {
        let result = evaluate("CS-1.1", [pc("a", .pass), pc("b", .fail)])
        #expect(result.status == .violation)
        #expect(result.evidence.contains("dev-b"))
        #expect(result.reasons.contains { $0.en.contains("b: ") && $0.en.contains("fails") })
        // The check by what it means, in either language, not by its ID.
        #expect(result.reasons.contains { $0.en == "1 PC(s) pass (An antivirus product is installed)" }, "\(result.reasons.map(\.en))")
        #expect(result.reasons.contains { $0.ja == "1 台が適合（ウイルス対策ソフトが導入されている）" }, "\(result.reasons.map(\.ja))")
        #expect(!result.reasons.contains { $0.ja.contains("av.installed") })
    }

    @Test func aThousandPCsFailingTheSameWayMakeOneLineThatCountsThem() {
        let devices = (0..<1000).map { pc("pc-\($0)", .fail) } + [pc("ok", .pass)]
        let result = evaluate("CS-1.1", devices)
        #expect(result.status == .violation)
        #expect(result.reasons.count == 2, "\(result.reasons.map(\.en))")
        #expect(
            result.reasons.contains {
                $0.en.hasPrefix("1000 PCs (pc-0, pc-1, pc-2, pc-3, pc-4 …): ") && $0.en.contains("fails \"An antivirus product is installed\" (observed o")
            })
        #expect(result.reasons.contains { $0.ja.hasPrefix("1000 台（pc-0") })
        #expect(result.evidence.count == 5)
    }

    @Test func aPCSilentTooLongIsOverdue() {
        #expect(evaluate("CS-1.1", [pc("a", daysAgo: 6, .pass)]).status == .compliant)
        let silent = evaluate("CS-1.1", [pc("a", daysAgo: 8, .pass)])
        #expect(silent.status == .overdue)
        #expect(silent.reasons.contains { $0.en.contains("1 PC(s) silent for over 7 day") })
    }

    /// The catalog files a check: av.installed is CS-1.1's and CS-1.2's (the catalog names it in both), never CS-1.3's.
    @Test func aCheckCountsOnlyForTheClausesTheCatalogFilesItUnder() {
        #expect(evaluate("CS-1.2", [pc("a", .fail)]).status == .violation)
        #expect(evaluate("CS-1.3", [pc("a", .fail)]).status == .noEvidence)
    }
}

@Suite struct ClauseEvaluationTests {
    @Test func manyReasonsOfOneStatusAreCountedAfterTheFirstFew() {
        let findings =
            (1...12).map { Finding(.overdue, ja: "資料\($0)の返還期限切れ", en: "asset \($0) overdue", evidence: ["A\($0)"]) }
            + [Finding(.compliant, ja: "期限内", en: "on time", evidence: ["B"]), Finding(.overdue, ja: "資料1の返還期限切れ", en: "asset 1 overdue")]
        let evaluation = ClauseEvaluation(clauseID: "PI-10", findings: findings)
        #expect(evaluation.status == .overdue)
        #expect(
            evaluation.reasons.map(\.en) == [
                "asset 1 overdue", "asset 2 overdue", "asset 3 overdue", "asset 4 overdue", "asset 5 overdue",
                "and 7 more (\(ClauseStatus.overdue.label.en))", "on time"
            ])
        #expect(evaluation.reasons[5].ja == "ほか 7 件（\(ClauseStatus.overdue.label.ja)）")
        #expect(evaluation.evidence.count == 13, "every record behind the status is kept")
    }
}

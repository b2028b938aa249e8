import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriStore
import Testing

/// Every status, reason and piece of evidence of all 51 Nakano clauses over the demo contract, bent twelve ways and
/// with PCs reporting, against the baseline recorded before the clauses' rules became catalog data: moving a city's
/// reading of its annex out of Swift must not change one status. `MAMORI_RECORD_BASELINE=1` writes the baseline anew
/// (only ever when a status is meant to change, and the diff reviewed).
struct ClauseStatusBaselineTests {
    static let baseline = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Baselines/nakano-statuses.txt")

    @Test func everyNakanoStatusStaysWhatItWas() async throws {
        let demo = try await DemoContract()
        let catalog = try DemoContract.catalog()
        let base = try await demo.store.state().contract(DemoContract.contractID)
        let evaluator = ComplianceEvaluator(catalog: catalog)
        var lines: [String] = []
        for (name, state) in Self.variants(of: base) {
            for days in [0, 120, 400] {
                let now = DemoContract.now.addingTimeInterval(Double(days) * 86_400)
                for (fleet, devices) in [("no PCs", []), ("3 PCs", Self.devices(now: now))] {
                    lines.append("## \(name), +\(days) days, \(fleet)")
                    for evaluation in evaluator.evaluate(state, now: now, devices: devices) {
                        lines.append("\(evaluation.clauseID) \(evaluation.status.rawValue) [\(evaluation.evidence.joined(separator: ","))]")
                        for reason in evaluation.reasons { lines.append("  \(reason.ja) | \(reason.en)") }
                    }
                }
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["MAMORI_RECORD_BASELINE"] == "1" {
            try FileManager.default.createDirectory(at: Self.baseline.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: Self.baseline, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: Self.baseline, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let now = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(now.count == recorded.count)
        for (index, (line, was)) in zip(now, recorded).enumerated() where line != was {
            Issue.record("line \(index + 1): was \(was)\n                 now \(line)")
            break
        }
        #expect(lines.count > 12 * 3 * 2 * 51)
    }

    /// The demo contract as it is, and bent the ways the annex's rules tell apart.
    static func variants(of base: ContractState) -> [(String, ContractState)] {
        let c = base.contract.id
        let at = { (days: Double) in DemoContract.now.addingTimeInterval(days * 86_400) }
        var breaches = base
        breaches.upsert(
            Subcontract(
                id: "SC-1", contractID: c, subcontractor: "入力センター", scope: "入力", touchesPersonalData: true,
                startsOn: Day(at(-10))))
        breaches.upsert(
            DataEvent(
                id: "EV-X1", contractID: c, assetID: "DA-02", kind: .takeout, occurredAt: at(-2), personID: "P03",
                purpose: "持ち帰り", destination: "自宅"))
        breaches.upsert(
            DataEvent(
                id: "EV-X2", contractID: c, assetID: "DA-02", kind: .transfer, occurredAt: at(-2), personID: "P03",
                recipient: Sealed(base64: "c2VhbGVk"), toCity: false))
        breaches.upsert(
            DataEvent(
                id: "EV-X3", contractID: c, assetID: "DA-02", kind: .use, occurredAt: at(-2), personID: "P03",
                purpose: "営業"))
        breaches.upsert(DeviceDisposal(id: "DD-1", contractID: c, kind: .disposal, device: "PC-9", handledOn: Day(at(-3)), erasure: nil))
        breaches.upsert(
            DeviceDisposal(
                id: "DD-2", contractID: c, kind: .repair, device: "PC-8", handledOn: Day(at(-3)), erasure: nil,
                approvalID: "AP-03"))
        var approved = base
        approved.upsert(
            Approval(
                id: "AP-X1", contractID: c, kind: "extra-copy", subject: "検証用", assetID: "DA-02", copies: 2,
                requestedAt: at(-50), requestedBy: "P02", decision: .granted, decidedAt: at(-45), decidedBy: "区"))
        approved.upsert(
            Approval(
                id: "AP-X2", contractID: c, kind: "carry-in", subject: "PC", requestedAt: at(-5), requestedBy: "P02",
                decision: .denied, decidedAt: at(-4), decidedBy: "区"))
        approved.upsert(
            Approval(
                id: "AP-03", contractID: c, kind: "repair-takeout", subject: "修理", requestedAt: at(-5), requestedBy: "P11",
                decision: .granted, decidedAt: at(-4), decidedBy: "区"))
        approved.upsert(
            DeviceDisposal(
                id: "DD-2", contractID: c, kind: .repair, device: "PC-8", handledOn: Day(at(-3)), erasure: nil,
                approvalID: "AP-03"))
        approved.upsert(
            Subcontract(
                id: "SC-2", contractID: c, subcontractor: "印刷会社", scope: "封入", touchesPersonalData: false,
                startsOn: Day(at(-10))))
        var lapsed = base
        lapsed.upsert(
            Approval(
                id: "AP-X3", contractID: c, kind: "extra-copy", subject: "後から", assetID: "DA-02", copies: 5,
                requestedAt: at(-10), requestedBy: "P02", decision: .granted, decidedAt: at(-9), decidedBy: "区"))
        lapsed.upsert(
            Incident(
                id: "INC-02", contractID: c, kind: .loss, discoveredAt: at(-40), narrative: Sealed(base64: "c2VhbGVk"),
                appi: APPIFacts(malicious: true, affectedPeople: 1_200)))
        lapsed.upsert(
            Audit(
                id: "AU-1", contractID: c, kind: .inspection, heldOn: Day(at(-30)), auditor: Sealed(base64: "c2VhbGVk"),
                request: "現地", responseDue: Day(at(-5))))
        lapsed.upsert(
            CityInstruction(
                id: "CI-1", contractID: c, issuedOn: Day(at(-30)), instruction: Sealed(base64: "c2VhbGVk"),
                dueOn: Day(at(20))))
        lapsed.upsert(PolicyDocument(id: "POL-2", contractID: c, title: "方針", version: "4.0", adoptedOn: Day(at(-1)), submittedOn: nil))
        var empty = ContractState(contract: base.contract)
        empty.upsert(Person(id: "P1", contractID: c, name: "一人", role: .staff, joinedOn: Day(at(-10))))
        return [("demo", base), ("breaches", breaches), ("approved", approved), ("lapsed", lapsed), ("bare", empty)]
    }

    /// Three Linux PCs reporting every check of the bundled rules, passing, failing and unknown in a fixed pattern, and
    /// one silent for a month.
    static func devices(now: Date) -> [DeviceEvidence] {
        let book = try! RuleBook.bundled("linux")
        let outcomes: [DeviceEvidence.Check.Outcome] = [.pass, .fail, .unknown, .pass, .pass]
        return (0..<4).map { host in
            let checks = book.rules.enumerated().map { index, rule in
                DeviceEvidence.Check(
                    rule: rule.check, outcome: host == 0 ? .pass : outcomes[(index + host) % outcomes.count],
                    observed: "\(rule.check) seen \(host)", expected: "\(rule.check) wanted")
            }
            return DeviceEvidence(
                deviceID: "pc-\(host)", hostname: "host-\(host)",
                reportedAt: now.addingTimeInterval(host == 3 ? -30 * 86_400 : -3600), checks: checks)
        }
    }
}

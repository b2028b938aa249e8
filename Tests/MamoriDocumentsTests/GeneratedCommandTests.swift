import Foundation
import MamoriCatalog
import MamoriCore
import MamoriDocuments
import MamoriStore
import MamoriTestSupport
import Testing

/// Generated commands, extreme values among them (Int.min and Int.max, 2^62, days in year 0 and 9999, the distant
/// past and future), go through the one write path, then evaluation, every document in every format, and a replay
/// of the journal: each is either refused with a message or kept, and nothing traps.
@Suite struct GeneratedCommandTests {
    static let counts = [Int.min, -1, 0, 1, 2, 999, 10_000, 10_001, 1 << 62, Int.max]
    static let days = [
        Day(year: 0, month: 1, day: 1)!, Day(year: 1899, month: 12, day: 31)!, Day(year: 1900, month: 1, day: 1)!,
        Day("2026-04-01")!, Day("2026-11-26")!, Day("2199-12-31")!, Day(year: 9999, month: 12, day: 31)!
    ]
    static let dates = [
        Date.distantPast, Date(timeIntervalSince1970: -1e12), Day("2026-04-01")!.start, DemoContract.now.addingTimeInterval(-3600),
        DemoContract.now, DemoContract.now.addingTimeInterval(86_400 * 400), Date.distantFuture
    ]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedCommandsNeverTrapAnywhere(seed: UInt64) async throws {
        let demo = try await DemoContract()
        let store = demo.store
        let c = DemoContract.contractID
        var random = SplitMix(state: seed)
        func count() -> Int { Self.counts.randomElement(using: &random)! }
        func day() -> Day { Self.days.randomElement(using: &random)! }
        func date() async -> Date { Self.dates.randomElement(using: &random)! }
        let assets = ["DA-01", "DA-02", "DA-03", "GEN-A"]
        var kept = 0
        var refused = 0
        let sealed = try store.vault.seal("生成された個人情報")
        for index in 0..<300 {
            let asset = assets.randomElement(using: &random)!
            let command: any Command =
                switch Int.random(in: 0..<9, using: &random) {
                case 0:
                    AddRecord(
                        DataAsset(
                            id: index == 0 ? "GEN-A" : "GEN-A\(index)", contractID: c, name: "生成データ", items: ["氏名"], medium: "紙",
                            recordCount: count(), permittedPurposes: ["入力"], permittedCopies: count(), storageLocation: "金庫",
                            receivedOn: day(), returnDue: day()))
                case 1, 2:
                    AddRecord(
                        DataEvent(
                            id: "GEN-E\(index)", contractID: c, assetID: asset, kind: .copy, occurredAt: await date(), personID: "P03",
                            copies: count()))
                case 3:
                    AddRecord(
                        DataEvent(
                            id: "GEN-E\(index)", contractID: c, assetID: asset, kind: DataEvent.Kind.allCases.randomElement(using: &random)!,
                            occurredAt: await date(), personID: "P03", purpose: "入力", copies: count(), recipient: sealed,
                            toCity: true, destination: "区役所",
                            erasure: Erasure(method: .clear, passes: count(), operatorName: "佐藤", witness: "", mediaSerials: [])))
                case 4:
                    AddRecord(
                        Approval(
                            id: "GEN-AP\(index)", contractID: c, kind: "extra-copy", subject: "追加", assetID: asset, copies: count(),
                            requestedAt: await date(), requestedBy: "P02"))
                case 5: DecideApproval(contractID: c, approvalID: "GEN-AP\(index - 1)", granted: true, at: await date(), decidedBy: "city")
                case 6:
                    AddRecord(
                        Incident(
                            id: "GEN-IN\(index)", contractID: c, kind: .loss, discoveredAt: await date(), narrative: sealed,
                            appi: APPIFacts(affectedPeople: count())))
                case 7:
                    SetContractParameter(
                        contractID: c, parameter: "training_cycle",
                        value: .duration(Period(every: count(), unit: PeriodUnit.allCases.randomElement(using: &random)!)))
                default: AddRecord(Person(id: "GEN-P\(index)", contractID: c, name: "生成 太郎", role: .staff, joinedOn: day()))
                }
            do {
                _ = try await store.execute(command, actor: "generated", at: DemoContract.now)
                kept += 1
            } catch let error as StoreError {
                guard case .refused = error else {
                    Issue.record("seed \(seed) #\(index): \(error)")
                    continue
                }
                refused += 1
            }
        }
        #expect(kept > 0 && refused > 0, "seed \(seed): both kept (\(kept)) and refused (\(refused)) commands")
        let state = try await store.state()
        let contract = try state.contract(c)
        for asset in contract.assets.values {
            #expect(CountLimit.permittedCopies.range.contains(asset.permittedCopies), "a count beyond its limit was kept: \(asset.id)")
        }
        let catalog = try DemoContract.catalog()
        let evaluations = ComplianceEvaluator(catalog: catalog).evaluate(contract, now: DemoContract.now)
        #expect(evaluations.count == catalog.clauses.count)
        let context = try await demo.context(deviceReports: [])
        for kind in DocumentKind.allCases {
            let document = try DocumentLibrary.make(kind, context)
            #expect(!HTMLRenderer.render(document).isEmpty)
            #expect(!(try XLSXWriter.write(document, modified: DemoContract.now)).isEmpty)
            _ = CSVWriter.write(document)
        }
        let replayDirectory = demo.directory.appendingPathComponent("replay")
        let replayed = try await store.replay(into: replayDirectory)
        #expect(try await replayed.state() == state, "seed \(seed): the journal replays to the same state")
        #expect(try await store.verifyLedger().isIntact)
    }
}

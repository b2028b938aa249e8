import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriDocuments
import MamoriStore

extension BenchCommand {
    /// `mamori-bench documents`: the documents issue's figure — the whole submission bundle of a scaled contract.
    struct Documents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "提出書類一式 / Time the whole signed bundle for a scaled contract (people with photos, assets with histories).")
        @Option(help: "People on the contract, each with a photo and a pledge.") var people = 500
        @Option(help: "Data assets, each used, copied, and then returned or destroyed.") var assets = 1_000
        @Option(help: "Bundles to time.") var runs = 7

        func validate() throws {
            try BenchBounds.validate(BenchBounds.contract(people: people, assets: assets) + [("runs", runs, 1...1_000)])
        }

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try await Store(directory: directory)
            let now = Date()
            let c = BenchCommand.contractID
            try await store.execute(
                batch: BenchCommand.scaledContract(
                    people: people, assets: assets, now: now,
                    photo: store.vault.seal(DemoScenario.samplePhoto)), actor: "bench", at: now)
            var records: [any Command] = (0..<people).map {
                AddRecord(Pledge(id: "PL\($0)", contractID: c, personID: "P\($0)", signedOn: Day(now).adding(days: -290)))
            }
            records.append(
                AddRecord(
                    TrainingSession(
                        id: "T1", contractID: c, heldOn: Day(now).adding(days: -280), title: "個人情報保護研修",
                        content: "遵守事項", trainer: "従事者 0", materials: ["資料.pdf"],
                        attendees: (0..<people).map { "P\($0)" })))
            for index in 0..<assets {
                let at = now.addingTimeInterval(-Double(assets - index) * 60)
                records.append(
                    AddRecord(
                        DataEvent(
                            id: "U\(index)", contractID: c, assetID: "A\(index)", kind: .use,
                            occurredAt: at, personID: "P\(index % people)", purpose: "入力")))
                records.append(
                    AddRecord(
                        DataEvent(
                            id: "C\(index)", contractID: c, assetID: "A\(index)", kind: .copy,
                            occurredAt: at + 10, personID: "P\(index % people)", copies: 1)))
                let erasure = Erasure(method: .clear, passes: 3, operatorName: "従事者 1", witness: "従事者 0", mediaSerials: ["SN-\(index)"])
                records.append(
                    AddRecord(
                        DataEvent(
                            id: "F\(index)", contractID: c, assetID: "A\(index)", kind: index.isMultiple(of: 2) ? .return : .destruction,
                            occurredAt: at + 20, personID: "P\(index % people)", copies: 1,
                            erasure: index.isMultiple(of: 2) ? nil : erasure)))
            }
            try await store.execute(batch: records, actor: "bench", at: now)
            let state = try await store.state()
            let scan = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: "bench-pc")
            let vault = store.vault
            let catalog = try BenchCommand.catalogs.bundled("nakano")
            let context = await DocumentContext(
                state: try state.contract(c), contractor: state.organizations["contractor"]!, city: state.organizations["city"]!,
                catalog: catalog, now: now, deviceReports: [scan],
                devices: try store.deviceEvidence(of: "contractor", rules: ContractRules(state.contract(c), catalog: catalog)),
                events: try await store.events(ofContract: c), open: { try vault.open($0) })
            let writer = BundleWriter(store: store)
            let clock = ContinuousClock()
            for kind in DocumentKind.allCases {
                let start = clock.now
                let document = try DocumentLibrary.make(kind, context)
                let made = clock.now
                let html = HTMLRenderer.render(document)
                let rendered = clock.now
                let xlsx = try XLSXWriter.write(document, modified: now)
                let written = clock.now
                print(
                    "  \(kind.rawValue): \(document.sheets.count) sheets; model \(format((made - start).seconds * 1000)) ms, "
                        + "HTML \(format((rendered - made).seconds * 1000)) ms (\(html.count / 1024) KiB), "
                        + "XLSX \(format((written - rendered).seconds * 1000)) ms (\(xlsx.count / 1024) KiB)")
            }
            var timings: [Double] = []
            var size = 0
            for _ in 0..<runs {
                let start = clock.now
                size = try await writer.bundle(context).count
                timings.append((clock.now - start).seconds)
            }
            timings.sort()
            print(
                "bundle: \(people) people with photos, \(assets) assets, \(try await store.eventCount(ofContract: c)) data events, 1 PC: "
                    + "median \(format(timings[timings.count / 2])) s, min \(format(timings[0])) s, max \(format(timings[timings.count - 1])) s, "
                    + "\(size / 1024) KiB")
            let verifyStart = clock.now
            let verification = await BundleVerification(bundle: try writer.bundle(context))
            print(
                "verify: \(verification.filesChecked) files in \(format((clock.now - verifyStart).seconds)) s (bundle included), intact: \(verification.isIntact)"
            )
        }
    }
}

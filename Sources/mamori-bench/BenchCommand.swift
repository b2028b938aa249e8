import ArgumentParser
import Dispatch
import Foundation
import MamoriCatalog
import MamoriCore
import MamoriServer
import MamoriStore
import Synchronization

/// `mamori-bench`: Mamori's figures — journal appends, ledger verification, evaluation, documents, the web under load,
/// mail, a start on a large store — in a program of its own, outside the product's binary (the micro-benchmarks are
/// in `Benchmarks/`, on package-benchmark).
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mamori-bench", abstract: "性能測定 / Measure appends, verification and evaluation on a scaled contract.",
        subcommands: [Journal.self, Documents.self, Web.self, Mail.self, Start.self], defaultSubcommand: Journal.self)
}

extension BenchCommand {
    static let contractID = "bench"
    /// The bundled catalogs, parsed once.
    static let catalogs = CatalogLibrary(references: .product)

    /// Where a benchmark's store goes: nil (SQLite in its temporary directory), or a new database on the PostgreSQL
    /// server of `url`, to be dropped with ``drop(_:)``.
    static func scratchLocation(_ url: String?) async throws -> StoreLocation? {
        guard let url else { return nil }
        guard case .postgres(let server) = try StoreLocation(url) else { throw ValidationError("--database takes a postgres:// URL") }
        let address = server.database("mamori_bench_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresDatabase.create(address)
        return .postgres(address)
    }

    /// Drops a benchmark's PostgreSQL database.
    static func drop(_ location: StoreLocation?) async {
        if case .postgres(let address) = location { try? await PostgresDatabase.drop(address) }
    }

    /// Runs `body` on a scratch location (``scratchLocation(_:)``), dropped afterwards, also when `body` throws.
    static func withScratch<T>(_ database: String?, _ body: (StoreLocation?) async throws -> T) async throws -> T {
        let location = try await scratchLocation(database)
        do {
            let result = try await body(location)
            await drop(location)
            return result
        } catch {
            await drop(location)
            throw error
        }
    }

    /// A contractor, a city and a contract with `people` on the roster (with photos when given) and `assets` received.
    static func scaledContract(people: Int, assets: Int, now: Date, photo: Sealed?) throws -> [any Command] {
        let c = contractID
        let start = Day(now).adding(days: -300)
        var setup: [any Command] = [
            CreateOrganization(organization: Organization(id: "city", kind: .city, name: "中野区")),
            CreateOrganization(organization: Organization(id: "contractor", kind: .contractor, name: "株式会社ベンチ")),
            CreateContract(
                contract: Contract(
                    id: c, contractorID: "contractor", cityID: "city", title: "bench", number: "1",
                    startsOn: start, endsOn: start.adding(days: 600), catalogID: "nakano"))
        ]
        for index in 0..<people {
            setup.append(
                AddRecord(
                    Person(
                        id: "P\(index)", contractID: c, name: "従事者 \(index)",
                        role: index == 0 ? .responsible : index < 10 ? .supervisor : .staff,
                        scope: "データ入力", joinedOn: start, photo: photo)))
        }
        for index in 0..<assets {
            setup.append(
                AddRecord(
                    DataAsset(
                        id: "A\(index)", contractID: c, name: "資料 \(index)", items: ["氏名", "住所"], medium: "紙",
                        recordCount: 1000, permittedPurposes: ["入力"], permittedCopies: 2, storageLocation: "金庫",
                        receivedOn: start, returnDue: start.adding(days: 500))))
        }
        return setup
    }

    struct Journal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "仕訳・検証・評価 / Journal appends, verification and evaluation.")
        @Option(help: "Journal entries to reach in all.") var entries = 1_000_000
        @Option(help: "People on the contract.") var people = 500
        @Option(help: "Data assets on the contract.") var assets = 1_000
        @Option(help: "Commands per transaction.") var batch = 1_000
        @Option(help: "Data directory (default: a new temporary one, removed afterwards).") var data: String?
        @Option(help: "postgres://… server to run on, in a new database dropped afterwards (default: SQLite).") var database: String?
        @Option(help: "Store objects appending at once after the bulk load, one transaction per entry (as servers do).") var writers = 1
        @Option(help: "Entries each of them appends.") var appends = 2_000

        func validate() throws {
            try BenchBounds.validate(
                BenchBounds.contract(people: people, assets: assets, entries: entries) + [
                    ("batch", batch, 1...100_000), ("writers", writers, 1...64), ("appends", appends, 0...10_000_000)
                ])
        }

        func run() async throws {
            let directory =
                data.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bench-\(UUID().uuidString)")
            defer { if data == nil { try? FileManager.default.removeItem(at: directory) } }
            try await BenchCommand.withScratch(database) { location in
                let store = try await Store(directory: directory, location: location)
                let now = Date()
                let c = BenchCommand.contractID
                let setup = try BenchCommand.scaledContract(people: people, assets: assets, now: now, photo: nil)
                try await store.execute(batch: setup, actor: "bench", at: now)
                var written = setup.count
                var firstHundredThousand: Double?
                let clock = ContinuousClock()
                let appendStart = clock.now
                var sequence = 0
                while written < entries {
                    let count = min(batch, entries - written)
                    let commands: [any Command] = (0..<count).map { _ in
                        sequence += 1
                        return AddRecord(
                            DataEvent(
                                id: "E\(sequence)", contractID: c, assetID: "A\(sequence % assets)", kind: .use,
                                occurredAt: now, personID: "P\(sequence % people)", purpose: "入力"))
                    }
                    try await store.execute(batch: commands, actor: "bench", at: now)
                    written += count
                    if firstHundredThousand == nil, sequence >= 100_000 {
                        firstHundredThousand = (clock.now - appendStart).seconds
                    }
                }
                let appendSeconds = (clock.now - appendStart).seconds
                print("appends: \(sequence) in \(format(appendSeconds)) s (\(Int(Double(sequence) / appendSeconds)) /s, batches of \(batch), durable)")
                if let firstHundredThousand { print("  first 100,000 appends: \(format(firstHundredThousand)) s") }

                try await concurrentAppends(directory: directory, location: store.location, now: now)
                let walStart = clock.now
                try await store.checkpoint()
                print("  write-ahead log checkpointed in \(format((clock.now - walStart).seconds)) s")
                var entries = 0
                for state in [false, true] {
                    let verifyStart = clock.now
                    let verification = try await store.verifyLedger(state: state)
                    entries = verification.entries
                    let verifySeconds = (clock.now - verifyStart).seconds
                    print(
                        "verify\(state ? " with the state check (\(verification.stateReplayed ? "replay" : "journaled digests"))" : " (hashes only)"): \(verification.entries) entries"
                            + (state ? " and \(verification.rows) rows" : "") + " in \(format(verifySeconds)) s "
                            + "(\(Int(Double(verification.entries) / verifySeconds)) entries/s), intact: \(verification.isIntact)")
                }

                let loadStart = clock.now
                let reopened = try await Store(directory: directory, location: store.location)
                let state = try await reopened.contract(c)
                let loadSeconds = (clock.now - loadStart).seconds
                let catalog = try BenchCommand.catalogs.bundled("nakano")
                let evaluator = ComplianceEvaluator(catalog: catalog)
                var timings: [Double] = []
                for _ in 0..<21 {
                    let t = clock.now
                    _ = evaluator.evaluate(state, now: now)
                    timings.append((clock.now - t).seconds)
                }
                timings.sort()
                print(
                    "evaluate: \(people) people, \(assets) assets, \(entries) journal entries: median \(format(timings[10] * 1000)) ms, max \(format(timings[20] * 1000)) ms (state load from disk: \(format(loadSeconds)) s)"
                )
                try reopened.close()
                try store.close()
            }
        }

        /// `writers` store objects (as many server processes) append one entry per transaction at once.
        private func concurrentAppends(directory: URL, location: StoreLocation, now: Date) async throws {
            let stores = try await (0..<writers).asyncMap { _ in try await Store(directory: directory, location: location) }
            let clock = ContinuousClock()
            let start = clock.now
            let (appends, assets, people) = (self.appends, self.assets, self.people)
            let failures = await withTaskGroup(of: Int.self) { group in
                for (writer, store) in stores.enumerated() {
                    group.addTask {
                        var failed = 0
                        for index in 0..<appends {
                            let event = DataEvent(
                                id: "W\(writer)-\(index)", contractID: BenchCommand.contractID, assetID: "A\(index % assets)", kind: .use,
                                occurredAt: now, personID: "P\(index % people)", purpose: "入力")
                            do { try await store.execute(AddRecord(event), actor: "bench", at: now) } catch { failed += 1 }
                        }
                        return failed
                    }
                }
                return await group.reduce(0, +)
            }
            let seconds = (clock.now - start).seconds
            let total = writers * appends
            print(
                "  single appends by \(writers) writer(s) at once: \(total) in \(format(seconds)) s (\(Int(Double(total) / seconds)) /s, one transaction each, \(failures) failed)"
            )
            for store in stores { try store.close() }
        }

    }
}

/// Three decimals, for timings.
func format(_ value: Double) -> String { String(format: "%.3f", value) }

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

import Benchmark
import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriDocuments
import MamoriStore

/// The hot steps of a check-in (read, verify, resolve, evaluate), a contract's evaluation, the journal's hash check
/// and a document, each counted in instructions and allocations (stable from run to run) as well as time.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.instructions, .mallocCountTotal, .wallClock], maxDuration: .seconds(3))

    // A check-in of this machine, as a PC posts it.
    let keys = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-benchmark-key-\(UUID().uuidString)")
    let key = try! DeviceKey(state: keys, create: true)
    var report = try! AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID)
    report.device.id = key.deviceID
    let checkIn = try! CheckIn(report)
    let body = try! checkIn.canonicalJSON()
    let signature = try! key.signature(for: body)
    let publicKey = Data(base64Encoded: key.publicKey)!
    let lists = Dictionary(uniqueKeysWithValues: checkIn.parts.map { ($0.digest, ReportPart.names($0.bytes) ?? []) })
    let rules = PreparedRules(try! RuleBook.bundled(report.platform), parameters: AgentParameters())
    let facts = try! checkIn.posted.resolvedFacts(lists)

    Benchmark("check-in: read") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try PostedFacts(reading: body)) }
    }
    Benchmark("check-in: verify Ed25519") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(DeviceKey.isValid(signature, of: body, publicKey: publicKey)) }
    }
    Benchmark("check-in: resolve parts") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try checkIn.posted.resolvedFacts(lists)) }
    }
    Benchmark("check-in: evaluate rules") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(rules.evaluate(facts, listDigests: checkIn.posted.listDigests)) }
    }

    // The demo contract in a store of its own.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-benchmark-\(UUID().uuidString)")
    let now = Date()
    let store = try! Store(directory: directory)
    try! DemoScenario(vault: store.vault, now: now).load(into: store)
    let state = try! store.state()
    let contract = try! state.contract(DemoScenario.contractID)
    let catalog = try! CatalogLoader.bundled(contract.contract.catalogID, references: .product)
    let evaluator = ComplianceEvaluator(catalog: catalog)

    Benchmark("evaluation: the demo contract") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(evaluator.evaluate(contract, now: now)) }
    }
    Benchmark("journal: hash check of the demo") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try store.verifyLedger(state: false)) }
    }
    let context = try! DocumentContext.stored(contract, in: state, store: store, catalog: catalog, now: now)!
    Benchmark("document: compliance status") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try DocumentLibrary.make(.complianceStatus, context)) }
    }
}

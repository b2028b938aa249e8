import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore

/// A contract in good standing, built in memory, that each test bends one way.
struct Scenario {
    static let catalog: Catalog = {
        do {
            return try CatalogLoader.bundled(
                "nakano", references: CatalogReferences(rules: try AgentCheckCatalog.bundled().ids, titles: try AgentCheckCatalog.bundled().titles))
        } catch {
            fatalError("the bundled catalog does not load: \(error)")
        }
    }()

    static let today = Day("2026-11-26")!
    static let now = today.start.addingTimeInterval(10 * 3600)
    static let sealed = Sealed(base64: "c2VhbGVk")

    var state: ContractState

    init() {
        let c = "C1"
        state = ContractState(
            contract: Contract(
                id: c, contractorID: "K", cityID: "N", title: "t", number: "n",
                startsOn: Scenario.day(-300), endsOn: Scenario.day(60), catalogID: "nakano"))
        for (id, role) in [("P1", Person.Role.responsible), ("P2", .supervisor), ("P3", .staff)] {
            add(Person(id: id, contractID: c, name: id, role: role, joinedOn: Scenario.day(-300), photo: Scenario.sealed))
            add(Pledge(id: "PL-\(id)", contractID: c, personID: id, signedOn: Scenario.day(-300)))
        }
        add(
            TrainingSession(
                id: "TR1", contractID: c, heldOn: Scenario.day(-100), title: "t", content: "c", trainer: "P1",
                materials: [], attendees: ["P1", "P2", "P3"]))
        add(
            DataAsset(
                id: "A1", contractID: c, name: "資料", items: ["氏名"], medium: "紙", recordCount: 10,
                permittedPurposes: ["入力"], permittedCopies: 1, storageLocation: "金庫", receivedOn: Scenario.day(-200),
                returnDue: Scenario.day(50)))
    }

    static func day(_ offset: Int) -> Day { today.adding(days: offset) }
    static func at(_ offset: Int, hours: Double = 0) -> Date { now.addingTimeInterval(Double(offset) * 86_400 + hours * 3600) }

    mutating func add(_ record: any ContractRecord) { state.upsert(record) }

    mutating func event(_ id: String, _ kind: DataEvent.Kind, daysAgo: Int, _ fill: (inout DataEvent) -> Void = { _ in }) {
        var event = DataEvent(id: id, contractID: "C1", assetID: "A1", kind: kind, occurredAt: Scenario.at(-daysAgo), personID: "P3")
        fill(&event)
        add(event)
    }

    func evaluate(_ clause: String) -> ClauseEvaluation {
        ComplianceEvaluator(catalog: Scenario.catalog).evaluate(Scenario.catalog.clause(clause)!, state: state, now: Scenario.now)
    }
}

import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import Testing

/// The bundled Nakano catalog holds the whole annex: 51 clauses, each in Japanese and English.
@Suite struct NakanoCatalogTests {
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled(
            "nakano", references: CatalogReferences(rules: try AgentCheckCatalog.bundled().ids, titles: try AgentCheckCatalog.bundled().titles))
    }

    static let expectedIDs: [String] =
        (1...15).map { "PI-\($0)" } + (1...13).map { "IS-\($0)" }
        + (1...10).map { "CS-1.\($0)" } + (1...13).map { "CS-2.\($0)" }

    @Test func hasExactlyTheFiftyOneClauseIDs() {
        #expect(Self.expectedIDs.count == 51)
        #expect(catalog.clauses.map(\.id) == Self.expectedIDs)
    }

    @Test func everyClauseHasBothLanguagesAndEvidence() {
        for clause in catalog.clauses {
            #expect(!clause.title.ja.isEmpty && !clause.title.en.isEmpty, "\(clause.id)")
            #expect(!clause.summary.ja.isEmpty && !clause.summary.en.isEmpty, "\(clause.id)")
            #expect(!clause.evidence.isEmpty, "\(clause.id)")
            #expect(clause.title.ja != clause.title.en, "\(clause.id) has an untranslated title")
        }
    }

    @Test func clausesProvenByRecordsOrAgentNameWhatProvesThem() {
        for clause in catalog.clauses {
            if clause.evidence.contains(.agent) { #expect(!clause.rules.isEmpty, "\(clause.id) has agent evidence but no rule") }
            if clause.evidence.contains(.record) { #expect(!clause.records.isEmpty, "\(clause.id) has record evidence but no record type") }
        }
    }

    @Test func annexThresholdsAreParameters() throws {
        #expect(catalog.parameter("password_min_length")?.value == .integer(6, unit: "character"))
        #expect(catalog.parameter("password_max_age")?.value == .duration(Period(every: 365, unit: .day)))
        let training = try #require(catalog.clause("PI-2")?.cycle)
        #expect(training.parameter == "training_cycle")
        #expect(training.period == Period(every: 1, unit: .year))
        #expect(catalog.clause("PI-14")?.evidence == [.info])
    }

    @Test func cycleParametersMatchTheirDefaults() {
        for clause in catalog.clauses {
            guard let cycle = clause.cycle, let name = cycle.parameter else { continue }
            #expect(catalog.parameter(name)?.value == .duration(cycle.period), "\(clause.id) cycle vs \(name)")
        }
    }
}

/// `docs/clauses.md` is the generated map of the Nakano catalog: anyone finds a clause's logic by its ID there, so it
/// must say what the catalog says (`mamori catalog doc > docs/clauses.md` after changing the catalog).
@Suite struct ClauseMapTests {
    @Test func theCommittedMapIsTheCatalogs() throws {
        let checks = try AgentCheckCatalog.bundled()
        let catalog = try CatalogLoader.bundled("nakano", references: CatalogReferences(rules: checks.ids, titles: checks.titles))
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/clauses.md")
        let committed = try String(contentsOf: file, encoding: .utf8)
        #expect(
            committed == ClauseMap.markdown(catalog, source: "Sources/MamoriCatalog/Resources/nakano.yaml"),
            "docs/clauses.md is stale: run `mamori catalog doc > docs/clauses.md`")
        for clause in catalog.clauses { #expect(committed.contains("### \(clause.id) "), "\(clause.id)") }
        #expect(committed.contains("`copies_within_permit` — extra_approval `extra-copy`"))
    }
}

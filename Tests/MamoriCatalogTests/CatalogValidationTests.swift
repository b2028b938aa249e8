import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import Testing

/// Each class of error in a catalog file is caught, named, and placed on its line.
@Suite struct CatalogValidationTests {
    let references: CatalogReferences

    init() throws {
        references = CatalogReferences(rules: try AgentCheckCatalog.bundled().ids, titles: try AgentCheckCatalog.bundled().titles)
    }

    func problems(_ fixture: String) throws -> [CatalogProblem] {
        let url = try #require(Bundle.module.url(forResource: fixture, withExtension: "yaml", subdirectory: "Fixtures"))
        do {
            _ = try CatalogLoader.load(contentsOf: url, references: references)
            return []
        } catch {
            return error.problems
        }
    }

    /// The first six lines of a small catalog written in a test.
    static let header = """
        schema: 1
        id: two
        version: "1"
        title: {ja: 題, en: Title}
        city: {ja: 区, en: City}
        addressee: {ja: 区長, en: Mayor}

        """

    @Test func validFixtureLoads() throws {
        #expect(try problems("valid").isEmpty)
    }

    @Test(arguments: [
        ("malformed", 20, "malformed YAML: mapping values are not allowed", "YAML の構文が正しくありません"),
        ("unknown-evidence", 22, "unknown evidence kind \"photo\"", "不明な証跡の種類 \"photo\""),
        ("duplicate-id", 26, "duplicate clause ID \"PI-2\" (first defined on line 17)", "条項 ID \"PI-2\" が重複しています"),
        ("missing-ja-title", 29, "title has no ja (Japanese) text", "title に ja（日本語）がありません"),
        ("missing-en-title", 20, "title has no en (English) text", "title に en（英語）がありません"),
        ("unknown-rule", 32, "unknown agent rule \"password.min_lenght\"", "不明なエージェントのルール \"password.min_lenght\""),
        ("unknown-record", 23, "unknown record type \"training_sessions\"", "不明な記録の種類 \"training_sessions\""),
        ("cycle-without-unit", 25, "unit is missing", "単位 unit がありません"),
    ])
    func brokenFixtureIsReportedOnItsLine(fixture: String, line: Int, english: String, japanese: String) throws {
        let found = try problems(fixture)
        #expect(found.count == 1, "\(fixture): \(found)")
        let problem = try #require(found.first)
        #expect(problem.line == line, "\(fixture): line \(problem.line)")
        #expect(problem.message.en.contains(english), "\(fixture): \(problem.message.en)")
        #expect(problem.message.ja.contains(japanese), "\(fixture): \(problem.message.ja)")
        #expect(problem.formatted(file: "x.yaml", language: .en).hasPrefix("x.yaml:\(line):\(problem.column): "))
    }

    @Test func everyProblemInOneFileIsListed() throws {
        let yaml = Self.header + """
        parts: [{id: A, title: {ja: 甲, en: A}}]
        clauses:
          - {id: A-1, part: A, number: "1", title: {ja: 一}, summary: {ja: 要, en: S}, evidence: [magic]}
          - {id: A-2, part: B, number: "2", title: {ja: 二, en: Two}, summary: {ja: 要, en: S}, evidence: [info]}
        """
        #expect(throws: CatalogProblems.self) { try CatalogLoader.load(yaml: yaml, references: references) }
        do {
            _ = try CatalogLoader.load(yaml: yaml, references: references)
        } catch {
            let messages = error.problems.map(\.message.en)
            #expect(error.problems.map(\.line) == [9, 9, 10])
            #expect(messages.contains { $0.contains("title has no en") })
            #expect(messages.contains { $0.contains("unknown evidence kind \"magic\"") })
            #expect(messages.contains { $0.contains("part \"B\" is not defined") })
        }
    }

    /// Approval kinds are the catalog's: a clause with approval records names them, each a known kind; and numbers
    /// are bounded where they enter.
    @Test func approvalKindsAndBoundsAreChecked() {
        let yaml = Self.header + """
        parameters:
          - {id: p, title: {ja: 長さ, en: Length}, kind: integer, default: 1000001, unit: chars}
          - {id: q, title: {ja: 周期, en: Cycle}, kind: duration, default: 101, unit: year}
        parts: [{id: A, title: {ja: 甲, en: A}}]
        clauses:
          - {id: A-1, part: A, number: "1", title: {ja: 一, en: One}, summary: {ja: 要, en: S}, evidence: [record], records: [approval]}
          - {id: A-2, part: A, number: "2", title: {ja: 二, en: Two}, summary: {ja: 要, en: S}, evidence: [record], records: [approval], approvals: [take-away]}
          - {id: A-3, part: A, number: "3", title: {ja: 三, en: Three}, summary: {ja: 要, en: S}, evidence: [record], records: [pledge], approvals: [takeout]}
          - {id: A-4, part: A, number: "4", title: {ja: 四, en: Four}, summary: {ja: 要, en: S}, evidence: [record], records: [approval], approvals: [carry-in]}
        """
        do {
            let catalog = try CatalogLoader.load(yaml: yaml, references: references)
            Issue.record("loaded: \(catalog.clauses.map(\.id))")
        } catch {
            let found = error.problems.map { ($0.line, $0.message.en) }
            #expect(found.contains { $0.0 == 8 && $0.1.contains("at most 1000000") }, "\(found)")
            #expect(found.contains { $0.0 == 9 && $0.1.contains("at most 100 years") }, "\(found)")
            #expect(found.contains { $0.0 == 12 && $0.1.contains("no approvals") }, "\(found)")
            #expect(found.contains { $0.0 == 13 && $0.1.contains("unknown approval kind \"take-away\"") }, "\(found)")
            #expect(found.contains { $0.0 == 14 && $0.1.contains("approvals needs approval among its records") }, "\(found)")
            #expect(!found.contains { $0.0 == 15 }, "A-4 is right: \(found)")
        }
    }

    @Test func emptyFileIsAProblem() {
        #expect(throws: CatalogProblems.self) { try CatalogLoader.load(yaml: "", references: references) }
    }
}

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
        ("unknown-rule", 32, "unknown agent check \"password.min_lenght\"", "不明なエージェントのチェック \"password.min_lenght\""),
        ("unknown-check", 24, "clause PI-2: unknown check \"trainings\" (one of roster, id_checks, training", "不明なチェック \"trainings\""),
        ("cycle-without-unit", 24, "unit is missing", "単位 unit がありません"),
        // A misspelt key is an error, never a clause silently left without evidence.
        ("misspelt-key", 25, "unknown key \"reprots\" in clause (allowed: id, part, number", "条項に不明なキー \"reprots\" があります")
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
        let yaml =
            Self.header + """
                parts: [{id: A, title: {ja: 甲, en: A}}]
                clauses:
                  - {id: A-1, part: A, number: "1", title: {ja: 一}, summary: {ja: 要, en: S}, evidence: [magic], checks: [{check: info}]}
                  - {id: A-2, part: B, number: "2", title: {ja: 二, en: Two}, summary: {ja: 要, en: S}, evidence: [info], checks: [{check: info}]}
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

    /// Approval kinds are the catalog's: each check names kinds the catalog declares, with the keys its check takes;
    /// and numbers are bounded where they enter.
    @Test func approvalKindsAndBoundsAreChecked() {
        let yaml =
            Self.header + """
                parameters:
                  - {id: p, title: {ja: 長さ, en: Length}, kind: integer, default: 1000001, unit: chars}
                  - {id: q, title: {ja: 周期, en: Cycle}, kind: duration, default: 101, unit: year}
                approval_kinds:
                  - {id: takeout, title: {ja: 持出し, en: Take-out}}
                  - {id: Take_Out, title: {ja: 持出し, en: Take-out}}
                parts: [{id: A, title: {ja: 甲, en: A}}]
                clauses:
                  - {id: A-1, part: A, number: "1", title: {ja: 一, en: One}, summary: {ja: 要, en: S}, evidence: [record], checks: [{check: approvals, kinds: []}]}
                  - {id: A-2, part: A, number: "2", title: {ja: 二, en: Two}, summary: {ja: 要, en: S}, evidence: [record], checks: [{check: approvals, kinds: [take-away]}]}
                  - {id: A-3, part: A, number: "3", title: {ja: 三, en: Three}, summary: {ja: 要, en: S}, evidence: [record], checks: [{check: takeouts_approved}]}
                  - {id: A-4, part: A, number: "4", title: {ja: 四, en: Four}, summary: {ja: 要, en: S}, evidence: [record], checks: [{check: takeouts_approved, approval: takeout, cycle: q}]}
                  - {id: A-5, part: A, number: "5", title: {ja: 五, en: Five}, summary: {ja: 要, en: S}, evidence: [record], checks: [{check: approvals, kinds: [takeout]}]}
                """
        do {
            let catalog = try CatalogLoader.load(yaml: yaml, references: references)
            Issue.record("loaded: \(catalog.clauses.map(\.id))")
        } catch {
            let found = error.problems.map { ($0.line, $0.message.en) }
            #expect(found.contains { $0.0 == 8 && $0.1.contains("at most 1000000") }, "\(found)")
            #expect(found.contains { $0.0 == 9 && $0.1.contains("at most 100 years") }, "\(found)")
            #expect(found.contains { $0.0 == 12 && $0.1.contains("approval kind \"Take_Out\" must be up to 40 lowercase letters") }, "\(found)")
            #expect(found.contains { $0.0 == 15 && $0.1.contains("kinds is empty") }, "\(found)")
            #expect(found.contains { $0.0 == 16 && $0.1.contains("approval kind \"take-away\" is not declared in approval_kinds") }, "\(found)")
            #expect(found.contains { $0.0 == 17 && $0.1.contains("check takeouts_approved needs approval") }, "\(found)")
            #expect(found.contains { $0.0 == 18 && $0.1.contains("unknown key \"cycle\" in check takeouts_approved") }, "\(found)")
            #expect(!found.contains { $0.0 == 19 }, "A-5 is right: \(found)")
            #expect(found.count == 7, "\(found.map { "\($0.0): \($0.1)" })")
        }
    }

    @Test func emptyFileIsAProblem() {
        #expect(throws: CatalogProblems.self) { try CatalogLoader.load(yaml: "", references: references) }
    }
}

/// What an attacker tried on catalogs added at run time: each is a problem on its line, never a catalog that loads.
@Suite struct HostileCatalogTests {
    let references: CatalogReferences

    init() throws {
        references = CatalogReferences(rules: try AgentCheckCatalog.bundled().ids, titles: try AgentCheckCatalog.bundled().titles)
    }

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try CatalogLoader.load(yaml: yaml, references: references)
            return []
        } catch {
            return error.problems.map { "\($0.line): \($0.message.en)" }
        }
    }

    static func catalog(
        id: String = "x", parameters: String = "", clause: String = "A-1", checks: String = "[{check: info}]",
        city: String = "{ja: 区, en: City}"
    ) -> String {
        """
        schema: 1
        id: \(id)
        version: "1"
        title: {ja: 題, en: Title}
        city: \(city)
        addressee: {ja: 区長, en: Mayor}
        parameters:\(parameters.isEmpty ? " []" : "\n" + parameters)
        parts: [{id: A, title: {ja: 甲, en: A}}]
        clauses:
          - {id: "\(clause)", part: A, number: "1", title: {ja: 一, en: One}, summary: {ja: 要, en: S}, evidence: [info], checks: \(checks)}
        """
    }

    @Test func theFixtureLoads() {
        #expect(problems(Self.catalog()).isEmpty, "\(problems(Self.catalog()))")
    }

    @Test(arguments: [
        (catalog(id: "../x"), "id must be up to 40 lowercase letters"),
        (catalog(id: "NAKANO"), "id must be up to 40 lowercase letters"),
        (catalog(clause: "../../../catalogs"), "a clause ID is up to 20 letters"),
        (catalog(clause: "K-8 "), "a clause ID is up to 20 letters"),
        (catalog(city: "{ja: 区, en: City, fr: Ville}"), "unknown key \"fr\" in city"),
        (
            catalog(parameters: "  - {id: l, title: {ja: 一覧, en: List}, kind: list, default: [winny, [share], 123, null]}"),
            "a list item must be a non-empty string"
        ),
        (
            catalog(
                parameters:
                    "  - {id: p, title: {ja: 周期, en: P}, kind: duration, default: 1, unit: day}\n  - {id: p, title: {ja: 周期, en: P}, kind: duration, default: 1, unit: day}"
            ), "duplicate parameter ID \"p\""
        ),
        (
            catalog(
                parameters:
                    "  - {id: a, title: {ja: 長さ, en: L}, kind: integer, default: 8, agent: password_min_length}\n  - {id: b, title: {ja: 長さ, en: L}, kind: integer, default: 9, agent: password_min_length}"
            ), "is given by both a and b"
        ),
        (catalog(checks: "[{check: roster, roles: []}]"), "roles is empty"),
        (catalog(checks: "[{check: subcontracts, allowed: never, approval: x}]"), "approval goes only with allowed: with_approval"),
        (catalog(city: "{ja: \"区\\0\", en: City}"), "holds a control character"),
        (catalog().replacingOccurrences(of: "  - {id: \"A-1\"", with: "  - {? [a, b] : 1, id: \"A-1\""), "must be a string"),
        (String(repeating: "#", count: 1_100_000), "a catalog is at most 1 MB")
    ])
    func isRefused(yaml: String, expected: String) {
        let found = problems(yaml)
        #expect(!found.isEmpty, "loaded: \(yaml.prefix(200))")
        if !expected.isEmpty { #expect(found.contains { $0.contains(expected) }, "\(found)") }
    }

    @Test func anEmptyClauseListAndDuplicatePartsAreRefused() {
        let empty = Self.catalog().components(separatedBy: "clauses:")[0] + "clauses: []\n"
        #expect(problems(empty).contains { $0.contains("clauses is empty") })
        let parts = Self.catalog().replacingOccurrences(
            of: "parts: [{id: A, title: {ja: 甲, en: A}}]",
            with: "parts: [{id: A, title: {ja: 甲, en: A}}, {id: A, title: {ja: 乙, en: B}}]")
        #expect(problems(parts).contains { $0.contains("duplicate part ID \"A\"") })
    }
}

/// The catalogs of a store: an altered text is never used, and a bundled annex is kept only for the city it names.
@Suite struct CatalogLibraryTests {
    let library: CatalogLibrary

    init() throws {
        let checks = try AgentCheckCatalog.bundled()
        library = CatalogLibrary(references: CatalogReferences(rules: checks.ids, titles: checks.titles))
    }

    @Test func anAlteredTextIsRefusedWhereItIsUsed() throws {
        let yaml = HostileCatalogTests.catalog()
        var source = try library.validated(yaml: yaml, cityID: "city", at: Date()).source
        source.content = yaml.replacingOccurrences(of: "{ja: 一, en: One}", with: "{ja: 改ざん, en: Altered}")
        #expect(throws: CatalogProblems.self) { try library.catalog(source) }
        source.content = yaml
        #expect(try library.catalog(source).clauses.first?.title.ja == "一")
    }

    @Test func aBundledAnnexIsKeptOnlyForItsOwnCity() throws {
        var state = MamoriState()
        state.organizations["nakano-city"] = Organization(id: "nakano-city", kind: .city, name: "中野区")
        state.organizations["kasumi-city"] = Organization(id: "kasumi-city", kind: .city, name: "霞市")
        let pinned = try library.pin("nakano", cityID: "nakano-city", in: state, at: Date())
        #expect(pinned.version == "2026.1" && pinned.add?.source.cityID == "nakano-city")
        #expect(throws: CatalogProblems.self, "another city does not take the bundled Nakano annex") {
            try library.pin("nakano", cityID: "kasumi-city", in: state, at: Date())
        }
        #expect(throws: CatalogProblems.self, "nor can it be added under its ID") {
            try library.validated(yaml: try CatalogLoader.bundledText("nakano"), cityID: "nakano-city", at: Date())
        }
    }
}

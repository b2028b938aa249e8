import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import Testing

/// Who is told of what is catalog data (`alerts:`): read, checked on its line, and defaulted when a catalog says nothing.
@Suite struct AlertRuleTests {
    let references = CatalogReferences(rules: [])

    func catalog(_ alerts: String) throws(CatalogProblems) -> Catalog {
        try CatalogLoader.load(
            yaml: CatalogValidationTests.header + alerts + """
                parts: [{id: A, title: {ja: 甲, en: A}}]
                clauses:
                  - {id: A-1, part: A, number: "1", title: {ja: 一, en: One}, summary: {ja: 要, en: S}, evidence: [info], checks: [{check: info}]}
                """, references: references)
    }

    @Test func theNakanoCatalogTellsTheCityAndTheResponsiblePersonOfAnIncident() throws {
        let nakano = try CatalogLibrary(references: CatalogReferences(rules: AgentCheckCatalog.bundled().ids)).bundled("nakano")
        #expect(nakano.alerts.first { $0.kind == .incidentRecorded }?.audience == [.role(.cityReviewer), .role(.responsiblePerson)])
        #expect(nakano.alerts.first { $0.kind == .approvalDecided }?.audience == [.requester])
        #expect(Set(nakano.alerts.map(\.kind)) == Set(AlertKind.allCases))
    }

    @Test func aCatalogThatSaysNothingGetsTheDefaultsAndOneThatLeavesAnEventOutTellsNobody() throws {
        #expect(try catalog("").alerts == AlertRule.defaults)
        let quiet = try catalog("alerts:\n  - {event: approval-requested, tell: [city-reviewer, city-auditor]}\n")
        #expect(quiet.alerts == [AlertRule(kind: .approvalRequested, audience: [.role(.cityReviewer), .role(.cityAuditor)])])
    }

    @Test(arguments: [
        ("  - {event: incident-reported, tell: [responsible]}\n", 8, "unknown alert event \"incident-reported\"", "不明なお知らせの種類"),
        ("  - {event: incident-recorded, tell: [mayor]}\n", 8, "unknown audience \"mayor\"", "不明な宛先 \"mayor\""),
        (
            "  - {event: incident-recorded, tell: [responsible]}\n  - {event: incident-recorded, tell: [staff]}\n", 9,
            "duplicate alert event \"incident-recorded\"", "重複"
        ),
        ("  - {event: incident-recorded, tel: [responsible]}\n", 8, "unknown key \"tel\"", "不明なキー")
    ])
    func aWrongEntryIsNamedOnItsLine(entry: String, line: Int, english: String, japanese: String) throws {
        do {
            _ = try catalog("alerts:\n" + entry)
            Issue.record("accepted: \(entry)")
        } catch {
            let problem = try #require(error.problems.first { $0.message.en.contains(english) }, "\(error.problems)")
            #expect(problem.line == line, "\(error.problems)")
            #expect(problem.message.en.contains(english), "\(problem.message.en)")
            #expect(problem.message.ja.contains(japanese), "\(problem.message.ja)")
        }
    }
}

import MamoriCore

/// One contract's clause-by-clause statuses: the count per status, the incident clocks still running, each clause
/// with its reasons and the records behind it (`/contracts/{contract}`).
struct ContractDashboardView: PageView {
    let language: Language
    var contract: Contract
    var role: AccountRole
    var catalog: Catalog
    var evaluations: [ClauseEvaluation]

    var title: LocalizedText { LocalizedText(ja: contract.title, en: contract.title) }

    var body: HTML {
        let l = language
        let counts = Dictionary(grouping: evaluations, by: \.status).mapValues(\.count)
        let summary: [HTML] = ClauseStatus.allCases.sorted().reversed().map {
            "<li class=\"status-\($0.rawValue)\">\($0.label.text(l)) <strong>\(counts[$0] ?? 0)</strong></li>"
        }
        let clauses = Dictionary(uniqueKeysWithValues: catalog.clauses.map { ($0.id, $0) })
        let rows: [HTML] = evaluations.map { evaluation in
            """
            <tr id="clause-\(evaluation.clauseID)" class="status-\(evaluation.status.rawValue)">\
            <td><a href="/contracts/\(contract.id)/clauses/\(evaluation.clauseID)">\(evaluation.clauseID)</a></td>\
            <td>\(clauses[evaluation.clauseID]?.title.text(l) ?? "")</td><td class="status"><span class="badge">\(evaluation.status.label.text(l))</span></td>\
            <td>\(evaluation.reasons.map { $0.text(l) }.joined(separator: "\n"))</td><td>\(ContractNavigation.evidence(evaluation.evidence, contract: contract.id, l))</td></tr>
            """
        }
        return """
            \(ContractNavigation.tabs(contract.id, l))
            <p>\(contract.number)　\(contract.startsOn.wareki)（\(contract.startsOn.description)）〜 \(contract.endsOn.wareki)（\(contract.endsOn.description)）　\
            \(Label.yourRole.text(l)): \(role.label.text(l))</p>
            <p class="catalog"><a href="/catalogs">\(catalog.title.text(l))</a>　\(Label.versionWord.text(l)) \(catalog.version)</p>
            \(clockPanel(clauses))<ul class="summary">\(summary)</ul>
            <table class="grid clauses"><thead><tr><th>\(Label.clause.text(l))</th>\
            <th>\(Label.obligation.text(l))</th><th>\(Label.status.text(l))</th>\
            <th>\(Label.reasons.text(l))</th><th>\(Label.evidenceRecords.text(l))</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }

    /// The incident clocks running, run out or missed; not those met in time (a clause may say both).
    private func clockPanel(_ clauses: [String: Clause]) -> HTML {
        var seen = Set<LocalizedText>()
        let clocks: [HTML] =
            evaluations
            .filter { clauses[$0.clauseID]?.records.contains(.incident) == true }
            .flatMap { zip($0.reasonStatuses, $0.reasons).filter { $0.0 >= .dueSoon }.map(\.1) }.filter { seen.insert($0).inserted }
            .map { "<li>\($0.text(language))</li>" }
        guard !clocks.isEmpty else { return "" }
        return """
            <section class="incident-clocks" aria-label="\(Label.incidentClocks.text(language))">\
            <h2>\(Label.incidentClocks.text(language))</h2><ul>\(clocks)</ul></section>
            """
    }
}

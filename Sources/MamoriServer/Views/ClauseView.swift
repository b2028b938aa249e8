import MamoriCore

/// A clause of a contract: its obligation, its status and why (the dashboard's one evaluation), the records behind
/// it, and where to record what it needs (`/contracts/{contract}/clauses/{clause}`).
struct ClauseView: PageView {
    /// A record behind the status: its page and what it is (提供データの利用・複写…), where it was found.
    struct Evidence {
        var id: String
        var found: (path: String, what: LocalizedText)?
    }

    let language: Language
    var contractID: String
    var clause: Clause
    var evaluation: ClauseEvaluation
    /// The first records behind the status, and how many there are in all.
    var evidence: [Evidence]
    var evidenceCount: Int
    /// The kinds of record that prove the clause, each with whether the member may record one.
    var kinds: [(kind: RecordKind, records: Bool)]

    var title: LocalizedText { LocalizedText(ja: "\(clause.id) \(clause.title.ja)", en: "\(clause.id) \(clause.title.en)") }

    var body: HTML {
        let l = language
        let base = "/contracts/\(contractID)"
        let reasons: [HTML] = evaluation.reasons.map { "<li>\($0.text(l))</li>" }
        let records: [HTML] = evidence.map { item in
            guard let found = item.found else { return "<li>\(item.id)</li>" }
            return "<li><a href=\"\(found.path)\">\(item.id)</a>（\(found.what.text(l))）</li>"
        }
        let rest = evidenceCount - evidence.count
        let more: HTML = rest > 0 ? "<p>\(LocalizedText(ja: "ほか \(rest) 件", en: "and \(rest) more").text(l))</p>" : ""
        let actions: [HTML] = kinds.map { kind, records in
            "<li><a href=\"\(base)/records/\(kind.slug)\">\(kind.title.text(l))</a>（\((records ? Label.recordVerb : .list).text(l))）</li>"
        }
        let agent: HTML =
            clause.rules.isEmpty
            ? ""
            : """
            <p>\(LocalizedText(ja: "各端末のエージェントが設定を確認します（\(clause.rules.count) 項目）。", en: "Each PC's agent checks its settings (\(clause.rules.count) checks).").text(l))\
            <a href="\(base)/devices">\(Label.pcList.text(l))</a></p>
            """
        return """
            \(ContractNavigation.tabs(contractID, l))
            <p><a href="\(base)#clause-\(clause.id)">\(Label.allClauses.text(l))</a></p>
            <p class="status-\(evaluation.status.rawValue)"><span class="badge">\(evaluation.status.label.text(l))</span></p>
            <p>\(clause.summary.text(l))</p>
            <h2>\(Label.why.text(l))</h2><ul>\(reasons)</ul>
            <h2>\(Label.recordsBehindIt.text(l))</h2>\
            \(records.isEmpty ? HTML("<p>\(Label.noneYet.text(l))</p>") : "<ul>\(records)</ul>")\(more)
            <h2>\(Label.whatProvesIt.text(l))</h2><ul>\(actions)</ul>\(agent)
            """
    }
}

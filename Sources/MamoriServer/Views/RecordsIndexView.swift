import MamoriCore

/// The contract's records by kind with how many there are, and the clauses attested by a person (確認書) with their
/// statuses (`/contracts/{contract}/records`).
struct RecordsIndexView: PageView {
    let language: Language
    var contractID: String
    /// Each kind with its count.
    var kinds: [(kind: RecordKind, count: Int)]
    /// The clauses proven by attestations, each with its evaluation.
    var attested: [(clause: Clause, evaluation: ClauseEvaluation)]

    var title: LocalizedText { Label.records.localized }

    var body: HTML {
        let l = language
        let rows: [HTML] = kinds.map { kind, count in
            "<tr><td><a href=\"/contracts/\(contractID)/records/\(kind.slug)\">\(kind.title.text(l))</a></td><td class=\"number\">\(count.grouped)</td></tr>"
        }
        let due: [HTML] = attested.map { clause, evaluation in
            """
            <tr class="status-\(evaluation.status.rawValue)"><td>\(clause.id)</td><td>\(clause.title.text(l))</td>\
            <td class="status"><span class="badge">\(evaluation.status.label.text(l))</span></td>\
            <td>\(evaluation.reasons.map { $0.text(l) }.joined(separator: "\n"))</td></tr>
            """
        }
        return """
            \(ContractNavigation.tabs(contractID, l))
            <table class="grid"><thead><tr><th>\(Label.records.text(l))</th>\
            <th>\(Label.count.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2 id="attestations-due">\(Label.attestationsDue.text(l))</h2>
            <p><a href="/contracts/\(contractID)/records/attestation">\(Label.recordAnAttestation.text(l))</a></p>
            <table class="grid"><thead><tr><th>\(Label.clause.text(l))</th>\
            <th>\(Label.obligation.text(l))</th><th>\(Label.status.text(l))</th>\
            <th>\(Label.reasons.text(l))</th></tr></thead><tbody>\(due)</tbody></table>
            """
    }
}

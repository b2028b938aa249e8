import MamoriCore

/// One record's page: its current values (and what the list shows beyond them), the steps that still apply to it,
/// the form that corrects it (filled with them) and its history — every journal entry that names it
/// (`/contracts/{contract}/records/{kind}/{record}`).
struct RecordView: PageView {
    /// One line of the history: the entry's number in its chain, when, who and what.
    struct HistoryLine {
        var seq: Int64
        var time: String
        var recorder: String
        var line: String
    }

    let language: Language
    var kind: RecordKind
    var record: any ContractRecord
    var access: ContractAccess
    var scene: FormContext
    /// The record as its fields hold it (sealed values not opened).
    var tree: JSONValue
    /// The correction form where the member may correct the record: filled with its values, or as sent and refused.
    struct Correction {
        var form: CommandForm
        var input: FormInput
        var problems: FormProblems?
    }

    var correction: Correction?
    var history: [HistoryLine]
    /// A step sent from this page and refused, open again with what was entered and what is wrong.
    var refusedStep: RecordSteps.Refusal? = nil
    /// The clauses whose evaluation cites this record, with their titles: what the record means for the annex (a copy
    /// beyond the permit shows here as PI-8 違反 the moment it is saved).
    var clauses: [(evaluation: ClauseEvaluation, title: LocalizedText)] = []

    var title: LocalizedText { LocalizedText(ja: "\(kind.title.ja) \(record.id)", en: "\(kind.title.en) \(record.id)") }

    var body: HTML {
        let l = language
        let base = "/contracts/\(access.contract.id)/records/\(kind.slug)"
        // What was recorded, then what the list shows beyond it (the city's decision, a step's time).
        let created = kind.create?.fields ?? []
        let fields = created + kind.columns.filter { column in !created.contains { $0.key == column.key } }
        let rows: [HTML] = fields.map { field in
            "<tr><th>\(field.heading.text(l))</th><td>\(scene.display(field, tree.value(at: field.key)))</td></tr>"
        }
        let notice: HTML = kind.void(access.state, record).map { "<p><strong>\($0.notice.text(l))</strong></p>" } ?? ""
        // The steps here too (an incident's report to the city), coming back to this page.
        let steps = RecordSteps(kind: kind, access: access, scene: scene).forms(for: record, refused: refusedStep, returnTo: "\(base)/\(record.id)").html
        let next: HTML = steps.isEmpty ? "" : "<h2>\(Label.nextSteps.text(l))</h2><div class=\"steps\">\(steps)</div>"
        let correcting: HTML =
            correction.map { correction in
                """
                <h2>\(correction.form.title.text(l))</h2>
                <p>\(Label.aCorrectionIsKeptAs.text(l))\(correction.form.hasFile ? Label.aPhotoIsReplacedOnly.suffix(l) : "")</p>
                \(scene.form(correction.form, action: "\(base)/\(record.id)/\(correction.form.slug)", input: correction.input, problems: correction.problems, returnTo: "\(base)/\(record.id)"))
                """
            } ?? ""
        // The city's instructions on an incident, opened: the city reads what it told, the contractor what to do.
        let instructions: HTML
        if let incident = record as? Incident, !incident.instructions.isEmpty {
            let notes: [HTML] = incident.instructions.map { note in
                let text = (try? scene.vault.openTextOrClear(note.text).text) ?? Label.cannotBeOpened.text(l)
                return "<tr><td>\(l == .ja ? note.at.warekiTime : note.at.ISO8601Format())</td><td>\(text)</td></tr>"
            }
            instructions = "<h2>\(Label.instructionsFromTheCity.text(l))</h2><table class=\"grid\"><tbody>\(notes)</tbody></table>"
        } else {
            instructions = ""
        }
        let cited: [HTML] = clauses.map { clause, title in
            """
            <tr class="status-\(clause.status.rawValue)"><td><a href="/contracts/\(access.contract.id)/clauses/\(clause.clauseID)">\(clause.clauseID)</a></td>\
            <td>\(title.text(l))</td><td class="status"><span class="badge">\(clause.status.label.text(l))</span></td>\
            <td>\(clause.reasons.map { $0.text(l) }.joined(separator: "\n"))</td></tr>
            """
        }
        let warning: HTML =
            clauses.contains { cited in [.violation, .overdue].contains { cited.evaluation.breaches[$0]?.contains(record.id) == true } }
            ? "<p class=\"errors\" role=\"alert\">\(Label.thisRecordShowsAViolation.text(l))</p>" : ""
        let proves: HTML =
            clauses.isEmpty
            ? ""
            : """
            <h2>\(Label.clausesThisRecordIsEvidenceFor.text(l))</h2>\(warning)
            <table class="grid"><tbody>\(cited)</tbody></table>
            """
        let lines: [HTML] = history.map { "<tr><td>\(Int($0.seq))</td><td>\($0.time)</td><td>\($0.recorder)</td><td>\($0.line)</td></tr>" }
        return """
            \(ContractNavigation.tabs(access.contract.id, l))
            <p><a href="\(base)">\(LocalizedText(ja: "\(kind.title.ja)の一覧へ", en: "All \(kind.title.en.lowercased())").text(l))</a></p>
            <table class="grid"><tbody><tr><th>ID</th><td>\(record.id)</td></tr>\(rows)</tbody></table>\(notice)\(instructions)\(proves)
            \(next)\(correcting)
            <h2>\(Label.historyJournalEntriesNamingThis.text(l))</h2>
            <table class="grid"><thead><tr><th>#</th><th>\(Label.time.text(l))</th>\
            <th>\(Label.recordedBy.text(l))</th><th>\(Label.entry.text(l))</th></tr></thead>\
            <tbody>\(lines)</tbody></table>
            """
    }
}
